"""The trigger rows a word can start, found by the word's first letters.

``geo.events.prefixes`` reads off each row's pattern the letters its matches begin with.
This index uses them twice: to find the words where some row can match (one scan of the
sentence in lower case), and at each such word to try only the rows that can start with its
letters, in the rows' order. The alternation of every row, tried at each word, entered every
row (under ``re.I`` the engine has no quick test of a row's first letter); the rows left out
cannot match there, so the first row that matches, and its match, are the alternation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from geo.events import prefixes

# The letters beyond ASCII that re.I matches to an ASCII one (Kelvin sign, long s, dotless
# i, capital I with a dot; found by trying every code point): a text holding one is scanned
# as before, with re.I, so that the scan stops at the same words and takes the same letters.
FOLDS_TO_ASCII = "\u212aſıİ"


def ascii_lower(text: str) -> str:
    """``text`` with only its ASCII letters in lower case: same length, every other
    character as it was (``bytes.lower`` touches ASCII alone)."""
    if text.isascii():
        return text.lower()
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Row:
    group: str  # the row's group name in the whole alternation
    pattern: str
    starts: frozenset[str]  # ``prefixes.starts`` of the pattern


@dataclass(frozen=True)
class TriggerIndex:
    rows: tuple[Row, ...]
    whole: re.Pattern[str]  # the alternation of every row (for words beyond ASCII)
    wrapper: str  # the alternation's frame, with ``{}`` for its rows
    #: Where a row may match, on ``ascii_lower`` text: a word starting with some row's
    #: letters, or with a letter beyond ASCII among its first (``re.I`` may fold it to one).
    words: re.Pattern[str]
    folding_words: re.Pattern[str]  # the same with re.I, on the text as it is
    #: ``words`` without the branch for letters beyond ASCII, for ASCII texts (where that
    #: branch cannot match, and costs the scan a try at every word).
    ascii_words: re.Pattern[str]
    _by_head: dict[str, re.Pattern[str] | None] = field(default_factory=dict, compare=False)
    _by_rows: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict, compare=False)

    def starts(self, text: str, low: str) -> Iterator[int]:
        """Where ``text`` (and ``low``, its ``ascii_lower``) may start a trigger, in order."""
        if text.isascii():
            return (m.start() for m in self.ascii_words.finditer(low))
        if not any(c in text for c in FOLDS_TO_ASCII):
            return (m.start() for m in self.words.finditer(low))
        return (m.start() for m in self.folding_words.finditer(text))

    def pattern_at(self, low: str, start: int) -> re.Pattern[str] | None:
        """The alternation of the rows that can match at ``start`` (``low`` is the text's
        ``ascii_lower``); None when none can."""
        head = low[start:start + prefixes.WIDTH]
        try:
            return self._by_head[head]
        except KeyError:
            pass
        if not head.isascii():  # "re.I" may match a letter beyond ASCII to a row's
            found: re.Pattern[str] | None = self.whole
        else:
            found = self._for_rows(tuple(r.group for r in self.rows
                                         if any(head.startswith(s) for s in r.starts)))
        self._by_head[head] = found
        return found

    def _for_rows(self, groups: tuple[str, ...]) -> re.Pattern[str] | None:
        if not groups:
            return None
        if groups not in self._by_rows:
            chosen = [r for r in self.rows if r.group in groups]
            body = "|".join(f"(?P<{r.group}>{r.pattern})" for r in chosen)
            self._by_rows[groups] = re.compile(self.wrapper.format(body), self.whole.flags)
        return self._by_rows[groups]


def build(rows: list[tuple[str, str]], whole: re.Pattern[str],
          wrapper: str) -> TriggerIndex | None:
    """The index of ``rows`` (group name, pattern) of the alternation ``whole`` (framed by
    ``wrapper``); None when some row can start with anything."""
    indexed = []
    for group, pattern in rows:
        found = prefixes.starts(pattern)
        if found is None:
            return None
        indexed.append(Row(group, pattern, found))
    keys = sorted(set().union(*(r.starts for r in indexed)))
    # A tree of the keys' letters, on lower-case text (case-sensitive: no re.I to slow the
    # scan); a word with a letter beyond ASCII among its first ones is always tried.
    tree = prefixes.alternation(keys)
    # Zero-width: the scan only looks at a word's first letters. Consuming them would skip
    # a word that begins among them ("we s|eized": the key "we s" ate the "s" of "seized").
    words = rf"(?<![\w-])(?=\w)(?=(?:{tree}|.{{0,{prefixes.WIDTH - 1}}}[^\x00-\x7f]))"
    return TriggerIndex(tuple(indexed), whole, wrapper, re.compile(words, re.S),
                        re.compile(words, re.I | re.S),
                        re.compile(rf"(?<![\w-])(?=\w)(?={tree})", re.S))
