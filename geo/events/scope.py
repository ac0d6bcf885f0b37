"""Is the event at this place? Clause scoping of a mention against the sentence's events.

A sentence names places in many roles, and only some of them are where something happened:
"HTS captured Mansoura, five miles from the center of Aleppo" happened at Mansoura; Aleppo
is a reference point. Each rule below names one role that is context, not an event place.
"""

from __future__ import annotations

import re

from geo.events.reading import Reading, Trigger
from geo.records import Mention

# "five miles from the center of", "10 km south of", "within a few kilometres of": the place
# after it is where a distance is measured from (when another place is the event's).
_DISTANCE = re.compile(
    r"(?:\d[\d.,]*|\w+)\s+(?:miles?|km|kilomet(?:er|re)s?|met(?:er|re)s?)\s+(?:\(\S+\)\s+)?"
    r"(?:(?:to the\s+)?(?:north|south|east|west)\w*\s+)?(?:from|of)\s+"
    r"(?:(?:the\s+)?(?:center|centre|outskirts|edge|heart)\s+of\s+)?$", re.I)
_APPOSITION = re.compile(r",\s*(?:about|some|around|roughly|nearly|just|less than|more than|"
                         r"only)?\s*$", re.I)
# "Syria's second-largest city", "Turkey's border": the place describes something else.
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\s")
# "the rebel groups based in Idlib", "the regime in Damascus": who someone is, not an event.
_ORIGIN = re.compile(
    r"(?:(?:based|stationed|headquartered|deployed|born|operating|active)\s+(?:in|at|from)|"
    r"(?:regime|government|authorities|leadership|rulers|embassy|envoy|consulate|"
    r"delegation|officials?|ministry)\s+in|(?:hails|hailing|fled|came)\s+from|"
    r"(?:visit(?:ed|s)?|flown to|flew to|travel(?:l)?ed to|trip to|talks in|summit in))\s+"
    r"(?:the\s+)?$", re.I)
_BASED_AFTER = re.compile(r"^[-‐–]?\s*(?:based|backed|born|led|held|controlled|aligned)\b", re.I)
# "the highway between Aleppo and Damascus", "connects Damascus and Aleppo with Latakia".
_ENDPOINT = re.compile(r"\b(?:between|connect(?:s|ing)?|link(?:s|ing)?)\b"
                       r"(?:(?!\b(?:in|at|near|on|around|into)\b)[^;])*$", re.I)
# A country is the event's place only when the event words govern it ("strikes in Syria").
_GOVERNS = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?(?:in|on|across|into|inside|over|against)\s+"
                      r"(?:the\s+)?(?:[\w’'-]+\s+)?$", re.I)
_PLACE_OF = re.compile(r"\b(?:in|on|at|near|into|across|around|outside|inside|of|towards?|"
                       r"from|over|throughout|within|entering|entered|captured|seized|took|"
                       r"taken|reach(?:ed)?|breaching|liberated)\s+(?:[\w’'-]+\s+){0,4}$", re.I)


#: How far before a mention the patterns above look (they match words just before it): a
#: bounded window, so that a sentence of thousands of names is not searched whole for each.
_REACH = 300


def context_reason(reading: Reading, start: int, end: int, mention: Mention,
                   place_type: str) -> str | None:
    """Why the mention at ``start:end`` (relative to the sentence) is context, or None."""
    text = reading.text
    before, after = text[max(0, start - _REACH):start], text[end:end + _REACH]
    if not mention.literal:
        return f"not the place itself ({mention.usage})"
    if _POSSESSIVE_AFTER.match(after):
        return "describes something else (possessive)"
    if _DISTANCE.search(before) and _APPOSITION.search(_DISTANCE.sub("", before)):
        return "reference point of a distance"
    if _ORIGIN.search(before) or _BASED_AFTER.match(after):
        return "origin or seat of an actor"
    clause = reading.clause_at(start)
    if _ENDPOINT.search(text[max(clause[0], start - _REACH):start]):
        return "end point of a road or link"
    return None


def _attached(reading: Reading, trigger: Trigger, start: int) -> bool:
    """The event words govern the place: "strikes on Aleppo", "captured ... Mansoura"."""
    return trigger.end <= start and _GOVERNS.match(reading.text[trigger.end:start]) is not None


def governing_trigger(reading: Reading, start: int, end: int,
                      place_type: str) -> Trigger | None:
    """The event words of the mention's clause that are about this place, if any."""
    clause = reading.clause_at(start)
    inside = [t for t in reading.triggers if clause[0] <= t.start < clause[1]]
    if not inside:
        return None
    attached = [t for t in inside if _attached(reading, t, start)]
    if place_type == "country":
        # A country named in an event's clause is its setting, rarely its place: only
        # when the words govern it ("airstrikes in Syria") is the event coded there.
        return attached[-1] if attached else None
    if attached:
        return max(attached, key=lambda t: (t.rule.rank > 0, t.end))
    # "Aleppo fell to the rebels": the place is the subject of the event words.
    subject = [t for t in inside if 0 <= t.start - end <= 25]
    if not _PLACE_OF.search(reading.text[max(clause[0], start - _REACH):start]) and not subject:
        return None
    return max(inside, key=lambda t: (t.rule.rank, -abs(t.start - start)))
