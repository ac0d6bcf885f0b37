"""What an analyst sees in Chromium, against the real Streamlit server and real layers.

Counts and place sets are computed here from the layer file itself, independently of the
dashboard's code, so a filter that stops working makes a test fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.browser import (
    BOUNDS_JS,
    CENTRE_JS,
    CIRCLES_JS,
    MAP_FRAME,
    PLACES_JS,
    Server,
    is_local,
    map_frame,
    show_place,
    streamlit_server,
)

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"
ALEPPO = "geonames:170063"
MANSOURA = "curated:sy-mansoura-aleppo"
SYRIA = "curated:sy-country"
FIVE_PLACES = {
    ALEPPO: "Aleppo",
    MANSOURA: "al-Mansoura",
    "curated:junction-m4-m5": "M4/M5 junction",
    "curated:sy-khmeimim-air-base": "Khmeimim Air Base",
    "curated:sy-city-tartus": "Tartus",
}
MANSOURA_SENTENCE = "including Mansoura, five miles from the center of Aleppo"
#: The page with context mentions shown too (hidden by default): every place named.
CONTEXT_ON = "/?what-context=true"
#: The place name's highlight (the event's trigger and claim words have a class).
PLACE_MARK = "mark:not([class])"


#: What the hostile layer puts in every text field; each would set ``window.__xss`` if run.
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
JS_URL = "javascript:window.__xss=1"


def _hostile_feature(index: int, place_id: str, lat: float, lon: float) -> dict[str, Any]:
    quote = f"Witnesses said {SCRIPT} shelling hit {IMG} overnight."
    start = quote.index(IMG)
    props = {
        "report": f"66{index}_hostile", "start": start, "end": start + len(IMG),
        "quote_start": 0, "quote_end": len(quote), "mention": IMG, "quote": quote,
        "place": f"{SCRIPT}Aleppo{IMG}", "place_id": place_id, "place_type": "city",
        "outlet": f"{SCRIPT}{IMG}", "title": f"{IMG} title {SCRIPT}", "url": JS_URL,
        "published": "2024-11-29", "event_date": "2024-11-29", "date_precision": "day",
        "date_basis": "publication", "literal": True, "confidence": 0.9, "precision_km": 8.0,
    }  # fmt: skip
    point = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": f"h{index}", "geometry": point, "properties": props}


@pytest.fixture(scope="module")
def hostile_layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markup and a ``javascript:`` URL in quote, mention, outlet, title, url, place and id.

    The repository's ``tests/data/layer_hostile.geojson`` uses ``alert()`` payloads (caught
    here as dialogs); these set ``window.__xss``, which the test reads back.
    """
    base = json.loads((DATA / "layer_hostile.geojson").read_text())
    base["features"] += [
        _hostile_feature(1, "hostile:one", 36.5, 37.5),
        _hostile_feature(2, IMG, 35.2, 36.9),  # a hostile id travels through the tooltip
    ]
    out = tmp_path_factory.mktemp("hostile") / "layer.geojson"
    out.write_text(json.dumps(base), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def hostile_server(hostile_layer: Path, app_script: Path) -> Iterator[Server]:
    with streamlit_server(hostile_layer, app=app_script) as server:
        yield server


# --- what the layer says should be shown -----------------------------------------------------


def _is_news(props: dict[str, Any]) -> bool:
    """Shown by the event filters' defaults: an event, not flagged (any mention of a v1 layer)."""
    return "event_type" not in props or bool(props["event_type"] and not props["event_flags"])


def _default_view(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dashboard's first view: literal mentions of recent (not background) events."""
    return [p for p in features
            if p["literal"] and not (p.get("event_age_days") or 0) > 7 and _is_news(p)]  # fmt: skip


def _between(features: list[dict[str, Any]], first: str, last: str) -> list[dict[str, Any]]:
    return [p for p in features if p["event_date"] is None or first <= p["event_date"] <= last]


# --- what the page shows ---------------------------------------------------------------------


def _summary(page: Any) -> Any:
    return (
        page.get_by_test_id("stMain")
        .get_by_test_id("stCaptionContainer")
        .filter(has_text=re.compile(r"of [\d,]+ mentions"))
    )


def _expect_count(page: Any, shown: int, total: int) -> None:
    expect(_summary(page)).to_contain_text(f"{shown:,} of {total:,} mentions", timeout=30_000)


def _open(page: Any, url: str) -> Any:
    page.goto(url)
    return map_frame(page)


def _map_places(page: Any) -> set[str]:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return set(frame.evaluate(PLACES_JS))


def _timeline_bars(page: Any) -> list[str]:
    """The titles of the timeline's bar segments ("Nov 29, 2024; outlet: X; Mentions: 3")."""
    marks = page.locator(".cm-tl-seg")
    labels = marks.evaluate_all("els => els.map((e) => e.getAttribute('title') || '')")
    return [label for label in labels if "Mentions:" in label]


def _outlet_toggle(page: Any, outlet: str) -> Any:
    return page.get_by_test_id("stSidebar").locator(f'input[aria-label^="{outlet} · "]')


def _slider_thumb(page: Any, end: str) -> Any:
    return page.locator(f'input[aria-label="Event date range — {end}"]')


def _move_thumb(page: Any, end: str, key: str, times: int) -> None:
    thumb = _slider_thumb(page, end)
    thumb.focus()
    for _ in range(times):
        page.keyboard.press(key)


def _wait_for_map_update(page: Any, expected: set[str]) -> None:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(
        f"() => {{ const ids = new Set(({PLACES_JS})()); const want = {sorted(expected)!r};"
        " return ids.size === want.length && want.every((id) => ids.has(id)); }",
        timeout=30_000,
    )


def _click_place(page: Any, place_id: str) -> Any:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    show_place(frame, place_id).click()
    return page.locator(".cm-quote")


def _ids(features: list[dict[str, Any]]) -> set[str]:
    return {p["place_id"] for p in features}


# --- tests -----------------------------------------------------------------------------------


def test_the_five_design_places_have_visible_markers(page, real_server, shoot):
    frame = _open(page, real_server.url + CONTEXT_ON)
    assert set(FIVE_PLACES) <= set(frame.evaluate(PLACES_JS))
    box = page.locator(MAP_FRAME).bounding_box()
    for place_id, name in FIVE_PLACES.items():
        icon = show_place(frame, place_id)  # zooms in until the cluster lets it go
        icon.hover()
        expect(frame.locator(".leaflet-tooltip", has_text=name).last).to_be_visible()
        spot = icon.bounding_box()
        centre = (spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
        assert box["x"] < centre[0] < box["x"] + box["width"], place_id
        assert box["y"] < centre[1] < box["y"] + box["height"], place_id
        slug = re.sub(r"\W+", "-", name.lower())
        shoot(f"place-{slug}", page.locator(MAP_FRAME))


def test_initial_view_fits_the_theatre_without_giant_circles(page, real_server, shoot):
    frame = _open(page, real_server.url + CONTEXT_ON)
    shoot("initial-real-layer")
    south, west, north, east = frame.evaluate(BOUNDS_JS)
    # Aleppo, Latakia and Damascus in view; not Europe to Iran.
    assert south < 33.5 and north > 36.3 and west < 35.7 and east > 37.2
    assert east - west < 15, f"view spans {east - west:.1f} degrees of longitude"
    # Governorates keep their circle; Syria, Turkey, "the Middle East" get none, and say so.
    radii = frame.evaluate(CIRCLES_JS)
    assert radii and max(radii) <= 300_000, sorted(radii)
    show_place(frame, SYRIA).hover()
    expect(frame.locator(".leaflet-tooltip", has_text="Syria").last).to_contain_text(
        "country-level"
    )
    credit = frame.locator(".leaflet-control-attribution a").first
    expect(credit).to_have_text("Leaflet")
    assert credit.get_attribute("href").startswith("/app/static/vendor/")
    assert credit.locator("svg").count() == 0  # no flag


def test_narrowing_the_event_dates_changes_counts_map_and_timeline(
    page, real_server, real_features, shoot
):
    _open(page, real_server.url)
    default = _default_view(real_features)
    _expect_count(page, len(default), len(real_features))
    assert MANSOURA in _map_places(page)
    assert any("Nov 29, 2024" in bar for bar in _timeline_bars(page))

    _move_thumb(page, "end", "ArrowLeft", 4)  # 2 Dec -> 28 Nov
    narrowed = _between(default, "2024-11-27", "2024-11-28")
    _expect_count(page, len(narrowed), len(real_features))
    _wait_for_map_update(page, _ids(narrowed))
    assert MANSOURA not in _map_places(page)
    bars = _timeline_bars(page)
    assert bars and all(re.search(r"Nov 2[78], 2024", bar) for bar in bars), bars
    shoot("dates-narrowed")


def test_hiding_an_outlet_removes_its_mentions_places_and_bars(
    page, real_server, real_features, shoot
):
    _open(page, real_server.url)
    default = _default_view(real_features)
    _expect_count(page, len(default), len(real_features))
    toggle = _outlet_toggle(page, "The War Zone")
    toggle.uncheck(force=True)  # the input is visually hidden behind Streamlit's switch
    kept = [p for p in default if p["outlet"] != "The War Zone"]
    _expect_count(page, len(kept), len(real_features))
    _wait_for_map_update(page, _ids(kept))
    assert MANSOURA not in _map_places(page)  # only The War Zone names it
    assert not any("outlet: The War Zone" in bar for bar in _timeline_bars(page))
    assert "outlet-the-war-zone=false" in page.url
    shoot("outlet-hidden")


def test_clicking_mansoura_shows_the_war_zone_sentence(page, real_server, shoot):
    _open(page, real_server.url)
    cards = _click_place(page, MANSOURA)
    card = cards.filter(has_text=MANSOURA_SENTENCE)
    expect(card).to_have_count(1)
    expect(page.get_by_role("heading", name="Sources for al-Mansoura")).to_be_visible()
    expect(card.locator(".cm-source")).to_contain_text("The War Zone")
    expect(card.locator(".cm-when")).to_contain_text("event 2024-11-29")
    expect(card.locator(PLACE_MARK)).to_have_text("Mansoura")
    assert parse_qs(urlsplit(page.url).query)["place"] == [MANSOURA]
    shoot("mansoura-clicked")


def test_shared_url_reopens_the_same_view(page, browser, real_server, shoot):
    _open(page, real_server.url)
    _outlet_toggle(page, "Breitbart").uncheck(force=True)
    _move_thumb(page, "start", "ArrowRight", 1)  # 27 Nov -> 28 Nov
    expect(_slider_thumb(page, "start")).to_have_attribute("aria-valuetext", "2024-11-28")
    _click_place(page, MANSOURA).filter(has_text=MANSOURA_SENTENCE).wait_for()
    summary, places, url = _summary(page).inner_text(), _map_places(page), page.url

    context = browser.new_context(viewport=page.viewport_size)
    try:
        other = context.new_page()
        frame = _open(other, url)
        expect(_summary(other)).to_have_text(summary)
        expect(_outlet_toggle(other, "Breitbart")).not_to_be_checked()
        expect(_slider_thumb(other, "start")).to_have_attribute("aria-valuetext", "2024-11-28")
        expect(other.locator(".cm-quote").filter(has_text=MANSOURA_SENTENCE)).to_have_count(1)
        assert _map_places(other) == places
        lat, lon = frame.evaluate(CENTRE_JS)
        assert abs(lat - 36.2187) < 0.05 and abs(lon - 37.0478) < 0.05  # centred on Mansoura
        shoot("shared-url-reopened", other)
    finally:
        context.close()


def test_the_page_requests_nothing_outside_localhost(page, real_server, shoot):
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: requests.append(socket.url))
    _open(page, real_server.url + CONTEXT_ON)
    _click_place(page, "curated:sy-city-tartus").first.wait_for()
    before = _summary(page).inner_text()
    _move_thumb(page, "end", "ArrowLeft", 1)
    expect(_summary(page)).not_to_have_text(before)
    shoot("requests-after-interaction")
    # The recorder sees the page, the map's iframe, its assets and the websocket.
    paths = {urlsplit(url).path for url in requests}
    assert {"/app/static/vendor/leaflet/leaflet.js", "/app/static/vendor/basemap.geojson",
            "/_stcore/stream"} <= paths  # fmt: skip
    assert any(p.startswith("/component/streamlit_folium") for p in paths)
    outside = sorted({url for url in requests if not is_local(url)})
    assert not outside, outside


def test_hostile_layer_is_shown_as_text_and_runs_nothing(page, hostile_server, shoot):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    frame = _open(page, hostile_server.url)
    sidebar = page.get_by_test_id("stSidebar")
    # The outlet toggle's label: literal, cut to fit the sidebar (whole in its help).
    expect(sidebar).to_contain_text(f"{SCRIPT[:12]}")
    expect(sidebar).to_contain_text("… · 2")
    for place_id in ("hostile:one", IMG, ALEPPO):
        icon = show_place(frame, place_id)
        icon.hover()
        expect(frame.locator(".leaflet-tooltip", has_text=f"id: {place_id}")).to_be_visible()
        shoot("hostile-tooltip", page.locator(MAP_FRAME))
        icon.click()
        expect(page.locator(".cm-quote").first).to_be_visible()
    panel = page.locator(".cm-quote")  # the last one clicked: the repository's hostile row
    expect(panel.first).to_contain_text("<script>alert(2)</script>")
    _click_place(page, "hostile:one")
    card = page.locator(".cm-quote").first
    expect(card.locator("blockquote")).to_contain_text(f"Witnesses said {SCRIPT} shelling hit")
    expect(card.locator(PLACE_MARK)).to_have_text(IMG)
    expect(card.locator(".cm-source")).to_contain_text(f"{JS_URL}, not linked")
    expect(card.locator(".cm-source")).to_contain_text(IMG[:20])
    # Cut, and whole in the tooltip, unless Streamlit's sanitiser dropped a title that
    # looks like markup: then only the table and the downloads have it.
    titles = card.locator(".cm-source .cm-cut").evaluate_all("els => els.map((e) => e.title)")
    assert len(titles) == 2 and set(titles) <= {"", f"{IMG} title {SCRIPT}", f"{SCRIPT}{IMG}"}
    page.wait_for_timeout(1000)  # give an injected onerror handler its chance to fire
    shoot("hostile-clicked")
    for scope in (page, frame):
        assert scope.evaluate("typeof window.__xss") == "undefined"
        assert scope.locator('a[href^="javascript"], a[href^=" javascript"]').count() == 0
        assert scope.locator("img[src=x], script:not([src])").evaluate_all(
            "els => els.filter((e) => (e.textContent || '').includes('__xss')"
            " || e.getAttribute('onerror')).length") == 0  # fmt: skip
    assert dialogs == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "No layer at"), ("{not json", "is not valid JSON")],
    ids=["missing", "invalid"],
)
def test_a_bad_layer_gives_an_actionable_message(page, broken_server, broken_layer, shoot,
                                                 content, message):  # fmt: skip
    if content is None:
        broken_layer.unlink(missing_ok=True)
    else:
        broken_layer.write_text(content, encoding="utf-8")
    page.goto(broken_server.url)
    alert = page.get_by_test_id("stAlertContentError")
    # The server's first run imports the app (seconds on a busy machine): wait for it.
    expect(alert).to_contain_text(message, timeout=30_000)
    expect(alert).to_contain_text(str(broken_layer))
    expect(alert).to_contain_text(f"python -m geo build --out {broken_layer}")
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert page.locator(MAP_FRAME).count() == 0
    shoot(f"error-{'missing' if content is None else 'invalid'}-layer")


def test_timeline_bars_stand_over_their_day_labels(page, real_server, shoot):
    _open(page, real_server.url)
    chart = page.locator(".cm-tl-wrap")
    chart.scroll_into_view_if_needed()
    # Each labelled day: its bar (if it has mentions) starts where its label starts.
    pairs = chart.evaluate("""(wrap) => {
        const cols = [...wrap.querySelectorAll('.cm-tl-col')];
        const ticks = [...wrap.querySelectorAll('.cm-tl-x span')];
        return cols.map((col, i) => {
            const seg = col.querySelector('.cm-tl-seg');
            return seg && ticks[i].textContent
                ? [seg.getBoundingClientRect().left, ticks[i].getBoundingClientRect().left,
                   seg.getBoundingClientRect().width, ticks[i].textContent] : null;
        }).filter(Boolean); }""")
    assert pairs, "no labelled bar"
    for bar_left, label_left, width, label in pairs:
        assert abs(bar_left - label_left) <= 4, (label, bar_left, label_left)
        assert width >= 10, (label, width)
    shoot("timeline", chart)
