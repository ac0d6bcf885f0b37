"""Which place is selected: the latest of a map click, a table row, or the URL's ``place``.

Both st_folium and the table report their last pick on every rerun, so "latest" means
"changed since the previous run". The selection is kept in the URL so a link reopens it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import streamlit as st

Source = Literal["map", "table"]
QUERY_PARAM = "place"
_STATE_KEY = "selection-state"


@dataclass(frozen=True)
class Picks:
    """The last value seen from each source, and the place they led to."""

    map: str | None = None
    table: str | None = None
    place: str | None = None
    #: Where the selection came from: the map only pans to places picked elsewhere.
    origin: Literal["map", "table", "url"] | None = None


def after_pick(previous: Picks, source: Source, pick: str | None) -> Picks:
    """The selection once ``source`` reports ``pick``; an unchanged pick changes nothing."""
    if pick == getattr(previous, source):
        return previous
    seen = replace(previous, **{source: pick})
    # A cleared table row keeps the place: the user may still be reading its quotes.
    return replace(seen, place=pick, origin=source) if pick else seen


def select(source: Source, pick: str | None) -> Picks:
    """Record ``source``'s pick for this run; return the selection, kept in the URL."""
    if _STATE_KEY not in st.session_state:
        place = st.query_params.get(QUERY_PARAM) or None
        st.session_state[_STATE_KEY] = Picks(place=place, origin="url" if place else None)
    before: Picks = st.session_state[_STATE_KEY]
    after = after_pick(before, source, pick)
    st.session_state[_STATE_KEY] = after
    if after.place != before.place:
        st.session_state.pop("quote-page", None)
    if after.place and st.query_params.get(QUERY_PARAM) != after.place:
        st.query_params[QUERY_PARAM] = after.place
    return after
