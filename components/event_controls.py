"""The map page's event controls in one place: filters, colour switch, legend, disputes.

Keeps ``app.py`` to a few calls. Everything here is a no-op on a layer without event
coding (schema version 1): the page then looks as it always did.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st

from components import contradictions, control_view, event_filters, events_view, quotes, safe
from components.event_symbols import KIND_LABELS, SIDE_COLOURS, SIDE_LABELS, events_legend_html
from components.layer_data import Layer

ColourBy = Literal["outlet", "side"]
MapShows = Literal["mentions", "events", "control"]


@dataclass(frozen=True)
class EventChoices:
    """What the event widgets say: the filters, what colours the markers, what they are."""

    filters: event_filters.EventFilters
    colour_by: ColourBy = "outlet"
    shows: MapShows = "mentions"
    control_day: dt.date | None = None


def _map_shows(layer: Layer) -> tuple[MapShows, dt.date | None]:
    options = ["mentions"] + ["events"] * (not layer.events.empty)
    options += ["control"] * (not layer.control.empty)
    if len(options) == 1:
        return "mentions", None
    shows: MapShows = st.radio(
        "Map shows", options, horizontal=True,
        key="markers", bind="query-params",
        help="Mentions: every place a report names. Events: one marker per event (mentions "
        "of the same place, day, kind and side merged), sized by independent outlets. "
        "Control: who holds each place on a day.",
    )  # fmt: skip
    day = control_view.pick_day(layer.control, layer.mentions) if shows == "control" else None
    return shows, day


def sidebar(layer: Layer, mentions: pd.DataFrame, slot: object) -> EventChoices:
    """Draw the event widgets in ``slot`` (a sidebar container) when the layer codes events."""
    if not layer.coded:
        return EventChoices(event_filters.EventFilters())
    with slot:  # type: ignore[attr-defined]
        shows, day = _map_shows(layer)
        colour_by: ColourBy = st.radio(
            "Colour markers by",
            ["outlet", "side"],
            horizontal=True,
            key="colour",
            bind="query-params",
            help="Actor side: the side of who did it (actor 1).",
        )
        chosen = event_filters.sidebar_event_filters(mentions, has_events=not layer.events.empty)
    return EventChoices(chosen, colour_by, shows, day)


def colours(choices: EventChoices, outlet_colours: Mapping[str, str]) -> dict[str, str]:
    """The colour of each pie share: per outlet, or per side."""
    return dict(SIDE_COLOURS if choices.colour_by == "side" else outlet_colours)


def render_legend(shown: pd.DataFrame, choices: EventChoices) -> None:
    """The event symbols (and side colours) present in ``shown``, under the map."""
    if not shown["coded"].any():
        return
    present_kinds = set(shown["event_kind"].unique())  # once, not per label
    kinds = [k for k in KIND_LABELS if k in present_kinds]
    sides = None
    if choices.colour_by == "side":
        present = set(shown["side"].unique())
        sides = {s: c for s, c in SIDE_COLOURS.items() if s in present}
    st.html(events_legend_html(kinds, sides))


def disputes_for(layer: Layer, rows: pd.DataFrame) -> str:
    """Contradicting claims about the place of ``rows``, on the days ``rows`` cover.

    Read from every mention of the layer on those days, whatever the event filters: a
    disputed claim hidden by default must still stand beside the claim it contradicts.
    """
    if rows.empty or not rows["coded"].any():
        return ""
    place = layer.mentions[layer.mentions["place_id"] == rows["place_id"].iloc[0]]
    same_days = place[place["event_day"].isin(set(rows["event_day"].dropna()))]
    return contradictions.disputes_html(contradictions.disputes(same_days))


def map_features(layer: Layer, shown: pd.DataFrame, places: dict[str, Any],
                 choices: EventChoices, outlet_colours: Mapping[str, str]) -> dict[str, Any]:
    """What the map draws: the places (``places``), the events, or the holders on a day."""
    if choices.shows == "events":
        colours_ = colours(choices, outlet_colours)
        return events_view.cached_event_features(
            layer.key, json.dumps(sorted(set(shown["event_id"]))), choices.colour_by,
            layer.events, shown, colours_,
        )  # fmt: skip
    if choices.shows == "control" and choices.control_day is not None:
        holders = control_view.holders_on(layer.control, choices.control_day)
        return control_view.control_features(holders, layer.mentions)
    return places


def render_control_changes(layer: Layer, choices: EventChoices) -> None:
    """Under the map in the control view: what changed hands since the day before."""
    if choices.shows != "control" or choices.control_day is None:
        return
    holders = control_view.holders_on(layer.control, choices.control_day)
    lines = control_view.changes_text(holders, layer.mentions)
    before = (choices.control_day - dt.timedelta(days=1)).strftime("%d %b")
    listed = "; ".join(safe.markdown_text(line) for line in lines) if lines else "nothing."
    st.markdown(f"**Changed hands since {before}:** {listed}")
    sides = {SIDE_LABELS[s]: SIDE_COLOURS[s] for s in set(holders["holder"]) if s in SIDE_COLOURS}
    st.html(control_view.legend_html(sides))


def render_sources(layer: Layer, rows: pd.DataFrame, selected: str | None, name: str | None,
                   choices: EventChoices) -> None:  # fmt: skip
    """The panel beside the map: an event's card, or a place's quotes with its history."""
    event = events_view.find_event(layer.events, selected)
    if event is not None:
        events_view.render_event(event, layer.mentions)
        return
    history = control_view.history_html(layer.control, layer.events, selected)
    quotes.render_quotes(rows, name, before=history + disputes_for(layer, rows))
