"""Folding keeps offsets: every character maps to exactly one, whatever the script."""

from __future__ import annotations

import pytest

from geo.text import fold, fold_name


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Jisr ash-Shughūr", "jisr ash shughur"),
        ("Assad’s forces — in Ma‘arrat", "assad's forces   in ma'arrat"),
        ("“Tell Rifaat”…", " tell rifaat  "),  # quotes and ellipses end words like spaces
        ("ΑΘΗΝΑ and Москва", "αθηνα and москва"),
        ("plain ASCII, Mixed-Case", "plain ascii, mixed case"),
    ],
)
def test_fold_lowers_strips_marks_and_keeps_the_length(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_fold_maps_every_character_to_exactly_one_and_folding_twice_changes_nothing():
    chars = "".join(map(chr, range(0x3000)))
    once = fold(chars)
    assert len(once) == len(chars)
    assert fold(once) == once
    # Text mixing ASCII and other characters folds as each character does alone.
    assert fold("Idlib’s Saraqib") == "".join(fold(c) for c in "Idlib’s Saraqib")


def test_name_keys_collapse_spaces():
    assert fold_name("  Tal  Rif‘at ") == "tal rif'at"
