"""Events across reports: mentions that tell the same thing become one event.

ACLED's rule: one event per place, day, sub-event type and actor side; two reports of the
same day, place, actors and type are one event. A mention takes part only when it reports
something that happened (``event_type`` set) at a placed spot; context mentions and those
flagged ``intent`` or ``negated`` get no event (``event_id`` null): a plan or a denial is
not something that happened. A ``historical`` mention (the 2016 battle, an attack of two
months before) is an event of its own day, apart from the reports' days by its date, and
its record says ``historical``.

A mention whose actor side is unknown joins the one event of its place, day and type when
there is exactly one known side there (the same clash told without naming who fought);
with none or several it stays an event of its own, since guessing the side is worse.

Ids are stable: a hash of the event's key, so the same reports always give the same ids,
and adding a report about another place does not renumber anything.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: Flags that mean the mention does not report an event of the reports' days.
NOT_AN_EVENT = frozenset({"intent", "negated"})
UNKNOWN_SIDE = "unknown"

EventKey = tuple[str, str, str, str, str]  # place_id, date, date precision, sub-type, side


@dataclass(frozen=True)
class Support:
    """One mention (a layer feature) behind an event, with the key of its text unit."""

    feature: dict[str, Any]
    unit: tuple[str, int]

    @property
    def props(self) -> dict[str, Any]:
        return self.feature["properties"]

    @property
    def feature_id(self) -> str:
        return str(self.feature["id"])


def is_event(props: dict[str, Any]) -> bool:
    """Does this mention report something that happened at a placed spot?"""
    if props.get("event_type") is None or not props.get("place_id"):
        return False
    return not NOT_AN_EVENT.intersection(props.get("event_flags") or ())


def side_of(props: dict[str, Any]) -> str:
    return props.get("actor1_side") or UNKNOWN_SIDE


def _base_key(props: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        props["place_id"],
        props.get("event_date") or "",
        props.get("date_precision") or "",
        props.get("sub_event_type") or props["event_type"],
    )


def event_id(key: EventKey) -> str:
    """A stable id for the event of ``key``: 'ev-' and 12 hex digits."""
    return "ev-" + hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:12]


def group_mentions(supports: Iterable[Support]) -> dict[EventKey, list[Support]]:
    """The supports of each event, by ACLED's rule (see the module's docstring)."""
    by_base: dict[tuple[str, str, str, str], dict[str, list[Support]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for support in supports:
        by_base[_base_key(support.props)][side_of(support.props)].append(support)
    groups: dict[EventKey, list[Support]] = {}
    for base, sides in by_base.items():
        known = [side for side in sides if side != UNKNOWN_SIDE]
        if len(known) == 1 and UNKNOWN_SIDE in sides:
            sides[known[0]].extend(sides.pop(UNKNOWN_SIDE))
        for side, members in sides.items():
            groups[(*base, side)] = members
    return groups


def _unit_start(parts: Sequence[dict[str, Any]], offset: int) -> int:
    for part in parts:
        if part["start"] <= offset < part["end"]:
            return int(part["start"])
    return 0


def collect_supports(layer: dict[str, Any]) -> list[Support]:
    """The layer's features that take part in events, each with its text unit's key."""
    parts = {row["report"]: row.get("parts") or () for row in layer.get("reports", [])}
    supports = []
    for feature in layer["features"]:
        props = feature["properties"]
        if is_event(props):
            start = _unit_start(parts.get(props["report"], ()), props["start"])
            supports.append(Support(feature, (props["report"], start)))
    return supports
