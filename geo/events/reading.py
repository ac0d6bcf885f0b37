"""One sentence read once: its clauses, trigger words and named parties.

Everything here depends on the sentence's text alone, so it is worked out once per sentence
(however many places the sentence names) and cached; offsets are relative to the sentence.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from geo.events.lexicon import Actor, TriggerRule, load_lexicon

# Where a sentence's clauses meet: the event of one clause is not the event of the next.
_CLAUSE_BREAK = re.compile(
    r";|\s[–—]\s|:\s|,\s(?=(?:while|whereas|but|although|though|which|where|as|after|before|"
    r"when|and saw|and (?:the )?\w+ (?:said|says))\b)|\s(?=(?:while|whereas|but)\s)",
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

    def clause_at(self, offset: int) -> tuple[int, int]:
        for clause in self.clauses:
            if clause[0] <= offset < clause[1]:
                return clause
        return (0, len(self.text))


def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    lead = _LEADING_CLAUSE.match(text)
    if lead:
        cuts.append(lead.end())
    bounds = sorted({0, *cuts, len(text)})
    return tuple((a, b) for a, b in itertools.pairwise(bounds) if b > a)


def _names(text: str) -> tuple[Name, ...]:
    lexicon = load_lexicon()
    found: list[Name] = []
    for pattern in lexicon.names:
        for m in pattern.finditer(text):
            found.append(Name(m.start(), m.end(), m.group(), lexicon.actors_for(m.group())))
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Name] = []
    for name in found:  # the longest of overlapping names ("Syrian state news agency")
        if not kept or name.start >= kept[-1].end:
            kept.append(name)
    return tuple(kept)


def _triggers(text: str, names: tuple[Name, ...]) -> tuple[Trigger, ...]:
    lexicon = load_lexicon()
    inside_name = [(n.start, n.end) for n in names if n.end - n.start > 12]
    found = []
    for m in lexicon.triggers.finditer(text):
        if any(a <= m.start() < b for a, b in inside_name):
            continue  # "Operation Deterrence of Aggression" names an operation
        rule = lexicon.rules[m.lastgroup or ""]
        found.append(Trigger(m.start(), m.end(), m.group(), rule))
    return tuple(found)


@functools.lru_cache(maxsize=8192)
def read_sentence(text: str) -> Reading:
    """The clauses, triggers and names of a sentence (cached by its text)."""
    names = _names(text)
    return Reading(text, _clauses(text), _triggers(text, names), names)
