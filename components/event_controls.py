"""The map page's event controls in one place: filters, colour switch, legend, disputes.

Keeps ``app.py`` to a few calls. Everything here is a no-op on a layer without event
coding (schema version 1): the page then looks as it always did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import streamlit as st

from components import contradictions, event_filters
from components.event_symbols import KIND_LABELS, SIDE_COLOURS, events_legend_html
from components.layer_data import Layer

ColourBy = Literal["outlet", "side"]


@dataclass(frozen=True)
class EventChoices:
    """What the event widgets say: the filters and what colours the markers."""

    filters: event_filters.EventFilters
    colour_by: ColourBy = "outlet"


def sidebar(layer: Layer, mentions: pd.DataFrame, slot: object) -> EventChoices:
    """Draw the event widgets in ``slot`` (a sidebar container) when the layer codes events."""
    if not layer.coded:
        return EventChoices(event_filters.EventFilters())
    with slot:  # type: ignore[attr-defined]
        colour_by: ColourBy = st.radio(
            "Colour markers by",
            ["outlet", "side"],
            format_func={"outlet": "outlet", "side": "actor side"}.__getitem__,
            horizontal=True,
            key="colour",
            bind="query-params",
            help="Actor side: the side of who did it (actor 1).",
        )
        chosen = event_filters.sidebar_event_filters(mentions, has_events=not layer.events.empty)
    return EventChoices(chosen, colour_by)


def colours(choices: EventChoices, outlet_colours: Mapping[str, str]) -> dict[str, str]:
    """The colour of each pie share: per outlet, or per side."""
    return dict(SIDE_COLOURS if choices.colour_by == "side" else outlet_colours)


def render_legend(shown: pd.DataFrame, choices: EventChoices) -> None:
    """The event symbols (and side colours) present in ``shown``, under the map."""
    if not shown["coded"].any():
        return
    kinds = [k for k in KIND_LABELS if k in set(shown["event_kind"])]
    sides = None
    if choices.colour_by == "side":
        present = set(shown["side"])
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
