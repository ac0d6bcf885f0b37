"""Builds that scale: the per-report cache, worker processes and a Dask cluster all give
the very layer a plain cold build gives, byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.build_speed import make_corpus
from geo.build import build_layer
from geo.errors import BuildError
from geo.report_jobs import POOL_THRESHOLD

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "reports"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    # generated_at is the only thing allowed to differ between two builds: pin it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733000000")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    make_corpus(folder, POOL_THRESHOLD + 6)
    return folder


def _cold(folder: Path, out: Path) -> bytes:
    summary = build_layer([folder], out, workers=1, cache=None)
    assert summary.cached == 0
    return out.read_bytes()


def test_an_incremental_build_equals_a_cold_one_and_parses_only_what_changed(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    cache = tmp_path / "cache"
    first = build_layer([reports], tmp_path / "a.geojson", cache=cache)
    assert first.cached == 0
    again = build_layer([reports], tmp_path / "b.geojson", cache=cache)
    assert again.cached == 5 and "5 unchanged from the cache" in again.line()
    assert (tmp_path / "b.geojson").read_bytes() == (tmp_path / "a.geojson").read_bytes()

    # One report edited, one added: those two are parsed, the other four come from the cache.
    edited = sorted(reports.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nShelling hit Saraqib.\n",
                      encoding="utf-8")
    (reports / "new.md").write_text(
        "---\noutlet: Test Wire\npublished: 2024-12-02\n---\nClashes were reported in Hama.\n",
        encoding="utf-8")
    warm = build_layer([reports], tmp_path / "warm.geojson", cache=cache)
    assert warm.cached == 4 and warm.reports == 6
    layer = (tmp_path / "warm.geojson").read_bytes()
    assert layer == _cold(reports, tmp_path / "cold.geojson")
    places = {(f["properties"]["report"], f["properties"]["place"])
              for f in json.loads(layer)["features"]}
    assert ("new", "Hama") in places and (edited.stem, "Saraqib") in places


def test_new_pins_make_every_cached_report_parse_again(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    pins = tmp_path / "overrides.json"
    monkeypatch.setenv("CONFLICT_MAP_OVERRIDES", str(pins))
    cache = tmp_path / "cache"
    build_layer([reports], tmp_path / "a.geojson", cache=cache)
    from geo.overrides import PinnedPlace, add_pin, make_pin

    add_pin(pins, make_pin(name="Aleppo", everywhere=True,
                           place=PinnedPlace(name="Pinned Aleppo", lat=36.0, lon=37.0)))
    pinned = build_layer([reports], tmp_path / "b.geojson", cache=cache)
    assert pinned.cached == 0
    names = {f["properties"]["place"] for f in json.loads(
        (tmp_path / "b.geojson").read_text(encoding="utf-8"))["features"]}
    assert "Pinned Aleppo" in names and "Aleppo" not in names
    assert any(note.startswith("pins: 1 in the overrides, applied to") for note in pinned.notes)


def test_worker_processes_write_the_same_bytes_as_one_worker(corpus, tmp_path):
    pooled = build_layer([corpus], tmp_path / "two.geojson", workers=2, cache=None)
    assert pooled.engine == "2 worker processes"
    assert pooled.reports == POOL_THRESHOLD + 6 and pooled.mentions > 500
    assert (tmp_path / "two.geojson").read_bytes() == _cold(corpus, tmp_path / "one.geojson")


def test_a_bad_report_among_workers_is_named_and_the_others_are_built(corpus, tmp_path):
    bad = corpus / "bad.md"
    bad.write_text("---\npublished: 2024-12-01\n---\nClashes in Hama.\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"bad\.md:2: front matter has no 'outlet:'"):
        build_layer([corpus], tmp_path / "l.geojson", workers=2, cache=None)
    assert not (tmp_path / "l.geojson").exists()
    summary = build_layer([corpus], tmp_path / "l.geojson", workers=2, cache=None,
                          skip_bad=True)
    assert summary.reports == POOL_THRESHOLD + 6 and [e.path for e in summary.skipped] == [bad]


def test_a_second_file_with_the_same_report_id_is_refused(tmp_path):
    reports = tmp_path / "reports"
    (reports / "a").mkdir(parents=True)
    (reports / "b").mkdir()
    for folder in ("a", "b"):
        (reports / folder / "same.md").write_text(
            "---\noutlet: Test Wire\npublished: 2024-12-02\n---\nClashes in Hama.\n",
            encoding="utf-8")
    with pytest.raises(BuildError, match="same report id 'same'"):
        build_layer([reports], tmp_path / "l.geojson", cache=tmp_path / "cache")


@pytest.mark.slow
def test_a_dask_cluster_writes_the_same_bytes_as_one_worker(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = build_layer([corpus], tmp_path / "dask.geojson",
                              dask=cluster.scheduler_address, cache=None)
    assert summary.engine == f"the Dask cluster at {cluster.scheduler_address}"
    assert (tmp_path / "dask.geojson").read_bytes() == _cold(corpus, tmp_path / "one.geojson")


def test_workers_are_spawned_afresh_when_other_threads_run(corpus, tmp_path):
    # As in the dashboard's server: forking a threaded process is unsafe, so workers are
    # spawned; they must open the gazetteer themselves and give the same layer.
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        from geo.report_jobs import _start_method

        assert _start_method().get_start_method() == "spawn"
        spawned = build_layer([corpus], tmp_path / "spawned.geojson", workers=2, cache=None)
    finally:
        stop.set()
    assert spawned.engine == "2 worker processes"
    assert (tmp_path / "spawned.geojson").read_bytes() == _cold(corpus, tmp_path / "one.geojson")


def test_the_environment_still_turns_online_lookup_on_for_default_builds(monkeypatch):
    from geo.report_jobs import ParseRecipe

    monkeypatch.delenv("CONFLICT_MAP_GEOCODER", raising=False)
    assert ParseRecipe.from_environment().online is False
    monkeypatch.setenv("CONFLICT_MAP_GEOCODER", "nominatim")
    assert ParseRecipe.from_environment().online is True


def _cached_units(cache: Path) -> dict[str, list[list[dict]]]:
    """The unit rows of every cache entry, by report id (an edited report has two)."""
    found: dict[str, list[list[dict]]] = {}
    for entry in sorted(cache.rglob("*.json")):
        piece = json.loads(entry.read_bytes())
        found.setdefault(piece["report"]["report"], []).append(piece["units"])
    return found


def test_a_cached_piece_holds_its_units_prints_and_an_edit_gives_new_ones(tmp_path):
    from geo.reports import read_report
    from geo.syndication import unit_print

    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    copy = reports / "copy.md"
    copy.write_text("---\noutlet: Test Wire\npublished: 2024-12-02\n---\n"
                    "Clashes were reported in Hama on Monday, residents said.\n",
                    encoding="utf-8")
    cache = tmp_path / "cache"
    build_layer([reports], tmp_path / "a.geojson", cache=cache)
    (rows,) = _cached_units(cache)["copy"]
    assert rows[0]["print"] == unit_print(read_report(copy).body).to_json()

    # The report becomes a copy of the War Zone's: its entry is new, its print too.
    war_zone = (SEEDS / "004_b47eef20986d896b.txt").read_text(encoding="utf-8")
    copy.write_text("---\noutlet: Test Wire\npublished: 2024-12-02\n---\n"
                    + war_zone.split("---\n", 2)[2], encoding="utf-8")
    build_layer([reports], tmp_path / "b.geojson", cache=cache)
    assert [r[0]["print"] for r in _cached_units(cache)["copy"]].count(
        unit_print(read_report(copy).body).to_json()) == 1
    warm = json.loads((tmp_path / "b.geojson").read_bytes())
    assert [(c["copy"]["report"], c["source"]["report"])
            for c in warm["syndication"]["copies"]
            if c["copy"]["report"] == "copy"] == [("copy", "004_b47eef20986d896b")]


def test_a_report_that_becomes_a_copy_changes_the_others_carried_by_warm_as_cold(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    copy = reports / "zz_copy.md"
    copy.write_text("---\noutlet: Test Wire\npublished: 2024-12-02\n---\n"
                    "Clashes were reported in Hama on Monday, residents said.\n",
                    encoding="utf-8")
    cache = tmp_path / "cache"
    build_layer([reports], tmp_path / "a.geojson", cache=cache)
    war_zone = "004_b47eef20986d896b"
    body = (SEEDS / f"{war_zone}.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    copy.write_text("---\noutlet: Test Wire\npublished: 2024-12-02\n---\n" + body,
                    encoding="utf-8")
    warm = build_layer([reports], tmp_path / "warm.geojson", cache=cache)
    assert warm.cached == 5  # only the copy was parsed again
    layer = (tmp_path / "warm.geojson").read_bytes()
    assert layer == _cold(reports, tmp_path / "cold.geojson")
    seized = [f["properties"] for f in json.loads(layer)["features"]
              if f["properties"]["report"] == war_zone]
    assert seized and all("zz_copy" in p["carried_by"] and p["carried_by_count"] >= 2
                          for p in seized)


def test_a_build_stopped_half_way_keeps_the_reports_it_parsed_in_the_cache(tmp_path,
                                                                           monkeypatch):
    import geo.build

    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports)
    cache, out = tmp_path / "cache", tmp_path / "layer.geojson"
    parse_one, parsed = geo.build.parse_one, []

    def stopped_at_the_fourth(path, recipe):
        if len(parsed) == 3:
            raise KeyboardInterrupt  # the analyst's Ctrl-C
        parsed.append(path)
        return parse_one(path, recipe)

    monkeypatch.setattr(geo.build, "parse_one", stopped_at_the_fourth)
    with pytest.raises(KeyboardInterrupt):
        build_layer([reports], out, workers=1, cache=cache)
    assert not out.exists()  # no half-written layer
    monkeypatch.setattr(geo.build, "parse_one", parse_one)
    again = build_layer([reports], out, workers=1, cache=cache)
    assert again.cached == 3 and again.reports == 5


def test_a_report_reached_through_a_linked_folder_is_the_same_cache_entry(tmp_path):
    reports, link = tmp_path / "reports", tmp_path / "linked"
    shutil.copytree(SEEDS, reports)
    link.symlink_to(reports, target_is_directory=True)
    cache = tmp_path / "cache"
    build_layer([reports], tmp_path / "a.geojson", cache=cache)
    through_link = build_layer([link], tmp_path / "b.geojson", cache=cache)
    assert through_link.cached == 5
    assert (tmp_path / "b.geojson").read_bytes() == (tmp_path / "a.geojson").read_bytes()
