"""One sentence read once: its clauses, trigger words and named parties.

Everything here depends on the sentence's text alone, so it is worked out once per sentence
(however many places the sentence names) and cached; offsets are relative to the sentence.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from geo.events.caseless import caseless, lower_for
from geo.events.lexicon import (
    Actor,
    Lexicon,
    NameEntry,
    NameGroup,
    TriggerRule,
    fold_for_names,
    load_lexicon,
)
from geo.events.trigger_index import ascii_lower

# Where a sentence's clauses meet: the event of one clause is not the event of the next.
_CLAUSE_BREAK = caseless(
    r";|\s[–—]\s|:\s|,\s(?=(?:while|whereas|but|although|though|which|where|as|after|before|"
    r"when|in which|during which|and saw|and (?:the )?\w+ (?:said|says))\b)|"
    r"\s(?=(?:while|whereas|but)\s)",
)
# A sentence that opens on a subordinate clause ("After HTS fighters flooded out of their
# base in Idlib, the northwest ... was scene to ..."): that clause ends at its first comma.
_LEADING_CLAUSE = re.compile(r"^\W*(?:after|although|though|while|as|despite|since|once)\b[^,]*,",
                             re.I)


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    rule: TriggerRule


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    actors: tuple[Actor, ...]

    def acting(self) -> Actor | None:
        """The party this name stands for when it acts (a side), if any."""
        return next((a for a in self.actors if a.side), None)

    def speaking(self) -> Actor | None:
        """The source this name stands for when it speaks (a claimant kind), if any."""
        return next((a for a in self.actors if a.claimant_kind), None)


@dataclass(frozen=True)
class Reading:
    """A sentence's triggers; its clauses, names and lists are read when first asked for
    (most sentences that name a place have no event words, and need none of them)."""

    text: str
    triggers: tuple[Trigger, ...]

    @functools.cached_property
    def low(self) -> str | None:
        """The text for ``geo.events.caseless`` patterns (``caseless.lower_for``)."""
        return lower_for(self.text)

    def window(self, start: int, end: int) -> tuple[str, str | None]:
        """``text[start:end]`` and the same of ``low``, for a caseless search."""
        low = self.low
        return self.text[start:end], (low[start:end] if low is not None else None)

    @functools.cached_property
    def clauses(self) -> tuple[tuple[int, int], ...]:
        return _clauses(self.text, self.low)

    @functools.cached_property
    def names(self) -> tuple[Name, ...]:
        return _names(self.text)

    @functools.cached_property
    def name_starts(self) -> tuple[int, ...]:
        """The names' start offsets, in order (names do not overlap)."""
        return tuple(n.start for n in self.names)

    def names_between(self, start: int, end: int) -> tuple[Name, ...]:
        """The names starting in ``start:end``, in order."""
        starts = self.name_starts
        return self.names[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    @functools.cached_property
    def lists(self) -> tuple[tuple[int, int], ...]:
        return _lists(self.text)

    @functools.cached_property
    def _list_starts(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.lists)

    @functools.cached_property
    def _clause_starts(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.clauses)

    @functools.cached_property
    def trigger_starts(self) -> tuple[int, ...]:
        """The triggers' start offsets, in order (for bisecting a clause's triggers)."""
        return tuple(t.start for t in self.triggers)

    def list_start(self, offset: int) -> int:
        """Where the list of names holding ``offset`` begins ("captured A, B and C": B's
        list begins at A), so that every member shares the words before the list."""
        # Lists do not overlap (one scan finds them): only the last one starting at or
        # before ``offset`` can hold it.
        index = bisect.bisect_right(self._list_starts, offset) - 1
        if index >= 0 and offset < self.lists[index][1]:
            return self.lists[index][0]
        return offset

    def clause_at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._clause_starts, offset) - 1
        if index >= 0 and offset < self.clauses[index][1]:
            return self.clauses[index]
        return (0, len(self.text))

    @functools.cached_property
    def _trigger_ends(self) -> tuple[int, ...]:
        return tuple(t.end for t in self.triggers)

    def triggers_ending(self, start: int, end: int) -> tuple[Trigger, ...]:
        """The triggers ending in ``start..end`` (inclusive), in order."""
        ends = self._trigger_ends
        return self.triggers[bisect.bisect_left(ends, start):bisect.bisect_right(ends, end)]

    def triggers_near(self, start: int, end: int) -> tuple[Trigger, ...]:
        """The triggers overlapping ``start..end`` (inclusive), in order."""
        ends = self._trigger_ends
        return self.triggers[bisect.bisect_left(ends, start):
                             bisect.bisect_right(self.trigger_starts, end)]

    def triggers_between(self, start: int, end: int) -> tuple[Trigger, ...]:
        """The triggers starting in ``start:end``, in order."""
        starts = self.trigger_starts
        return self.triggers[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _clauses(text: str, low: str | None) -> tuple[tuple[int, int], ...]:
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(text, low) if not _parenthetical(text, m)]
    lead = _LEADING_CLAUSE.match(text)
    if lead:
        cuts.append(lead.end())
    bounds = sorted({0, *cuts, len(text)})
    return tuple((a, b) for a, b in itertools.pairwise(bounds) if b > a)


# "HTS, which has been designated ... by the United States, launched": a relative clause
# closed by a comma before the main verb is an aside, not a clause of its own.
_ASIDE = re.compile(r",\s(?:which|who)\b[^,;]*,\s+(?:[a-z]+ed|[a-z]+s|has|have|had|is|are|was|were|"
                    r"took|began|led|won|fled|seized)\b")


# Each word is taken whole (``*+``, possessive): what follows a word is a space, a comma or
# the end, never a letter it gave back, so the scan does not retry every shorter word.
_REST = r"[\w’'-]*+(?: (?:al-|el-)?[A-Z][\w’'-]*+){0,3}"
_MEMBER = rf"(?:al-|el-|ad-|as-|ar-)?[A-Z]{_REST}"
# "Hader, al-Eis and Tal Hadiya", "Village0, Village1, ... and Village39": one regex scan
# per sentence, so a 40-name list costs each of its names nothing more.
# The first member as two alternatives (a capital, or "al-" and one) instead of an optional
# article: the same matches (they cannot both start at one place), and a scan about twice as
# quick (the engine no longer enters the optional group at every character).
_LIST = re.compile(rf"(?:[A-Z]|(?:al|el|ad|as|ar)-[A-Z]){_REST}"
                   rf"(?:(?:,\s*(?:and\s+)?|\s+and\s+){_MEMBER})+")


def _lists(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _LIST.finditer(text))


def _parenthetical(text: str, cut: re.Match[str]) -> bool:
    return _ASIDE.match(text, cut.start()) is not None


def asides(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the sentence's relative asides (", which ... ,")."""
    return tuple((m.start(), m.end()) for m in _ASIDE.finditer(text))


def covering(spans: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether an offset lies inside one of ``spans`` (``start <= offset < end``),
    by bisection: a sentence of hundreds of claims is not scanned once per name."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(itertools.accumulate((b for _, b in ordered), max))

    def inside(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and reach[index] > offset

    return inside



def _names(text: str) -> tuple[Name, ...]:
    """The lexicon's names in the sentence, longest first where they overlap. Word by word:
    each word's aliases are looked up by the word (acronyms must match their case)."""
    lexicon = load_lexicon()
    by_first_word = lexicon.by_first_word
    folded = fold_for_names(text)
    found: list[Name] = []
    position = 0
    for word in lexicon.first_words.finditer(folded):  # only words some alias begins with
        start = word.start()
        if start < position:
            continue
        group = by_first_word[word.group()]
        entry = _name_at(text, folded, group, start)
        if entry is not None:
            end = start + len(entry.alias)
            found.append(Name(start, end, text[start:end], entry.actors))
            position = end
    return tuple(found)


def _name_at(text: str, folded: str, group: NameGroup, start: int) -> NameEntry | None:
    """The longest of the group's aliases that is a whole name at ``start``."""
    best = None
    plain = group.words.match(folded, start)
    if plain is not None:
        best = group.by_folded[plain.group()]
    for index in group.acronyms:  # "IS", "AP", "WHO" only in capitals
        if best is not None and index > best:
            break
        alias = group.entries[index].alias
        end = start + len(alias)
        if text.startswith(alias, start) and not _continues(text, end):
            best = index
            break
    return group.entries[best] if best is not None else None


def _continues(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] in "-_")


def _triggers(text: str) -> tuple[Trigger, ...]:
    lexicon = load_lexicon()
    index = lexicon.trigger_index
    if index is None:  # the lexicon cannot tell where its rules start: try everywhere
        return _found(lexicon, ((start, lexicon.triggers) for start in range(len(text))), text)
    # Only at words that can start a trigger, with only the rules that can start there:
    # the same matches as the whole alternation at every character, at a fraction of the cost.
    low = ascii_lower(text)
    return _found(lexicon, ((start, index.pattern_at(low, start))
                            for start in index.starts(text, low)), text)


def _found(lexicon: Lexicon, tries: Iterable[tuple[int, re.Pattern[str] | None]],
           text: str) -> tuple[Trigger, ...]:
    """The triggers matched at the ``tries`` (in order, a start and what to try there),
    each after the end of the one before."""
    found: list[Trigger] = []
    position = 0
    for start, pattern in tries:
        if start < position or pattern is None:
            continue
        m = pattern.match(text, start)
        if m is not None:
            found.append(Trigger(m.start(), m.end(), m.group(), lexicon.rules[m.lastgroup or ""]))
            position = m.end()
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def read_sentence(text: str) -> Reading:
    """The triggers of a sentence, and on demand its clauses and names (cached by its
    text)."""
    return Reading(text, _triggers(text))
