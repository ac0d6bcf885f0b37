"""What an analyst relies on in the seeds' event coding: what happened where, by whom,
who says so, how many died; read from the layer built from the real seed reports."""

from __future__ import annotations

from typing import Any

import pytest


def _feature(layer: dict[str, Any], mention: str, words: str) -> dict[str, Any]:
    found = [f["properties"] for f in layer["features"]
             if f["properties"]["mention"] == mention and words in f["properties"]["quote"]]
    assert found, f"no feature {mention!r} in a sentence with {words!r}"
    return found[0]


def test_mansoura_is_a_capture_claimed_by_hts_reported_by_the_war_zone(seed_layer):
    props = _feature(seed_layer, "Mansoura", "HTS claimed")
    assert props["event_type"] == "Battles"
    assert props["sub_event_type"] == "Non-state actor overtakes territory"
    assert props["actor1_side"] == "opposition"
    assert (props["claimant"], props["claimant_kind"]) == ("HTS", "belligerent")
    assert props["outlet"] == "The War Zone"
    body_words = props["quote"][props["claim_start"] - props["quote_start"]:
                                props["claim_end"] - props["quote_start"]]
    assert body_words == "HTS claimed"
    assert props["event_trigger"] == "captured"
    assert props["event_flags"] == []


def test_aleppo_as_the_reference_point_of_mansoura_is_context(seed_layer):
    props = _feature(seed_layer, "Aleppo", "five miles from the center of Aleppo")
    assert props["event_type"] is None and props["sub_event_type"] is None
    assert props["actor1"] is None and props["claimant"] is None


def test_russian_strikes_on_aleppo_are_air_strikes_by_russia(seed_layer):
    props = _feature(seed_layer, "Aleppo", "the first Russian strikes on Aleppo")
    assert props["sub_event_type"] == "Air/drone strike"
    assert props["event_type"] == "Explosions/Remote violence"
    assert props["actor1_side"] == "russia"
    assert props["event_flags"] == []  # "since 2016" dates the last strikes, not these


def test_four_civilians_killed_in_the_dormitory_claimed_by_state_media(seed_layer):
    props = _feature(seed_layer, "Aleppo", "student dormitory")
    assert props["event_type"] in {"Violence against civilians", "Explosions/Remote violence"}
    assert props["fatalities"] == 4
    assert props["actor2_side"] == "civilians"
    assert (props["claimant"], props["claimant_kind"]) == ("Syrian state media", "belligerent")


def test_syria_in_syrias_second_largest_city_is_context(seed_layer):
    props = _feature(seed_layer, "Syria", "Syria’s second-largest city")
    assert all(props[name] is None for name in (
        "event_type", "sub_event_type", "actor1", "actor1_side", "claimant", "fatalities"))
    assert props["event_flags"] == []


def test_aleppo_in_2016_is_flagged_historical(seed_layer):
    props = _feature(seed_layer, "Aleppo", "Back in 2016")
    assert props["event_type"] == "Battles"
    assert "historical" in props["event_flags"]


@pytest.mark.parametrize("name", [
    "event_type", "sub_event_type", "event_flags", "actor1", "actor2", "actor1_side",
    "actor2_side", "claimant", "claimant_kind", "fatalities", "event_trigger",
    "event_trigger_start", "event_trigger_end", "claim_start", "claim_end",
])  # fmt: skip
def test_every_feature_carries_every_event_field(seed_layer, name):
    assert all(name in f["properties"] for f in seed_layer["features"])
    assert all(name in row for row in seed_layer["unresolved"])


def test_trigger_offsets_point_at_the_trigger_words_in_the_body(seed_layer):
    events = [f["properties"] for f in seed_layer["features"] if f["properties"]["event_type"]]
    assert len(events) >= 20
    for props in events:
        start = props["event_trigger_start"] - props["quote_start"]
        end = props["event_trigger_end"] - props["quote_start"]
        assert props["quote"][start:end] == props["event_trigger"]
