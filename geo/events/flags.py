"""Flags that qualify an event: long past, only intended, denied, or contested."""

from __future__ import annotations

import datetime as dt
import re

from geo.records import EventDate

#: An event this many days or more before the report's date is background, not news.
HISTORICAL_DAYS = 30

_INTENT = re.compile(
    r"\b(?:will|would|could|might|may|shall|plans? to|planned to|planning to|aims? to|aimed to|"
    r"intends? to|threaten(?:s|ed)? to|vow(?:s|ed)? to|seeks? to|sought to|expected to|"
    r"prepar(?:e|es|ed|ing) to|try(?:ing)? to|tried to|trying and|try and|want(?:s|ed)? to|"
    r"eyes are on|set (?:its|their|our) sights on|whether|ready to|calls? for|called (?:on|upon))"
    r"\b[^.;]{0,60}$", re.I)
_NEGATED = re.compile(r"\b(?:not|n['’]t|never|no|failed to|unable to|without)\s+(?:\w+\s+){0,2}$",
                      re.I)
_DISPUTED = re.compile(
    r"\b(?:den(?:y|ied|ies)|disputed|contradict\w*|unverified|could not (?:be )?(?:independently )?"
    r"(?:verify|verified|confirm|confirmed)|no independent verification|false claims?|"
    r"fabricated|refuted|rejected (?:the |these )?(?:claims?|reports?))\b", re.I)


def historical(when: EventDate, published: dt.date | None) -> bool:
    if when.date is None or published is None:
        return False
    return (published - when.date).days >= HISTORICAL_DAYS


def event_flags(clause: str, before_trigger: str, when: EventDate, published: dt.date | None,
                contested: bool) -> tuple[str, ...]:
    """The flags of an event read from ``clause``; ``before_trigger`` is the clause up to
    and with the event words ("our eyes are on"); ``contested`` says another claim in the
    sentence contradicts it."""
    flags = []
    if historical(when, published):
        flags.append("historical")
    if _INTENT.search(before_trigger):
        flags.append("intent")
    words_before = before_trigger.rsplit(" ", 1)[0] + " " if " " in before_trigger else ""
    if _NEGATED.search(words_before) and not words_before.rstrip().endswith("not only"):
        flags.append("negated")
    if contested or _DISPUTED.search(clause):
        flags.append("disputed")
    return tuple(flags)
