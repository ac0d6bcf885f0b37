"""Case-insensitive patterns searched as case-sensitive ones over the text in lower case.

Under ``re.I`` Python's engine has no quick test of where a match can start, so a search
enters the pattern at every character; the same pattern without ``re.I``, over the text
with its ASCII letters lowered (``lower_for``), skips the characters no match starts with
and finds the same spans. That holds when the pattern's letters are all lower-case ASCII
(an escape such as ``\\S`` aside) and the text has none of the letters beyond ASCII that
``re.I`` folds to ASCII ones; otherwise the ``re.I`` pattern is searched, as before. A match
found on the lowered text has the original's spans, and its groups in lower case.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from geo.events.trigger_index import FOLDS_TO_ASCII, ascii_lower

_ESCAPE = re.compile(r"\\.", re.S)
# Escapes that name no letter (``\x41`` would, in capitals): classes and anchors.
_SAFE_ESCAPES = frozenset("sSwWdDbBAZ")
_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def lower_for(text: str) -> str | None:
    """``text`` with its ASCII letters lowered, for the patterns below; None when it holds
    a letter ``re.I`` folds to ASCII (those texts are searched with ``re.I``)."""
    if not text.isascii() and any(c in text for c in FOLDS_TO_ASCII):
        return None
    return ascii_lower(text)


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern without ``re.I``, when that finds the same spans on lowered text."""
    escapes = {m.group()[1] for m in _ESCAPE.finditer(pattern.pattern)}
    source = _GROUP_NAME.sub("(", _ESCAPE.sub("", pattern.pattern))
    uncased = all(c.lower() == c.upper() for c in source if not c.isascii())
    if re.search(r"[A-Z]|\(\?P=|\(\?[a-zA-Z-]*i", source) or not uncased or any(
            e.isalnum() and e not in _SAFE_ESCAPES for e in escapes):
        return None  # a capital, a back reference, an inline flag, a code: keep re.I
    return re.compile(pattern.pattern, pattern.flags & ~re.I)


@dataclass(frozen=True)
class Caseless:
    folding: re.Pattern[str]  # the case-insensitive pattern
    plain: re.Pattern[str] | None  # its case-sensitive twin, if it is one

    def search(self, text: str, low: str | None, pos: int = 0,
               endpos: int = sys.maxsize) -> re.Match[str] | None:
        if low is not None and self.plain is not None:
            return self.plain.search(low, pos, endpos)
        return self.folding.search(text, pos, endpos)

    def match(self, text: str, low: str | None, pos: int = 0,
              endpos: int = sys.maxsize) -> re.Match[str] | None:
        if low is not None and self.plain is not None:
            return self.plain.match(low, pos, endpos)
        return self.folding.match(text, pos, endpos)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        if low is not None and self.plain is not None:
            return self.plain.finditer(low)
        return self.folding.finditer(text)


def caseless(pattern: str, flags: int = 0) -> Caseless:
    """``pattern`` compiled with ``re.I`` and ``flags``, searched the quick way when it can."""
    folding = re.compile(pattern, re.I | flags)
    return Caseless(folding, _plain(folding))
