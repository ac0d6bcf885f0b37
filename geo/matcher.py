"""Finding every gazetteer name in a text in one pass (Aho-Corasick over folded names).

Matching runs over :func:`geo.text.fold` of the body, which has the body's exact length, so
match positions are body offsets. A match must stand as whole words; among overlapping
matches the longest wins ("Khmeimim Air Base" over "Khmeimim").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

# Shorter keys are only kept when written in capitals ("UK"); see geo.spotter.
MIN_KEY_LENGTH = 2


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    key: str
    commonness: float


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class NameMatcher:
    """All gazetteer name keys, compiled once; ``find`` is linear in the text's length."""

    def __init__(self, keys: Iterable[tuple[str, float]]) -> None:
        self._automaton = ahocorasick.Automaton()
        for key, commonness in keys:
            if len(key) >= MIN_KEY_LENGTH:
                self._automaton.add_word(key, (key, commonness))
        self._automaton.make_automaton()

    def find(self, folded: str) -> list[NameMatch]:
        """Whole-word, non-overlapping matches in ``folded`` text, longest first, in order."""
        if not len(self._automaton):
            return []
        found = []
        for end_index, (key, commonness) in self._automaton.iter(folded):
            start, end = end_index - len(key) + 1, end_index + 1
            if _stands_alone(folded, start, end):
                found.append(NameMatch(start, end, key, commonness))
        return _longest_first(found)


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _is_word_char(before) and not _is_word_char(after)


def _longest_first(matches: list[NameMatch]) -> list[NameMatch]:
    chosen: list[NameMatch] = []
    taken: list[tuple[int, int]] = []
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= s or match.start >= e for s, e in taken):
            chosen.append(match)
            taken.append((match.start, match.end))
    return sorted(chosen, key=lambda m: m.start)
