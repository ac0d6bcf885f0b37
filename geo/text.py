"""Text utilities that keep character offsets intact.

Everything downstream reports offsets into the report's body, so no function here may
change the length of the text it works on: ``fold`` maps each character to exactly one
character, and sentences are found as spans, not by rewriting.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from geo.records import Sentence

# Periods after these words do not end a sentence ("Nov. 27", "Lt. Col.", "U.S. forces").
_ABBREVIATIONS = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen lt col brig maj
    capt cpt sgt cpl adm cmdr st mt ft gov sen rep pres jr sr no nos vs etc approx est inc ltd
    co corp dept univ u.s u.k u.n e.u u.s.a a.m p.m al""".split()
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")

_APOSTROPHES = "’‘ʼ`´ʹ"
_DASHES = "-‐‑‒–—"


@functools.cache
def _fold_table() -> dict[int, str]:
    """One-to-one character map: lower case, no diacritics, one apostrophe, dash as space."""
    table: dict[int, str] = {}
    for code in range(0x3000):
        char = folded = chr(code)
        # Folded until it no longer changes ("ŉ" -> "ʼ" -> "'"): folding folded text is a
        # no-op, which ``fold``'s two steps rely on.
        while (again := _fold_char(folded)) != folded:
            folded = again
        if folded != char:
            table[code] = folded
    return table


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _DASHES:
        return " "
    lower = char.lower()
    if len(lower) != 1:
        return char
    base = unicodedata.normalize("NFKD", lower)[0]
    if base.isalnum() or base == "'":
        return base
    # Other punctuation, symbols and spaces (curly quotes, ellipses, no-break spaces) end a
    # word like a space does; as ASCII, they let ``fold`` take its fast path.
    return lower if lower.isascii() or lower.isalnum() else " "


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Fold text for matching names; the result has exactly the length of the input."""
    table = _fold_table()
    if not text.isascii():
        # str.translate is fast only on ASCII text, and a report is ASCII but for a few
        # quotes, dashes and accented letters: fold those first, one by one.
        text = _NON_ASCII.sub(lambda m: table.get(ord(m.group()), m.group()), text)
    return text.translate(table)


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """The lookup key of a place name: folded, with runs of spaces collapsed."""
    return " ".join(fold(name).split())


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    if match.group(0)[0] != ".":
        return True
    # The word right before: searched for in the last 256 characters only, not from the
    # line's start (a line of thousands of full stops was quadratic); longer "words" are
    # no abbreviation anyway.
    word = _WORD_BEFORE.search(line, max(0, match.start() - 256), match.start())
    if not word:
        return True
    token = word.group(1).lower().strip(".")
    # A single capital before the period is an initial ("Abu B. al-Baghdadi").
    return token not in _ABBREVIATIONS and not (len(token) == 1 and token.isalpha())


def split_sentences(body: str) -> list[Sentence]:
    """Sentences of a body as spans; a line break always ends a sentence."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(body):
        start = line.start()
        text = line.group(0)
        cut = 0
        for match in _SENTENCE_END.finditer(text):
            if _ends_sentence(text, match):
                _add_sentence(sentences, body, start + cut, start + match.end())
                cut = match.end()
        _add_sentence(sentences, body, start + cut, line.end())
    return sentences


def _add_sentence(sentences: list[Sentence], body: str, start: int, end: int) -> None:
    chunk = body[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    begin = start + (len(chunk) - len(chunk.lstrip()))
    sentences.append(Sentence(begin, begin + len(stripped), stripped))


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence:
    """The sentence holding ``offset`` (sentences are sorted and disjoint)."""
    low, high = 0, len(sentences) - 1
    while low <= high:
        middle = (low + high) // 2
        sentence = sentences[middle]
        if offset < sentence.start:
            high = middle - 1
        elif offset >= sentence.end:
            low = middle + 1
        else:
            return sentence
    raise ValueError(f"offset {offset} is in no sentence")
