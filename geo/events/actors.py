"""Who did it, and to whom: the parties around an event's words, with their sides.

Subject before the words, object after ("rebels captured Mansoura from regime forces"),
the agent of a passive after "by" ("were ambushed ... by Hayat Tahrir al-Sham fighters"),
and a demonym on the words themselves ("Russian strikes", "Israeli airstrikes").
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from geo.events.caseless import Caseless, caseless
from geo.events.lexicon import TERRITORY, Actor
from geo.events.reading import Name, Reading, Trigger, asides, covering

_PASSIVE = caseless(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+){0,3}$")
# A passive needs a participle: "were ambushed", "was hit", not "was assaulting".
_PARTICIPLE = re.compile(r"(?:ed|en|wn|ck|ot|it|ht)$", re.I)
_BY = caseless(r"\bby\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$")
_BETWEEN = caseless(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
# "the Kurdish-led Syrian Democratic Forces (SDF) opposition group": one party, named
# thrice; the first name says who it is.
_SAME_PARTY = re.compile(r"^\s*(?:\(|\)\s*)?$")
_DEMONYMS = {
    "russian": Actor("Russian armed forces", "russia", "belligerent", "Russian government"),
    "israeli": Actor("Israeli armed forces", "israel", "belligerent", "Israeli military"),
    "turkish": Actor("Turkish armed forces", "turkey", "belligerent", "Turkish military"),
    "iranian": Actor("Iranian forces and allies", "iran", "belligerent", ""),
    "american": Actor("US forces", "usa", "belligerent", "US military"),
    "u.s.": Actor("US forces", "usa", "belligerent", "US military"),
    "us": Actor("US forces", "usa", "belligerent", "US military"),
    "coalition": Actor("US forces", "usa", "belligerent", "US military"),
}
# A demonym right before the event words or inside them ("the first Russian strikes").
_DEMONYM = re.compile(r"\b(russian|israeli|turkish|iranian|american|u\.s\.|US|coalition)\s+"
                      r"(?:[\w-]+\s+){0,2}$", re.I)


_CONTINUES = re.compile(r"^\W*(?:after|before|while|when|as|by|then|and)\s+\w+ing\b|^\W*(?:the\s+)?"
                        r"[\w -]{0,40}\b(?:was|were|is)\s+(?:the\s+)?scene\b", re.I)


@functools.lru_cache(maxsize=8192)
def _continues(text: str, clause: tuple[int, int]) -> bool:
    # Once per clause, however many places it names.
    return _CONTINUES.search(text[clause[0]:clause[1]]) is not None


_PRONOUN_SUBJECT = re.compile(r"\W*(?:by \w+,\s*)?(?:they|it|its forces|their forces|the group)\b",
                              re.I)


def clear_caches() -> None:
    _continues.cache_clear()


def pronoun_subject(text: str, start: int, end: int) -> bool:
    """The doer of ``text[start:end]`` (a clause up to its event words) is a pronoun ("By
    Sunday, they had taken control of Aleppo")."""
    return _PRONOUN_SUBJECT.match(text, start, end) is not None


def first_party(reading: Reading) -> Actor | None:
    """The first party a sentence names as a doer (for a pronoun in the next one)."""
    parties = [a for _, a in _acting(list(reading.names), reading.text) if a.side != "civilians"]
    return parties[0] if parties else None


@dataclass(frozen=True)
class Parties:
    actor1: Actor | None
    actor2: Actor | None


def _acting(names: list[Name], text: str) -> list[tuple[Name, Actor]]:
    parties: list[tuple[Name, Actor]] = []
    for name in names:
        actor = name.acting()
        if actor is None:
            continue
        if parties and _SAME_PARTY.match(text[parties[-1][0].end:name.start]):
            first = parties[-1]
            parties[-1] = (Name(first[0].start, name.end, first[0].text, first[0].actors),
                           first[1])
            continue
        parties.append((name, actor))
    return parties


class Cast:
    """The parties a sentence names, worked out once per sentence so that each of its
    events finds its subject and object by bisection, not by scanning every name (a
    sentence of hundreds of events cost the square of its names).

    ``names`` are the names that act, outside claims ("HTS claimed") and relative asides,
    in order. Consecutive names of one party ("the Syrian Democratic Forces (SDF)") are
    one party, its first name saying who: ``joined[j]`` says name j continues name j-1."""

    def __init__(self, reading: Reading, skip: tuple[tuple[int, int], ...]) -> None:
        text = reading.text
        skipped = covering((*skip, *asides(text)))
        claimed = covering(skip)
        self.reading = reading
        acting = [(n, actor) for n in reading.names if (actor := n.acting()) is not None]
        kept = [(n, actor) for n, actor in acting if not skipped(n.start)]
        self.names = [n for n, _ in kept]
        self.actors = [actor for _, actor in kept]
        self.starts = [n.start for n in self.names]
        self.ends = [n.end for n in self.names]
        self.joined = [j > 0 and _SAME_PARTY.match(text[self.ends[j - 1]:n.start]) is not None
                       for j, n in enumerate(self.names)]
        heads = [j for j, joined in enumerate(self.joined) if not joined]
        self._head_at = list(itertools.accumulate(
            (j if not joined else 0 for j, joined in enumerate(self.joined)), max))
        self._fighters = [j for j in heads if self.actors[j].side != "civilians"]
        # Both need their word in the text they search (the reading's own lowered text;
        # None: re.I is used, and the word may be folded): most sentences have neither.
        low = reading.low
        self._has = {"agent": low is None or "by" in low,
                     "pair": low is None or "between" in low}
        self._agents = [j for j in heads if self._after(_BY, j)] if self._has["agent"] else []
        self._pairs = [j for j in heads if self._after(_BETWEEN, j)] if self._has["pair"] else []
        self._other = self._next_other(heads)
        # Who a clause continuing the sentence's opening ("..., after launching") is about.
        self.opening = next(((n, actor) for n, actor in acting if not claimed(n.start)), None)

    def _after(self, pattern: Caseless, j: int) -> bool:
        # Both patterns end where the name starts: search only just before it.
        start = self.starts[j]
        reading = self.reading
        return pattern.search(reading.text, reading.low, max(0, start - 40), start) is not None

    def _next_other(self, heads: list[int]) -> list[int]:
        """For each name, the next party's first name with another actor (or len)."""
        count = len(self.names)
        other, following = [count] * count, count
        # Walking back: ``following`` is the nearest party after j; if its actor is j's,
        # the answer for j is that party's answer.
        head_set = set(heads)
        for j in range(count - 1, -1, -1):
            if following < count:
                same = self.actors[following] == self.actors[j]
                other[j] = other[following] if same else following
            if j in head_set:
                following = j
        return other

    def span(self, start: int, end: int, *, after: int = -1) -> tuple[int, int]:
        """The index range of names in ``start:end``: starting there and, unless ``after``
        is given, ending by ``end``; with ``after``, starting at or after it."""
        if after >= 0:
            return (bisect.bisect_left(self.starts, after), bisect.bisect_left(self.starts, end))
        return (bisect.bisect_left(self.starts, start), bisect.bisect_right(self.ends, end))

    def last(self, lo: int, hi: int) -> Actor:
        """The party of ``lo:hi`` that ends last (its first name's actor)."""
        return self.actors[max(lo, self._head_at[hi - 1])]

    def first_fighter(self, lo: int, hi: int) -> Actor:
        """The first party of ``lo:hi`` that is not civilians, else the first."""
        if self.actors[lo].side != "civilians":
            return self.actors[lo]
        found = self._first(self._fighters, lo, hi)
        return self.actors[found if found is not None else lo]

    def first_flagged(self, flags: str, lo: int, hi: int) -> Actor | None:
        """The first party of ``lo:hi`` with "by" (``agent``) or "between" (``pair``)
        just before it."""
        if not self._has[flags]:
            return None
        indexes = self._agents if flags == "agent" else self._pairs
        if lo < hi and self._after(_BY if flags == "agent" else _BETWEEN, lo):
            return self.actors[lo]
        found = self._first(indexes, lo, hi)
        return self.actors[found] if found is not None else None

    def first_other(self, lo: int, hi: int, actor: Actor | None) -> Actor | None:
        """The first party of ``lo:hi`` that is not ``actor``."""
        if lo >= hi:
            return None
        found = lo if self.actors[lo] != actor else self._other[lo]
        return self.actors[found] if found < hi else None

    @staticmethod
    def _first(indexes: list[int], lo: int, hi: int) -> int | None:
        # A party's first name within lo:hi: lo itself is checked by the caller.
        at = bisect.bisect_right(indexes, lo)
        return indexes[at] if at < len(indexes) and indexes[at] < hi else None


def _continued_subject(cast: Cast, clause: tuple[int, int]) -> Actor | None:
    if clause[0] == 0 or not _continues(cast.reading.text, clause):
        return None
    if cast.opening is None or cast.opening[0].end > clause[0]:
        return None
    return cast.opening[1]


_OF = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?")


def _done_by_next(cast: Cast, trigger: Trigger, hi: int, up: int) -> bool:
    """The event words are a noun whose doer follows "of" ("the withdrawal of regime
    forces", "an attack of the factions"); not territory: "the fall of Assad" is not his."""
    if hi >= up or trigger.rule.sub_event_type == TERRITORY:
        return False
    return _OF.fullmatch(cast.reading.text, trigger.end, cast.starts[hi]) is not None


def find_parties(cast: Cast, trigger: Trigger, clause: tuple[int, int]) -> Parties:
    """The actors of the event read from ``trigger`` in ``clause``; the cast leaves out
    the sentence's claims ("HTS claimed"): a source is not a party unless nothing else
    is. The subject is the first party before the words ("Russian and Syrian warplanes
    struck"); a clause with none takes the sentence's opening subject when it continues
    it ("Syrian rebels have entered Aleppo, after launching an attack")."""
    reading = cast.reading
    text = reading.text
    lo, mid = cast.span(clause[0], trigger.start)
    hi, up = cast.span(clause[0], clause[1], after=trigger.end)
    mid = max(lo, mid)
    actor1 = actor2 = None
    agent = cast.first_flagged("agent", hi, up)
    passive = _PASSIVE.search(text, reading.low, max(clause[0], trigger.start - 80),
                              trigger.start) and \
        _PARTICIPLE.search(trigger.text)
    if agent is not None or passive:
        actor1 = agent
        actor2 = cast.last(lo, mid) if lo < mid else cast.first_other(hi, up, agent)
    elif lo >= mid and (paired := cast.first_flagged("pair", hi, up)) is not None:
        actor1 = paired  # "skirmishes between the rebels and government troops"
        actor2 = cast.first_other(hi, up, actor1)
    elif lo >= mid and _done_by_next(cast, trigger, hi, up):
        # "the withdrawal of regime forces": the doer of a named event follows "of".
        actor1 = cast.actors[hi]
        actor2 = cast.first_other(hi, up, actor1)
    else:
        actor1 = cast.first_fighter(lo, mid) if lo < mid else _continued_subject(cast, clause)
        actor2 = cast.first_other(hi, up, actor1)
    demonym = _DEMONYM.search(text[max(clause[0], trigger.start - 30):trigger.start]) or \
        _DEMONYM.search(text[trigger.start:trigger.end].rsplit(" ", 1)[0] + " ")
    if actor1 is None and demonym:
        actor1 = _DEMONYMS[demonym.group(1).lower()]
    if actor2 is not None and actor2 == actor1:
        actor2 = None
    return Parties(actor1, actor2)
