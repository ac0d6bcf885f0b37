"""The shown events as files: GeoJSON and ACLED-style CSV, made by ``geo.event_export``.

The dashboard does not format events itself: the command line (``python -m geo export
events``) and these buttons write the same files. Only the events whose supporting
mentions the filters keep are written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st


def shown_records(records: Sequence[Mapping[str, Any]], shown: pd.DataFrame) -> list[dict]:
    """The layer's event records that the filtered mentions ``shown`` support."""
    ids = set(shown["event_id"])
    return [dict(record) for record in records if record.get("event_id") in ids]


def render_event_downloads(
    records: Sequence[Mapping[str, Any]], shown: pd.DataFrame, generated_at: str
) -> None:
    """Two download buttons for the shown events; nothing when the layer has no events."""
    if not records:
        return
    try:
        from geo import event_export
    except ImportError:  # a checkout older than the cross-report step
        return
    events = shown_records(records, shown)
    left, right = st.columns(2)
    left.download_button(
        f"Download {len(events):,} events as GeoJSON",
        data=lambda: event_export.events_geojson_text(events),
        file_name="events.geojson",
        mime="application/geo+json",
        key="download-events-geojson",
        on_click="ignore",
    )
    right.download_button(
        "Download events as ACLED-style CSV",
        data=lambda: event_export.events_csv(events, generated_at=generated_at or None),
        file_name="events.csv",
        mime="text/csv",
        key="download-events-csv",
        on_click="ignore",
    )
