"""Patterns rewritten for speed match what their plain forms match, span for span."""

from __future__ import annotations

import re

import pytest

from geo.events import claims, reading
from geo.events.lexicon import DATA_DIR
from geo.text import split_sentences

_MEMBER = r"(?:al-|el-|ad-|as-|ar-)?[A-Z][\w’'-]*+(?: (?:al-|el-)?[A-Z][\w’'-]*+){0,3}"
_PLAIN = {
    "list": (reading._LIST, re.compile(rf"{_MEMBER}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_MEMBER})+")),
    "unknown speaker": (claims._UNKNOWN_SPEAKER, re.compile(
        rf"\b([A-Z][\w’'-]++(?:\s[A-Z][\w’'-]++){{0,3}})\s+(?:{claims._VERBS})\b")),
}
_ODD = ["Hader, al-Eis and Tal Hadiya", "al-Bab, el-Mina, ad-Dana and ar-Raqqa fell",
        "xHader, Aleppo said", "Aleppo said", "-Idlib, Hama", "Ünal Said, Ali Said told",
        "the head of the SOHR, Rami Abdel Rahman, said", "al-X", "Al-Bab and Manbij"]


def _texts() -> list[str]:
    reports = sorted((DATA_DIR.parents[1] / "data" / "reports").glob("*.txt"))
    return _ODD + [s.text for p in reports for s in split_sentences(p.read_text("utf-8"))]


@pytest.mark.parametrize("name", sorted(_PLAIN))
def test_the_same_matches_as_the_plain_form(name):
    quick, plain = _PLAIN[name]
    for text in _texts():
        assert [m.span(0) + m.span(m.re.groups and 1) for m in quick.finditer(text)] == \
            [m.span(0) + m.span(m.re.groups and 1) for m in plain.finditer(text)], text
