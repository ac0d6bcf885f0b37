"""The GeoParquet copy of the layer: valid GeoParquet, the same mentions as the GeoJSON,
and ignored when it belongs to another version of the layer."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from components.layer_data import load_layer, mentions_frame, parquet_frame
from geo.build import build_layer
from geo.geoparquet import copy_metadata, mentions_table, parquet_path

REPO = Path(__file__).resolve().parents[1]


def _built(tmp_path: Path) -> Path:
    out = tmp_path / "layer.geojson"
    build_layer([REPO / "data" / "reports"], out, cache=None)
    return out


def test_the_build_writes_a_geoparquet_copy_gis_tools_can_read(tmp_path):
    out = _built(tmp_path)
    table = pq.read_table(parquet_path(out))
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert table.num_rows == len(features)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    first = features[0]
    order, kind, lon, lat = struct.unpack("<BIdd", table["geometry"][0].as_py())
    assert (order, kind, [lon, lat]) == (1, 1, first["geometry"]["coordinates"])
    assert table["quote"][0].as_py() == first["properties"]["quote"]
    west, south, east, north = geo["columns"]["geometry"]["bbox"]
    assert west <= lon <= east and south <= lat <= north


def test_the_dashboard_reads_the_same_mentions_from_the_copy(tmp_path):
    out = _built(tmp_path)
    from_json = mentions_frame(json.loads(out.read_text(encoding="utf-8"))["features"])[0]
    from_parquet = parquet_frame(parquet_path(out))
    pd.testing.assert_frame_equal(from_parquet, from_json, check_dtype=False)
    assert copy_metadata(out) is not None


def test_a_copy_of_another_version_of_the_layer_is_not_used(tmp_path):
    out = _built(tmp_path)
    copy = parquet_path(out)
    text = out.read_text(encoding="utf-8")
    head, features = text.split('"features":[', 1)  # a feature's place, not an event's
    edited = head + '"features":[' + features.replace('"place":"Aleppo"', '"place":"Alepo!"', 1)
    out.write_text(edited, encoding="utf-8")
    assert copy_metadata(out) is None
    layer = load_layer(out)
    assert "Alepo!" in set(layer.mentions["place"])
    copy.write_bytes(b"not parquet")
    assert copy_metadata(out) is None


def _point(props: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.2, 37.1]},
            "properties": props}


def test_columns_keep_their_types_and_the_order_properties_first_appear_in():
    layer = {"features": [_point({"report": "a", "start": 3, "event_flags": []}),
                          _point({"report": "b", "start": 9, "event_flags": ["intent"],
                                  "fatalities": 4})]}
    table = mentions_table(layer)
    assert table.column_names[:4] == ["report", "start", "event_flags", "fatalities"]
    assert str(table.schema.field("start").type) == "int64"
    assert table["event_flags"].to_pylist() == [[], ["intent"]]
    assert table["fatalities"].to_pylist() == [None, 4]  # absent from the first: null


def test_a_property_of_mixed_kinds_is_kept_as_json_text_beside_typed_columns():
    layer = {"features": [_point({"report": "a", "note": 1}),
                          _point({"report": "b", "note": "one"}),
                          _point({"report": "c", "note": None})]}
    table = mentions_table(layer)
    assert table["note"].to_pylist() == ["1", '"one"', None]
    assert table["report"].to_pylist() == ["a", "b", "c"]
    assert table["lon"].to_pylist() == [36.2] * 3
