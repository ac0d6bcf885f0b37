"""The review component: its pure core, and the Streamlit page run by AppTest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components.review import pin_for, quote_html, review_rows, table_rows
from geo.overrides import read_pins
from geo.records import NOT_A_PLACE

HOSTILE = '<img src=x onerror="alert(1)">'


def _layer() -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "unresolved": [{
            "report": "004_x", "start": 40, "end": 48, "mention": "Mansoura",
            "quote": f"Rebels took Mansoura, {HOSTILE} five miles from Aleppo.",
            "reason": "only distant namesakes (nearest: Mansoura, EG)",
            "candidates": [
                {"place_id": "geonames:360630", "place": "Al Mansurah", "lat": 31.0364,
                 "lon": 31.3807, "place_type": "city", "country": "EG"},
                {"place_id": "curated:sy-mansoura-aleppo", "place": "al-Mansoura",
                 "lat": 36.2187, "lon": 37.0478, "place_type": "town", "country": "SY"},
            ],
        }],
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.8, 35.86]},
             "properties": {"report": "005_y", "start": 3, "end": 10, "mention": "Saraqib",
                            "quote": "In Saraqib, shelling.", "place": "Saraqib",
                            "place_id": "geonames:164816", "place_type": "town",
                            "country": "SY", "confidence": 0.55, "resolution": "gazetteer"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.13, 36.2]},
             "properties": {"report": "005_y", "start": 30, "end": 36, "mention": "Aleppo",
                            "quote": "Aleppo fell.", "place": "Aleppo",
                            "place_id": "geonames:170063", "confidence": 0.95,
                            "resolution": "gazetteer"}},
        ],
    }


def test_review_rows_are_the_unresolved_and_the_unsure_with_candidates():
    rows = review_rows(_layer(), threshold=0.7)
    assert [(r.mention, r.status) for r in rows] == [
        ("Mansoura", "unresolved"), ("Saraqib", "low confidence")]
    assert [c.place_id for c in rows[0].candidates] == [
        "geonames:360630", "curated:sy-mansoura-aleppo"]
    assert table_rows(rows)[1]["confidence"] == 0.55
    assert review_rows(_layer(), threshold=0.5)[-1].mention == "Mansoura"


def test_the_quote_is_escaped_and_the_mention_marked():
    html = quote_html(review_rows(_layer())[0])
    assert "<img" not in html and "&lt;img src=x" in html
    assert "<mark>Mansoura</mark>" in html


def test_a_pin_from_the_form_takes_the_chosen_candidate_or_coordinates():
    row = review_rows(_layer())[0]
    pin = pin_for(row, "curated:sy-mansoura-aleppo", 0.0, 0.0, "report")
    assert (pin.place.lat, pin.place.lon, pin.source) == (36.2187, 37.0478,
                                                          "curated:sy-mansoura-aleppo")
    assert (pin.scope, pin.report) == ("report", "004_x")
    typed = pin_for(row, "coordinates", 36.3, 37.1, "mention")
    assert (typed.place.lat, typed.start, typed.end) == (36.3, 40, 48)
    assert pin_for(row, "coordinates", 36.3, 37.1, "everywhere").report == ""


def _page(layer_path: str, overrides_path: str) -> None:
    import json
    from pathlib import Path

    from components.review import render_review

    layer = json.loads(Path(layer_path).read_text(encoding="utf-8"))
    render_review(layer, Path(overrides_path))


def _app(tmp_path: Path) -> tuple[AppTest, Path]:
    layer = tmp_path / "layer.geojson"
    layer.write_text(json.dumps(_layer()), encoding="utf-8")
    overrides = tmp_path / "overrides.json"
    app = AppTest.from_function(_page, args=(str(layer), str(overrides)), default_timeout=20)
    return app.run(), overrides


def test_pinning_a_candidate_in_the_page_writes_the_overrides(tmp_path):
    app, overrides = _app(tmp_path)
    assert not app.exception
    row_key = "004_x:40-48"
    options = app.radio(key=f"review_choice_{row_key}").options
    assert len(options) == 4 and "Mansoura" in options[1] and "other place" in options[2]
    assert "not a place" in options[3]
    app.radio(key=f"review_choice_{row_key}").set_value("curated:sy-mansoura-aleppo").run()
    app.button(key="review_pin").click().run()
    assert not app.exception
    (pin,) = read_pins(overrides)
    assert (pin.name, pin.report, pin.source) == ("Mansoura", "004_x",
                                                  "curated:sy-mansoura-aleppo")
    assert (pin.place.lat, pin.place.lon) == (36.2187, 37.0478)
    assert "Rebuild the layer" in app.success[0].value


def test_typed_coordinates_pin_the_chosen_row(tmp_path):
    app, overrides = _app(tmp_path)
    app.selectbox(key="review_row").set_value(1).run()
    row_key = "005_y:3-10"
    app.radio(key=f"review_choice_{row_key}").set_value("coordinates").run()
    app.text_input(key=f"review_lat_{row_key}").set_value("35.87").run()
    app.text_input(key=f"review_lon_{row_key}").set_value("36.81").run()
    app.button(key="review_pin").click().run()
    (pin,) = read_pins(overrides)
    assert (pin.name, pin.place.lat, pin.place.lon, pin.source) == (
        "Saraqib", 35.87, 36.81, "coordinates")


def test_the_quote_reaches_the_page_escaped(tmp_path):
    app, _ = _app(tmp_path)
    html = [m.value for m in app.markdown if "blockquote" in m.value]
    assert html and "&lt;img" in html[0] and "<img" not in html[0]


def test_an_unresolved_mention_starts_on_typed_coordinates_not_a_far_candidate(tmp_path):
    app, overrides = _app(tmp_path)  # the first row: Mansoura, unresolved
    assert app.radio(key="review_choice_004_x:40-48").value == "coordinates"
    assert app.text_input(key="review_lat_004_x:40-48").value == ""  # nothing made up
    assert app.button(key="review_pin").disabled  # not Al Mansurah in Egypt, nor a default
    app.text_input(key="review_lat_004_x:40-48").set_value("36.2").run()
    app.text_input(key="review_lon_004_x:40-48").set_value("37.05").run()
    app.button(key="review_pin").click().run()
    (pin,) = read_pins(overrides)
    assert (pin.source, pin.place.lat, pin.place.lon) == ("coordinates", 36.2, 37.05)
    app.selectbox(key="review_row").set_value(1).run()  # Saraqib, placed: its place first
    assert app.radio(key="review_choice_005_y:3-10").value == "geonames:164816"


def test_not_a_place_is_pinned_with_no_place(tmp_path):
    app, overrides = _app(tmp_path)
    app.radio(key="review_choice_004_x:40-48").set_value(NOT_A_PLACE).run()
    app.button(key="review_pin").click().run()
    assert not app.exception
    (pin,) = read_pins(overrides)
    assert (pin.name, pin.place, pin.source) == ("Mansoura", None, "analyst")
    assert "as not a place" in app.success[0].value


@pytest.mark.parametrize(("lat", "lon", "problem"), [
    ("", "", "Type a latitude and a longitude"), ("36.2", "", "Type a latitude"),
    ("95", "37", "Latitude must be between -90 and 90"),
    ("36", "-181", "Longitude must be between -180 and 180"),
    ("nan", "37", "Latitude must be between"), ("inf", "37", "Latitude must be between"),
    ("north", "37", "Latitude 'north' is not a number"),
])
def test_pin_is_disabled_with_a_message_until_real_coordinates_are_typed(
        tmp_path, lat, lon, problem):
    app, overrides = _app(tmp_path)
    app.text_input(key="review_lat_004_x:40-48").set_value(lat).run()
    app.text_input(key="review_lon_004_x:40-48").set_value(lon).run()
    assert app.button(key="review_pin").disabled
    assert any(problem in w.value for w in app.warning)
    assert not overrides.exists()  # nothing saved (AppTest refuses to click it, as a browser)


def test_the_pin_button_says_which_coordinates_it_saves(tmp_path):
    app, _ = _app(tmp_path)
    app.text_input(key="review_lat_004_x:40-48").set_value("36.2").run()
    app.text_input(key="review_lon_004_x:40-48").set_value("37.05").run()
    assert app.button(key="review_pin").label == "Pin at 36.20000, 37.05000"
    assert not app.button(key="review_pin").disabled
