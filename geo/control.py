"""Who holds each place over time, from the capture, regain and transfer events.

The layer's ``control`` member holds, per place, its dated holder changes; the functions
below answer the dashboard's questions on it (who holds X on day D, what changed hands
between two days) from the layer alone, so the app needs no geoparser.

Only what the reports say is kept: a change whose taker is unknown is left out (it would
hide a known holder), and so are regions and countries (one "captured towns in Idlib"
does not hand a whole province over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from geo.event_records import TERRITORIAL

#: Sides that hold no ground: their name in actor2 does not say who held the place.
_NOT_HOLDERS = frozenset({"unknown", "civilians"})
_WIDE_PLACES = frozenset({"region", "country", "water"})
#: Which status wins when two changes on one day give a place to the same side.
_STATUS_RANK = {"corroborated": 0, "claimed": 1, "disputed": 2}

Control = Mapping[str, Mapping[str, Any]]


def _change(event: Mapping[str, Any]) -> dict[str, Any]:
    previous = event.get("actor2_side")
    return {
        "date": event["event_date"],
        "holder": event["actor1_side"],
        "previous_holder": previous if previous and previous not in _NOT_HOLDERS else None,
        "event_id": event["event_id"],
        "status": event["status"],
        "sub_event_type": event["sub_event_type"],
        "claimants": [c["claimant"] for c in event["claimants"]],
        "outlets": list(event["independent_outlets"]),
    }


def _is_holder_change(event: Mapping[str, Any]) -> bool:
    return (
        event["sub_event_type"] in TERRITORIAL
        and bool(event["event_date"])
        and event["actor1_side"] not in _NOT_HOLDERS
        and event["place_type"] not in _WIDE_PLACES
        # "took dozens of towns in Idlib": the towns changed hands, not Idlib.
        and not event.get("within_place")
    )


def control_member(events: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per place id: the place and its holder changes, oldest first."""
    control: dict[str, dict[str, Any]] = {}
    for event in events:
        if not _is_holder_change(event):
            continue
        entry = control.setdefault(event["place_id"], {
            "place": event["place"], "place_type": event["place_type"],
            "coordinates": event["coordinates"], "changes": [],
        })
        entry["changes"].append(_change(event))
    for entry in control.values():
        entry["changes"].sort(key=lambda c: (c["date"], c["holder"], c["event_id"]))
    return dict(sorted(control.items()))


def _day(value: dt.date | str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(value).isoformat()  # a bad day string raises ValueError


def _holding(changes: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The holding given by the changes of one day (several sides: contested)."""
    holders = sorted({c["holder"] for c in changes})
    best = min(changes, key=lambda c: (_STATUS_RANK.get(c["status"], 3), c["event_id"]))
    return {
        "holder": holders[0] if len(holders) == 1 else None,
        "holders": holders,
        "since": changes[0]["date"],
        "status": best["status"] if len(holders) == 1 else "disputed",
        "previous_holder": best["previous_holder"],
        "event_ids": sorted(c["event_id"] for c in changes),
    }


def holder_on(control: Control, place_id: str, day: dt.date | str) -> dict[str, Any] | None:
    """Who holds ``place_id`` on ``day`` by the reports: the last change on or before it.

    None when no report says who took it by then. ``holder`` is None when claims of that
    day give it to different sides (``holders`` lists them, ``status`` is ``disputed``).
    """
    entry = control.get(place_id)
    if not entry:
        return None
    wanted = _day(day)
    before = [c for c in entry["changes"] if c["date"] <= wanted]
    if not before:
        return None
    last = before[-1]["date"]
    return _holding([c for c in before if c["date"] == last])


def holders_on(control: Control, day: dt.date | str) -> dict[str, dict[str, Any]]:
    """Every place with a known holder on ``day``, with its holding (see ``holder_on``)."""
    found = {place_id: holder_on(control, place_id, day) for place_id in control}
    return {place_id: holding for place_id, holding in found.items() if holding}


def changes_between(
    control: Control, after: dt.date | str, until: dt.date | str
) -> list[dict[str, Any]]:
    """The holder changes dated after ``after`` and up to ``until``, each with its place."""
    low, high = _day(after), _day(until)
    return [
        {"place_id": place_id, "place": entry["place"], **change}
        for place_id, entry in control.items()
        for change in entry["changes"]
        if low < change["date"] <= high
    ]
