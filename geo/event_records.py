"""One event's record in the layer: what, where, when, who, who says so, and how sure.

``status`` is for the analyst's trust:

- ``disputed``: a supporting sentence is flagged ``disputed``, or another claim about the
  same place and day gives it to another side (see ``mark_contradictions``);
- ``corroborated``: at least two independent outlets (after collapsing syndicated copies),
  or a claimant that is not a party to the fighting and checks claims for a living: a
  monitor (SOHR, a UN body, an NGO) or an official of a government that is not fighting;
- ``claimed``: anything else, one outlet's word or one side's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from geo.event_merge import Support
from geo.syndication import CopyGraph

#: Claimant kinds whose word corroborates an event on its own (not a belligerent's).
CORROBORATING_KINDS = frozenset({"monitor", "official"})
#: ACLED's geo_precision by our kind of place: 1 the spot or town, 2 near it or a line
#: through a region, 3 a region.
_GEO_PRECISION = {"road": 2, "region": 3, "country": 3, "water": 3}


def time_precision(props: dict[str, Any]) -> int | None:
    """ACLED's time_precision: 1 the day is known, 2 within a week, 3 within a month or worse.

    A sentence without a date of its own takes the publication's day: known within days.
    """
    if not props.get("event_date"):
        return None
    if props.get("date_precision") != "day":
        return 3
    return 2 if props.get("date_basis") == "publication" else 1


def geo_precision(props: dict[str, Any]) -> int:
    """ACLED's geo_precision from the place's kind and how the text locates the event."""
    kind = _GEO_PRECISION.get(props.get("place_type") or "", 1)
    if props.get("resolution") == "derived":
        return max(2, kind)  # "the western countryside of Aleppo"
    return kind


def _most_common(values: Sequence[str | None]) -> str | None:
    """The most frequent non-empty value; ties go to the alphabetically first."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _independent_roots(supports: Sequence[Support], graph: CopyGraph) -> set[tuple[str, int]]:
    """The original texts behind the supports: each counts once, however often copied.

    A unit that copies several originals (a round-up of two wires) adds one of them only
    when none is already counted, since which one it follows for this event is unknown.
    """
    chosen: set[tuple[str, int]] = set()
    mixed = []
    for unit in sorted({s.unit for s in supports}):
        roots = graph.originals(unit)
        if len(roots) == 1:
            chosen.add(roots[0])
        else:
            mixed.append(roots)
    for roots in mixed:
        if not chosen.intersection(roots):
            chosen.add(roots[0])
    return chosen


def _outlet(support: Support) -> str:
    return support.props.get("outlet") or ""


def _copies(supports: Sequence[Support], graph: CopyGraph) -> list[dict[str, Any]]:
    rows = set()
    for support in supports:
        for root in graph.originals(support.unit):
            if root != support.unit:
                rows.add((_outlet(support), support.unit[0], graph.outlet(root), root[0]))
    return [{"outlet": o, "report": r, "carries": so, "source_report": sr}
            for o, r, so, sr in sorted(rows)]


def _claimants(supports: Sequence[Support]) -> list[dict[str, Any]]:
    outlets: dict[tuple[str, str], set[str]] = {}
    for support in supports:
        coding = support.props
        kind = coding.get("claimant_kind") or "outlet"
        name = coding.get("claimant") or (_outlet(support) if kind == "outlet" else "unknown")
        outlets.setdefault((name, kind), set()).add(_outlet(support))
    return [{"claimant": name, "kind": kind, "outlets": sorted(found)}
            for (name, kind), found in sorted(outlets.items())]


def _fatalities(supports: Sequence[Support]) -> tuple[int | None, list[dict[str, Any]]]:
    """The lowest figure (ACLED's conservative rule) and, when figures differ, all of them."""
    figures = sorted({
        (s.props["fatalities"], _outlet(s), s.props.get("claimant") or "", s.unit[0])
        for s in supports if s.props.get("fatalities") is not None
    })
    if not figures:
        return None, []
    reported = []
    if len({f[0] for f in figures}) > 1:
        reported = [{"fatalities": n, "outlet": o, "claimant": c or None, "report": r}
                    for n, o, c, r in figures]
    return figures[0][0], reported


def _support_row(support: Support, graph: CopyGraph) -> dict[str, Any]:
    props = support.props
    roots = [r for r in graph.originals(support.unit) if r != support.unit]
    return {
        "report": props["report"], "start": props["start"], "end": props["end"],
        "feature": support.feature_id, "quote": props.get("quote"), "outlet": _outlet(support),
        "claimant": props.get("claimant"), "claimant_kind": props.get("claimant_kind"),
        "fatalities": props.get("fatalities"), "flags": list(props.get("event_flags") or ()),
        "copy_of": sorted({graph.outlet(r) for r in roots}) or None,
    }


# "dozens of towns in Idlib and western Aleppo": the place is the area the taken things are
# in, so the event happened within it; the words before the mention end this way.
_AREA_OF = re.compile(
    r"\b(?:towns?|villages?|areas?|parts?|positions?|neighbou?rhoods?|districts?|hamlets?|"
    r"localities|settlements?|suburbs?|outposts?|hills?)\s+(?:\w+\s+){0,2}?"
    r"(?:in|of|across|around|throughout)\s+"
    r"(?:(?:the\s+)?[\w’'-]+(?:\s+(?:province|governorate|countryside))?\s*(?:,\s*and|,|and)\s+){0,3}"
    r"(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _names_an_area(props: dict[str, Any]) -> bool:
    """True when the mention names the area things happened in, not the place it names."""
    quote, low = props.get("quote") or "", props.get("quote_start")
    if low is None:
        return False
    before = quote[:max(0, props["start"] - low)]
    return _AREA_OF.search(before[-200:]) is not None


def _status(supports: Sequence[Support], independent: int, claimants: list[dict]) -> str:
    if any("disputed" in (s.props.get("event_flags") or ()) for s in supports):
        return "disputed"
    if independent >= 2 or any(c["kind"] in CORROBORATING_KINDS for c in claimants):
        return "corroborated"
    return "claimed"


def event_record(event_id: str, supports: Sequence[Support], graph: CopyGraph) -> dict[str, Any]:
    """The ``events`` row of one event (see docs/layer-schema.md)."""
    supports = sorted(supports, key=lambda s: (s.unit[0], s.props["start"]))
    first = supports[0].props
    codings = [s.props for s in supports]
    sides = {c.get("actor1_side") for c in codings} | {c.get("actor2_side") for c in codings}
    independent = sorted({graph.outlet(root) for root in _independent_roots(supports, graph)})
    claimants = _claimants(supports)
    fatalities, reported = _fatalities(supports)
    precisions = [p for p in map(time_precision, codings) if p is not None]
    lon, lat = supports[0].feature["geometry"]["coordinates"]
    return {
        "event_id": event_id,
        "event_date": first.get("event_date"),
        "date_precision": first.get("date_precision"),
        "time_precision": min(precisions) if precisions else None,
        "geo_precision": min(geo_precision(c) for c in codings),
        "event_type": first["event_type"],
        "sub_event_type": first.get("sub_event_type"),
        "actor1": _most_common([c.get("actor1") for c in codings]),
        "actor2": _most_common([c.get("actor2") for c in codings]),
        "actor1_side": _most_common([c.get("actor1_side") for c in codings]) or "unknown",
        "actor2_side": _most_common([c.get("actor2_side") for c in codings]),
        "sides": sorted(s for s in sides if s),
        "place": first.get("place"), "place_id": first["place_id"],
        "place_type": first.get("place_type"), "country": first.get("country", ""),
        "admin1": first.get("admin1", ""), "coordinates": [lon, lat],
        "fatalities": fatalities, "fatalities_reported": reported,
        "outlets": sorted({_outlet(s) for s in supports}),
        "independent_outlets": independent,
        "outlet_count": len({_outlet(s) for s in supports}),
        "independent_count": len(independent),
        "copies": _copies(supports, graph),
        "claimants": claimants,
        "status": _status(supports, len(independent), claimants),
        "contradicts": [],
        "historical": all("historical" in (c.get("event_flags") or ()) for c in codings),
        "within_place": all(_names_an_area(c) for c in codings),
        "mentions": [_support_row(s, graph) for s in supports],
    }


#: Sub-event types that say who holds a place afterwards.
TERRITORIAL = frozenset({
    "Non-state actor overtakes territory", "Government regains territory",
    "Non-violent transfer of territory",
})


def mark_contradictions(events: Sequence[dict[str, Any]]) -> None:
    """Claims that give the same place on the same day to different sides dispute each other.

    Both stay, side by side, each ``disputed`` and listing the other in ``contradicts``.
    """
    by_place_day: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for event in events:
        if event["sub_event_type"] in TERRITORIAL and event["event_date"]:
            by_place_day.setdefault((event["place_id"], event["event_date"]), []).append(event)
    for group in by_place_day.values():
        if len({e["actor1_side"] for e in group}) < 2:
            continue
        for event in group:
            others = [e["event_id"] for e in group if e["actor1_side"] != event["actor1_side"]]
            event["contradicts"] = sorted(others)
            event["status"] = "disputed"
