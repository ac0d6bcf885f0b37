"""Importing a GeoNames dump: what lands in the index, and that the resolver then uses it.

The dump in tests/data/geonames/SY.txt is written for these tests: a few dozen Syrian
villages that the bundled gazetteer lacks, in GeoNames' own 19-column format. The index is
built once per session in a temporary folder and copied for each test that changes it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from geo.build import build_layer
from geo.cli import main
from geo.errors import GazetteerError
from geo.gazetteer import ensure_index, load_gazetteer, store
from geo.gazetteer.bundled import _keys
from geo.gazetteer.importer import datasets, feature_kind, import_dump
from geo.geometry import distance_km
from geo.pipeline import Geoparser

DATA = Path(__file__).parent / "data" / "geonames"
DUMP = DATA / "SY.txt"


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled gazetteer, built once (it takes seconds) in a temporary folder."""
    return ensure_index(tmp_path_factory.mktemp("bundled") / "index.sqlite")


@pytest.fixture
def index(bundled_index: Path, tmp_path: Path) -> Path:
    """A private copy of the bundled index, free to change."""
    copy = tmp_path / "index.sqlite"
    shutil.copy(bundled_index, copy)
    return copy


def _rows(index: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(index) as connection:
        return connection.execute(sql, args).fetchall()


def _meta(index: Path, key: str) -> str | None:
    connection = store.connect(index)
    try:
        return store.get_meta(connection, key)
    finally:
        connection.close()


def test_import_adds_the_villages_and_says_what_it_did(index):
    result = import_dump(DUMP, path=index)
    assert result.dataset == "import:SY.txt"
    assert (result.added, result.already_known, result.left_out) == (49, 1, 2)
    assert dict(result.by_type) == {"base": 1, "landmark": 1, "region": 5, "town": 5,
                                    "village": 37}
    assert "added 49 places" in result.line()
    ((name, lat, lon, kind, admin1, source),) = _rows(
        index, "SELECT name, lat, lon, place_type, admin1, source FROM places "
        "WHERE place_id = 'geonames:9900113'")
    assert (name, lat, lon, kind) == ("Jarjanaz", 35.6, 36.82, "town")
    assert admin1 == "Idlib Governorate"  # named through the dump's own ADM1 row
    assert source == "GeoNames dump SY.txt"


def test_saraqib_already_bundled_is_not_added_twice(index):
    import_dump(DUMP, path=index)
    assert _rows(index, "SELECT dataset FROM places WHERE place_id = 'geonames:164816'") == [
        ("geonames",)]


def test_reimport_replaces_the_dataset_and_bumps_the_names_version(index):
    before = int(_meta(index, "names_version") or 0)
    import_dump(DUMP, path=index)
    import_dump(DUMP, path=index)
    count = _rows(index, "SELECT COUNT(*) FROM places WHERE dataset = 'import:SY.txt'")
    assert count == [(49,)]
    assert int(_meta(index, "names_version") or 0) == before + 2


def test_names_get_commonness_like_bundled_ones(index):
    import_dump(DUMP, path=index)
    stored = dict(_rows(index, "SELECT key, commonness FROM names WHERE place_id = ?",
                        "geonames:9900126"))
    assert stored == dict(_keys(["Hass", "Hass", "Has", "Hass", "حاس"], {}))


def test_a_zipped_dump_is_read_as_a_stream(index, tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(DUMP, "SY.txt")
        handle.writestr("readme.txt", "GeoNames readme")
    result = import_dump(archive, path=index)
    assert (result.dataset, result.added) == ("import:SY.zip", 49)


def test_list_says_what_is_loaded(index):
    import_dump(DUMP, path=index)
    found = {d.dataset: d for d in datasets(index)}
    assert {"geonames", "curated", "import:SY.txt"} <= set(found)
    imported = found["import:SY.txt"]
    assert imported.places == 49 and imported.source == str(DUMP.resolve())
    assert imported.imported_at[:2] == "20"


def test_a_malformed_dump_is_refused_naming_file_and_line(index):
    bad = DATA / "malformed.txt"
    with pytest.raises(GazetteerError, match=r"malformed\.txt, line 4: found 1 column"):
        import_dump(bad, path=index)
    assert _rows(index, "SELECT COUNT(*) FROM places WHERE dataset LIKE 'import:%'") == [(0,)]


def test_a_zip_without_a_dump_is_refused(index, tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("notes.csv", "a,b\n")
    with pytest.raises(GazetteerError, match=r"SY\.zip: expected one GeoNames dump"):
        import_dump(archive, path=index)


@pytest.mark.parametrize(
    ("fclass", "fcode", "population", "kind"),
    [("P", "PPL", 800, "village"), ("P", "PPLA2", 40_000, "town"), ("S", "MILB", 0, "base"),
     ("S", "AIRP", 0, "airport"), ("S", "HTL", 0, None), ("A", "ADM1", 0, "region"),
     ("R", "RDJCT", 0, "junction"), ("H", "STM", 0, "water"), ("V", "FRST", 0, None)],
)
def test_feature_codes_map_to_place_types(fclass, fcode, population, kind):
    found = feature_kind(fclass, fcode, population)
    assert (found[0] if found else None) == kind


def test_the_command_imports_and_lists(index, monkeypatch, capsys):
    monkeypatch.setenv("CONFLICT_MAP_GAZETTEER", str(index))
    assert main(["gazetteer", "import", str(DUMP)]) == 0
    assert "import:SY.txt: added 49 places" in capsys.readouterr().out
    assert main(["gazetteer", "list"]) == 0
    assert f"import:SY.txt: 49 places from {DUMP.resolve()}" in capsys.readouterr().out
    assert main(["gazetteer", "import", str(DATA / "malformed.txt")]) == 1
    assert "malformed.txt, line 4" in capsys.readouterr().err


def _placed(layer: dict, gold: list[dict]) -> list[dict]:
    """The gold toponyms that a feature of their report places within tolerance."""
    unused = list(layer["features"])
    placed = []
    for item in sorted(gold, key=lambda g: -len(g["mention"])):  # the airbase before its village
        for feature in unused:
            props = feature["properties"]
            lon, lat = feature["geometry"]["coordinates"]
            if (props["report"] == item["report"] and item["mention"] in props["mention"]
                    and distance_km(lat, lon, item["lat"], item["lon"]) <= item["tolerance_km"]):
                unused.remove(feature)
                placed.append(item)
                break
    return placed


def test_imported_villages_are_placed_in_unseen_reports(index, tmp_path):
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))["toponyms"]
    reports = [DATA / "reports"]
    before = tmp_path / "before.geojson"
    build_layer(reports, before, geoparser=Geoparser(load_gazetteer(index)))
    import_dump(DUMP, path=index)
    after = tmp_path / "after.geojson"
    build_layer(reports, after, geoparser=Geoparser(load_gazetteer(index)))
    placed_before = _placed(json.loads(before.read_text(encoding="utf-8")), gold)
    placed = _placed(json.loads(after.read_text(encoding="utf-8")), gold)
    missed = [g["mention"] for g in gold if g not in placed]
    print(f"placed {len(placed)}/{len(gold)} after import ({len(placed_before)} before); "
          f"missed {missed}")
    assert len(placed) >= 0.9 * len(gold), missed
    assert len(placed_before) < 0.5 * len(gold)


def test_a_village_only_in_the_dump_is_found_and_placed(index, write_report, tmp_path):
    report = write_report("301_jarjanaz.txt", "Drones struck a market in Jarjanaz on Monday.\n")
    out = tmp_path / "layer.geojson"
    build_layer([report], out, geoparser=Geoparser(load_gazetteer(index)))
    assert json.loads(out.read_text(encoding="utf-8"))["features"] == []
    import_dump(DUMP, path=index)
    build_layer([report], out, geoparser=Geoparser(load_gazetteer(index)))
    (feature,) = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert feature["properties"]["place_id"] == "geonames:9900113"
    assert feature["geometry"]["coordinates"] == [36.82, 35.6]


def test_a_running_geoparser_sees_an_import_without_a_restart(index, write_report, tmp_path):
    # As in the dashboard, one geoparser outlives the import: what it worked out about a
    # name before (not in the gazetteer) must not outlive the names it was worked out from.
    report = write_report("302_jarjanaz.txt", "Shelling hit the village of Jarjanaz on Monday.\n")
    geoparser = Geoparser(load_gazetteer(index))
    out = tmp_path / "layer.geojson"
    build_layer([report], out, geoparser=geoparser)
    (unresolved,) = json.loads(out.read_text(encoding="utf-8"))["unresolved"]
    assert unresolved["mention"] == "Jarjanaz"
    import_dump(DUMP, path=index)
    build_layer([report], out, geoparser=geoparser)
    (feature,) = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert feature["properties"]["place_id"] == "geonames:9900113"
