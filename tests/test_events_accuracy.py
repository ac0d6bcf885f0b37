"""The event coder against hand gold: the seeds meet the issue's bar, and reports it was
never tuned on (tests/data/events_heldout) stay above the floor for unseen text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.event_accuracy import HELDOUT, HELDOUT_GOLD, SEEDS_GOLD, score


def _gold(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["mentions"]


def test_seed_gold_codes_every_toponym_feature(seed_layer):
    scores = score(seed_layer, _gold(SEEDS_GOLD))
    assert scores.uncoded == []


def test_seed_event_coding_meets_the_issue_bar(seed_layer):
    scores = score(seed_layer, _gold(SEEDS_GOLD))
    assert scores.f1 >= 0.9, scores.errors
    assert scores.share(scores.sub_right) >= 0.9, scores.errors
    assert scores.share(scores.side_right) >= 0.9, scores.errors
    assert scores.share(scores.kind_right) >= 0.9, scores.errors
    assert scores.deaths_right == scores.deaths_given >= 1


@pytest.fixture(scope="module")
def heldout_layer(tmp_path_factory, geoparser):
    from geo.build import build_layer

    out = tmp_path_factory.mktemp("heldout") / "layer.geojson"
    build_layer(sorted(HELDOUT.glob("*.txt")), out, geoparser=geoparser)
    return json.loads(out.read_text(encoding="utf-8"))


def test_heldout_events_are_told_from_context_and_typed(heldout_layer):
    scores = score(heldout_layer, _gold(HELDOUT_GOLD))
    assert scores.f1 >= 0.8, scores.errors
    assert scores.share(scores.sub_right) >= 0.75, scores.errors
    assert scores.deaths_right == scores.deaths_given >= 5, scores.errors


def test_the_scorer_counts_a_context_mention_coded_as_an_event_as_false():
    layer = {"features": [{"properties": {
        "report": "r", "start": 0, "mention": "Aleppo", "quote": "Aleppo, Syria's city.",
        "event_type": "Battles", "sub_event_type": "Armed clash", "actor1_side": "unknown",
        "claimant_kind": "outlet", "fatalities": None}}]}
    gold = [{"report": "r", "mention": "Aleppo", "quote": "Syria's city", "event": False}]
    scores = score(layer, gold)
    assert (scores.tp, scores.fp, scores.fn) == (0, 1, 0)
