"""Filtering: what each filter keeps, on the hand-made layer of tests/data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from components.filters import (
    Filters,
    apply_filters,
    date_bounds,
    describe,
    mask_before_outlets,
    outlet_keys,
)
from components.layer_data import mentions_frame

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def mentions():
    layer = json.loads((DATA / "layer_small.geojson").read_text(encoding="utf-8"))
    return mentions_frame(layer["features"])[0]


def test_defaults_hide_non_literal_and_background_mentions(mentions):
    shown = apply_filters(mentions, Filters())
    assert len(mentions) == 14
    assert len(shown) == 12
    assert shown["literal"].all()
    hidden = mentions[~mentions.index.isin(shown.index)]
    assert hidden["mention"].tolist() == ["Idlib", "Khmeimim Air Base"]
    assert hidden["event_age_days"].tolist()[1] == 76


def test_toggles_show_them(mentions):
    assert len(apply_filters(mentions, Filters(show_non_literal=True))) == 13
    assert len(apply_filters(mentions, Filters(show_non_literal=True, include_older=True))) == 14


def test_event_date_range_keeps_days_inside_and_undated(mentions):
    shown = apply_filters(
        mentions, Filters(date_range=(dt.date(2024, 11, 27), dt.date(2024, 11, 29)))
    )
    assert set(shown["event_date"].dropna()) == {"2024-11-27", "2024-11-29"}
    assert shown["event_date"].isna().sum() == 1  # the undated Tartus mention stays


def test_undated_toggle_drops_undated(mentions):
    shown = apply_filters(mentions, Filters(include_undated=False))
    assert shown["event_date"].notna().all()
    assert "004_enab" not in set(shown["report"])


def test_older_events_toggle_drops_background(mentions):
    assert len(apply_filters(mentions, Filters(include_older=True))) == 13
    shown = apply_filters(mentions, Filters(include_older=False))
    # Reuters tells on 2024-11-30 of a 2024-09-15 flight from Khmeimim: 76 days later.
    assert not ((shown["report"] == "002_reuters") & (shown["place"] == "Khmeimim Air Base")).any()
    # The War Zone's same-day report of 2024-09-15 is news, not background.
    assert "006_twz_sep" in set(shown["report"])


def test_publication_basis_filters_on_publication_date(mentions):
    chosen = Filters(
        date_basis="published", date_range=(dt.date(2024, 12, 1), dt.date(2024, 12, 2))
    )
    shown = apply_filters(mentions, chosen)
    assert set(shown["published"].dropna()) == {"2024-12-01", "2024-12-02"}
    # The 2024-11-27 event carried by Al-Monitor on 2024-12-01 is in by publication date.
    assert "003_almonitor" in set(shown["report"])


def test_hidden_outlet_is_gone_but_counted_before_outlet_filter(mentions):
    chosen = Filters(hidden_outlets=frozenset({"Reuters"}), include_older=True)
    assert "Reuters" not in set(apply_filters(mentions, chosen)["outlet"])
    counts = mentions[mask_before_outlets(mentions, chosen)]["outlet"].value_counts()
    assert counts["Reuters"] == 4


def test_date_bounds_span_the_layer(mentions):
    assert date_bounds(mentions, "event") == (dt.date(2024, 9, 15), dt.date(2024, 12, 2))
    assert date_bounds(mentions.iloc[0:0], "event") is None


def test_outlet_keys_are_url_friendly_and_distinct():
    keys = outlet_keys(["The War Zone", "the war zone", "<script>"])
    assert keys["The War Zone"] == "outlet-the-war-zone"
    assert keys["the war zone"].startswith("outlet-the-war-zone-")
    assert keys["<script>"] == "outlet-script"


def test_describe_is_json():
    text = json.dumps(
        describe(
            Filters(
                date_range=(dt.date(2024, 1, 1), dt.date(2024, 1, 2)),
                hidden_outlets=frozenset({"SANA"}),
            )
        )
    )
    assert '"hidden_outlets": ["SANA"]' in text
    assert "2024-01-02" in text
