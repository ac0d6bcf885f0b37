"""Places named only as context: which get a grey dot, and what the dot carries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from components.context_places import context_only, dots
from components.event_filters import EventFilters, apply_event_filters
from components.event_symbols import KIND_LABELS
from components.filters import Filters, apply_filters
from components.layer_data import mentions_frame

KHMEIMIM, TARTUS = "curated:sy-khmeimim-air-base", "curated:sy-city-tartus"
NO_CONTEXT = EventFilters(kinds=frozenset(KIND_LABELS) - {"context"})  # the sidebar's default


@pytest.fixture(scope="module")
def first_view(seed_layer):
    mentions, _ = mentions_frame(seed_layer["features"])
    dated = apply_filters(mentions, Filters())
    return dated, apply_event_filters(dated, NO_CONTEXT)


def test_khmeimim_and_tartus_get_dots_that_the_events_view_leaves_out(first_view):
    dated, shown = first_view
    context = context_only(dated, shown, NO_CONTEXT)
    by_id = {d[2]: d for d in dots(context)}
    assert {KHMEIMIM, TARTUS} <= set(by_id) and not {KHMEIMIM, TARTUS} & set(shown["place_id"])
    lat, lon, _, name, kind, count = by_id[KHMEIMIM]
    assert (name, kind, count) == ("Khmeimim Air Base", "base", 2)
    assert abs(lat - 35.41) < 0.05 and abs(lon - 35.95) < 0.05
    # Never a dot where a marker is, nor for a country or a governorate (no point to dot).
    assert not set(by_id) & set(shown["place_id"])
    assert not any(pid.endswith("-country") or "-gov-" in pid for pid in by_id)


def test_no_dots_when_context_is_shown_as_events_or_other_filters_drop_it(first_view):
    dated, _ = first_view
    with_context = replace(NO_CONTEXT, kinds=frozenset(KIND_LABELS))
    assert context_only(dated, apply_event_filters(dated, with_context), with_context).empty
    # A side filter keeps only mentions with that actor: context mentions have none.
    sided = replace(NO_CONTEXT, sides=frozenset({"opposition"}))
    assert context_only(dated, apply_event_filters(dated, sided), sided).empty


def test_dots_are_escaped_and_capped_most_mentioned_first(first_view):
    dated, shown = first_view
    context = context_only(dated, shown, NO_CONTEXT).copy()
    context.loc[context["place_id"] == TARTUS, "place"] = '<img src=x onerror="alert(1)">'
    drawn = dots(context, limit=2)
    assert len(drawn) == 2 and drawn[0][5] >= drawn[1][5]
    tartus = next(d for d in dots(context) if d[2] == TARTUS)
    assert "<img" not in tartus[3] and "&lt;img" in tartus[3]
