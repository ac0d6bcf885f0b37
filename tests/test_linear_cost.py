"""A report with thousands of names costs about what the same names cost spread out: no
step of the geoparser is quadratic in a report's mentions (matching, sentence context,
stated distances, headline test, dates). A ratio of two sizes on the same machine, so the
check holds on a slow or busy one; the figures themselves come from bench/build_speed.py."""

from __future__ import annotations

import datetime as dt
import gc
import random
import time
from pathlib import Path

import pytest

from geo.records import Report

PLACES = ["Hama", "Homs", "Saraqib", "Maarat al-Numan", "Khan Shaykhun", "Tal Rifaat",
          "Manbij", "al-Bab", "Raqqa", "Latakia", "Jableh", "Daraa", "Palmyra", "Qamishli"]

SHAPES = {
    # one place per sentence, as reports are written
    "sentences": lambda rng, n: "\n".join(
        f"Shelling hit {rng.choice(PLACES)} on Wednesday." for _ in range(n)),
    # no sentence ends: one "sentence" of n names
    "one sentence": lambda rng, n: "Shelling hit " + ", ".join(
        rng.choice(PLACES) for _ in range(n)),
    # and a date by every name
    "one dated sentence": lambda rng, n: "Shelling hit " + ", ".join(
        f"{rng.choice(PLACES)} on Nov. {rng.randint(1, 28)} a day earlier" for _ in range(n)),
    # stated distances from later names
    "distances": lambda rng, n: " ".join(
        f"Mansoura, five miles from {rng.choice(PLACES)}," for _ in range(n)) + " Aleppo",
}


def _seconds(geoparser, body: str) -> float:
    report = Report("r", Path("r.md"), "X", dt.date(2024, 11, 29), body)
    # As in a build (geo.build pauses the collector): full collections walking the heap of
    # the whole test session would otherwise weigh on the larger run.
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        mentions = geoparser.parse(report)
        seconds = time.process_time() - started
    finally:
        gc.enable()
    assert len(mentions) >= body.count(",") // 2  # the names were found
    return seconds


# Hundreds of events in one sentence: the event coder answers each sentence's and clause's
# questions once (geo/events/facts.py) and finds each mention's triggers and parties by
# bisection, so this shape is linear too.
SHAPES["one sentence of events"] = lambda rng, n: "Shelling hit " + ", ".join(
    f"rebels captured {rng.choice(PLACES)}" for _ in range(n))
# and a claim, a toll and a denial in each: claims and parties are found by bisection too
SHAPES["one sentence of claims"] = lambda rng, n: "Shelling hit " + ", ".join(
    f"HTS said it captured {rng.choice(PLACES)} and killed {rng.randint(2, 9)} soldiers "
    "which the army denied" for _ in range(n))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_four_times_the_names_cost_about_four_times_the_time(geoparser, shape):
    make = SHAPES[shape]
    _seconds(geoparser, make(random.Random(0), 200))  # warm the caches
    small = min(_seconds(geoparser, make(random.Random(n), 600)) for n in (1, 2))
    large = _seconds(geoparser, make(random.Random(3), 2400))
    # Linear gives about 4; the quadratic steps gave 12 to 16 at these sizes.
    assert large / small < 8, f"{shape}: {small:.3f} s for 600 names, {large:.3f} s for 2,400"
