"""The offline basemap in Chromium: place names as page text, more of them closer in, and
the choice of base map kept in the URL. Against the real server on the seeds' layer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bench.browser import MAP_FRAME, map_frame

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

SIX_CITIES = ["Aleppo", "Idlib", "Hama", "Homs", "Latakia", "Damascus"]
NEAR_ALEPPO = {"Saraqib", "al-Atarib", "Anadan", "Sarmada", "Khan Tuman", "Izaz", "al-Bab"}
ALEPPO = (36.2, 37.16)
_SET_VIEW = """([lat, lon, zoom]) => {
  const map = Object.values(window).find((v) => { try { return v instanceof L.Map; }
                                                  catch (e) { return false; } });
  map.setView([lat, lon], zoom, {animate: false}); }"""


def _labels(frame: Any, kind: str = "") -> list[str]:
    return frame.locator(f".cm-label{'-' + kind if kind else ''} .cm-label-text").all_inner_texts()


def _zoom_to(frame: Any, lat: float, lon: float, zoom: int) -> None:
    frame.evaluate(_SET_VIEW, [lat, lon, zoom])
    frame.wait_for_timeout(400)  # the labels are redrawn on moveend


def test_first_view_names_the_theatres_cities_as_page_text(page, real_server, shoot):
    page.goto(real_server.url)
    frame = map_frame(page)
    frame.locator(".cm-label-city").first.wait_for()
    text = frame.locator("body").inner_text()
    for city in SIX_CITIES:
        assert city in text, city
    assert set(SIX_CITIES) <= set(_labels(frame, "city"))
    # Selectable text, not pixels, and never on top of the markers.
    aleppo = frame.locator(".cm-label-city", has_text="Aleppo").first
    assert aleppo.evaluate("(el) => getComputedStyle(el).userSelect") != "none"
    panes = frame.evaluate("""() => [".leaflet-cmLabels-pane", ".leaflet-marker-pane"]
        .map((s) => +getComputedStyle(document.querySelector(s)).zIndex)""")
    assert panes[0] < panes[1]
    # The scale stays readable: the credit line does not run over it.
    scale, credit = (frame.locator(s).bounding_box() for s in
                     (".leaflet-control-scale", ".leaflet-control-attribution"))
    assert scale["y"] + scale["height"] <= credit["y"] + 1 or (
        scale["x"] + scale["width"] <= credit["x"]), (scale, credit)
    shoot("labels-zoom-7-first-view", page.locator(MAP_FRAME))


def test_zooming_on_aleppo_brings_out_the_towns_around_it(page, real_server, shoot):
    page.goto(real_server.url)
    frame = map_frame(page)
    frame.locator(".cm-label-city").first.wait_for()
    first = set(_labels(frame))
    _zoom_to(frame, *ALEPPO, 9)
    at_9 = set(_labels(frame))
    shoot("labels-zoom-9-aleppo", page.locator(MAP_FRAME))
    _zoom_to(frame, 36.05, 36.9, 11)  # between Aleppo and Saraqib
    at_11 = set(_labels(frame))
    shoot("labels-zoom-11-west-of-aleppo", page.locator(MAP_FRAME))
    assert NEAR_ALEPPO & at_9 - first, at_9
    assert {"Saraqib", "al-Atarib"} & at_11 and len(at_11 - at_9) >= 5, at_11
    # Rivers and highways are drawn and named.
    assert frame.locator(".leaflet-cmLines-pane path").count() >= 2
    _zoom_to(frame, 35.4, 36.7, 8)
    assert {"M4", "M5", "Orontes"} & set(_labels(frame)), _labels(frame)


def test_openstreetmap_is_chosen_in_the_page_and_kept_in_the_url(page, browser, real_server,
                                                                  shoot):  # fmt: skip
    # The tests never reach the internet: tile requests are answered here, empty.
    page.context.route("**/*.openstreetmap.org/**", lambda route: route.fulfill(status=204))
    page.goto(real_server.url)
    frame = map_frame(page)
    assert frame.locator("img.leaflet-tile").count() == 0
    page.get_by_test_id("stSidebar").get_by_text("OpenStreetMap", exact=True).click()
    expect(page.get_by_text("tile server will see which area")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]basemap=OpenStreetMap\b"))
    expect(page.locator(MAP_FRAME)).to_have_count(1)  # the new map has replaced the old
    frame = map_frame(page)
    frame.locator("img.leaflet-tile").first.wait_for(state="attached")
    assert "tile.openstreetmap.org" in frame.locator("img.leaflet-tile").first.get_attribute("src")
    assert frame.locator(".cm-label").count() == 0  # the tiles carry their own names
    shoot("basemap-osm")
    other = browser.new_context(viewport=page.viewport_size)
    try:
        again = other.new_page()
        again.route("**/*.openstreetmap.org/**", lambda route: route.fulfill(status=204))
        again.goto(page.url)
        frame = map_frame(again)
        frame.locator("img.leaflet-tile").first.wait_for(state="attached")
        expect(again.get_by_role("radio", name="OpenStreetMap")).to_be_checked()
    finally:
        other.close()
