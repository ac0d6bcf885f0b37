"""Events on the map, in Chromium: what-happened filter, symbols, the card's summary line.

Expected sets are computed from the layer file itself, independently of the dashboard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import MAP_FRAME, Server, map_frame, show_place, streamlit_server
from components.event_symbols import KIND_KEYS, SIDE_COLOURS

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"
EVENTS_LAYER = DATA / "layer_events.geojson"
MANSOURA = "curated:sy-mansoura-aleppo"
#: Every marker's feature: its id and the event kind it is drawn with.
MARKERS_JS = "() => { const KINDS = " + json.dumps(KIND_KEYS) + """;
  const map = Object.values(window).find((v) => {
  try { return v instanceof L.Map; } catch (e) { return false; } });
  const out = [];
  map.eachLayer((l) => { if (l instanceof L.MarkerClusterGroup) {
    l.getLayers().forEach((m) => { const ek = m.feature.properties.ek;
      out.push([m.feature.id, ek ? KINDS[ek[0][0]] : ""]); }); } });
  return out; }"""


@pytest.fixture(scope="module")
def events_server(app_script: Path) -> Iterator[Server]:
    with streamlit_server(EVENTS_LAYER, app=app_script) as server:
        yield server


def _features() -> list[dict[str, Any]]:
    layer = json.loads(EVENTS_LAYER.read_text(encoding="utf-8"))
    return [f["properties"] for f in layer["features"]]


def _markers(page: Any) -> list[list[str]]:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return frame.evaluate(MARKERS_JS)


def _kind_toggle(page: Any, label: str) -> Any:
    return page.get_by_test_id("stSidebar").locator(f'input[aria-label^="{label} · "]')


def _shown_by_default(props: dict[str, Any]) -> bool:
    """The first view: literal, recent (not background), an event, not flagged."""
    return (props["literal"] and not (props.get("event_age_days") or 0) > 7
            and bool(props["event_type"]) and not props["event_flags"])  # fmt: skip


def test_filtering_to_air_strikes_leaves_only_air_strike_markers(
    page, real_server, real_features, shoot
):
    map_frame(page.goto(real_server.url) and page)
    before = _markers(page)
    assert {kind for _, kind in before} > {"air_strike"}  # several kinds at first
    for label in ("capture", "clash", "shelling", "explosion", "civilians attacked",
                  "displacement", "other event"):  # fmt: skip
        _kind_toggle(page, label).uncheck(force=True)  # hidden behind Streamlit's switch
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    strikes = {p["place_id"] for p in real_features
               if _shown_by_default(p) and p["sub_event_type"] == "Air/drone strike"}  # fmt: skip
    assert len(strikes) >= 3  # Russian strikes on Aleppo, government strikes on Idlib...
    frame.wait_for_function(
        f"() => {{ const m = ({MARKERS_JS})(); return m.length === {len(strikes)}"
        " && m.every((x) => x[1] === 'air_strike'); }",
        timeout=30_000,
    )
    assert {place for place, _ in _markers(page)} == strikes
    assert "what-capture=false" in page.url and "what-air_strike" not in page.url
    legend = page.locator(".cm-events-legend")
    expect(legend).to_contain_text("air strike")
    expect(legend).not_to_contain_text("capture")
    shoot("events-air-strikes-only")


def test_mansoura_card_shows_the_one_line_summary(page, real_server, shoot):
    map_frame(page.goto(real_server.url) and page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    icon = show_place(frame, MANSOURA)
    assert icon.get_attribute("data-event-kind") == "capture"
    icon.click()
    card = page.locator(".cm-quote").filter(has_text="five miles from the center of Aleppo")
    expect(card.locator(".cm-summary")).to_have_text(
        "Captured · by HTS-led opposition · claimed by HTS · reported by The War Zone"
    )
    expect(card.locator("mark.cm-claim")).to_have_text("HTS claimed")
    expect(card.locator("mark.cm-trigger")).to_have_text("captured")
    shoot("events-mansoura-card")
    shoot("events-mansoura-map", page.locator(MAP_FRAME))


def test_contradicting_claims_on_saraqib_side_by_side(page, events_server, shoot):
    # The disputed claim is hidden by default, yet stands beside the one it contradicts.
    map_frame(page.goto(events_server.url + "/?place=geonames:163806") and page)
    dispute = page.locator(".cm-dispute")
    expect(dispute).to_contain_text("Contradicting claims on 2024-11-30")
    columns = dispute.locator(".cm-claim-col")
    expect(columns).to_have_count(2)
    expect(columns.filter(has_text="Syrian state media")).to_contain_text("repelled")
    expect(columns.filter(has_text="Turkish media")).to_contain_text("city centre")
    boxes = [columns.nth(i).bounding_box() for i in range(2)]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5 and boxes[0]["x"] != boxes[1]["x"]
    shoot("events-saraqib-dispute")


def _holders(page: Any) -> dict[str, str]:
    """Each control marker's place and the side its colour stands for."""
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return dict(frame.evaluate("""() => { const map = Object.values(window).find((v) => {
      try { return v instanceof L.Map; } catch (e) { return false; } });
      const out = [];
      map.eachLayer((l) => { if (l instanceof L.MarkerClusterGroup) {
        l.getLayers().forEach((m) => out.push([m.feature.id,
          m.feature.properties.pie[0][0]])); } });
      return out; }"""))


def test_control_on_30_november_shows_places_taken_since_27_november(
    page, events_server, shoot
):
    layer = json.loads(EVENTS_LAYER.read_text(encoding="utf-8"))
    taken = {place for place, record in layer["control"].items()
             for change in record["changes"] if change["holder"] == "opposition"
             and "2024-11-27" <= change["date"] <= "2024-11-30"}  # fmt: skip
    assert len(taken) >= 3
    map_frame(page.goto(events_server.url + "/?markers=control&control-day=30+Nov+2024") and page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    sides = list(SIDE_COLOURS)
    holders = {place: sides[i] for place, i in _holders(page).items()}
    assert {p for p, side in holders.items() if side == "opposition"} == taken
    # Drawn in the opposition's colour, in the browser.
    icon = show_place(frame, MANSOURA)
    fills = icon.locator("path[fill]").evaluate_all("els => els.map((e) => e.getAttribute('fill'))")
    assert SIDE_COLOURS["opposition"] in fills
    changed = page.get_by_test_id("stMarkdown").filter(has_text="Changed hands since 29 Nov:")
    expect(changed).to_contain_text("Saraqib")
    expect(page.locator(".cm-control-legend")).to_contain_text("claimed or disputed")
    icon.click()
    expect(page.locator(".cm-control")).to_contain_text("opposition took it from government")
    shoot("control-30-nov")


def test_events_view_has_fewer_markers_each_with_its_sources(page, events_server, shoot):
    map_frame(page.goto(events_server.url) and page)
    page.get_by_test_id("stSidebar").get_by_text("events", exact=True).click()
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(f"""() => {{ const m = ({MARKERS_JS})();
        return m.length > 0 && m.every((x) => x[0].startsWith("ev-")); }}""", timeout=30_000)
    events = _markers(page)
    layer = json.loads(EVENTS_LAYER.read_text(encoding="utf-8"))
    shown = {p["event_id"] for p in _features() if p["event_id"] and p["literal"]
             and not p["event_flags"] and not (p.get("event_age_days") or 0) > 7}  # fmt: skip
    mentions = [p for p in _features() if _shown_by_default(p)]
    # One marker per event: the dormitory told by two outlets, the junction by two, ...
    assert {e for e, _ in events} == shown and len(events) < len(mentions)
    assert "markers=events" in page.url
    for event_id in ("ev-m4m5-1127", "ev-aleppo-dorm-1129"):
        show_place(frame, event_id).click()
        card = page.locator(f'.cm-event-card[data-event="{event_id}"]')
        record = next(e for e in layer["events"] if e["event_id"] == event_id)
        expect(card.locator("blockquote")).to_have_count(len(record["mentions"]))
        shoot(f"events-{event_id}")
    expect(card.locator(".cm-outlets")).to_contain_text("2 outlets, 2 independent")


def test_control_on_the_seeds_30_november_shows_what_the_reports_say_was_taken(
    page, real_server, real_layer, shoot
):
    layer = json.loads(real_layer.read_text(encoding="utf-8"))
    taken = {place for place, record in layer["control"].items()
             for change in record["changes"] if change["holder"] == "opposition"
             and "2024-11-27" <= change["date"] <= "2024-11-30"}  # fmt: skip
    assert MANSOURA in taken and "curated:junction-m4-m5" in taken
    assert "geonames:169389" not in taken  # "towns in Idlib" did not hand Idlib over
    map_frame(page.goto(real_server.url + "/?markers=control&control-day=30+Nov+2024") and page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    sides = list(SIDE_COLOURS)
    holders = {place: sides[i] for place, i in _holders(page).items()}
    assert {p for p, side in holders.items() if side == "opposition"} == taken
    icon = show_place(frame, MANSOURA)
    fills = icon.locator("path[fill]").evaluate_all("els => els.map((e) => e.getAttribute('fill'))")
    assert SIDE_COLOURS["opposition"] in fills
    icon.click()
    expect(page.locator(".cm-control")).to_contain_text("HTS")
    shoot("control-seeds-30-nov")


def test_events_on_the_seeds_are_fewer_than_mentions_and_the_dormitory_has_two_outlets(
    page, real_server, real_layer, real_features, shoot
):
    layer = json.loads(real_layer.read_text(encoding="utf-8"))
    (dormitory,) = [e for e in layer["events"] if e["place"] == "Aleppo"
                    and e["event_date"] == "2024-11-29" and e["fatalities"] == 4]
    map_frame(page.goto(real_server.url) and page)
    page.get_by_test_id("stSidebar").get_by_text("events", exact=True).click()
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function(f"""() => {{ const m = ({MARKERS_JS})();
        return m.length > 0 && m.every((x) => x[0].startsWith("ev-")); }}""", timeout=30_000)
    events = _markers(page)
    # One marker per event, against the mentions the first view counts (one marker per
    # place there): the dormitory told twice is one, Aleppo's entry told by four is one.
    mentions = [p for p in real_features if _shown_by_default(p)]
    assert 0 < len(events) < len(mentions)
    assert {e for e, _ in events} == {p["event_id"] for p in mentions}
    show_place(frame, dormitory["event_id"]).click()
    card = page.locator(f'.cm-event-card[data-event="{dormitory["event_id"]}"]')
    expect(card.locator("blockquote")).to_have_count(2)
    expect(card.locator(".cm-outlets")).to_contain_text("2 outlets, 2 independent")
    expect(card).to_contain_text("the city itself")
    shoot("events-seeds-dormitory")
