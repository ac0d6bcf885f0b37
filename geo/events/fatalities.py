"""How many died, ACLED's way: the lowest figure given, vague words as ACLED counts them
("dozens" = 12, "hundreds" = 100, "several" = 10), injuries never counted, and nothing
when deaths and injuries are given as one figure ("40 killed or injured")."""

from __future__ import annotations

import functools
import re

from geo.events.prefixes import has_any

_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "a dozen": 12, "dozen": 12, "dozens": 12, "dozens of": 12, "hundreds": 100,
    "hundreds of": 100, "several": 10, "scores of": 20,
}  # fmt: skip
_NUMBER = (r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|a dozen|dozens(?: of)?|hundreds(?: of)?|scores of|"
           + "|".join(sorted((w for w in _WORDS if " " not in w and w not in ("a", "an")),
                          key=len, reverse=True)) + ")")
_ONE = r"(?P<n>a|an|one)"
_DEATH = r"(?:killed|dead|died|deaths|lost their lives|slain)"
# "at least 12 civilians were killed", "four people dead", "killing 3 soldiers",
# "the death of a general", "a death toll of 20".
_PATTERNS = (
    re.compile(rf"\b{_NUMBER}\s+(?:[\w’',-]+\s+){{0,6}}?(?:(?:were|was|have been|had been|"
               rf"has been|are|being)\s+(?:\w+\s+){{0,2}}?)?{_DEATH}\b(?!\s+or\s+(?:injured|"
               rf"wounded))", re.I),
    re.compile(rf"\b(?:killing|killed|kills|left)\s+(?:at least\s+)?{_NUMBER}\b(?!\s+or\s+"
               rf"(?:injured|wounded))(?!\s+(?:injured|wounded))", re.I),
    re.compile(rf"\bdeath(?:s)?\s+of\s+(?:{_NUMBER}|{_ONE.replace('<n>', '<m>')})\b", re.I),
    re.compile(rf"\b{_ONE}\s+[^;]{{0,90}}?\b(?:was|has|had)\s+(?:\w+\s+)?(?:been\s+)?killed",
               re.I),
    re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?{_NUMBER}\b", re.I),
)
# Every pattern above has one of these words: a clause without any gives no toll.
_DEATH_WORDS = ("kill", "dead", "died", "death", "lost their lives", "slain", "left")
_PART_OF = re.compile(r"(?:including|among them|of whom|of which|of them)\s+$", re.I)
_NOT_A_COUNT = re.compile(r"^\d{4}$")  # a year ("in 2016, 40 died" has a year, not a count)


def _value(word: str) -> int | None:
    word = word.lower()
    if word in _WORDS:
        return _WORDS[word]
    digits = word.replace(",", "")
    if digits.isdigit() and not _NOT_A_COUNT.match(digits):
        return int(digits)
    return None


@functools.lru_cache(maxsize=1024)  # once per clause, however many places it names
def count_deaths(text: str) -> int | None:
    """The lowest death toll ``text`` gives, or None when it gives none."""
    if not has_any(text, _DEATH_WORDS):
        return None
    figures = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if _PART_OF.search(text, max(0, m.start() - 12), m.start()):
                continue  # "four civilians, including two students": two are of the four
            value = _value(m.group("n") or m.groupdict().get("m") or "")
            if value is not None:
                figures.append(value)
    return min(figures) if figures else None
