"""Small spherical geometry: distances, offsets and the nearest point of a road."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088

# Unit vectors (east, north) for the directions reports use.
DIRECTIONS = {
    "north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0),
    "northeast": (0.7071, 0.7071), "northwest": (-0.7071, 0.7071),
    "southeast": (0.7071, -0.7071), "southwest": (-0.7071, -0.7071), "central": (0.0, 0.0),
}


def on_earth(lat: float, lon: float) -> bool:
    """Whether (lat, lon) are finite WGS 84 degrees: -90..90 and -180..180."""
    try:
        return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
    except TypeError:
        return False


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_km(lat: float, lon: float, points: Sequence[tuple[float, float]]) -> float:
    """Great-circle distance from (lat, lon) to the nearest of ``points`` (inf if none).

    The nearest is the one with the shortest chord between unit vectors, which orders
    points exactly as the great circle does; the vectors are cached because the resolver
    measures many candidates against the same few places of a report.
    """
    if not points:
        return math.inf
    x, y, z = _unit_vector(lat, lon)
    chord_squared = min(
        (x - a) ** 2 + (y - b) ** 2 + (z - c) ** 2
        for a, b, c in itertools.starmap(_unit_vector, points)
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(chord_squared) / 2))


@functools.lru_cache(maxsize=65536)
def _unit_vector(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def offset(lat: float, lon: float, direction: str, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) towards ``direction``; returns (lat, lon)."""
    east, north = DIRECTIONS.get(direction, (0.0, 0.0))
    dlat = north * km / 111.32
    dlon = east * km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
    return lat + dlat, lon + dlon


def nearest_on_line(
    lat: float, lon: float, line: list[tuple[float, float]]
) -> tuple[float, float]:
    """The point of a polyline of (lat, lon) vertices nearest to (lat, lon), planar locally."""
    best, best_d = line[0], float("inf")
    scale = math.cos(math.radians(lat))
    for (a_lat, a_lon), (b_lat, b_lon) in itertools.pairwise(line):
        ax, ay, bx, by = a_lon * scale, a_lat, b_lon * scale, b_lat
        px, py = lon * scale, lat
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
        point = (ay + t * dy, (ax + t * dx) / scale)
        d = distance_km(lat, lon, *point)
        if d < best_d:
            best, best_d = point, d
    return best
