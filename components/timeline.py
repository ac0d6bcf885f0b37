"""Mentions per day per outlet, for the current filters, as a stacked bar chart."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st

from components.filters import DATE_COLUMNS, DATE_LABELS, DateBasis


def daily_counts(mentions: pd.DataFrame, basis: DateBasis) -> pd.DataFrame:
    """Columns ``day``, ``outlet``, ``mentions``: one row per dated day and outlet."""
    days = mentions[DATE_COLUMNS[basis]]
    dated = mentions.assign(day=days)[days.notna()]
    counts = dated.groupby(["day", "outlet"]).size().reset_index(name="mentions")
    return counts.sort_values(["day", "outlet"]).reset_index(drop=True)


def timeline_chart(counts: pd.DataFrame, colours: Mapping[str, str], basis: DateBasis) -> alt.Chart:
    """The stacked bars, coloured like the map."""
    shown = [o for o in colours if o in set(counts["outlet"])]
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(day):T", title=DATE_LABELS[basis]),
            y=alt.Y("sum(mentions):Q", title="Mentions"),
            color=alt.Color(
                "outlet:N",
                scale=alt.Scale(domain=shown, range=[colours[o] for o in shown]),
                legend=alt.Legend(title="Outlet", orient="bottom", columns=4),
            ),
            tooltip=[
                alt.Tooltip("yearmonthdate(day):T", title="Day"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("sum(mentions):Q", title="Mentions"),
            ],
        )
        .properties(height=220)
    )


def render_timeline(mentions: pd.DataFrame, colours: Mapping[str, str], basis: DateBasis) -> None:
    """Draw the chart (or say why there is none)."""
    counts = daily_counts(mentions, basis)
    undated = int(mentions[DATE_COLUMNS[basis]].isna().sum())
    note = f" · {undated} undated mention(s) not charted" if undated else ""
    st.subheader("Mentions per day", anchor=False)
    st.caption(f"By {DATE_LABELS[basis].lower()}, stacked by outlet{note}")
    if counts.empty:
        st.info("No dated mention under the current filters.")
        return
    st.altair_chart(timeline_chart(counts, colours, basis), width="stretch")
