"""The layer, as the dashboard reads it: built when stale, loaded once, one row per mention.

``mentions_frame`` is the pure core: a parsed layer in, a DataFrame out. GeoJSON's
``[lon, lat]`` is read into named ``lat``/``lon`` columns here and nowhere else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import streamlit as st

from components import event_columns
from components.layer_members import (
    Copy,
    control_frame,
    events_frame,
    head_members,
    syndication_copies,
)
from components.settings import Settings
from geo.errors import ConflictMapError
from geo.layer import read_layer

#: Told (reports done, reports in all) while a build runs (geo.build.Progress).
Progress = Callable[[int, int], None]

#: The layer's mention properties the dashboard uses, with the value a missing one takes.
PROPERTY_DEFAULTS: dict[str, Any] = {
    "report": "", "start": 0, "end": 0, "mention": "", "quote": "", "quote_start": None,
    "quote_end": None, "sentence_start": None, "sentence_end": None, "quote_key": "",
    "carried_by_count": 1, "place": "", "place_id": "",
    "place_type": "", "country": "", "outlet": "", "title": "", "url": "", "published": None,
    "event_date": None, "date_precision": None, "date_basis": "", "date_expression": "",
    "event_age_days": None, "literal": True, "usage": "literal", "confidence": 1.0,
    "precision_km": 5.0, "resolution": "", "place_source": "",
    # Version 2 (issues 8 and 9): what happened, who did it, who says so.
    "event_type": None, "sub_event_type": None, "event_flags": (), "actor1": "", "actor2": "",
    "actor1_side": "", "actor2_side": "", "claimant": "", "claimant_kind": "",
    "fatalities": None, "event_trigger": "", "event_trigger_start": None,
    "event_trigger_end": None, "claim_start": None, "claim_end": None, "event_id": "",
    # A description ("the city itself") standing for a name earlier in the report.
    "refers_to": "",
}  # fmt: skip
PROPERTY_COLUMNS = tuple(PROPERTY_DEFAULTS)
_TEXT_COLUMNS = (
    "report", "mention", "quote", "quote_key", "place", "place_id", "place_type", "country",
    "outlet", "title", "url", "date_basis", "date_expression", "usage", "resolution",
    "place_source", "actor1", "actor2", "actor1_side", "actor2_side", "claimant",
    "claimant_kind", "event_trigger", "event_id", "refers_to",
)  # fmt: skip
_BUILD_LOCK = threading.Lock()


def build_command(layer: Path) -> str:
    """The shell command that (re)builds ``layer``, for error messages."""
    return f"python -m geo build --out {layer}"


@dataclass(frozen=True)
class Layer:
    """The loaded layer. ``mentions`` is shared between sessions: never modify it in place."""

    path: Path
    mentions: pd.DataFrame
    generated_at: str
    skipped_features: int
    #: Changes when the file does (path, mtime, size): a cache key for work on ``mentions``.
    key: str = ""
    #: The cross-report members (issue 9); empty for a layer without them.
    events: pd.DataFrame = field(default_factory=lambda: events_frame(()))
    control: pd.DataFrame = field(default_factory=lambda: control_frame(()))
    copies: tuple[Copy, ...] = ()
    #: The ``events`` member as written, for the exports (geo.event_export).
    event_records: tuple[dict[str, Any], ...] = ()

    @property
    def coded(self) -> bool:
        """Whether the layer codes events (schema version 2): event filters apply."""
        return bool(self.mentions["coded"].any())

    @property
    def outlets_by_share(self) -> list[str]:
        """Outlets, most mentioned first (ties by name), for stable colours."""
        counts = self.mentions["outlet"].value_counts()
        return sorted(counts.index, key=lambda name: (-counts[name], name))


def _row(feature: Any) -> dict[str, Any] | None:
    """One mention's row, or None when the feature is not a usable point."""
    if not isinstance(feature, dict):
        return None
    geometry, props = feature.get("geometry") or {}, feature.get("properties") or {}
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
        return None
    row = {name: props.get(name, default) for name, default in PROPERTY_DEFAULTS.items()}
    # Schema 1 listed the carriers on every feature; 2 counts them (see docs/layer-schema.md).
    row["carried_by_count"] = props.get("carried_by_count") or len(props.get("carried_by") or ())
    row["event_flags"] = tuple(row["event_flags"] or ())
    # A version-1 layer says nothing of events: its mentions are "not coded", not context.
    row["coded"] = "event_type" in props
    row["lon"], row["lat"] = coords[0], coords[1]
    return row


def geojson_point(lat: float, lon: float) -> dict[str, Any]:
    """A GeoJSON Point geometry (GeoJSON puts longitude first)."""
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _flags(value: Any) -> tuple[str, ...]:
    """``event_flags`` as a tuple, whether read from JSON (a list) or GeoParquet (an array)."""
    return tuple(value) if isinstance(value, list | tuple) or hasattr(value, "tolist") else ()


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")


def mentions_frame(features: Sequence[Any]) -> tuple[pd.DataFrame, int]:
    """One row per usable Point feature, and how many features were not usable (not a
    Point, or coordinates that are not finite WGS 84 degrees)."""
    rows = [row for row in map(_row, features) if row is not None]
    frame = _normalised(pd.DataFrame(rows, columns=[*PROPERTY_COLUMNS, "coded", "lat", "lon"]))
    return frame, len(features) - len(frame)


def parquet_frame(path: Path) -> pd.DataFrame:
    """The mentions from the layer's GeoParquet copy (geo.geoparquet): the same frame as
    ``mentions_frame`` gives from the GeoJSON, read many times faster."""
    import pyarrow.parquet as pq

    present = set(pq.read_schema(path).names)
    wanted = [name for name in (*PROPERTY_COLUMNS, "lat", "lon") if name in present]
    frame = pq.read_table(path, columns=wanted).to_pandas()
    for name, default in PROPERTY_DEFAULTS.items():  # as _row: a missing property's default
        if name not in frame:
            frame[name] = [default] * len(frame) if isinstance(default, tuple) else default
    # The copy is written by schema-2 builds: carriers are counted (as _row reads them).
    frame["carried_by_count"] = frame["carried_by_count"].fillna(0).astype(int)
    frame["coded"] = "event_type" in present  # as _row: a v1 copy says nothing of events
    return _normalised(frame[[*PROPERTY_COLUMNS, "coded", "lat", "lon"]])


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    # Not a number, infinite or off the globe: never drawn; counted in the second value.
    on_earth = frame["lat"].between(-90, 90) & frame["lon"].between(-180, 180)
    frame = frame[on_earth].reset_index(drop=True)
    for name in _TEXT_COLUMNS:
        frame[name] = frame[name].fillna("").astype(str)
    for name in ("published", "event_date", "date_precision"):  # None means "unknown" here
        frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    frame["place_id"] = frame["place_id"].where(frame["place_id"] != "", frame["place"])
    frame["literal"] = frame["literal"].fillna(True).astype(bool)
    frame["confidence"] = pd.to_numeric(frame["confidence"], errors="coerce").fillna(1.0)
    frame["precision_km"] = pd.to_numeric(frame["precision_km"], errors="coerce").fillna(5.0)
    frame["event_age_days"] = pd.to_numeric(frame["event_age_days"], errors="coerce")
    # Parsed once here so that filtering is vectorised; exports use the original strings.
    frame["event_day"] = _dates(frame["event_date"])
    frame["published_day"] = _dates(frame["published"])
    frame["event_flags"] = frame["event_flags"].map(_flags)
    event_columns.add_event_columns(frame)
    return frame


@st.cache_resource(max_entries=2, show_spinner="Reading the layer…")
def _load(path: str, mtime_ns: int, size: int) -> Layer:
    # mtime_ns and size are only the cache key: a rebuilt file is read again.
    from geo.geoparquet import copy_metadata, parquet_path

    copy = copy_metadata(Path(path))
    if copy is not None:  # the GeoParquet copy of this very file: far faster to read
        mentions = parquet_frame(parquet_path(Path(path)))
        key = f"{path}:{mtime_ns}:{size}"
        head = head_members(Path(path))
        return _with_members(Layer(Path(path), mentions, str(copy.get("generated_at") or ""),
                                   0, key), head)  # fmt: skip
    layer = read_layer(Path(path))
    mentions, skipped = mentions_frame(layer["features"])
    key = f"{path}:{mtime_ns}:{size}"
    return _with_members(
        Layer(Path(path), mentions, str(layer.get("generated_at", "")), skipped, key), layer
    )


def _with_members(layer: Layer, members: dict[str, Any]) -> Layer:
    """``layer`` with its cross-report members (events, control, syndication) read."""
    events = events_frame(members.get("events"))
    event_columns.add_status(layer.mentions, events)
    return replace(layer, events=events, control=control_frame(members.get("control")),
                   copies=syndication_copies(members.get("syndication")),
                   event_records=tuple(members.get("events") or ()))  # fmt: skip


@st.cache_resource(max_entries=1, show_spinner="Reading the layer for review…")
def _raw(path: str, key: str) -> dict[str, Any]:
    # ``key`` changes with the file (see Layer.key): read again only when it changed.
    return read_layer(Path(path))


def raw_layer(layer: Layer) -> dict[str, Any]:
    """The layer file as written (features, unresolved mentions, reports), for review.

    Cached per version of the file; callers must not modify it.
    """
    return _raw(str(layer.path), layer.key)


def load_layer(path: Path) -> Layer:
    """The layer at ``path``, read once per version of the file (raises LayerError)."""
    try:
        stat = path.stat()
    except OSError:
        read_layer(path)  # raises the LayerError that says how to build it
        raise
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


def _has_reports(reports: Path) -> bool:
    from geo.reports import find_report_files  # imported late: only needed to build

    return reports.is_dir() and bool(find_report_files([reports]))


def refresh_layer(settings: Settings, progress: Progress | None = None) -> str | None:
    """Build the layer when it is missing or older than its reports; say what was done.

    Raises ConflictMapError (with the reason and what to do) when a needed build fails.
    Bad reports are skipped, not fatal: one unreadable file must not empty the map.
    """
    if settings.reports is None or not _has_reports(settings.reports):
        return None
    from geo.build import build_layer, layer_is_stale

    inputs = [settings.reports]
    with _BUILD_LOCK:  # two sessions opening the app at once build once
        if not layer_is_stale(settings.layer, inputs):
            return None
        summary = build_layer(inputs, settings.layer, skip_bad=True, progress=progress)
    return summary.line()


def _stop_with(message: str) -> NoReturn:
    st.error(message)
    st.stop()


def open_layer(settings: Settings) -> Layer:
    """The layer to show, built first if stale; on any failure, a message and a stop."""
    try:
        note = refresh_layer(settings)
        layer = load_layer(settings.layer)
    except ConflictMapError as err:
        command = build_command(settings.layer)
        # Some errors (a missing layer) already say how to build it: don't say it twice.
        how = "" if command in str(err) else f" To rebuild it, run: `{command}`"
        _stop_with(f"{err}\n\nLayer file: `{settings.layer}`.{how}")
    if note:
        from components.safe import markdown_text  # paths and report names: literal

        st.toast(markdown_text(note))
    from components.health import render_health

    render_health(layer)
    if layer.mentions.empty:
        _stop_with(
            f"The layer `{settings.layer}` holds no placed mentions. Add reports to "
            f"`data/reports` and rebuild it: `{build_command(settings.layer)}`"
        )
    return layer
