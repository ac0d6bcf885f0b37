"""Events across reports: one event per place, day, type and side, with its sources."""

from __future__ import annotations

from typing import Any

from geo.crossreport import link_across_reports
from geo.layer import assemble_layer
from tests.event_records_kit import ALEPPO, CAPTURE, SARAQIB, STRIKE, coded, report

CAPTURE_TEXT = ("HTS fighters captured Saraqib on Saturday after a night of fighting with "
                "government troops, residents said, and the town's people stayed indoors.")
STRIKE_TEXT = "Russian warplanes struck Aleppo on Saturday, killing {n} people in a market."


def _layer(reports, resolved) -> dict[str, Any]:
    layer = assemble_layer(reports, resolved)
    link_across_reports(layer, {r.report_id: r.body for r in reports})
    return layer


def _capture(rep, **extra):
    coding = {**CAPTURE, "actor1": "HTS", "actor1_side": "opposition", **extra}
    return coded(rep, "Saraqib", SARAQIB, **coding)


def test_two_outlets_telling_one_capture_make_one_corroborated_event():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    b = report("b", "In Idlib, " + CAPTURE_TEXT.replace("residents said", "a local source"),
               "North Press")
    layer = _layer([a, b], [_capture(a), _capture(b)])
    (event,) = layer["events"]
    assert event["outlets"] == ["Enab Baladi", "North Press"]
    assert event["independent_count"] == 2
    assert event["status"] == "corroborated"
    assert [m["report"] for m in event["mentions"]] == ["a", "b"]
    assert {f["properties"]["event_id"] for f in layer["features"]} == {event["event_id"]}


def test_a_single_belligerent_claim_is_claimed_and_a_monitor_corroborates():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    claimed = _layer([a], [_capture(a, claimant="HTS", claimant_kind="belligerent")])
    assert claimed["events"][0]["status"] == "claimed"
    assert claimed["events"][0]["claimants"] == [
        {"claimant": "HTS", "kind": "belligerent", "outlets": ["Enab Baladi"]}]
    monitored = _layer([a], [_capture(a, claimant="SOHR", claimant_kind="monitor")])
    assert monitored["events"][0]["status"] == "corroborated"


def test_same_place_on_two_days_or_by_two_sides_is_two_events():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    b = report("b", CAPTURE_TEXT, "SANA")
    days = _layer([a, b], [_capture(a), _capture(b, day="2024-12-01")])
    assert len(days["events"]) == 2
    sides = _layer([a, b], [_capture(a), _capture(b, actor1_side="government")])
    assert len(sides["events"]) == 2


def test_unknown_side_joins_the_one_known_side_but_not_two():
    a, b, c = (report(x, CAPTURE_TEXT, o) for x, o in (("a", "A1"), ("b", "B1"), ("c", "C1")))
    joined = _layer([a, b], [_capture(a), _capture(b, actor1_side=None)])
    assert len(joined["events"]) == 1
    apart = _layer([a, b, c], [_capture(a), _capture(b, actor1_side="government"),
                               _capture(c, actor1_side="unknown")])
    assert len(apart["events"]) == 3


def test_context_intended_and_negated_mentions_make_no_event():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    items = [
        coded(a, "Saraqib", SARAQIB),  # context: no event type
        coded(a, "Saraqib", SARAQIB, event_flags=("intent",), **CAPTURE),
        coded(a, "Saraqib", SARAQIB, event_flags=("negated",), **CAPTURE),
    ]
    for item in items:
        layer = _layer([a], [item])
        assert layer["events"] == []
        assert layer["features"][0]["properties"]["event_id"] is None


def test_a_historical_event_stays_apart_on_its_own_date():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    old = _capture(a, day="2016-12-22", event_flags=("historical",))
    layer = _layer([a], [_capture(a), old])
    assert [(e["event_date"], e["historical"]) for e in layer["events"]] == [
        ("2016-12-22", True), ("2024-11-30", False)]


def test_fatalities_take_the_lowest_figure_and_list_every_one_when_they_differ():
    a = report("a", STRIKE_TEXT.format(n="five"), "Enab Baladi")
    b = report("b", STRIKE_TEXT.format(n="seven"), "Syria Direct")
    coding = {**STRIKE, "actor1_side": "russia"}
    layer = _layer([a, b], [
        coded(a, "Aleppo", ALEPPO, fatalities=5, claimant="SOHR", claimant_kind="monitor",
              **coding),
        coded(b, "Aleppo", ALEPPO, fatalities=7, **coding),
    ])
    (event,) = layer["events"]
    assert event["fatalities"] == 5
    assert [(f["fatalities"], f["outlet"]) for f in event["fatalities_reported"]] == [
        (5, "Enab Baladi"), (7, "Syria Direct")]
    same = _layer([a], [coded(a, "Aleppo", ALEPPO, fatalities=5, **coding)])
    assert same["events"][0]["fatalities_reported"] == []


def test_claims_giving_a_place_to_two_sides_on_one_day_are_disputed_side_by_side():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    b = report("b", CAPTURE_TEXT.replace("HTS fighters captured", "The army retook"), "SANA")
    regain = {"event_type": "Battles", "sub_event_type": "Government regains territory",
              "actor1_side": "government"}
    layer = _layer([a, b], [_capture(a), coded(b, "Saraqib", SARAQIB, **regain)])
    first, second = layer["events"]
    assert first["status"] == second["status"] == "disputed"
    assert first["contradicts"] == [second["event_id"]]
    assert second["contradicts"] == [first["event_id"]]


def test_a_disputed_flag_makes_the_event_disputed():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    layer = _layer([a], [_capture(a, event_flags=("disputed",))])
    assert layer["events"][0]["status"] == "disputed"


def test_event_ids_do_not_depend_on_the_order_or_on_other_reports():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    b = report("b", STRIKE_TEXT.format(n="5"), "Syria Direct")
    strike = coded(b, "Aleppo", ALEPPO, actor1_side="russia", **STRIKE)
    alone = _layer([a], [_capture(a)])["events"][0]["event_id"]
    both = _layer([b, a], [strike, _capture(a)])["events"]
    assert alone in {e["event_id"] for e in both}
    assert alone.startswith("ev-") and len(alone) == 15


def test_precision_codes_follow_acled():
    a = report("a", CAPTURE_TEXT, "Enab Baladi")
    (event,) = _layer([a], [_capture(a)])["events"]
    assert (event["time_precision"], event["geo_precision"]) == (1, 1)
