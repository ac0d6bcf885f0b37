"""Syndicated copies: which report or aggregator excerpt carries another's text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geo.reports import read_reports
from geo.syndication import CopyGraph, TextUnit, find_copies, report_units, syndication_member

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "data" / "reports").glob("*.txt"))
REPUBLISHED = REPO / "tests" / "data" / "syndicated" / "republished_warzone.md"
KYIV_POST, AGGREGATOR, WAR_ZONE = ("000_3d3785e0333a2561", "001_db5e489c38bf6961",
                                   "004_b47eef20986d896b")
STORY = ("Rebel fighters seized the {place} crossing at dawn on {day}, a spokesman said, as "
         "columns of trucks carried families north along the {road} highway toward the border "
         "and the town's council asked aid groups for tents, flour and fuel before the winter.")


def _units(paths):
    return [u for r in read_reports(paths, errors=[]) for u in report_units(r)]


@pytest.fixture(scope="module")
def seed_copies():
    return find_copies(_units([*SEEDS, REPUBLISHED]))


def test_the_aggregators_kyiv_post_excerpt_is_a_copy_of_the_kyiv_post_report(seed_copies):
    excerpts = [c for c in seed_copies if c.copy.report_id == AGGREGATOR]
    assert len(excerpts) == 1
    (copy,) = excerpts
    assert (copy.copy.outlet, copy.source.report_id, copy.basis) == (
        "Kyiv Post", KYIV_POST, "excerpt")
    assert copy.copy.excerpt and copy.containment >= 0.8
    # The aggregator's BBC excerpt has no source among the seeds.
    assert all(c.copy.outlet != "BBC News" for c in seed_copies)


def test_a_lightly_edited_republication_is_a_copy_of_the_original(seed_copies):
    (copy,) = [c for c in seed_copies if c.copy.report_id == "republished_warzone"]
    assert copy.source.report_id == WAR_ZONE
    assert copy.basis == "republished" and copy.similarity >= 0.8


def test_independent_reports_on_the_same_offensive_are_not_copies(seed_copies):
    pairs = {(c.copy.report_id, c.source.report_id) for c in seed_copies}
    assert pairs == {(AGGREGATOR, KYIV_POST), ("republished_warzone", WAR_ZONE)}


def _unit(rid: str, text: str, day: str, outlet: str = "Wire") -> TextUnit:
    return TextUnit(rid, 0, len(text), outlet, dt.date.fromisoformat(day), text)


def test_the_earlier_publication_is_the_source_whatever_the_ids():
    text = STORY.format(place="Bab al-Hawa", day="Monday", road="M4")
    edited = text.replace("at dawn", "early").replace("trucks", "lorries")
    copies = find_copies([_unit("a-late", edited, "2024-12-02", "Dawn"),
                          _unit("z-early", text, "2024-12-01", "Reuters")])
    assert [(c.copy.outlet, c.source.outlet) for c in copies] == [("Dawn", "Reuters")]


def test_different_stories_in_the_same_words_are_not_copies():
    a = _unit("a", STORY.format(place="Bab al-Hawa", day="Monday", road="M4") * 1, "2024-12-01")
    other = ("Government aircraft bombed a market in Idlib on Tuesday, rescuers said, while "
             "the army shelled villages south of Saraqib and the opposition answered with "
             "drones over Hama's airport, where two helicopters burned on the ground.")
    assert find_copies([a, _unit("b", other, "2024-12-01")]) == []


def test_short_units_are_never_called_copies():
    line = "Be the first to comment on this story about the war in Syria."
    assert find_copies([_unit("a", line, "2024-12-01"), _unit("b", line, "2024-12-01")]) == []


def test_originals_follow_chains_and_stop_on_loops():
    a, b, c = (_unit(x, STORY, "2024-12-01") for x in "abc")
    found = find_copies([a, b, c])
    graph = CopyGraph([a, b, c], found)
    assert {graph.originals(u.key) for u in (a, b, c)} == {(("a", 0),)}
    looped = CopyGraph([a, b], [])
    looped.sources[a.key].append(b.key)
    looped.sources[b.key].append(a.key)
    assert looped.originals(a.key)  # ends


def test_the_member_is_the_same_on_every_run():
    first = json.dumps(syndication_member(find_copies(_units([*SEEDS, REPUBLISHED]))))
    second = json.dumps(syndication_member(find_copies(_units([REPUBLISHED, *SEEDS[::-1]]))))
    assert first == second


def test_on_the_same_day_the_unit_that_credits_the_other_is_the_copy():
    story = STORY.format(place="Bab al-Hawa", day="Monday", road="M4")
    # The report ids would make "a-..." the source; the credit says otherwise.
    cases = [
        (f"Originally published by our partners. {story}", story),
        (f"BEIRUT (Reuters) - {story}", f"BEIRUT (Reuters) - {story}"),
    ]
    for copied, original in cases:
        copies = find_copies([_unit("a-copy", copied, "2024-12-01", "Dawn"),
                              _unit("z-original", original, "2024-12-01", "Reuters")])
        assert [(c.copy.outlet, c.source.outlet) for c in copies] == [("Dawn", "Reuters")]


def test_a_wire_named_inside_a_word_or_as_a_common_word_is_no_credit():
    from geo.syndication import unit_print

    printed = unit_print("Rebels captured the town of Kapar at dawn, residents said.")
    assert not printed.credits("AP", "Reuters") and not printed.credits("Dawn", "Reuters")
    assert printed.credits("Rebels", "Dawn")


def test_a_units_print_survives_the_cache_round_trip():
    from geo.syndication import UnitPrint, unit_print

    (unit,) = _units([REPUBLISHED])
    printed = unit_print(unit.text)
    again = UnitPrint.from_json(json.loads(json.dumps(printed.to_json())))
    assert again == printed and printed.words > 300 and len(printed.signature) == 4 * 128


def test_signatures_and_bands_are_datasketchs_own():
    # The detector does MinHash and its LSH bands in numpy; they must stay datasketch's
    # affine32 scheme and its optimal bands, so every estimate is the library's.
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from geo.syndication import (
        LSH_BANDS,
        LSH_ROWS,
        LSH_THRESHOLD,
        MINHASH_SEED,
        NUM_PERM,
        minhash_signature,
    )

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)
    rng = np.random.default_rng(3)
    for size in (0, 1, 37, 5000):
        hashes = np.unique(rng.integers(0, 1 << 32, size, dtype=np.uint64))
        theirs = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=int, scheme="affine32")
        theirs.update_batch(hashes.tolist())
        assert minhash_signature(hashes).tolist() == theirs.hashvalues.tolist()


def test_lsh_candidates_are_the_pairs_sharing_a_band():
    from geo.syndication import _Detector

    story = STORY.format(place="Bab al-Hawa", day="Monday", road="M4")
    other = STORY.format(place="Saraqib", day="Friday", road="M5").replace("trucks", "cars")
    units = [_unit("a", story, "2024-12-01"), _unit("b", story, "2024-12-02"),
             _unit("c", other, "2024-12-03")]
    detector = _Detector(units)
    signatures = detector.signatures
    expected = {(i, j) for i in range(3) for j in range(i + 1, 3)
                if any((signatures[i, k:k + 5] == signatures[j, k:k + 5]).all()
                       for k in range(0, 125, 5))}
    assert {(int(c) // 3, int(c) % 3) for c in detector.republished_pairs()} == expected
    assert (0, 1) in expected
