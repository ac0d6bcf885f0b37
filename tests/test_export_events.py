"""`python -m geo export events`: the events as GeoJSON and as ACLED-style CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.crossreport import link_across_reports
from geo.event_export import ACLED_COLUMNS, events_csv, events_geojson
from geo.layer import assemble_layer, write_layer
from tests.event_records_kit import ALEPPO, CAPTURE, SARAQIB, STRIKE, coded, report

TEXT = ("HTS fighters captured Saraqib on Saturday, and Russian jets struck Aleppo, killing "
        "nine people, the monitor said.")


@pytest.fixture
def layer_file(tmp_path: Path) -> Path:
    a = report("a", TEXT, "=HYPERLINK(\"http://x\")")
    b = report("b", TEXT, "North Press")
    items = [
        coded(a, "Saraqib", SARAQIB, actor1="HTS", actor1_side="opposition", **CAPTURE),
        coded(b, "Saraqib", SARAQIB, actor1="HTS", actor1_side="opposition", **CAPTURE),
        coded(a, "Aleppo", ALEPPO, actor1="Russian air force", actor1_side="russia",
              actor2="Civilians", actor2_side="civilians", fatalities=9, claimant="SOHR",
              claimant_kind="monitor", **STRIKE),
    ]
    layer = assemble_layer([a, b], items)
    link_across_reports(layer, {"a": a.body, "b": b.body})
    out = tmp_path / "layer.geojson"
    write_layer(layer, out)
    return out


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_acleds_columns_in_acleds_order_then_ours(layer_file, tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert main(["export", "events", "--format", "csv", "--layer", str(layer_file),
                 "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert tuple(header[:len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert "status" in header[len(ACLED_COLUMNS):]
    rows = {r["location"]: r for r in _rows(text)}
    strike = rows["Aleppo"]
    assert (strike["sub_event_type"], strike["fatalities"], strike["geo_precision"]) == (
        "Air/drone strike", "9", "1")
    assert (strike["country"], strike["iso"], strike["inter1"]) == ("Syria", "760",
                                                                    "State forces")
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert strike["latitude"] == str(ALEPPO.lat) and strike["status"] == "corroborated"
    assert "struck Aleppo" in strike["notes"]
    capture = rows["Saraqib"]
    assert capture["fatalities"] == "0" and capture["fatalities_known"] == "False"
    assert capture["independent_count"] == "2"
    # An outlet name that a spreadsheet would run as a formula is defused.
    assert capture["source"].startswith("'=HYPERLINK")
    assert "2 events" in capsys.readouterr().err


def test_geojson_is_one_point_per_event(layer_file, capsys):
    assert main(["export", "events", "--format", "geojson", "--layer", str(layer_file)]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert collection["type"] == "FeatureCollection"
    points = {f["properties"]["place"]: f["geometry"]["coordinates"]
              for f in collection["features"]}
    assert points == {"Saraqib": [SARAQIB.lon, SARAQIB.lat], "Aleppo": [ALEPPO.lon, ALEPPO.lat]}


def test_a_layer_without_events_or_no_layer_is_a_clear_error(tmp_path, capsys):
    old = tmp_path / "old.geojson"
    write_layer(assemble_layer([], []), old)
    assert main(["export", "events", "--format", "csv", "--layer", str(old)]) == 1
    assert "Rebuild it" in capsys.readouterr().err
    assert main(["export", "events", "--format", "csv", "--layer",
                 str(tmp_path / "none.geojson")]) == 1
    assert "No layer" in capsys.readouterr().err


def test_the_functions_work_on_a_filtered_list_of_events(layer_file):
    events = json.loads(layer_file.read_text(encoding="utf-8"))["events"]
    kept = [e for e in events if e["status"] == "corroborated"]
    assert len(events_geojson(kept)["features"]) == len(kept) == 2
    assert len(_rows(events_csv(kept[:1]))) == 1
