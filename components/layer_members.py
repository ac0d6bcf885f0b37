"""The layer's cross-report members (issue 9) as the dashboard reads them.

``events`` (one record per event), ``control`` (per place, its dated holder changes) and
``syndication`` (which report copies which) are written by ``geo`` (see
docs/layer-schema.md). Each reader here is pure, tolerant of a member that is missing
(a version-1 layer) and drops records it cannot use rather than failing the whole map.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

EVENT_COLUMNS = (
    "event_id", "event_date", "time_precision", "geo_precision", "event_type",
    "sub_event_type", "actor1", "actor1_side", "actor2", "actor2_side", "place", "place_id",
    "lat", "lon", "fatalities", "fatalities_reported", "outlets", "independent_outlets",
    "claimants", "status", "mentions", "place_type", "copies",
)  # fmt: skip
CONTROL_COLUMNS = ("place_id", "date", "holder", "previous", "event_id", "status")
STATUSES = ("corroborated", "claimed", "disputed")


@dataclass(frozen=True)
class Copy:
    """One report found to carry another's text."""

    report: str
    source: str
    similarity: float | None = None


def _coordinates(record: Mapping[str, Any]) -> tuple[Any, Any]:
    """``lat, lon`` from whichever spelling the record uses (GeoJSON's order for a pair)."""
    if "lat" in record and "lon" in record:
        return record["lat"], record["lon"]
    if "latitude" in record and "longitude" in record:
        return record["latitude"], record["longitude"]
    pair = record.get("coordinates") or (record.get("geometry") or {}).get("coordinates")
    return (pair[1], pair[0]) if isinstance(pair, list) and len(pair) >= 2 else (None, None)


def _count(value: Any) -> int:
    """A count given as a number or as the list of what is counted."""
    if isinstance(value, list | tuple):
        return len(value)
    return int(value) if isinstance(value, int | float) and not pd.isna(value) else 0


def _event_row(record: Any) -> dict[str, Any] | None:
    if not isinstance(record, Mapping) or not record.get("event_id"):
        return None
    props = record.get("properties") if isinstance(record.get("properties"), Mapping) else record
    row = {name: props.get(name) for name in EVENT_COLUMNS}
    row["event_id"] = str(record.get("event_id") or props.get("event_id"))
    row["lat"], row["lon"] = _coordinates(props if "lat" in props else record)
    outlets = props.get("outlets")
    row["outlet_list"] = tuple(outlets) if isinstance(outlets, list) else ()
    row["outlets"] = _count(props.get("outlet_count") or outlets)
    row["independent_outlets"] = _count(
        props.get("independent_count") or props.get("independent_outlets")
    )
    row["claimants"] = tuple(c for c in props.get("claimants") or () if isinstance(c, Mapping))
    row["copies"] = tuple(c for c in props.get("copies") or () if isinstance(c, Mapping))
    row["mentions"] = tuple(m for m in props.get("mentions") or () if isinstance(m, Mapping))
    row["status"] = props.get("status") if props.get("status") in STATUSES else "claimed"
    return row


def events_frame(records: Any) -> pd.DataFrame:
    """One row per event of the layer's ``events`` member (features or plain records)."""
    if isinstance(records, Mapping):  # a FeatureCollection
        records = records.get("features")
    rows = [row for row in map(_event_row, records or ()) if row is not None]
    frame = pd.DataFrame(rows, columns=[*EVENT_COLUMNS, "outlet_list"])
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce")
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce")
    frame["event_day"] = pd.to_datetime(frame["event_date"], format="%Y-%m-%d", errors="coerce")
    return frame.reset_index(drop=True)


def _change(place_id: str, change: Any) -> dict[str, Any] | None:
    if not isinstance(change, Mapping) or not change.get("holder"):
        return None
    row = {name: change.get(name) for name in CONTROL_COLUMNS}
    row["place_id"] = str(change.get("place_id") or place_id)
    row["date"] = change.get("date") or change.get("event_date")
    row["previous"] = change.get("previous") or change.get("previous_holder")
    return row


def _changes(control: Any) -> list[dict[str, Any]]:
    """Holder changes from a ``{place_id: [changes]}`` map or a list of per-place records."""
    if isinstance(control, Mapping):
        items = list(control.items())
    else:
        items = [(str(r.get("place_id", "")), r.get("changes") or r.get("history") or [r])
                 for r in control or () if isinstance(r, Mapping)]  # fmt: skip
    rows = []
    for place_id, changes in items:
        if isinstance(changes, Mapping):
            changes = changes.get("changes") or changes.get("history") or []
        rows += [row for row in (_change(place_id, c) for c in changes or ()) if row]
    return rows


def control_frame(control: Any) -> pd.DataFrame:
    """One row per holder change, oldest first per place."""
    frame = pd.DataFrame(_changes(control), columns=list(CONTROL_COLUMNS))
    frame["day"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    frame = frame.dropna(subset=["day"])
    frame["status"] = frame["status"].where(frame["status"].isin(STATUSES), "claimed")
    return frame.sort_values(["place_id", "day"], kind="stable").reset_index(drop=True)


def _unit_report(unit: Any) -> str | None:
    """The report of a text unit (``{"report": ..., "start": ...}``) or a bare report id."""
    if isinstance(unit, Mapping):
        unit = unit.get("report")
    return unit if isinstance(unit, str) else None


def syndication_copies(syndication: Any) -> tuple[Copy, ...]:
    """The copies the layer's ``syndication`` member lists (pairs, or per-report records)."""
    if isinstance(syndication, Mapping):
        syndication = syndication.get("pairs") or syndication.get("copies") or []
    copies = []
    for record in syndication or ():
        if not isinstance(record, Mapping):
            continue
        report = _unit_report(record.get("copy")) or record.get("report")
        source = _unit_report(record.get("source")) or record.get("copies")
        if isinstance(report, str) and isinstance(source, str):
            score = record.get("similarity")
            copies.append(Copy(report, source, score if isinstance(score, int | float) else None))
    return tuple(copies)


_FEATURES_START = '"features":['


def head_members(path: Path) -> dict[str, Any]:
    """The layer's top-level members without reading its features.

    ``geo.layer.write_layer`` puts every member but the features on the first line, ending
    in ``"features":[``; when the GeoParquet copy stands in for the features, this reads
    ``events``, ``control`` and ``syndication`` without parsing the rest. ``{}`` when the
    file is not written that way.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            line = handle.readline().rstrip("\n")
        if not line.endswith(_FEATURES_START):
            return {}
        head = json.loads(line[: -len(_FEATURES_START)].rstrip(",") + "}")
    except (OSError, ValueError):
        return {}
    return head if isinstance(head, dict) else {}
