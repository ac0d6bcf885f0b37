"""Tests for components.place_labels: which names the map shows at which zoom, and how."""

from __future__ import annotations

import json
import os
from pathlib import Path

import folium
import pytest

from components.place_labels import (
    GOVERNORATE_ZOOMS,
    GazetteerRow,
    Label,
    PlaceLabels,
    build_labels,
    gazetteer_rows,
    labels_at,
    labels_json,
    merge_duplicates,
    min_zoom,
    press_name,
    write_labels,
)

SIX_CITIES = {"Aleppo", "Idlib", "Hama", "Homs", "Latakia", "Damascus"}
NEAR_ALEPPO = {"Saraqib", "al-Atarib", "Anadan", "Sarmada", "Khan Tuman", "Azaz", "Izaz"}


@pytest.fixture(scope="module")
def index() -> Path:
    from geo.gazetteer import ensure_index

    return ensure_index()


@pytest.fixture(scope="module")
def labels(index: Path) -> list[Label]:
    return build_labels(gazetteer_rows(index))


def _names(labels: list[Label], kind: str | None = None) -> set[str]:
    return {x.name for x in labels if kind is None or x.kind == kind}


def _row(name: str, lat: float, lon: float, **kw) -> GazetteerRow:
    values = {"place_type": "town", "country": "SY", "population": 0, "curated": False, **kw}
    return GazetteerRow(name, lat, lon, **values)


@pytest.mark.parametrize(
    ("geonames", "press"),
    [("Ḩamāh", "Hama"), ("Jisr ash Shughur", "Jisr al-Shughur"), ("Ar Raqqah", "al-Raqqa"),
     ("‘Afrīn", "Afrin"), ("Şanlıurfa", "Sanliurfa"), ("Saraqib", "Saraqib"),
     ("Al Atarib", "al-Atarib")],
)  # fmt: skip
def test_press_name_writes_geonames_romanisations_as_the_press_does(geonames, press):
    assert press_name(geonames) == press


def test_bigger_places_are_labelled_from_farther_out():
    assert min_zoom("city", 2_000_000) < min_zoom("city", 120_000) < min_zoom("town", 30_000)
    assert min_zoom("town", 30_000) < min_zoom("village", 0) < min_zoom("neighbourhood", 0)


def test_the_theatres_main_cities_are_labelled_at_the_first_view(labels):
    # The seeds' first view is at zoom 7 (map_view.initial_view); Aleppo shows from 5.
    assert _names(labels_at(labels, 7), "city") >= SIX_CITIES
    assert "Aleppo" in _names(labels_at(labels, 5))
    assert not NEAR_ALEPPO & _names(labels_at(labels, 7))


def test_zooming_in_adds_the_towns_around_aleppo(labels):
    at_7, at_9, at_11 = (labels_at(labels, z) for z in (7, 9, 11))
    assert len(at_7) < len(at_9) < len(at_11)
    assert "Saraqib" in _names(at_9)
    assert {"al-Atarib", "Anadan", "al-Mansoura"} <= _names(at_11)


def test_labels_come_most_important_first(labels):
    ranks = [x.rank for x in labels_at(labels, 11)]
    assert ranks == sorted(ranks, reverse=True)
    assert labels_at(labels, 11)[0].name == "Aleppo"


def test_a_neighbours_big_city_ranks_below_the_theatres_own(labels):
    rank = {x.name: x.rank for x in labels if x.kind == "city"}
    assert rank["Gaziantep"] < rank["Aleppo"]
    assert rank["Idlib"] > rank["Iskenderun"]


def test_governorates_are_named_at_low_zoom_and_retired_close_up(labels):
    names = {x.name: x for x in labels if x.kind == "governorate"}
    assert {"Idlib", "Aleppo", "Hama", "Rif Dimashq"} <= set(names)
    assert names["Idlib"].title == "Idlib Governorate"
    assert "Idlib" in _names(labels_at(labels, GOVERNORATE_ZOOMS[0]), "governorate")
    assert not _names(labels_at(labels, GOVERNORATE_ZOOMS[1]), "governorate")


def test_one_place_told_twice_gets_one_label_in_the_press_spelling():
    rows = [_row("Hamah", 35.132, 36.758, place_type="city", population=460_602),
            _row("Hama", 35.135, 36.750, place_type="city", curated=True),
            _row("Suran", 35.292, 36.748, population=30_716)]  # fmt: skip
    merged = merge_duplicates(rows)
    assert sorted(r.name for r in merged) == ["Hama", "Suran"]
    hama = next(r for r in merged if r.name == "Hama")
    assert hama.population == 460_602


def test_the_shorter_name_wins_between_two_geonames_rows():
    rows = [_row("Al Mawsil al Jadidah", 36.33, 43.10, country="IQ", population=2_065_597),
            _row("Mosul", 36.34, 43.12, country="IQ", population=1_683_000)]  # fmt: skip
    assert [r.name for r in merge_duplicates(rows)] == ["Mosul"]


def test_labels_file_is_small_and_lists_what_the_browser_needs(tmp_path, index, labels):
    path = write_labels(tmp_path / "labels.json", index)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(labels_json(labels)))
    assert path.stat().st_size < 60_000  # fetched once and cached, but still small
    name, lat, _lon, zoom, kind, _title = data["labels"][0]
    assert (name, kind, zoom) == ("Aleppo", "city", 5) and abs(lat - 36.2) < 0.05


def test_a_fresh_labels_file_is_left_alone(tmp_path, index):
    path = write_labels(tmp_path / "labels.json", index)
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 60))
    stamp = path.stat().st_mtime_ns
    write_labels(path, index)
    assert path.stat().st_mtime_ns == stamp


def test_the_element_fetches_its_files_and_writes_names_as_text():
    m = folium.Map(tiles=None)
    PlaceLabels(["/a.json", "/b.json"]).add_to(m)
    html = m.get_root().render()
    assert '["/a.json", "/b.json"].map' in html
    assert "textContent = " in html and "innerHTML" not in html  # a name is never markup
    assert ".cm-label-city" in html  # its stylesheet is in the page
