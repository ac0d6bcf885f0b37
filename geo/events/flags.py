"""Flags that qualify an event: long past, only intended, denied, or contested."""

from __future__ import annotations

import datetime as dt
import re

from geo.events.caseless import caseless, lower_for
from geo.events.prefixes import has_any
from geo.records import EventDate

#: An event this many days or more before the report's date is background, not news.
HISTORICAL_DAYS = 30

_INTENT = caseless(
    r"\b(?:will|would|could|might|may|shall|plans? to|planned to|planning to|aims? to|aimed to|"
    r"intends? to|threaten(?:s|ed)? to|vow(?:s|ed)? to|seeks? to|sought to|expected to|"
    r"prepar(?:e|es|ed|ing) to|try(?:ing)? to|tried to|trying and|try and|want(?:s|ed)? to|"
    r"eyes are on|set (?:its|their|our) sights on|whether|ready to|calls? for|called (?:on|upon))"
    r"\b[^.;]{0,60}$")
_NEGATED = caseless(r"\b(?:not|n['’]t|never|no|failed to|unable to|without)\s+(?:\w+\s+){0,2}$")
_DISPUTED = re.compile(
    r"\b(?:den(?:y|ied|ies)|disputed|contradict\w*|unverified|could not (?:be )?(?:independently )?"
    r"(?:verify|verified|confirm|confirmed)|no independent verification|false claims?|"
    r"fabricated|refuted|rejected (?:the |these )?(?:claims?|reports?))\b", re.I)


def historical(when: EventDate, published: dt.date | None) -> bool:
    if when.date is None or published is None:
        return False
    return (published - when.date).days >= HISTORICAL_DAYS


# Every match of _DISPUTED has one of these: a clause without any is not searched.
_DISPUTED_WORDS = ("deny", "denied", "denies", "disputed", "contradict", "unverified",
                   "could not", "no independent verification", "false claim", "fabricated",
                   "refuted", "rejected")


def disputed(clause: str) -> bool:
    """The clause says its event is denied or unverified."""
    return has_any(clause, _DISPUTED_WORDS) and _DISPUTED.search(clause) is not None


#: How far before the event words "will", "plans to" or "not" can qualify them (both
#: patterns end there and span a few words).
_QUALIFIER_REACH = 200


def event_flags(text: str, clause: tuple[int, int], trigger_end: int, when: EventDate,
                published: dt.date | None, disputed: bool, *,
                low: str | None = None) -> tuple[str, ...]:
    """The flags of the event whose words end at ``trigger_end`` in ``clause`` of the
    sentence ``text`` ("our eyes are on"); ``disputed``: the clause or another claim in
    the sentence contradicts it. Only the words just before the event's are read.
    ``low``: the sentence's ``caseless.lower_for``, when known (else worked out here)."""
    low = low if low is not None else lower_for(text)
    flags = []
    if historical(when, published):
        flags.append("historical")
    if _INTENT.search(text, low, max(clause[0], trigger_end - _QUALIFIER_REACH), trigger_end):
        flags.append("intent")
    if _negated(text, low, clause[0], trigger_end):
        flags.append("negated")
    if disputed:
        flags.append("disputed")
    return tuple(flags)


def _negated(text: str, low: str | None, start: int, trigger_end: int) -> bool:
    # The words before the event's last word ("had not taken" of "had not taken control").
    space = text.rfind(" ", start, trigger_end)
    if space < 0:
        return False
    if space - start > _QUALIFIER_REACH:  # from a word start, as the whole clause would be
        start = max(start, text.rfind(" ", start, space - _QUALIFIER_REACH) + 1)
    words_before = text[start:space] + " "
    low_before = low[start:space] + " " if low is not None else None
    return _NEGATED.search(words_before, low_before) is not None and not \
        words_before.rstrip().endswith("not only")
