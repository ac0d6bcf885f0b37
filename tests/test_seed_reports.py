"""The five seed reports: the places, dates, outlets and quotes an analyst will check first."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.seed_accuracy import GOLD, score_layer
from geo.geometry import distance_km


def features(layer: dict[str, Any], mention: str, report: str = "") -> list[dict[str, Any]]:
    return [
        f for f in layer["features"]
        if f["properties"]["mention"] == mention and f["properties"]["report"].startswith(report)
    ]


def lat_lon(feature: dict[str, Any]) -> tuple[float, float]:
    lon, lat = feature["geometry"]["coordinates"]
    return lat, lon


# The design card's places, where the seeds' README says they are.
@pytest.mark.parametrize(
    ("mention", "lat", "lon", "within_km"),
    [
        ("Aleppo", 36.20, 37.16, 5),
        ("Mansoura", 36.20, 37.05, 5),
        ("junction of the M5 and M4 highways", 35.86, 36.81, 3),
        ("Khmeimim Air Base", 35.41, 35.95, 3),
        ("Tartus", 34.89, 35.89, 3),
    ],
)
def test_design_card_places_are_where_they_are(seed_layer, mention, lat, lon, within_km):
    # "the Aleppo, Hama, and Latakia provinces" names the governorate, drawn as a region.
    found = [f for f in features(seed_layer, mention) if f["properties"]["place_type"] != "region"]
    assert found, f"{mention!r} is not on the map"
    for feature in found:
        assert distance_km(*lat_lon(feature), lat, lon) <= within_km, feature["properties"]


def test_mansoura_is_the_town_by_aleppo_not_the_one_in_raqqa(seed_layer):
    (mansoura,) = features(seed_layer, "Mansoura")
    aleppo = (36.2021, 37.1343)
    raqqa_namesake = (35.84, 38.74)
    assert 6 <= distance_km(*lat_lon(mansoura), *aleppo) <= 12
    assert distance_km(*lat_lon(mansoura), *raqqa_namesake) > 100
    props = mansoura["properties"]
    assert props["outlet"] == "The War Zone"
    assert props["event_date"] == "2024-11-29"
    assert "including Mansoura, five miles from the center of Aleppo" in props["quote"]


def test_every_feature_quotes_its_exact_words(seed_layer):
    from geo.reports import read_report

    bodies = {r["report"]: read_report(__import__("pathlib").Path(r["path"])).body
              for r in seed_layer["reports"]}
    for feature in seed_layer["features"]:
        p = feature["properties"]
        body = bodies[p["report"]]
        assert body[p["start"] : p["end"]] == p["mention"]
        assert body[p["quote_start"] : p["quote_end"]] == p["quote"]
        assert p["quote_start"] <= p["start"] < p["end"] <= p["quote_end"]


@pytest.mark.parametrize(
    ("report", "mention", "words", "event_date", "precision"),
    [
        ("000", "southeastern outskirts of Aleppo", "on Sept. 15", "2024-09-15", "day"),
        ("000", "Mali", "July 26 in Mali", "2024-07-26", "day"),
        ("004", "Aleppo", "Back in 2016", "2016-01-01", "year"),
        ("000", "outskirts of Aleppo", "reported on Wednesday", "2024-11-27", "day"),
        ("000", "Aleppo", "By Saturday evening", "2024-11-30", "day"),
        ("002", "Idlib province", "on Thursday", "2024-11-28", "day"),
        ("004", "Mansoura", "Today, HTS claimed", "2024-11-29", "day"),
        ("004", "Iran", "Yesterday, an Iranian", "2024-11-28", "day"),
        ("003", "Aleppo", "on Nov. 27", "2024-11-27", "day"),
    ],
)
def test_events_are_dated_when_they_happened(
    seed_layer, report, mention, words, event_date, precision
):
    matching = [f for f in features(seed_layer, mention, report)
                if words in f["properties"]["quote"]]
    assert matching, f"no {mention!r} in a sentence with {words!r}"
    for feature in matching:
        assert feature["properties"]["event_date"] == event_date
        assert feature["properties"]["date_precision"] == precision


def test_older_events_do_not_land_on_the_offensive(seed_layer):
    for feature in seed_layer["features"]:
        p = feature["properties"]
        if any(w in p["quote"] for w in ("Sept. 15", "July 26", "Back in 2016")):
            assert p["event_date"] < "2024-11-27", p
            assert p["event_age_days"] > 60


def test_aggregator_quotes_belong_to_the_outlet_of_their_excerpt(seed_layer):
    aggregated = [f["properties"] for f in seed_layer["features"]
                  if f["properties"]["report"].startswith("001")]
    hama = next(p for p in aggregated if p["mention"] == "Hama")
    assert (hama["outlet"], hama["published"]) == ("BBC News", "2024-12-01")
    governorate = next(p for p in aggregated if p["mention"] == "Aleppo governate")
    assert (governorate["outlet"], governorate["published"]) == ("Kyiv Post", "2024-12-02")
    assert {p["outlet"] for p in aggregated} == {"BBC News", "Kyiv Post"}


def test_a_sentence_carried_by_two_reports_is_linked_not_doubled(seed_layer):
    citadel = features(seed_layer, "Aleppo’s citadel")
    assert {f["properties"]["report"][:3] for f in citadel} == {"000", "001"}
    keys = {f["properties"]["quote_key"] for f in citadel}
    assert len(keys) == 1
    for feature in citadel:
        assert feature["properties"]["carried_by_count"] == 2
    carriers = seed_layer["quote_carriers"][keys.pop()]
    assert [r[:3] for r in carriers] == ["000", "001"]


@pytest.mark.parametrize("name", ["Kyiv", "Middle", "Turkestan", "Syrian", "KYIV", "Free"])
def test_organisation_names_and_adjectives_are_not_places(seed_layer, name):
    assert not [f for f in seed_layer["features"]
                if f["properties"]["mention"].startswith(name)
                and f["properties"]["mention"] not in {"Kyiv", "Middle East"}]
    kyiv = features(seed_layer, "Kyiv")
    assert all("Kyiv’s forces" in f["properties"]["quote"] for f in kyiv)


@pytest.mark.parametrize(
    ("report", "mention", "words", "usage"),
    [
        ("000", "Moscow", "Moscow’s troops", "possessive"),
        ("002", "Tehran", "Tehran’s “continued support", "possessive"),
        ("002", "Iran", "Iran-backed Hezbollah", "modifier"),
        ("002", "Russia", "Russia responded", "agent"),
    ],
)
def test_uses_for_governments_are_not_literal(seed_layer, report, mention, words, usage):
    matching = [
        f for f in features(seed_layer, mention, report) if words in f["properties"]["quote"]
    ]
    assert matching
    assert all(not f["properties"]["literal"] for f in matching)
    assert usage in {f["properties"]["usage"] for f in matching}


def test_places_in_plain_use_stay_literal(seed_layer):
    literal = {f["properties"]["mention"] for f in seed_layer["features"]
               if f["properties"]["literal"]}
    assert {"Aleppo", "Mansoura", "Khmeimim Air Base", "Tartus", "Idlib province"} <= literal


def test_seed_accuracy_meets_the_issue_bar(seed_layer):
    scores = score_layer(seed_layer, json.loads(GOLD.read_text(encoding="utf-8")))
    assert scores.recall >= 0.98, scores.misses
    assert scores.precision >= 0.95, scores.false_positives
    assert scores.placement >= 0.98, scores.misplaced
