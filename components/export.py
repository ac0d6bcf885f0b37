"""The filtered mentions as files: GeoJSON (the layer's own schema) and CSV."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components.layer_data import PROPERTY_COLUMNS, geojson_point

SCHEMA = {"schema": "conflict-map/layer", "schema_version": 2}
# A spreadsheet runs a cell that starts with these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN to None, numpy scalars to Python, tuples to lists."""
    if isinstance(value, tuple):
        return list(value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def to_geojson(mentions: pd.DataFrame, filters: Mapping[str, Any] | None = None) -> str:
    """The mentions as a layer FeatureCollection (same properties as the input layer)."""
    features = [
        {
            "type": "Feature",
            "id": f"{row['report']}:{row['start']}-{row['end']}",
            "geometry": geojson_point(row["lat"], row["lon"]),
            "properties": {name: _plain(row[name]) for name in PROPERTY_COLUMNS},
        }
        for row in mentions.to_dict("records")
    ]
    collection = {"type": "FeatureCollection", **SCHEMA, "filters": dict(filters or {})}
    collection["features"] = features
    return json.dumps(collection, ensure_ascii=False, default=str)


def _defuse(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(mentions: pd.DataFrame) -> str:
    """The mentions as CSV: the layer's properties plus ``lat``/``lon``, one row each."""
    frame = mentions[[*PROPERTY_COLUMNS, "lat", "lon"]].copy()
    frame["event_flags"] = frame["event_flags"].map(lambda flags: ";".join(flags or ()))
    for name in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[name]):
            frame[name] = frame[name].map(_defuse)
    return frame.to_csv(index=False)


def render_downloads(mentions: pd.DataFrame, filters: Mapping[str, Any]) -> None:
    """Two download buttons; the files are made only when clicked."""
    left, right = st.columns(2)
    left.download_button(
        f"Download {len(mentions):,} mentions as GeoJSON",
        data=lambda: to_geojson(mentions, filters),
        file_name="mentions.geojson",
        mime="application/geo+json",
        key="download-geojson",
        on_click="ignore",
    )
    right.download_button(
        "Download as CSV",
        data=lambda: to_csv(mentions),
        file_name="mentions.csv",
        mime="text/csv",
        key="download-csv",
        on_click="ignore",
    )
