"""The filtered mentions as a table; selecting a row selects its place."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import safe

TABLE_KEY = "mentions-table"
#: Rows sent to the browser; the downloads hold every filtered mention.
MAX_ROWS = 1_000
COLUMNS = {
    "event_date": "Event date",
    "published": "Published",
    "outlet": "Outlet",
    "place": "Place",
    "place_type": "Kind",
    "mention": "Words",
    "quote": "Sentence",
    "literal": "Literal",
    "confidence": "Confidence",
    "link": "Report",
}
#: Shown when the layer codes events (schema version 2).
EVENT_COLUMNS = {
    "sub_event_type": "What happened",
    "actor1": "Actor",
    "actor1_side": "Side",
    "actor2": "Against",
    "claimant": "Claimed by",
    "claimant_kind": "Claimant kind",
    "fatalities": "Killed",
    "flags": "Flags",
    "status": "Status",
    "event_id": "Event",
}


def table_frame(mentions: pd.DataFrame, limit: int = MAX_ROWS) -> pd.DataFrame:
    """The rows the table shows, newest event first, with ``place_id`` kept for selection."""
    days = mentions["event_day"]
    if len(mentions) > limit and days.notna().sum() >= limit:
        # Only rows on or after the limit-th newest day can be among the first ``limit``:
        # sorting those alone gives the same rows (a full sort of 100k took 0.2 s a run).
        mentions = mentions[days >= days.nlargest(limit).iloc[-1]]
    ordered = mentions.sort_values(
        ["event_day", "published_day", "report", "start"],
        ascending=[False, False, True, True],
        na_position="last",
    ).head(limit)
    # Only http(s) addresses become links; anything else is left out of the link column.
    links = ordered["url"].map(lambda url: safe.safe_url(url) or None)
    flags = ordered["event_flags"].map(", ".join)
    what = ordered["sub_event_type"].where(ordered["sub_event_type"].notna(), None)
    what = what.where(~ordered["coded"] | what.notna(), "context")
    frame = ordered.assign(link=links, flags=flags, sub_event_type=what)
    frame = frame[[*COLUMNS, *EVENT_COLUMNS, "place_id"]]
    return frame.reset_index(drop=True)


def selected_place(frame: pd.DataFrame, selection: object) -> str | None:
    """The place id of the selected row (``selection`` is the dataframe widget's state)."""
    rows = getattr(getattr(selection, "selection", None), "rows", None)
    if rows is None and isinstance(selection, dict):
        rows = selection.get("selection", {}).get("rows")
    if not rows or rows[0] >= len(frame):
        return None
    return str(frame.iloc[rows[0]]["place_id"])


def render_table(frame: pd.DataFrame, total: int, *, coded: bool = False) -> None:
    """Draw the table (selection is read from session state by the caller)."""
    st.subheader("Mentions", anchor=False)
    if total > len(frame):
        st.caption(f"The {len(frame):,} newest of {total:,} mentions; download them all below.")
    else:
        st.caption(f"{total:,} mention(s). Select a row to read its place's sources.")
    st.dataframe(
        frame,
        key=TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_order=[*COLUMNS, *(EVENT_COLUMNS if coded else ())],
        column_config={
            **{name: st.column_config.Column(label) for name, label in COLUMNS.items()},
            **{name: st.column_config.Column(label) for name, label in EVENT_COLUMNS.items()},
            "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
            "link": st.column_config.LinkColumn("Report", display_text="open"),
        },
        height=360,
    )
