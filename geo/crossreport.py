"""The cross-report step of a build: syndicated copies, events and who holds each place.

It runs once, on the joined layer, after every report's piece is collected (pieces may
come from the cache or from other processes; nothing here runs inside the per-report job),
and adds: ``event_id`` on every feature and the ``syndication``, ``events`` and
``control`` members. The copy detector needs each text unit's print
(``geo.syndication.UnitPrint``), which the per-report job computes and the piece holds; when
called without them, the reports' text is read again from their files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.control import control_member
from geo.errors import ReportError
from geo.event_merge import collect_supports, event_id, group_mentions
from geo.event_records import event_record, mark_contradictions
from geo.syndication import CopyGraph, TextUnit, UnitPrint, find_copies, syndication_member


def _body(row: Mapping[str, Any]) -> str | None:
    from geo.reports import read_report

    try:
        return read_report(Path(row["path"])).body
    except (OSError, ReportError):
        return None  # gone since it was parsed: its text cannot be compared


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def text_units(layer: Mapping[str, Any], bodies: Mapping[str, str] | None = None
               ) -> list[TextUnit]:
    """The text units of the layer's reports (each excerpt of an aggregator page apart)."""
    units = []
    for row in layer.get("reports", []):
        body = bodies[row["report"]] if bodies is not None else _body(row)
        if body is None:
            continue
        parts = row.get("parts") or [{"start": 0, "end": len(body), "outlet": row["outlet"],
                                      "published": row["published"], "header": ""}]
        units.extend(
            TextUnit(row["report"], p["start"], p["end"], p["outlet"], _day(p["published"]),
                     body[p["start"]:p["end"]], excerpt=bool(p.get("header")))
            for p in parts)
    return units


def units_from_rows(reports: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]
                    ) -> list[TextUnit]:
    """Text units (without their text) from each report's unit rows with their prints
    (``geo.report_jobs.unit_row``)."""
    return [
        TextUnit(report, row["start"], row["end"], row["outlet"], _day(row["published"]), "",
                 excerpt=row["excerpt"], known_print=UnitPrint.from_json(row["print"]))
        for report, rows in reports for row in rows]


def link_across_reports(layer: dict[str, Any], bodies: Mapping[str, str] | None = None, *,
                        units: Sequence[TextUnit] | None = None) -> None:
    """Add the cross-report members to ``layer`` (in place). The copy detector reads the
    ``units`` given (with their prints), else the reports' text: ``bodies`` by report id,
    else their files."""
    if units is None:
        units = text_units(layer, bodies)
    copies = find_copies(units)
    graph = CopyGraph(units, copies)
    events, by_feature = [], {}
    for key, supports in group_mentions(collect_supports(layer)).items():
        ident = event_id(key)
        events.append(event_record(ident, supports, graph))
        by_feature.update((s.feature_id, ident) for s in supports)
    events.sort(key=lambda e: (e["event_date"] or "", e["place"] or "", e["event_id"]))
    mark_contradictions(events)
    for feature in layer["features"]:
        feature["properties"]["event_id"] = by_feature.get(feature["id"])
    layer["syndication"] = syndication_member(copies)
    layer["events"] = events
    layer["control"] = control_member(events)
