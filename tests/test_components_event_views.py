"""The events view (one marker per event) and the control view (who holds what on a day).

On ``tests/data/layer_events.geojson``, whose ``events`` and ``control`` members follow
docs/layer-schema.md.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd
import pytest

from components import control_view, events_view
from components.event_columns import add_status
from components.event_filters import EventFilters, apply_event_filters
from components.event_symbols import SIDE_COLOURS
from components.layer_data import mentions_frame
from components.layer_members import control_frame, events_frame

DATA = Path(__file__).parent / "data"
MANSOURA, SARAQIB, ALEPPO = "curated:sy-mansoura-aleppo", "geonames:163806", "geonames:170063"
JUNCTION = "curated:sy-m4-m5-saraqib"


@pytest.fixture(scope="module")
def layer() -> dict:
    return json.loads((DATA / "layer_events.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def events(layer) -> pd.DataFrame:
    return events_frame(layer["events"])


@pytest.fixture(scope="module")
def mentions(layer, events) -> pd.DataFrame:
    frame = mentions_frame(layer["features"])[0]
    add_status(frame, events)
    return frame


@pytest.fixture(scope="module")
def control(layer) -> pd.DataFrame:
    return control_frame(layer["control"])


def test_one_marker_per_event_fewer_than_mention_markers(events, mentions):
    shown = apply_event_filters(mentions, EventFilters())
    collection = events_view.event_features(events_view.shown_events(events, shown), {})
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids)) == shown["event_id"].nunique()
    assert len(ids) < len(shown)  # the dormitory and the junction are told twice
    sizes = {f["id"]: f["properties"]["r"] for f in collection["features"]}
    placed = events_view.event_features(events_view.shown_events(events, shown), {},
                                        mentions=shown)["features"]  # fmt: skip
    (mansoura,) = [f["properties"] for f in placed if f["id"] == "ev-mansoura-1129"]
    assert (mansoura["pk"], mansoura["c"]) == (3.0, 0.9)  # the town's, from its mention
    assert sizes["ev-aleppo-dorm-1129"] > sizes["ev-mansoura-1129"]  # 2 independent vs 1


def test_the_filters_decide_which_events_are_drawn(events, mentions):
    strikes = apply_event_filters(mentions, EventFilters(kinds=frozenset({"air_strike"})))
    drawn = events_view.shown_events(events, strikes)
    assert set(drawn["sub_event_type"]) == {"Air/drone strike"}


def test_event_card_lists_sentences_by_claimant_with_the_copy(events, mentions):
    junction = events_view.find_event(events, "ev-m4m5-1127")
    assert events_view.outlets_line(junction) == (
        "2 outlets, 1 independent: Al-Monitor carries Reuters' text"
    )
    card = events_view.event_card_html(junction, mentions)
    assert card.count("<blockquote>") == 2 and card.count('class="cm-claimant"') == 2
    dorm = events_view.event_card_html(events_view.find_event(events, "ev-aleppo-dorm-1129"),
                                       mentions)  # fmt: skip
    assert "4 killed" in dorm and "corroborated" in dorm and "Syrian state media" in dorm
    assert events_view.find_event(events, "geonames:170063") is None


def test_holders_on_a_day(control):
    on_30 = control_view.holders_on(control, dt.date(2024, 11, 30)).set_index("place_id")
    assert on_30.loc[MANSOURA, "holder"] == on_30.loc[JUNCTION, "holder"] == "opposition"
    assert on_30.loc[ALEPPO, "holder"] == "government"  # since 2016, as far as we know
    assert on_30.loc[SARAQIB, "status"] == "disputed"
    assert bool(on_30.loc[SARAQIB, "changed"]) and not bool(on_30.loc[MANSOURA, "changed"])
    on_28 = control_view.holders_on(control, dt.date(2024, 11, 28)).set_index("place_id")
    assert MANSOURA not in on_28.index and JUNCTION in on_28.index


def test_control_features_colour_by_holder_and_draw_claims_pale(control, mentions):
    holders = control_view.holders_on(control, dt.date(2024, 11, 30))
    collection = control_view.control_features(holders, mentions)
    sides = list(SIDE_COLOURS)
    by_id = {f["id"]: f["properties"] for f in collection["features"]}
    assert sides[by_id[MANSOURA]["pie"][0][0]] == "opposition" and by_id[MANSOURA]["low"] == 1
    assert sides[by_id[ALEPPO]["pie"][0][0]] == "government" and "low" not in by_id[ALEPPO]
    assert by_id[SARAQIB]["sel"] == 1  # changed hands that day: ringed


def test_control_history_with_sources(control, events):
    history = control_view.history_html(control, events, MANSOURA)
    text = html.unescape(history)
    assert "2024-11-29" in text and "opposition took it from government" in text
    assert "claimed by HTS (belligerent)" in text and "reported by The War Zone" in text
    assert control_view.history_html(control, events, "geonames:163345") == ""


def test_days_to_pick_span_the_reports_not_the_history(control, mentions):
    days = control_view.control_days(control, mentions)
    assert days[0] >= dt.date(2024, 9, 8) and days[-1] == dt.date(2024, 12, 2)


def test_event_downloads_hold_the_shown_events(layer, mentions):
    from components.event_downloads import shown_records

    strikes = apply_event_filters(mentions, EventFilters(kinds=frozenset({"air_strike"})))
    records = shown_records(layer["events"], strikes)
    assert {r["sub_event_type"] for r in records} == {"Air/drone strike"}
    event_export = pytest.importorskip("geo.event_export")  # the cross-report step's writer
    rows = event_export.events_csv(records).splitlines()
    assert rows[0].startswith("event_id_cnty,event_date") and len(rows) == len(records) + 1
    geojson = json.loads(event_export.events_geojson_text(records))
    assert [f["id"] for f in geojson["features"]] == [r["event_id"] for r in records]
