"""Tests for components.basemap_layers: rivers and highways, from installed data only."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from components.basemap_layers import (
    HIGHWAY_NOTE,
    LINE_LABELS_NAME,
    LINES_NAME,
    RIVER_BOX,
    build_lines,
    gazetteer_highways,
    highway_label,
    parse_line,
    river_labels,
    river_lines,
    snap,
    write_lines,
)

# (lon, lat) of towns on the banks, from the gazetteer's GeoNames rows.
RAQQA, DEIR_EZ_ZOR = (39.008, 35.953), (40.141, 35.336)
HAMA, JISR_AL_SHUGHUR = (36.758, 35.132), (36.320, 35.814)
SARAQIB = (36.806, 35.864)


def _km(a, b) -> float:
    dx = (a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, a[1] - b[1]) * 111.2


def _nearest_km(point, lines) -> float:
    return min(_km(point, p) for line in lines for p in line)


@pytest.fixture(scope="module")
def index() -> Path:
    from geo.gazetteer import ensure_index

    return ensure_index()


@pytest.fixture(scope="module")
def rivers():
    return river_lines()


def test_rivers_stay_in_their_box_and_pass_the_river_towns(rivers):
    assert len(rivers) > 50
    for line in rivers:
        assert all(RIVER_BOX.west <= x <= RIVER_BOX.east for x, _ in line)
        assert all(RIVER_BOX.south <= y <= RIVER_BOX.north for _, y in line)
    # The Euphrates runs by Raqqa and Deir ez-Zor, the Orontes through Hama.
    for town in (RAQQA, DEIR_EZ_ZOR, HAMA, JISR_AL_SHUGHUR):
        assert _nearest_km(town, rivers) < 6, town


def test_river_names_sit_on_a_drawn_line_along_their_course(rivers):
    labels = river_labels(rivers)
    by_name: dict[str, list[tuple[float, float]]] = {}
    for name, lat, lon, zoom, kind, title in labels:
        assert kind == "river" and title == f"{name} river" and zoom == 7
        assert _nearest_km((lon, lat), rivers) < 0.01  # on a vertex of the drawn lines
        by_name.setdefault(name, []).append((lon, lat))
    assert set(by_name) == {"Euphrates", "Orontes"}
    # Each name is near its river's own towns, not on a tributary far away.
    assert min(_km(p, RAQQA) for p in by_name["Euphrates"]) < 30
    assert min(_km(p, DEIR_EZ_ZOR) for p in by_name["Euphrates"]) < 30
    assert min(min(_km(p, HAMA), _km(p, JISR_AL_SHUGHUR)) for p in by_name["Orontes"]) < 60


def test_a_name_with_no_line_near_its_course_is_left_out():
    lines = [[(30.0, 30.0), (30.1, 30.1)]]
    assert snap((38.75, 35.88), lines) is None
    assert river_labels(lines) == []


def test_parse_line_reads_the_gazetteer_column():
    assert parse_line("36.2 32.5;36.1 32.6; ") == [(36.2, 32.5), (36.1, 32.6)]


def test_the_m4_and_m5_come_from_the_gazetteer_and_meet_at_saraqib(index):
    roads = gazetteer_highways(index)
    assert {"M4", "M5"} <= set(roads)
    assert all(len(course) >= 5 for name, course in roads.items() if name in {"M4", "M5"})
    assert _nearest_km(SARAQIB, [roads["M4"]]) < 5 and _nearest_km(SARAQIB, [roads["M5"]]) < 5


def test_a_highway_label_says_its_course_is_approximate_and_sits_on_it():
    course = [(36.0, 35.0), (36.5, 35.2), (37.0, 35.4)]
    name, lat, lon, _zoom, kind, title = highway_label("M9", course)
    assert (name, kind) == ("M9", "road") and HIGHWAY_NOTE in title
    assert (lon, lat) == (36.75, 35.3)  # halfway along the middle stretch


def test_lines_file_holds_rivers_and_highways_with_their_note(index):
    geojson, labels = build_lines(gazetteer_highways(index))
    kinds = [f["properties"]["kind"] for f in geojson["features"]]
    assert kinds[:2] == ["admin1", "river"] and kinds.count("highway") >= 2
    for feature in geojson["features"][2:]:
        assert feature["geometry"]["type"] == "LineString"
        assert feature["properties"]["note"] == HIGHWAY_NOTE
    assert {"M4", "M5", "Euphrates", "Orontes"} <= {row[0] for row in labels}


def test_write_lines_writes_both_files_once(tmp_path, index):
    lines, labels = write_lines(tmp_path, index)
    assert (lines.name, labels.name) == (LINES_NAME, LINE_LABELS_NAME)
    assert json.loads(lines.read_text())["type"] == "FeatureCollection"
    assert lines.stat().st_size < 150_000
    stamps = (lines.stat().st_mtime_ns, labels.stat().st_mtime_ns)
    write_lines(tmp_path, index)
    assert (lines.stat().st_mtime_ns, labels.stat().st_mtime_ns) == stamps
