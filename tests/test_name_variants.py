"""The keys a gazetteer name is found under: articles, apostrophes, the press's spellings."""

from __future__ import annotations

import pytest

from geo.gazetteer.bundled import name_variants


@pytest.mark.parametrize(
    ("name", "press"),
    [
        ("Az Zabadani", {"al zabadani", "zabadani"}),
        ("Jisr ash Shughur", {"jisr al shughur"}),
        ("‘Ayn al ‘Arab", {"ain al arab", "ein al arab"}),
        ("Dayr Ḩāfir", {"deir hafir"}),
        ("Bayt Jinn", {"beit jinn"}),
        ("Tall Abyad", {"tell abyad", "tal abyad"}),
        ("Ash Shaykh Maskin", {"sheikh maskin", "al sheikh maskin"}),
        ("Al Ghizlaniyah", {"ghizlaniyeh", "al ghizlanieh", "ghizlaniya"}),
        ("Khirbat Ghazalah", {"khirbet ghazaleh"}),
    ],
)
def test_romanised_arabic_names_are_found_as_the_press_spells_them(name, press):
    assert press <= name_variants(name, arabic=True)


def test_only_whole_words_change_and_other_names_keep_their_spelling():
    keys = name_variants("Tallkalakh", arabic=True)  # "tall" inside a word is not "Tell"
    assert not any(k.startswith(("tell", "tal ")) for k in keys)
    assert name_variants("Savannah") == {"savannah"}  # not a romanised Arabic name
    assert name_variants("Dayr Hafir") == {"dayr hafir"}
