"""Dates after the build day: a report published, or an event dated, in the future.

A date after the day of the build is almost always a typo in the front matter (2042 for
2024) or an expression resolved the wrong way; the build still writes the layer, but says
so once per report, naming its file and the dates. The dashboard shows the same lines,
checked against the day its layer was built.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: Event dates listed per report line; the rest are counted.
SHOWN_EVENT_DATES = 3


def _day(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string (or a date) as a date; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def build_day_of(layer: Mapping[str, Any]) -> dt.date:
    """The day a layer was built: its ``generated_at`` (the build's clock, geo.clock), or
    today when it has none."""
    stamp = layer.get("generated_at")
    try:
        return dt.datetime.fromisoformat(str(stamp)).date()
    except ValueError:
        from geo.clock import build_day

        return build_day()


def _published(row: Mapping[str, Any]) -> Iterable[dt.date | None]:
    yield _day(row.get("published"))
    for part in row.get("parts") or ():  # an aggregator's excerpts carry their own dates
        if isinstance(part, Mapping):
            yield _day(part.get("published"))


def future_dates(
    reports: Iterable[Mapping[str, Any]], mentions: Iterable[Mapping[str, Any]], day: dt.date
) -> list[str]:
    """One line per report dated after ``day``: its file (or id), the publication dates
    and the event dates that are later than ``day``.

    ``reports`` are the layer's report rows (``report``, ``path``, ``published``,
    ``parts``); ``mentions`` are rows with ``report`` and ``event_date`` (features and
    unresolved mentions alike). Rows may repeat; malformed dates are ignored here (the
    report reader refuses them).
    """
    where: dict[str, str] = {}
    published: dict[str, set[dt.date]] = defaultdict(set)
    events: dict[str, set[dt.date]] = defaultdict(set)
    for row in reports:
        report = str(row.get("report", ""))
        where.setdefault(report, str(row.get("path") or report))
        published[report].update(d for d in _published(row) if d is not None and d > day)
    late_day = _later_than(day)
    for row in mentions:
        event = late_day(row.get("event_date"))
        if event is not None:
            events[str(row.get("report", ""))].add(event)
    late = sorted({r for r, dates in published.items() if dates} | set(events))
    return [_line(where.get(r, r), published.get(r, set()), events.get(r, set()), day)
            for r in late]


def _later_than(day: dt.date) -> Callable[[Any], dt.date | None]:
    """A value's day when it is after ``day``, else None; each date text is read once (a
    layer's hundreds of thousands of mentions share a few hundred days)."""
    known: dict[str, dt.date | None] = {}

    def late(value: Any) -> dt.date | None:
        if not isinstance(value, str):
            return _after(value, day)
        if value not in known:
            known[value] = _after(value, day)
        return known[value]

    return late


def _after(value: Any, day: dt.date) -> dt.date | None:
    found = _day(value)
    return found if found is not None and found > day else None


def _line(where: str, published: set[dt.date], events: set[dt.date], day: dt.date) -> str:
    said = []
    if published:
        said.append("published " + ", ".join(d.isoformat() for d in sorted(published)))
    if events:
        shown = sorted(events)[:SHOWN_EVENT_DATES]
        more = len(events) - len(shown)
        said.append(("an event dated " if len(events) == 1 else "events dated ")
                    + ", ".join(d.isoformat() for d in shown)
                    + (f" and {more} more" if more else ""))
    return (f"{where}: {' and '.join(said)}, after the build day {day.isoformat()}; "
            "check the dates")
