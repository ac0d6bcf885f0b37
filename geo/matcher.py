"""Finding every gazetteer name in a text in one pass (Aho-Corasick over folded names).

Matching runs over :func:`geo.text.fold` of the body, which has the body's exact length, so
match positions are body offsets. A match must stand as whole words; among overlapping
matches the longest wins ("Khmeimim Air Base" over "Khmeimim").

Names are stored with a leading space and searched in the text with a space before it and
its opening punctuation blanked, so the automaton only reports names that start a word:
a tenth of the raw matches of a plain search ("po" inside "reported" is never seen).
"""

from __future__ import annotations

import bisect
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
    """The longest matches that do not overlap (ties: the earlier), in text order.

    The chosen spans never overlap, so sorted by start they are sorted by end too: a new
    match need only be checked against its two neighbours (bisect), which keeps a text with
    thousands of names linear-logarithmic rather than quadratic.
    """
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[NameMatch] = []
    rest: list[NameMatch] = []
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        at = bisect.bisect_left(starts, match.start)
        free_before = at == 0 or ends[at - 1] <= match.start
        free_after = at == len(starts) or match.end <= starts[at]
        if free_before and free_after:
            starts.insert(at, match.start)
            ends.insert(at, match.end)
            chosen.insert(at, match)
        else:
            rest.append(match)
    return _with_inner(chosen, rest)


def _with_inner(chosen: list[NameMatch], rest: list[NameMatch]) -> list[NameMatch]:
    """Each chosen match with the shorter ones inside it, longest first (``rest``'s order)."""
    inside: dict[int, list[NameMatch]] = {}
    starts = [c.start for c in chosen]
    for other in rest:  # a span lies inside at most one chosen span: they do not overlap
        at = bisect.bisect_right(starts, other.start) - 1
        if at >= 0 and other.end <= chosen[at].end:
            inside.setdefault(at, []).append(other)
    return [replace(c, inner=tuple(inside[n])) if n in inside else c
            for n, c in enumerate(chosen)]
