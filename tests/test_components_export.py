"""Exports: the filtered mentions as a layer GeoJSON that reads back, and as CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from components.export import to_csv, to_geojson
from components.filters import Filters, apply_filters
from components.layer_data import PROPERTY_COLUMNS, mentions_frame
from geo.layer import read_layer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def layer():
    return json.loads((DATA / "layer_small.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shown(layer):
    mentions = mentions_frame(layer["features"])[0]
    return apply_filters(mentions, Filters(hidden_outlets=frozenset({"SANA"}), include_older=True))


def test_geojson_export_is_a_layer_with_the_filtered_mentions(shown, layer, tmp_path):
    path = tmp_path / "export.geojson"
    path.write_text(to_geojson(shown, {"hidden_outlets": ["SANA"]}), encoding="utf-8")
    exported = read_layer(path)  # the project's own reader accepts it
    assert len(exported["features"]) == len(shown) == 10
    assert exported["filters"] == {"hidden_outlets": ["SANA"]}
    assert {f["properties"]["outlet"] for f in exported["features"]} == {
        "The War Zone", "Reuters", "Al-Monitor", "Enab Baladi"
    }  # fmt: skip
    # Same id, geometry and properties as the input layer for each exported mention.
    original = {f["id"]: f for f in layer["features"]}
    for feature in exported["features"]:
        source = original[feature["id"]]
        assert feature["geometry"] == source["geometry"]
        for name in PROPERTY_COLUMNS:
            if name in source["properties"]:
                assert feature["properties"][name] == source["properties"][name], name


def test_csv_export_has_one_row_per_mention(shown):
    rows = list(csv.DictReader(io.StringIO(to_csv(shown))))
    assert len(rows) == 10
    assert {"quote", "outlet", "place", "lat", "lon", "event_date"} <= set(rows[0])
    junction = [r for r in rows if r["place"] == "M4/M5 junction"]
    assert junction[0]["carried_by_count"] == "2"  # from the schema-1 list of two ids
    assert junction[0]["lat"] == "35.8606" and junction[0]["lon"] == "36.8097"


def test_csv_defuses_spreadsheet_formulas(shown):
    evil = shown.head(1).assign(quote='=HYPERLINK("http://x")', outlet="@SUM(A1)")
    row = next(csv.DictReader(io.StringIO(to_csv(evil))))
    assert row["quote"].startswith("'=") and row["outlet"] == "'@SUM(A1)"
