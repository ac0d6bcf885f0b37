"""Long, hostile outlet names, titles and urls in a real browser: shortened on screen,
whole in tooltips, and never turned into a link, an image or formatting, even in the
sidebar's labels (Streamlit renders Markdown there)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import MAP_FRAME, Server, map_frame, show_place, streamlit_server

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"
#: Every kind of Markdown Streamlit would render, and GitHub's bare autolinks.
MARKUP = ("**BOLD1** [LINK1](http://evil.example/l) ![IMG1](http://evil.example/i.png) "
          "<b>TAG1</b> _EM1_ ~~DEL1~~ `CODE1` :red[RED1] $X1$ www.evil.example "
          "mail@evil.example https://evil.example/bare ")
OUTLET = (MARKUP * 4)[:500]
TITLE = ("Title " + MARKUP * 4)[:500]
#: Not http(s): shown as text, never linked.
BAD_URL = ("javascript:" + MARKUP * 4)[:500]
#: An http(s) url: the card links it (the report's own link), its text shortened.
GOOD_URL = "https://evil.example/" + "p" * 479
#: One word of 500 letters: nothing to break a line at.
WORD = "W" * 500
JOINER = "\u2060"  # what breaks autolinks in Markdown labels (components/safe.py)
#: What Markdown, HTML or an autolink would have made of MARKUP.
MADE = ("strong", "em", "del", "code", "b", "i", "s", "img", "a",
        ".stMarkdownColoredText", ".katex")  # fmt: skip
MARKERS = ("BOLD1", "LINK1", "IMG1", "TAG1", "EM1", "DEL1", "CODE1", "RED1", "X1",
           "evil.example")  # fmt: skip


def _long_feature(report: str, place_id: str, lat: float, lon: float, outlet: str,
                  url: str) -> dict[str, Any]:  # fmt: skip
    quote = "Shelling hit the town overnight, residents said."
    props = {
        "report": report, "start": 0, "end": 8, "mention": "Shelling", "quote": quote,
        "quote_start": 0, "quote_end": len(quote), "place": "Long Town", "place_id": place_id,
        "place_type": "town", "outlet": outlet, "title": TITLE, "url": url,
        "published": "2024-11-30", "event_date": "2024-11-30", "date_precision": "day",
        "date_basis": "publication", "literal": True, "confidence": 0.9, "precision_km": 5.0,
    }  # fmt: skip
    return {"type": "Feature", "id": f"{report}:0-8", "properties": props,
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}  # fmt: skip


@pytest.fixture(scope="module")
def long_layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    layer = json.loads((DATA / "layer_small.geojson").read_text(encoding="utf-8"))
    layer["features"] += [
        _long_feature("777_markup", "long:markup", 35.13, 36.75, OUTLET, BAD_URL),
        _long_feature("778_word", "long:word", 35.93, 36.63, WORD, GOOD_URL),
    ]
    out = tmp_path_factory.mktemp("long") / "layer.geojson"
    out.write_text(json.dumps(layer), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def long_server(long_layer: Path, app_script: Path) -> Iterator[Server]:
    with streamlit_server(long_layer, app=app_script) as server:
        yield server


def _shown(locator: Any) -> str:
    return locator.inner_text().replace(JOINER, "")


def _made_from_markup(scope: Any) -> list[str]:
    """Elements Markdown or HTML would have made of the hostile text (none expected),
    except the card's one link to the report's http(s) url."""
    return scope.evaluate(
        """([selectors, markers, allowed]) => [...document.querySelectorAll(selectors.join())]
            .filter((e) => markers.some((m) => (e.textContent || '').replaceAll('\\u2060', '')
                                               .includes(m)
                || (e.getAttribute('src') || '').includes(m)
                || (e.getAttribute('href') || '').includes(m)))
            .filter((e) => !(e.tagName === 'A' && e.getAttribute('href') === allowed))
            .filter((e) => !(e.tagName === 'B'
                             && e.parentElement.matches('.cm-source, .cm-also li')))
            .map((e) => e.outerHTML.slice(0, 120))""",
        [list(MADE), list(MARKERS), GOOD_URL],
    )


def _overflowing(container: Any, selector: str = "*") -> list[str]:
    """Elements matching ``selector`` in ``container`` that stick out of it on the right,
    or whose own text is clipped (wider than their box)."""
    return container.evaluate(
        """(box, selector) => { const right = box.getBoundingClientRect().right;
            return [...box.querySelectorAll(selector)]
              .filter((e) => e.getBoundingClientRect().width > 0
                             && (e.getBoundingClientRect().right > right + 1
                                 || e.scrollWidth > e.clientWidth + 1))
              .map((e) => e.tagName + ' ' + (e.textContent || '').slice(0, 40)); }""",
        selector)


def test_long_hostile_text_is_short_literal_and_inert(page, long_server, shoot):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(long_server.url)
    frame = map_frame(page)
    sidebar = page.get_by_test_id("stSidebar")
    normal = sidebar.get_by_text("The War Zone · ", exact=False)
    expect(normal).to_be_visible()

    # The sidebar's switches: the names shortened, literal, inside the sidebar.
    shown = _shown(sidebar)
    assert OUTLET[:10] in shown and WORD[:10] in shown
    assert OUTLET not in shown and WORD not in shown and "…" in shown
    # Each switch whole in view, its count too (the sidebar clips what is too long).
    switches = "[data-testid=stCheckbox], [data-testid=stWidgetLabel] p"
    assert _overflowing(sidebar.get_by_test_id("stSidebarContent"), switches) == []
    width = sidebar.bounding_box()["width"]
    assert width <= 0.3 * page.viewport_size["width"], width  # Streamlit's own width
    shoot("long-text-sidebar", sidebar)

    # A cut name's help tooltip has it whole, still literal.
    switch = sidebar.get_by_test_id("stCheckbox").filter(has_text=OUTLET[:15])
    switch.get_by_test_id("stTooltipHoverTarget").hover()
    tooltip = page.get_by_test_id("stTooltipContent")
    expect(tooltip).to_be_visible()
    assert OUTLET.strip() in _shown(tooltip)
    assert _made_from_markup(page) == []  # the whole name, as literal as the label
    shoot("long-text-help", tooltip)

    # The legend under the map: short names, the whole one in the title.
    legend = page.locator(".cm-legend")
    legend.scroll_into_view_if_needed()
    assert OUTLET not in _shown(legend) and OUTLET[:10] in _shown(legend)
    titles = legend.locator(".cm-cut").evaluate_all("els => els.map((e) => e.title)")
    assert OUTLET.strip() in titles and WORD in titles
    assert _overflowing(legend, ".cm-legend-item") == []

    # The map's tooltip and the quote cards.
    for place_id, outlet in (("long:markup", OUTLET), ("long:word", WORD)):
        icon = show_place(frame, place_id)
        icon.hover()
        tip = frame.locator(".leaflet-tooltip").last
        expect(tip).to_contain_text(outlet[:10])
        assert outlet not in tip.inner_text()
        assert tip.bounding_box()["width"] < 600
        icon.click()
        card = page.locator(".cm-quote").first
        expect(card.locator(".cm-source")).to_contain_text(outlet[:10])
        source = card.locator(".cm-source")
        assert outlet not in source.inner_text() and TITLE not in source.inner_text()
        assert outlet.strip() in source.locator(".cm-cut").first.get_attribute("title")
        assert _overflowing(card, ".cm-source, .cm-source *, blockquote") == []
    shoot("long-text-card")
    link = page.locator(".cm-source a")
    expect(link).to_have_attribute("href", GOOD_URL)
    assert link.inner_text().endswith("…") and len(link.inner_text()) < 100
    assert TITLE in link.get_attribute("title") and GOOD_URL in link.get_attribute("title")

    for scope in (page, frame):
        assert _made_from_markup(scope) == []
    assert page.get_by_test_id("stException").count() == 0
    assert dialogs == []
    assert page.locator(MAP_FRAME).count() == 1
