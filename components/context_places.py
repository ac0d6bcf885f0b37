"""Places the reports name only as context, drawn quietly: small grey dots under the markers.

The "What happened" filter keeps context mentions off by default, so that the first view is
what the reports say happened. But the places named only as context ("Russia's Khmeimim
Air Base", "the port of Tartus") are still where an analyst orients, and a map that drops
them hides half of the story's geography. So, unless asked otherwise, each such place is a
small plain grey dot (no pie, no glyph, not clustered, not sized), with a tooltip that says
what it is and a click that opens its quotes. The switch is in the URL
(``context-dots=false`` hides the dots); with context mentions shown as events, there is no
place left to dot.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from components import safe
from components.event_filters import EventFilters, apply_event_filters

DOTS_KEY = "context-dots"
#: Dots drawn at most (the most mentioned first): they are background, not the story.
#: Each is a marker the browser lays out and the names move beside: at 100,000 mentions
#: 470 of them cost about 1 s per slider change (docs/performance.md, issue 11's A/B).
MAX_DOTS = 150
#: Only places known this well (km) get a dot: towns, bases, junctions, not regions.
POINT_KM = 20.0


def context_only(mentions: pd.DataFrame, shown: pd.DataFrame, chosen: EventFilters) -> pd.DataFrame:
    """Context mentions the other filters keep, at places that ``shown`` does not draw.

    ``mentions``: kept by the date, outlet and usage filters (the event filters' input).
    Empty when context mentions are shown anyway, or the layer codes no events.
    """
    if "context" in chosen.kinds or not mentions["coded"].any():
        return mentions.iloc[0:0]
    # A dot says "here": a country, a sea or a governorate is no point (the basemap names
    # the governorates), and its dot would sit at an arbitrary centre. Cut to the few
    # context rows first: at 100,000 mentions every pass over the whole frame costs.
    keep = np.flatnonzero(mentions["event_kind"].eq("context").to_numpy()
                          & mentions["coded"].to_numpy()
                          & (mentions["precision_km"].to_numpy() < POINT_KM))  # fmt: skip
    # One row take, of the few rows kept: at 100,000 mentions each take of the whole frame
    # costs ~40 ms, and pandas' isin on strings ~80 ms (a set costs 10).
    drawn = set(shown["place_id"].unique())
    places = mentions["place_id"].iloc[keep].to_numpy(dtype=object)  # iterating arrow: slow
    keep = keep[np.fromiter((p not in drawn for p in places), bool, len(places))]
    return apply_event_filters(mentions.iloc[keep], replace(chosen, kinds=frozenset({"context"})))


def dots(context: pd.DataFrame, limit: int = MAX_DOTS) -> list[list[Any]]:
    """``[lat, lon, id, name, type, mentions]`` per place, most mentioned first, escaped."""
    if context.empty:
        return []
    places = context.groupby("place_id", sort=False).agg(
        place=("place", "first"), place_type=("place_type", "first"), lat=("lat", "first"),
        lon=("lon", "first"), n=("report", "size"))  # fmt: skip
    places = places.sort_index().sort_values("n", ascending=False, kind="stable").iloc[:limit]
    return [[round(float(p.lat), 5), round(float(p.lon), 5), safe.text(p.Index),
             safe.text(p.place), safe.text(p.place_type or "place"), int(p.n)]
            for p in places.itertuples()]  # fmt: skip


@st.cache_resource(max_entries=24, show_spinner=False)
def cached_dots(layer_key: str, filters_key: str, _context: pd.DataFrame) -> list[list[Any]]:
    """:func:`dots` once per layer version and filters (the keys stand for ``_context``)."""
    return dots(_context)


def toggle(count: int) -> bool:
    """The sidebar switch (on by default, in the URL as ``context-dots``)."""
    return st.toggle(
        f"Places named only as context · {count}", value=True, key=DOTS_KEY,
        bind="query-params", help="Grey dots for places the reports name without anything "
        "happening there (“Russia's Khmeimim Air Base”), while context mentions are hidden "
        f"above; the {MAX_DOTS} most named are drawn. Click a dot for its quotes.",
    )  # fmt: skip


def render(layer: Any, mentions: pd.DataFrame, shown: pd.DataFrame, choices: Any, slot: Any,
           filters_key: str) -> tuple[pd.DataFrame, list[list[Any]]]:  # fmt: skip
    """The switch (in ``slot``, under the event filters) and, when on, the context mentions
    and the dots to draw. Nothing on a layer without event coding or off the mentions view."""
    if not layer.coded or choices.shows != "mentions":
        return mentions.iloc[0:0], []
    context = context_only(mentions, shown, choices.filters)
    if "context" in choices.filters.kinds:
        return context, []
    with slot:
        on = toggle(context["place_id"].nunique())
    if not on:
        return context.iloc[0:0], []
    return context, cached_dots(layer.key, filters_key, context)
