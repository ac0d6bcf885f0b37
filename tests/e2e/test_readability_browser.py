"""The first view in Chromium, read as an analyst reads it: places named only as context are
there (quietly), and the cities' names are not hidden under the markers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bench.browser import MAP_FRAME, map_frame

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

KHMEIMIM, TARTUS = "curated:sy-khmeimim-air-base", "curated:sy-city-tartus"
_SET_VIEW = """([lat, lon, zoom]) => {
  const map = Object.values(window).find((v) => { try { return v instanceof L.Map; }
                                                  catch (e) { return false; } });
  map.setView([lat, lon], zoom, {animate: false}); }"""
#: The names (label text) whose box meets a marker's or a cluster's box, with that marker.
_UNDER_MARKERS = """() => {
  const marks = [...document.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon")]
    .map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0);
  return [...document.querySelectorAll(".cm-label-text")].flatMap((el) => {
    const r = el.getBoundingClientRect();
    return marks.filter((m) => r.right > m.left && r.left < m.right && r.bottom > m.top
                               && r.top < m.bottom).map(() => el.textContent); }); }"""


def _dot(frame: Any, place_id: str) -> Any:
    return frame.locator(f'.cm-context [data-place-id="{place_id}"]')


def _first_view(page: Any, url: str) -> Any:
    page.goto(url)
    frame = map_frame(page)
    frame.locator(".cm-label-city").first.wait_for()
    frame.wait_for_timeout(600)  # names are placed again once the markers have settled
    return frame


def test_khmeimim_and_tartus_are_grey_dots_with_their_quotes_on_the_first_view(
    page, browser, real_server, shoot
):
    frame = _first_view(page, real_server.url)
    # Context mentions stay off in "What happened" (issue 8's rule)...
    context = page.get_by_test_id("stSidebar").locator('input[aria-label^="context (no event)"]')
    expect(context).not_to_be_checked()
    # ...and the places they name are still on the map, as dots.
    for place_id, name in ((TARTUS, "Tartus"), (KHMEIMIM, "Khmeimim Air Base")):
        dot = _dot(frame, place_id)
        expect(dot).to_be_visible()
        dot.hover()
        tip = frame.locator(".leaflet-tooltip", has_text=name).last
        expect(tip).to_contain_text("Named only as context")
    shoot("context-dots-first-view", page.locator(MAP_FRAME))
    _dot(frame, KHMEIMIM).click()
    expect(page.get_by_role("heading", name="Sources for Khmeimim Air Base")).to_be_visible()
    expect(page.locator(".cm-quote").first).to_contain_text("Khmeimim")

    # The switch is in the URL: a link with the dots off opens without them.
    switch = page.get_by_test_id("stSidebar").locator(
        'input[aria-label^="Places named only as context"]')  # fmt: skip
    expect(switch).to_be_checked()
    switch.uncheck(force=True)  # the input is visually hidden behind Streamlit's switch
    expect(page).to_have_url(re.compile(r"[?&]context-dots=false\b"))
    expect(page.locator(MAP_FRAME)).to_have_count(1)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    expect(frame.locator(".cm-context")).to_have_count(0)
    other = browser.new_context(viewport=page.viewport_size)
    try:
        again = other.new_page()
        frame = _first_view(again, page.url)
        expect(frame.locator(".cm-context")).to_have_count(0)
        assert frame.locator(".cm-place-icon, .cm-cluster").count() > 0
    finally:
        other.close()


def test_city_names_are_not_hidden_under_markers(page, real_server, shoot):
    frame = _first_view(page, real_server.url)
    names = frame.locator(".cm-label-text").all_inner_texts()
    assert {"Aleppo", "Idlib"} <= set(names)  # both named, though markers sit on both
    assert frame.evaluate(_UNDER_MARKERS) == []
    shoot("names-beside-markers-first-view", page.locator(MAP_FRAME))
    # The governorate lines are drawn (thin, dotted purple), under the names and markers.
    admin1 = frame.locator('.leaflet-cmLines-pane path[stroke="#8a6fae"]')
    expect(admin1).to_have_count(1)
    assert len(admin1.get_attribute("d")) > 1_000  # many segments, not an empty path
    frame.evaluate(_SET_VIEW, [36.2, 37.1, 9])
    frame.wait_for_function("""() => [...document.querySelectorAll(".cm-label-text")]
        .some((el) => el.textContent === "Aleppo")""")  # fmt: skip
    frame.wait_for_timeout(800)  # and once the clusters have settled
    assert "Aleppo" in frame.locator(".cm-label-text").all_inner_texts()
    assert frame.evaluate(_UNDER_MARKERS) == []
    shoot("names-beside-markers-aleppo-9", page.locator(MAP_FRAME))
