"""Which mentions are shown: pure filter functions, and the sidebar widgets that set them.

Every widget has a stable key and keeps its value in the URL (``bind="query-params"``), so
a copied link reopens the same view. The key is the query parameter's name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import streamlit as st

from components import safe

DateBasis = Literal["event", "published"]
#: An event told more than this many days after it happened is background, not news.
OLDER_THAN_DAYS = 7
DATE_COLUMNS: dict[DateBasis, str] = {"event": "event_day", "published": "published_day"}
DATE_LABELS: dict[DateBasis, str] = {"event": "Event date", "published": "Publication date"}
OUTLET_KEY_PREFIX = "outlet-"
#: An outlet's name in its sidebar switch, cut so that its count stays in view (the
#: sidebar clips a longer label); a cut name is whole in the switch's help.
OUTLET_LABEL_CHARS = 20


@dataclass(frozen=True)
class Filters:
    """The user's choices. ``date_range`` None means every date."""

    date_basis: DateBasis = "event"
    date_range: tuple[dt.date, dt.date] | None = None
    include_older: bool = False
    include_undated: bool = True
    show_non_literal: bool = False
    hidden_outlets: frozenset[str] = field(default_factory=frozenset)


def _date_mask(mentions: pd.DataFrame, filters: Filters) -> pd.Series:
    days = mentions[DATE_COLUMNS[filters.date_basis]]
    undated = days.isna()
    if filters.date_range is None:
        in_range = ~undated
    else:
        low, high = (pd.Timestamp(day) for day in filters.date_range)
        in_range = days.between(low, high)
    return in_range | (undated & filters.include_undated)


def mask_before_outlets(mentions: pd.DataFrame, filters: Filters) -> pd.Series:
    """Rows kept by every filter but the outlet toggles (whose counts it gives)."""
    mask = _date_mask(mentions, filters)
    if not filters.include_older:
        mask &= ~older_mask(mentions)
    if not filters.show_non_literal:
        mask &= mentions["literal"]
    return mask


def apply_filters(mentions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The mentions the current filters keep (a new frame; the input is not touched)."""
    mask = mask_before_outlets(mentions, filters)
    if filters.hidden_outlets:
        mask &= ~mentions["outlet"].isin(filters.hidden_outlets)
    return mentions[mask]


def describe(filters: Filters) -> dict[str, object]:
    """The filters as plain JSON values, written into exports so a file says what it holds."""
    return {
        "date_basis": filters.date_basis,
        "date_range": [d.isoformat() for d in filters.date_range] if filters.date_range else None,
        "include_older": filters.include_older,
        "include_undated": filters.include_undated,
        "show_non_literal": filters.show_non_literal,
        "hidden_outlets": sorted(filters.hidden_outlets),
    }


def date_bounds(mentions: pd.DataFrame, basis: DateBasis) -> tuple[dt.date, dt.date] | None:
    """First and last date of ``basis`` in the layer, or None when nothing is dated."""
    days = mentions[DATE_COLUMNS[basis]].dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def outlet_keys(outlets: Sequence[str]) -> dict[str, str]:
    """A stable, URL-friendly widget key per outlet (``outlet-the-war-zone``)."""
    keys: dict[str, str] = {}
    for outlet in outlets:
        slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-")[:40] or "unnamed"
        key = OUTLET_KEY_PREFIX + slug
        if key in keys.values():  # two outlets with the same slug: tell them apart
            key += "-" + hashlib.sha1(outlet.encode("utf-8")).hexdigest()[:6]
        keys[outlet] = key
    return keys


# --- widgets -------------------------------------------------------------------------------


def older_mask(mentions: pd.DataFrame) -> pd.Series:
    """Mentions of events told more than ``OLDER_THAN_DAYS`` after they happened."""
    return mentions["event_age_days"] > OLDER_THAN_DAYS


def _clamped(key: str, low: dt.date, high: dt.date) -> None:
    """Pull a remembered range back inside new bounds (a toggle can narrow the track)."""
    value = st.session_state.get(key)
    if not value:
        return
    start, end = (min(max(day, low), high) for day in value)
    if (start, end) != tuple(value):
        st.session_state[key] = (start, end)


def _date_widgets(
    mentions: pd.DataFrame, include_older: bool
) -> tuple[DateBasis, tuple[dt.date, dt.date] | None]:
    basis: DateBasis = st.radio(
        "Dates from",
        options=list(DATE_COLUMNS),
        format_func=DATE_LABELS.__getitem__,
        horizontal=True,
        key="dates",
        bind="query-params",
        help="Event date: when the report says it happened. Publication date: when it was said.",
    )
    # Background events (a 2011 uprising told in 2024) would stretch the track over years:
    # the track spans only the mentions the toggles let through.
    candidates = mentions if include_older else mentions[~older_mask(mentions)]
    bounds = date_bounds(candidates, basis)
    if bounds is None:
        st.caption("No mention has a date of this kind.")
        return basis, None
    low, high = bounds
    # A slider needs two distinct ends; a one-day layer gets a one-day-wide track.
    high = max(high, low + dt.timedelta(days=1))
    key = f"{basis}-range"
    _clamped(key, low, high)
    # Once the range is in session state (set by a drag, _clamped or playback), a default
    # value as well would make Streamlit warn; the track's ends stay the default either way.
    chosen = st.slider(
        DATE_LABELS[basis] + " range",
        min_value=low,
        max_value=high,
        value=None if key in st.session_state else (low, high),
        format="YYYY-MM-DD",
        key=key,
        bind="query-params",
    )
    return basis, tuple(chosen)


def _kind_toggles(mentions: pd.DataFrame) -> dict[str, bool]:
    older = int(older_mask(mentions).sum())
    undated = int(mentions["event_day"].isna().sum())
    figurative = int((~mentions["literal"]).sum())
    return {
        "include_older": st.toggle(
            f"Older events · {older}",
            value=False,
            key="older",
            bind="query-params",
            help=f"Events told more than {OLDER_THAN_DAYS} days after they happened: "
            "background, anniversaries, recaps. Hidden by default so that the map shows news.",
        ),
        "include_undated": st.toggle(
            f"Undated mentions · {undated}",
            value=True,
            key="undated",
            bind="query-params",
            help="Mentions whose date cannot be known (an undated report, no date in the "
            "sentence). They are kept whatever the date range.",
        ),
        "show_non_literal": st.toggle(
            f"Non-literal mentions · {figurative}",
            value=False,
            key="nonliteral",
            bind="query-params",
            help="Names that stand for something else than the place: “Moscow's troops”, "
            "“Russia responded”, “Iran-backed”.",
        ),
    }


def _set_outlets(keys: Sequence[str], shown: bool) -> None:
    for key in keys:
        st.session_state[key] = shown


def _swatch(colour: str) -> str:
    return (
        f'<span class="cm-swatch" style="display:inline-block;width:0.9em;height:0.9em;'
        f'border-radius:50%;background:{colour}"></span>'
    )


def _outlet_toggles(counts: Mapping[str, int], colours: Mapping[str, str]) -> frozenset[str]:
    keys = outlet_keys(list(colours))
    all_on, all_off = st.columns(2)
    every = list(keys.values())
    all_on.button("Show all", key="outlets-all", on_click=_set_outlets, args=(every, True))
    all_off.button("Hide all", key="outlets-none", on_click=_set_outlets, args=(every, False))
    hidden = set()
    for outlet, colour in colours.items():
        swatch, toggle = st.columns([1, 12], gap="small", vertical_alignment="center")
        swatch.html(_swatch(colour))
        # Shortened and literal: Streamlit renders a label's Markdown, and a long name
        # would push the switch out of the sidebar; a cut name's tooltip has it whole.
        label = f"{safe.label(outlet, OUTLET_LABEL_CHARS)} · {counts.get(outlet, 0)}"
        if not toggle.toggle(label, value=True, key=keys[outlet], bind="query-params",
                             help=safe.label_help(outlet, OUTLET_LABEL_CHARS)):
            hidden.add(outlet)
    return frozenset(hidden)


def sidebar_filters(mentions: pd.DataFrame, colours: Mapping[str, str]) -> Filters:
    """Draw the filter widgets in the sidebar and return what they say."""
    with st.sidebar:
        st.header("Filters")
        kinds = _kind_toggles(mentions)
        basis, date_range = _date_widgets(mentions, kinds["include_older"])
        partial = Filters(date_basis=basis, date_range=date_range, **kinds)
        counts = mentions.loc[mask_before_outlets(mentions, partial), "outlet"].value_counts()
        st.subheader("Outlets", help="Mentions per outlet under the filters above.")
        hidden = _outlet_toggles(counts.to_dict(), colours)
    return Filters(
        date_basis=basis,
        date_range=date_range,
        include_older=partial.include_older,
        include_undated=partial.include_undated,
        show_non_literal=partial.show_non_literal,
        hidden_outlets=hidden,
    )
