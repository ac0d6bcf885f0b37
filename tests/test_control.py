"""Who holds each place over time, from capture, regain and transfer events."""

from __future__ import annotations

import datetime as dt

from geo.control import changes_between, control_member, holder_on, holders_on
from geo.crossreport import link_across_reports
from geo.layer import assemble_layer
from geo.records import Place
from tests.event_records_kit import (
    CAPTURE,
    IDLIB_PROVINCE,
    REGAIN,
    SARAQIB,
    STRIKE,
    coded,
    report,
)

TEXT = ("Opposition fighters took Saraqib from government forces on Friday and held "
        "Idlib province's roads as the army shelled Saraqib again.")


def _control(items, reports):
    layer = assemble_layer(reports, items)
    link_across_reports(layer, {r.report_id: r.body for r in reports})
    return layer["control"]


def _history():
    a = report("a", TEXT, "Enab Baladi", "2024-11-29")
    b = report("b", TEXT.replace("Opposition fighters took", "The army retook"), "SANA",
               "2024-12-03")
    items = [
        coded(a, "Saraqib", SARAQIB, day="2024-11-29", actor1_side="opposition",
              actor2_side="government", claimant="HTS", claimant_kind="belligerent", **CAPTURE),
        coded(a, "Idlib", IDLIB_PROVINCE, day="2024-11-29", actor1_side="opposition", **CAPTURE),
        coded(a, "Saraqib", SARAQIB, day="2024-11-29", nth=1, actor1_side="government",
              **STRIKE),
        coded(b, "Saraqib", SARAQIB, day="2024-12-03", actor1_side="government", **REGAIN),
    ]
    return _control(items, [a, b])


def test_a_place_keeps_its_dated_holder_changes_with_the_earlier_holder():
    control = _history()
    assert list(control) == [SARAQIB.place_id]  # a province is not handed over
    changes = control[SARAQIB.place_id]["changes"]
    assert [(c["date"], c["holder"], c["previous_holder"], c["status"]) for c in changes] == [
        ("2024-11-29", "opposition", "government", "claimed"),
        ("2024-12-03", "government", None, "claimed"),
    ]
    assert changes[0]["claimants"] == ["HTS"]


def test_who_holds_a_place_on_a_given_day():
    control = _history()
    assert holder_on(control, SARAQIB.place_id, "2024-11-28") is None
    on_30 = holder_on(control, SARAQIB.place_id, dt.date(2024, 11, 30))
    assert (on_30["holder"], on_30["since"]) == ("opposition", "2024-11-29")
    assert holder_on(control, SARAQIB.place_id, "2024-12-05")["holder"] == "government"
    assert holder_on(control, "geonames:0", "2024-12-05") is None
    assert set(holders_on(control, "2024-11-30")) == {SARAQIB.place_id}


def test_what_changed_hands_between_two_days():
    control = _history()
    assert [c["holder"] for c in changes_between(control, "2024-11-28", "2024-11-29")] == [
        "opposition"]
    assert changes_between(control, "2024-11-29", "2024-12-02") == []


def test_contradicting_claims_of_one_day_leave_the_holder_open():
    events = [
        {"event_id": f"ev-{side}", "event_date": "2024-11-30", "actor1_side": side,
         "actor2_side": None, "sub_event_type": sub, "place_id": "p", "place": "P",
         "place_type": "town", "coordinates": [0, 0], "status": "disputed",
         "claimants": [], "independent_outlets": []}
        for side, sub in (("opposition", CAPTURE["sub_event_type"]),
                          ("government", REGAIN["sub_event_type"]))
    ]
    holding = holder_on(control_member(events), "p", "2024-12-01")
    assert holding["holder"] is None
    assert holding["holders"] == ["government", "opposition"]
    assert holding["status"] == "disputed"


def test_towns_taken_in_a_city_s_area_do_not_hand_the_city_over():
    # "Idlib" resolved to the city, but the sentence says towns *in* Idlib were taken.
    idlib_city = Place("geonames:169389", "Idlib", 35.93, 36.63, "city", "SY")
    text = ("HTS said it controlled dozens of towns in Idlib and western Aleppo, and "
            "opposition fighters took Saraqib.")
    a = report("a", text, "Breitbart", "2024-11-29")
    items = [
        coded(a, "Idlib", idlib_city, day="2024-11-29", actor1_side="opposition", **CAPTURE),
        coded(a, "Saraqib", SARAQIB, day="2024-11-29", actor1_side="opposition", **CAPTURE),
    ]
    layer = assemble_layer([a], items)
    link_across_reports(layer, {a.report_id: a.body})
    assert list(layer["control"]) == [SARAQIB.place_id]
    within = {e["place"]: e["within_place"] for e in layer["events"]}
    assert within == {"Idlib": True, "Saraqib": False}
