"""One sentence read once: its clauses, trigger words and named parties.

Everything here depends on the sentence's text alone, so it is worked out once per sentence
(however many places the sentence names) and cached; offsets are relative to the sentence.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from geo.events.lexicon import (
    FIRST_WORD,
    Actor,
    TriggerRule,
    fold_for_names,
    is_acronym,
    load_lexicon,
)

# Where a sentence's clauses meet: the event of one clause is not the event of the next.
_CLAUSE_BREAK = re.compile(
    r";|\s[–—]\s|:\s|,\s(?=(?:while|whereas|but|although|though|which|where|as|after|before|"
    r"when|in which|during which|and saw|and (?:the )?\w+ (?:said|says))\b)|"
    r"\s(?=(?:while|whereas|but)\s)",
    re.I,
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
    text: str
    clauses: tuple[tuple[int, int], ...]
    triggers: tuple[Trigger, ...]
    names: tuple[Name, ...]
    lists: tuple[tuple[int, int], ...] = ()

    def list_start(self, offset: int) -> int:
        """Where the list of names holding ``offset`` begins ("captured A, B and C": B's
        list begins at A), so that every member shares the words before the list."""
        for start, end in self.lists:
            if start <= offset < end:
                return start
        return offset

    def clause_at(self, offset: int) -> tuple[int, int]:
        for clause in self.clauses:
            if clause[0] <= offset < clause[1]:
                return clause
        return (0, len(self.text))


def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(text) if not _parenthetical(text, m)]
    lead = _LEADING_CLAUSE.match(text)
    if lead:
        cuts.append(lead.end())
    bounds = sorted({0, *cuts, len(text)})
    return tuple((a, b) for a, b in itertools.pairwise(bounds) if b > a)


# "HTS, which has been designated ... by the United States, launched": a relative clause
# closed by a comma before the main verb is an aside, not a clause of its own.
_ASIDE = re.compile(r",\s(?:which|who)\b[^,;]*,\s+(?:[a-z]+ed|[a-z]+s|has|have|had|is|are|was|were|"
                    r"took|began|led|won|fled|seized)\b")


_MEMBER = r"(?:al-|el-|ad-|as-|ar-)?[A-Z][\w’'-]*(?: (?:al-|el-)?[A-Z][\w’'-]*){0,3}"
# "Hader, al-Eis and Tal Hadiya", "Village0, Village1, ... and Village39": one regex scan
# per sentence, so a 40-name list costs each of its names nothing more.
_LIST = re.compile(rf"{_MEMBER}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_MEMBER})+")


def _lists(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _LIST.finditer(text))


def _parenthetical(text: str, cut: re.Match[str]) -> bool:
    return _ASIDE.match(text, cut.start()) is not None


def asides(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the sentence's relative asides (", which ... ,")."""
    return tuple((m.start(), m.end()) for m in _ASIDE.finditer(text))


_WORD_START = re.compile(r"(?<![\w-])\w")


def _names(text: str) -> tuple[Name, ...]:
    """The lexicon's names in the sentence, longest first where they overlap. Word by word:
    each word's aliases are looked up by the word (acronyms must match their case)."""
    lexicon = load_lexicon()
    folded = fold_for_names(text)
    found: list[Name] = []
    position = 0
    for word in _WORD_START.finditer(folded):
        start = word.start()
        if start < position:
            continue
        first = FIRST_WORD.match(folded, start)
        for alias in lexicon.by_first_word.get(first.group() if first else "", ()):
            end = start + len(alias)
            if not _is_name_at(text, folded, alias, start, end):
                continue
            found.append(Name(start, end, text[start:end], lexicon.actors_for(alias)))
            position = end
            break
    return tuple(found)


def _is_name_at(text: str, folded: str, alias: str, start: int, end: int) -> bool:
    if end < len(text) and (text[end].isalnum() or text[end] in "-_"):
        return False
    if is_acronym(alias):  # "IS", "AP", "WHO" only in capitals
        return text.startswith(alias, start)
    return folded.startswith(fold_for_names(alias), start)


def _triggers(text: str) -> tuple[Trigger, ...]:
    lexicon = load_lexicon()
    found = []
    for m in lexicon.triggers.finditer(text):
        rule = lexicon.rules[m.lastgroup or ""]
        found.append(Trigger(m.start(), m.end(), m.group(), rule))
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def read_sentence(text: str) -> Reading:
    """The clauses, triggers and names of a sentence (cached by its text)."""
    names = _names(text)
    return Reading(text, _clauses(text), _triggers(text), names, _lists(text))
