"""Coordinates outside WGS 84, NaN or infinite are never drawn: refused or warned about."""

from __future__ import annotations

import json
import math

import pytest

from components.health import health_warnings
from components.layer_data import mentions_frame
from geo.geometry import on_earth
from geo.layer import assemble_layer
from geo.pipeline import Geoparser
from geo.records import Place, Resolution


@pytest.mark.parametrize(("lat", "lon", "ok"), [
    (36.2, 37.1, True), (90, 180, True), (-90, -180, True), (90.01, 0, False),
    (0, 180.5, False), (math.nan, 0, False), (0, math.inf, False), (-math.inf, 0, False),
])
def test_on_earth(lat, lon, ok):
    assert on_earth(lat, lon) is ok


def _feature(lat, lon, name="X"):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"report": "r", "place": name, "place_id": name}}


def test_the_dashboard_draws_no_point_off_the_globe_and_counts_them():
    raw = json.loads(json.dumps([_feature(36.2, 37.1, "Aleppo"), _feature(200, 37, "A"),
                                 _feature(36, 500, "B"), _feature(math.nan, 37, "C"),
                                 _feature(math.inf, 37, "D"), _feature("x", 37, "E")]))
    frame, skipped = mentions_frame(raw)
    assert list(frame["place"]) == ["Aleppo"]
    assert skipped == 5


def test_the_page_warns_about_points_it_does_not_draw(tmp_path):
    lines = health_warnings(3, tmp_path / "none.json")
    assert len(lines) == 1 and lines[0].startswith("3 feature(s) of the layer are not drawn")


def test_a_bad_pin_is_a_warning_that_names_it_and_says_how_to_fix(tmp_path):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({"schema": "conflict-map/overrides", "version": 1, "pins": [
        {"id": "abc", "name": "Hama", "scope": "everywhere",
         "place": {"name": "X", "lat": 123.0, "lon": 1.0}}]}), encoding="utf-8")
    [line] = health_warnings(0, path)
    assert "pin 1: coordinates out of range (123.0, 1.0)" in line
    assert "python -m geo review unpin abc" in line


def test_a_place_off_the_globe_is_listed_unresolved_not_drawn(geoparser, write_report):
    from geo.reports import read_report

    report = read_report(write_report("r.md", "Fighting near Hama.\n"))
    broken = Place("online:x:1", "Hama", 95.0, math.nan, "city", "SY", source="provider x")

    def bad_pins(mention, report):
        return Resolution(broken, 1.0, "pin", reason="pinned")

    parser = Geoparser(geoparser.gazetteer, geoparser.theatre, pins=bad_pins)
    layer = assemble_layer([report], parser.parse(report))
    assert layer["features"] == []
    [row] = layer["unresolved"]
    assert "outside WGS 84" in row["reason"] and "provider x" in row["reason"]
    json.dumps(layer, allow_nan=False)  # nothing that is not JSON
