"""Finding every gazetteer name in a text in one pass (Aho-Corasick over folded names).

Matching runs over :func:`geo.text.fold` of the body, which has the body's exact length, so
match positions are body offsets. A match must stand as whole words; among overlapping
matches the longest wins ("Khmeimim Air Base" over "Khmeimim").

Names are stored with a leading space and searched in the text with a space before it and
its opening punctuation blanked, so the automaton only reports names that start a word:
a tenth of the raw matches of a plain search ("po" inside "reported" is never seen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import ahocorasick

# Shorter keys are only kept when written in capitals ("UK"); see geo.spotter.
MIN_KEY_LENGTH = 2
# Characters that may stand right before a name; none of them occurs inside a name key.
_OPENING = str.maketrans({c: " " for c in "\n\t\r\"“”«»()[]{},;:!?"})


@dataclass(frozen=True)
class NameMatch:
    """A name found in the text; ``inner`` holds the shorter names inside it, longest first,
    to fall back on when the long one turns out not to be a place ("West Virginia"
    rejected as a word leaves "Virginia")."""

    start: int
    end: int
    key: str
    commonness: float
    inner: tuple[NameMatch, ...] = ()


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class NameMatcher:
    """All gazetteer name keys, compiled once; ``find`` is linear in the text's length."""

    def __init__(self, keys: Iterable[tuple[str, float]]) -> None:
        self._automaton = ahocorasick.Automaton()
        for key, commonness in keys:
            if len(key) >= MIN_KEY_LENGTH:
                self._automaton.add_word(" " + key, (key, commonness))
        self._automaton.make_automaton()

    def find(self, folded: str) -> list[NameMatch]:
        """Whole-word, non-overlapping matches in ``folded`` text, longest first, in order."""
        if not len(self._automaton):
            return []
        spaced = " " + folded.translate(_OPENING)
        found = []
        for end_index, (key, commonness) in self._automaton.iter(spaced):
            end = end_index  # spaced is one character longer than folded
            start = end - len(key)
            if _ends_word(folded, end):
                found.append(NameMatch(start, end, key, commonness))
        return _longest_first(found)


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not _is_word_char(text[end])


def _longest_first(matches: list[NameMatch]) -> list[NameMatch]:
    chosen: list[NameMatch] = []
    rest: list[NameMatch] = []
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= c.start or match.start >= c.end for c in chosen):
            chosen.append(match)
        else:
            rest.append(match)
    return sorted((_with_inner(c, rest) for c in chosen), key=lambda m: m.start)


def _with_inner(match: NameMatch, rest: list[NameMatch]) -> NameMatch:
    inner = tuple(r for r in rest if match.start <= r.start and r.end <= match.end)
    return replace(match, inner=inner) if inner else match
