"""Caseless patterns find, on the lowered text, the spans their re.I pattern finds on the
text; a pattern the quick way cannot stand for keeps re.I."""

from __future__ import annotations

import pytest

from geo.events import actors, claims, flags, reading, scope
from geo.events import caseless as cl
from geo.events.lexicon import DATA_DIR
from geo.text import split_sentences

_PATTERNS = {f"{m.__name__}.{k}": v for m in (actors, claims, flags, reading, scope)
             for k, v in vars(m).items() if isinstance(v, cl.Caseless)}
_ODD = ["SANA REPORTED THAT REBELS FLED TO IDLIB, BUT THE ARMY SAID IT HELD",
        "Forces \u212aILLED; ſaid the ıslamic state, İt was reported",
        "The Ünits, which were based in Ähtäri, fled towards Tabqa: “they said” so"]


def _texts() -> list[str]:
    reports = sorted((DATA_DIR.parents[1] / "data" / "reports").glob("*.txt"))
    return _ODD + [s.text for p in reports for s in split_sentences(p.read_text("utf-8"))]


def test_the_hot_patterns_take_the_quick_way():
    assert len(_PATTERNS) >= 10
    assert all(p.plain is not None for p in _PATTERNS.values()), _PATTERNS


@pytest.mark.parametrize("name", sorted(_PATTERNS))
def test_the_same_spans_as_re_i(name):
    pattern = _PATTERNS[name]
    for text in _texts():
        low = cl.lower_for(text)
        assert [m.span() for m in pattern.finditer(text, low)] == \
            [m.span() for m in pattern.folding.finditer(text)], text
        for end in range(0, len(text), 7):  # windows ending anywhere, as the coder asks
            start = max(0, end - 60)
            found, want = pattern.search(text, low, start, end), pattern.folding.search(
                text, start, end)
            assert (found and found.span()) == (want and want.span()), (text, end)


@pytest.mark.parametrize("source", [r"\bUS\b", r"(?i:x)", r"\x41", r"(?P<a>a)(?P=a)", r"é"])
def test_what_the_quick_way_cannot_stand_for_keeps_re_i(source):
    assert cl.caseless(source).plain is None


def test_a_letter_folding_to_ascii_is_searched_with_re_i():
    assert cl.lower_for("\u212aILLED") is None
    assert cl.lower_for("Killed “there”") == "killed “there”"
