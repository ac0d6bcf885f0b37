"""The nearest-point distance the resolver scores with agrees with the great circle."""

from __future__ import annotations

import math
import random

from geo.geometry import distance_km, nearest_km

ALEPPO = (36.2021, 37.1343)
IDLIB = (35.9306, 36.6339)
DAMASCUS = (33.5138, 36.2765)


def test_nearest_point_and_its_great_circle_distance():
    assert math.isclose(nearest_km(*ALEPPO, [DAMASCUS, IDLIB]), distance_km(*ALEPPO, *IDLIB))
    assert nearest_km(*ALEPPO, []) == math.inf


def test_it_is_the_great_circle_distance_to_the_nearest_anywhere_on_earth():
    rng = random.Random(3)
    for _ in range(2000):
        here = (rng.uniform(-70, 70), rng.uniform(-180, 180))
        points = [(rng.uniform(-70, 70), rng.uniform(-180, 180)) for _ in range(rng.randint(1, 8))]
        exact = min(distance_km(*here, *p) for p in points)
        assert math.isclose(nearest_km(*here, points), exact, rel_tol=1e-9, abs_tol=1e-6)


def test_across_the_antimeridian():
    assert nearest_km(0.0, 179.9, [(0.0, -179.9), (0.0, 170.0)]) < 25
