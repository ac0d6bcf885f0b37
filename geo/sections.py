"""Splitting aggregator pages into the excerpts of the outlets they quote.

An aggregator page strings together excerpts, each under a header such as
``BBC NEWS | Published December 1, 2024`` and closed by lines such as ``READ FULL ARTICLE``,
``SOURCE: www.bbc.com`` or ``Be the first to comment``; a ``RELATED: <headline>`` line opens
the next excerpt, whose header may come a few lines later. A quote belongs to the outlet and
date of the excerpt that holds it, not to the aggregator.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from dateutil import parser as date_parser

from geo.records import ReportPart

_HEADER = re.compile(
    r"^(?P<outlet>[A-Z][A-Za-z0-9&.' -]{1,60}?)\s*[|•·–-]\s*"
    r"(?:Published|Posted|Updated)(?: on)?\s*:?\s*(?P<date>[A-Z][a-z]+\.? \d{1,2},? \d{4})\s*$",
    re.MULTILINE,
)
_CLOSES = re.compile(
    r"^(?:READ (?:THE )?FULL (?:ARTICLE|STORY)|READ MORE|SOURCE:.*|Be the first to comment)\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_OPENS = re.compile(r"^RELATED:.*$", re.MULTILINE | re.IGNORECASE)


def _outlet_name(raw: str) -> str:
    """'KYIV POST' -> 'Kyiv Post', 'BBC NEWS' -> 'BBC News' (short all-caps words are acronyms)."""
    if raw != raw.upper():
        return raw.strip()
    return " ".join(w if len(w) <= 3 else w.capitalize() for w in raw.split())


def _header_date(text: str) -> dt.date | None:
    try:
        return date_parser.parse(text.replace(".", ""), fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def _block_edges(body: str) -> list[int]:
    """Offsets where one excerpt ends and the next may begin."""
    edges = {0, len(body)}
    edges.update(m.end() + 1 for m in _CLOSES.finditer(body))
    edges.update(m.start() for m in _OPENS.finditer(body))
    return sorted(e for e in edges if 0 <= e <= len(body))


def split_parts(body: str, outlet: str, published: dt.date | None) -> tuple[ReportPart, ...]:
    """The report's excerpts; a report without excerpt headers is one part."""
    headers = list(_HEADER.finditer(body))
    if not headers:
        return (ReportPart(0, len(body), outlet, published),)
    edges = _block_edges(body)
    parts: list[ReportPart] = []
    for start, end in itertools.pairwise(edges):
        if not body[start:end].strip():
            continue
        header = next((h for h in headers if start <= h.start() < end), None)
        if header is None:
            parts.append(ReportPart(start, end, outlet, published))
        else:
            parts.append(ReportPart(
                start, end, _outlet_name(header.group("outlet")),
                _header_date(header.group("date")) or published, header.group(0).strip(),
            ))
    return tuple(parts)
