"""Building resolved, event-coded mentions by hand for the cross-report tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from geo.records import (
    EventCoding,
    EventDate,
    Mention,
    Place,
    Report,
    ReportPart,
    Resolution,
    ResolvedMention,
    Sentence,
)

SARAQIB = Place("curated:sy-saraqib", "Saraqib", 35.86, 36.8, "town", "SY", "Idlib")
ALEPPO = Place("geonames:170063", "Aleppo", 36.20, 37.16, "city", "SY", "Aleppo")
IDLIB_PROVINCE = Place("geonames:169387", "Idlib Governorate", 35.8, 36.6, "region", "SY")


def report(report_id: str, body: str, outlet: str, published: str = "2024-11-30") -> Report:
    day = dt.date.fromisoformat(published)
    return Report(report_id, Path(f"{report_id}.md"), outlet, day, body,
                  parts=(ReportPart(0, len(body), outlet, day),))


def coded(
    rep: Report, name: str, place: Place, *, day: str = "2024-11-30", nth: int = 0,
    **coding: Any,
) -> ResolvedMention:
    """The ``nth`` mention of ``name`` in ``rep``, placed at ``place`` on ``day``, coded so."""
    start = -1
    for _ in range(nth + 1):
        start = rep.body.index(name, start + 1)
    end = start + len(name)
    s_start = rep.body.rfind(".", 0, start) + 1
    s_end = rep.body.find(".", end) + 1 or len(rep.body)
    sentence = Sentence(s_start, s_end, rep.body[s_start:s_end].strip())
    mention = Mention(rep.report_id, start, end, name, name, sentence)
    when = EventDate(dt.date.fromisoformat(day), "day", "explicit", day)
    item = ResolvedMention(mention, Resolution(place, 0.9, "gazetteer"), when, rep.parts[0])
    return dataclasses.replace(item, event=EventCoding(**coding))


CAPTURE = {"event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory"}
REGAIN = {"event_type": "Battles", "sub_event_type": "Government regains territory"}
STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
