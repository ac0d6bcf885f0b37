"""The event lexicons in data/events: every row cites a source, bad rows are named, and a
changed row changes the cache key (so cached reports are coded again)."""

from __future__ import annotations

import csv
import shutil

import pytest

from geo.errors import LexiconError
from geo.events.lexicon import DATA_DIR, lexicon_fingerprint, load_lexicon
from geo.records import SIDES


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_actor_row_has_a_source_and_a_known_side_or_kind():
    for row in _rows("actors.csv"):
        assert row["source"].strip(), row["name"]
        assert row["side"] in (*SIDES, ""), row["name"]
        assert row["side"] or row["claimant_kind"], row["name"]


def test_trigger_rows_use_acled_strings():
    acled = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
             "Riots", "Strategic developments", "Displacement", ""}
    for row in _rows("triggers.csv"):
        assert row["event_type"] in acled and row["source"].strip(), row["pattern"]


def test_a_changed_row_changes_the_fingerprint(tmp_path):
    copy = tmp_path / "events"
    shutil.copytree(DATA_DIR, copy)
    before = lexicon_fingerprint(copy)
    with (copy / "actors.csv").open("a", encoding="utf-8") as handle:
        handle.write("Test Brigade,Test Brigade,opposition,belligerent,,test row\n")
    assert lexicon_fingerprint(copy) != before


def test_a_bad_pattern_is_named_with_file_and_line(tmp_path):
    copy = tmp_path / "events"
    shutil.copytree(DATA_DIR, copy)
    with (copy / "triggers.csv").open("a", encoding="utf-8") as handle:
        handle.write("captur(e,Battles,territory,3,,broken row\n")
    with pytest.raises(LexiconError, match=r"triggers\.csv:\d+: bad pattern"):
        load_lexicon(copy)
