"""The trigger index: its scan stops at the words the case-insensitive scan of the text
stops at, and at each of them the rows it tries match what the whole alternation matches
(the same words, offsets and row), whatever the case or the letters beyond ASCII."""

from __future__ import annotations

import re

import pytest

from geo.events.lexicon import DATA_DIR, load_lexicon
from geo.events.trigger_index import ascii_lower
from geo.text import split_sentences

_ODD = [
    "REBELS CAPTURED THE TOWN AND SHELLED IT",  # capitals
    "Rebels \u212aILLED two soldiers",  # the Kelvin sign, which re.I matches to "k"
    "Forces ſeized the town; ıt was shelled",  # long s, dotless i
    "Airstrikes hit İdlib as fighters re-captured it",
    "“Clashes” broke out, and air-strikes, airstrikes and air strikes followed.",
    "Ünits shelled Ähtäri; \ud800 a lone surrogate",
    "",
]


def _texts() -> list[str]:
    reports = sorted((DATA_DIR.parents[1] / "data" / "reports").glob("*.txt"))
    sentences = [s.text for p in reports for s in split_sentences(p.read_text("utf-8"))]
    assert len(sentences) > 100
    return _ODD + sentences


def _case_insensitive_scan(text: str) -> list[int]:
    index = load_lexicon().trigger_index
    return [m.start() for m in re.compile(index.words.pattern, re.I | re.S).finditer(text)]


def _span(m: re.Match[str] | None) -> tuple[int, int, str | None] | None:
    return None if m is None else (m.start(), m.end(), m.lastgroup)


def test_the_lexicon_has_an_index():
    assert load_lexicon().trigger_index is not None


@pytest.mark.parametrize("text", _texts())
def test_the_scan_stops_where_the_case_insensitive_scan_stops(text):
    index = load_lexicon().trigger_index
    assert list(index.starts(text, ascii_lower(text))) == _case_insensitive_scan(text)


@pytest.mark.parametrize("text", _texts())
def test_the_rows_tried_at_a_word_match_what_every_row_matches(text):
    lexicon = load_lexicon()
    low = ascii_lower(text)
    for start in range(len(text)):  # every character, not only where the scan stops
        pattern = lexicon.trigger_index.pattern_at(low, start)
        found = pattern.match(text, start) if pattern is not None else None
        assert _span(found) == _span(lexicon.triggers.match(text, start)), (text, start)


@pytest.mark.parametrize("text", [*_texts(), "we seized the town", "it shelled the road",
                                  "he killed in fighting near the town"])
def test_the_scan_misses_no_word_where_a_trigger_starts(text):
    # A word that begins inside the letters the scan read for the word before ("we s|eized")
    # must still be a stop: the scan reads ahead without consuming.
    lexicon = load_lexicon()
    stops = set(lexicon.trigger_index.starts(text, ascii_lower(text)))
    word_starts = [m.start() for m in re.finditer(r"(?<![\w-])(?=\w)", text)]
    missed = [s for s in word_starts if lexicon.triggers.match(text, s) and s not in stops]
    assert missed == [], (text, missed)


def test_a_trigger_right_after_a_short_word_is_read():
    from geo.events.reading import read_sentence
    found = [t.text.lower() for t in read_sentence("we seized the town").triggers]
    assert any("seized" in t for t in found), found
