"""Who says so: the innermost source a sentence attributes its event to.

"The Associated Press said that residents reported hearing missiles": two attributions, and
the one nearest the event words is the claimant (residents). A sentence with none speaks in
the report's own voice (``outlet``). Sources are the lexicon's names that can speak
(``claimant_kind``), or unknown speakers, whose kind stays unknown.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from geo.events.lexicon import Actor
from geo.events.prefixes import alternation, has_any
from geo.events.reading import Name, Reading, covering

_VERB_WORDS = (r"said|says|say|saying|reported|reports|report|reporting|claimed|claims|claim|"
          r"told|tells|stated|states|announced|announces|added|adding|blamed|blames|"
          r"confirmed|confirms|denied|denies|cited|cites|noted|notes|broadcast|showed|shows|"
          r"show|suggest|suggests|accused|accuses|quoted|wrote|posted|published|alleged|"
          r"alleges|warned|documented|recorded|estimated|insisted|vowed|announcing")
# As a tree of letters: every pattern below tries the verbs at many positions.
_VERBS = alternation(_VERB_WORDS.split("|"))
# A source and its verb, a few words apart ("Turkish media on Friday broadcast").
_NAME_THEN_VERB = re.compile(rf"\)?(?:\s+\([^)]{{1,20}}\))?(?:,[^,;:“”\"]{{1,60}},)?"
                             rf"(?:\s+[^,;:“”\"]{{0,30}}?)??\s+(?:{_VERBS})\b", re.I)
# A verb after the quote it closes, or "according to": the source follows it.
_VERB_THEN_NAME = re.compile(rf"(?:(?:[,”\"]\s*|^)(?:{_VERBS})|according to)\s+"
                             r"(?:the\s+|an?\s+)?(?!that\b)(?:[\w.-]+\s+)?$", re.I)
# Attribution to nobody in particular ("it was reported", "reportedly", "is said to").
_UNNAMED = re.compile(r"\b(?:it (?:was|is|has been) (?:reported|claimed|said)|reportedly|"
                      r"(?:is|are|was|were) said to|allegedly|were reported|was reported)\b",
                      re.I)
# Every attribution above has one of these words: a sentence without any has no claim, and
# is not searched further (most sentences).
_CUES = (*_VERB_WORDS.split("|"), "according to", "reportedly", "allegedly")
#: How far before a name its attribution ("according to the", "..., said the") can start.
_VERB_REACH = 80
# "she said", "he added": a speaker named elsewhere; who it is stays unknown here.
_PRONOUN_SPEAKER = re.compile(rf"\b(?:he|she|they)\s+(?:{_VERBS})\b", re.I)
_UNKNOWN_SPEAKER = re.compile(rf"\b([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){{0,3}})\s+(?:{_VERBS})\b")


@dataclass(frozen=True)
class Claim:
    start: int  # the attribution's words ("HTS claimed"), relative to the sentence
    end: int
    claimant: str
    kind: str | None  # None: a speaker the lexicon does not know
    actor: Actor | None = None  # the party that speaks, when the source is one


def _as_claim(name: Name, start: int, end: int) -> Claim | None:
    source = name.speaking()
    if source is None:
        return None
    claimant = source.claimant or re.sub(r"^(?:the|a|an)\s+", "", name.text, flags=re.I)
    return Claim(start, end, claimant, source.claimant_kind, name.acting())


def _named_claims(reading: Reading) -> list[Claim]:
    text, claims = reading.text, []
    for name in reading.names:
        after = _NAME_THEN_VERB.match(text, name.end)
        verb = _VERB_THEN_NAME.search(text, max(0, name.start - _VERB_REACH), name.start)
        if after and not _starts_a_name(reading, name.end, after.end()):
            claim = _as_claim(name, name.start, after.end())
        elif verb:
            claim = _as_claim(name, verb.start(), name.end)
        else:
            continue
        if claim is not None:
            claims.append(claim)
    return claims


def _starts_a_name(reading: Reading, start: int, end: int) -> bool:
    # "Rebel leader ... told MEE": the verb belongs to the nearer name, not this one.
    return any(n.end < end and n.speaking() for n in reading.names_between(start + 1, end))


def _other_claims(reading: Reading, named: list[Claim]) -> list[Claim]:
    text, claims = reading.text, []
    for m in _UNNAMED.finditer(text):
        claims.append(Claim(m.start(), m.end(), "unnamed reports", "media"))
    for m in _PRONOUN_SPEAKER.finditer(text):
        claims.append(Claim(m.start(), m.end(), m.group(0).split()[0].lower(), None))
    covered = covering((c.start, c.end) for c in named)
    known = covering((n.start, n.end) for n in reading.names)
    for m in _UNKNOWN_SPEAKER.finditer(text):
        if not covered(m.start(1)) and not known(m.start(1)):
            claims.append(Claim(m.start(), m.end(), m.group(1), None))
    return claims


def find_claims(reading: Reading) -> tuple[Claim, ...]:
    """Every attribution of the sentence, in order."""
    if not has_any(reading.text, _CUES):
        return ()
    named = _named_claims(reading)
    claims = sorted(named + _other_claims(reading, named), key=lambda c: (c.start, -c.end))
    # "According to the United Nations Office for ... (OCHA)": one claim, the longest;
    # "Reports suggest that the rebels": the source's own verb, not a later name's.
    kept: list[Claim] = []
    for claim in claims:
        if kept and claim.start < kept[-1].end:
            continue
        kept.append(claim)
    return tuple(kept)


def innermost_sorted(claims: tuple[Claim, ...], starts: tuple[int, ...], trigger_start: int,
                     clause: tuple[int, int]) -> Claim | None:
    """``innermost`` for claims in order with their ``starts``: found by bisection (a
    sentence of hundreds of claims and events is not scanned once per event)."""
    def pick(lo: int, hi: int) -> Claim | None:
        at = max(lo, min(hi, bisect.bisect_right(starts, trigger_start)))
        if at > lo:  # the nearest claim at or before the event words
            return claims[at - 1]
        return claims[at] if at < hi else None  # else the first after them

    inside = pick(bisect.bisect_left(starts, clause[0]), bisect.bisect_left(starts, clause[1]))
    return inside or pick(0, len(claims))


def innermost(claims: tuple[Claim, ...], trigger_start: int,
              clause: tuple[int, int]) -> Claim | None:
    """The claim the event words stand under: the nearest before them, in their clause
    first; else the first after them ("..., the observatory said")."""
    def pick(pool: list[Claim]) -> Claim | None:
        before = [c for c in pool if c.start <= trigger_start]
        after = [c for c in pool if c.start > trigger_start]
        return before[-1] if before else (after[0] if after else None)

    inside = [c for c in claims if clause[0] <= c.start < clause[1]]
    return pick(inside) or pick(list(claims))
