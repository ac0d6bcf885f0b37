"""When did the event of a sentence happen?

A report published on Friday that says "on Wednesday" means two days earlier; "Sept. 15"
in a December report is this September; "Back in 2016" is background, not news. Each date
expression of a sentence is read and resolved against the publication date of the excerpt
that holds it, and a mention takes the expression nearest to it. A sentence with no usable
expression takes the publication date (``basis: publication``).

Expressions that open a span up to now ("since 2015", "since the offensive began three days
ago") do not date the event: what they describe is still going on. A year used as an
adjective ("the cradle of the 2011 uprising") names another event: it dates a place only
when the sentence says nothing else. "A day earlier", "the next day" count from the
sentence's nearest other date (or the publication date).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from geo.records import EventDate

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("month_day", re.compile(
        _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2}))?")),
    ("day_month", re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
        + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?")),
    ("month_year", re.compile(_MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b")),
    ("year", re.compile(
        r"\b(?P<lead>in|during|back in|since|until|till|by|of|early|late|mid-?|the|summer of|"
        r"spring of|autumn of|winter of|fall of)\s+(?P<year>(?:19|20)\d{2})\b(?!-\d)",
        re.IGNORECASE)),
    ("weekday", re.compile(
        r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")),
    ("days_ago", re.compile(
        r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.IGNORECASE)),
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night)\b", re.IGNORECASE)),
    ("today", re.compile(
        r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
        r"in\s+the\s+past\s+24\s+hours)\b", re.IGNORECASE)),
]
# How far after "the 2016" its phrase may name a place ("the 2016 siege of eastern Aleppo").
_ATTRIBUTIVE_REACH = 30
# Counted from another date of the sentence: "a day earlier", "two days later", "the day
# before", "the next day".
_SHIFT = re.compile(
    r"\b(?:(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>days?|weeks?)\s+(?P<dir>earlier|before|later|after)|"
    r"the\s+(?:day|night)\s+(?P<before>before)|the\s+(?P<previous>previous)\s+(?:day|night)|"
    r"the\s+(?:next|following)\s+day)\b",
    re.IGNORECASE,
)
# Every expression above holds a digit or one of these words; most sentences hold none.
_ANY_DATE = re.compile(
    r"\d|day|week|ago|tonight|morning|afternoon|evening|last\s+night|yesterday", re.IGNORECASE
)
_OPEN_SPAN = re.compile(r"\bsince\b[^.;]{0,40}$", re.IGNORECASE)


@dataclass(frozen=True)
class DateExpression:
    start: int
    end: int
    date: EventDate
    #: A year used as an adjective ("the 2011 uprising"): used only if nothing else is.
    attributive: bool = False


def _month_number(word: str) -> int:
    return _MONTHS[word[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _recent_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """A month and day with no year: the latest such date not after publication (+1 week)."""
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate and candidate > published + dt.timedelta(days=7):
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _explicit(kind: str, m: re.Match[str], published: dt.date | None) -> EventDate | None:
    text = m.group(0)
    if kind == "iso":
        day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return EventDate(day, "day", "explicit", text) if day else None
    if kind in {"month_day", "day_month"}:
        month, number = _month_number(m["month"]), int(m["day"])
        day = (_safe_date(int(m["year"]), month, number) if m["year"]
               else _recent_year(month, number, published))
        return EventDate(day, "day", "explicit", text) if day else None
    if kind == "month_year":
        return EventDate(dt.date(int(m["year"]), _month_number(m["month"]), 1), "month",
                         "explicit", text)
    if kind == "year" and m["lead"].lower() not in {"since", "until", "till", "by"}:
        return EventDate(dt.date(int(m["year"]), 1, 1), "year", "explicit", text)
    return None


def _relative(kind: str, m: re.Match[str], published: dt.date | None) -> EventDate | None:
    if published is None:
        return None
    text = m.group(0)
    if kind == "weekday":
        target = _WEEKDAYS.index(m["weekday"].lower())
        back = (published.weekday() - target) % 7
        return EventDate(published - dt.timedelta(days=back), "day", "relative", text)
    if kind == "yesterday":
        return EventDate(published - dt.timedelta(days=1), "day", "relative", text)
    if kind == "today":
        return EventDate(published, "day", "relative", text)
    if kind == "days_ago":
        count = _NUMBERS.get(m["n"].lower()) or int(m["n"])
        unit = m["unit"].lower().rstrip("s")
        delta = relativedelta(**{f"{unit}s": count})
        precision = "year" if unit == "year" else "month" if unit == "month" else "day"
        day = published - delta
        if precision == "year":
            day = dt.date(day.year, 1, 1)
        return EventDate(day, precision, "relative", text)  # type: ignore[arg-type]
    return None


def find_dates(sentence: str, offset: int, published: dt.date | None) -> list[DateExpression]:
    """Date expressions of a sentence that date its event, with body offsets.

    Linear-logarithmic in the sentence's expressions: a "sentence" may be a whole body
    with no full stops and thousands of dates.
    """
    found: list[DateExpression] = []
    if not _ANY_DATE.search(sentence):
        return found
    shifts = list(_SHIFT.finditer(sentence))
    taken = _Spans(m.span() for m in shifts)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if not taken.add(match.start(), match.end()):
                continue
            # "since ..." reaches at most 45 characters back: search only that far.
            if _OPEN_SPAN.search(sentence, max(0, match.start() - 64), match.start()):
                continue
            date = _explicit(kind, match, published) or _relative(kind, match, published)
            if date is not None:
                attributive = kind == "year" and match["lead"].lower() == "the"
                found.append(DateExpression(offset + match.start(), offset + match.end(), date,
                                            attributive))
    days = _Nearest([e for e in found if e.date.precision == "day" and e.date.date is not None])
    found += [e for m in shifts if (e := _shifted(m, offset, days, published)) is not None]
    return found


class _Spans:
    """Disjoint spans of a text, sorted; ``add`` refuses a span that overlaps one."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self._starts, start)
        if (at and self._ends[at - 1] > start) or (
                at < len(self._starts) and self._starts[at] < end):
            return False
        self._starts.insert(at, start)
        self._ends.insert(at, end)
        return True


class _Nearest:
    """Expressions by the middle of their span, for the one nearest a point (ties: the
    first in the given order)."""

    def __init__(self, expressions: Sequence[DateExpression]) -> None:
        ordered = sorted(range(len(expressions)), key=lambda n: _middle(expressions[n]))
        self._order = ordered
        self._middles = [_middle(expressions[n]) for n in ordered]
        self._expressions = expressions

    def __bool__(self) -> bool:
        return bool(self._expressions)

    def nearest(self, point: float) -> DateExpression:
        at = bisect.bisect_left(self._middles, point)
        around = [n for n in (at - 1, at) if 0 <= n < len(self._middles)]
        best = min(around, key=lambda n: (abs(self._middles[n] - point), self._order[n]))
        return self._expressions[self._order[best]]


def _middle(expression: DateExpression) -> float:
    return (expression.start + expression.end) / 2


def _shifted(
    match: re.Match[str], offset: int, days: _Nearest, published: dt.date | None
) -> DateExpression | None:
    """'A day earlier' counted from the nearest day-precise date of the sentence, else from
    the publication date."""
    middle = offset + (match.start() + match.end()) / 2
    anchor = days.nearest(middle).date.date if days else published
    if anchor is None:
        return None
    if match["unit"]:
        count = _NUMBERS.get(match["n"].lower()) or int(match["n"])
        count *= 7 if match["unit"].lower().startswith("week") else 1
        sign = -1 if match["dir"].lower() in {"earlier", "before"} else 1
    else:
        count, sign = 1, -1 if match["before"] or match["previous"] else 1
    day = anchor + dt.timedelta(days=sign * count)
    date = EventDate(day, "day", "relative", match.group(0))
    return DateExpression(offset + match.start(), offset + match.end(), date)


def event_date(
    expressions: list[DateExpression], start: int, published: dt.date | None,
    end: int | None = None,
) -> EventDate:
    """The date of the expression nearest to a mention (the span ``start``-``end``, which may
    be a whole list of places: "the towns of Rastan and Talbiseh a day earlier"), else the
    publication date.

    An attributive year dates the places of its own phrase ("the 2016 siege of Aleppo");
    elsewhere in a sentence with another date it does not ("took Deraa on Friday, the
    cradle of the 2011 uprising").
    """
    usable = [e for e in expressions
              if not e.attributive or 0 <= start - e.end <= _ATTRIBUTIVE_REACH] or expressions
    if usable:
        last = start if end is None else end

        def gap(expression: DateExpression) -> float:
            middle = (expression.start + expression.end) / 2
            return max(start - middle, middle - last, 0.0)

        return min(usable, key=gap).date
    if published is None:
        return EventDate(None, None, "undated")
    return EventDate(published, "day", "publication")


class SentenceDates:
    """A sentence's date expressions, ready to date each of its mentions.

    A sentence with many dates (a body with no full stops) gives each mention only the
    expressions around it: all those within its span and the ``_NEIGHBOURS`` nearest on
    each side, found by bisection, so dating costs no more than the sentence's length.
    With few expressions every one is weighed, as :func:`event_date` does.
    """

    _NEIGHBOURS = 8
    _NARROW_FROM = 32

    def __init__(self, expressions: list[DateExpression]) -> None:
        self.expressions = expressions
        self._order = sorted(range(len(expressions)), key=lambda n: _middle(expressions[n]))
        self._middles = [_middle(expressions[n]) for n in self._order]
        self._near: dict[tuple[int, int], list[DateExpression]] = {}

    def event_date(self, start: int, published: dt.date | None,
                   end: int | None = None) -> EventDate:
        """As :func:`event_date` of the sentence's expressions for this mention."""
        expressions = self.expressions
        if len(expressions) >= self._NARROW_FROM:
            expressions = self._around(start, start if end is None else end)
        return event_date(expressions, start, published, end)

    def _around(self, start: int, last: int) -> list[DateExpression]:
        key = (start, last)
        if key not in self._near:  # the members of one list share one span
            low = max(bisect.bisect_left(self._middles, start) - self._NEIGHBOURS, 0)
            high = bisect.bisect_right(self._middles, last) + self._NEIGHBOURS
            chosen = sorted(self._order[low:high])  # back in the expressions' own order
            self._near[key] = [self.expressions[n] for n in chosen]
        return self._near[key]
