"""Playback in Chromium on the seeds: day by day from the first day to the last, the counts
and the map following; a stop at the end; a paused view kept in the URL."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.browser import MAP_FRAME, PLACES_JS, map_frame

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

FIRST, LAST = dt.date(2024, 11, 27), dt.date(2024, 12, 2)
DAYS = [FIRST + dt.timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
#: Records every (day shown, count shown) pair the page shows while playing: the playback's
#: status ("Playing · 29 Nov 2024 · day 3 of 6") and the summary, written by the same run
#: (the slider's thumbs can lag a run behind in the browser, so they are not paired).
_RECORD = """() => {
  window.__seen = [];
  const read = () => {
    const captions = [...document.querySelectorAll('[data-testid="stMain"] '
      + '[data-testid="stCaptionContainer"]')].map((el) => el.innerText);
    const count = captions.find((t) => / of [\\d,]+ mentions/.test(t));
    const day = captions.find((t) => /day \\d+ of \\d+/.test(t));
    if (!count || !day) return;
    const row = day.match(/\\d\\d \\w{3} \\d{4}/)[0] + "|" + count.split(" mentions")[0];
    if (window.__seen[window.__seen.length - 1] !== row) window.__seen.push(row);
  };
  new MutationObserver(read).observe(document.body, {subtree: true, childList: true,
    attributes: true, characterData: true});
  read();
}"""


def _is_news(props: dict[str, Any]) -> bool:
    return "event_type" not in props or bool(props["event_type"] and not props["event_flags"])


def _shown_on(features: list[dict[str, Any]], day: dt.date) -> int:
    """Mentions the first view's filters keep on ``day`` (undated ones are always kept)."""
    return sum(1 for p in features
               if p["literal"] and not (p.get("event_age_days") or 0) > 7 and _is_news(p)
               and (p["event_date"] is None or p["event_date"] == day.isoformat()))  # fmt: skip


def _play(page: Any) -> None:
    page.get_by_role("button", name="▶ Play").click()
    expect(page.get_by_role("button", name="⏸ Pause")).to_be_visible(timeout=30_000)


def _thumb(page: Any, end: str) -> Any:
    return page.locator(f'input[aria-label="Event date range — {end}"]')


def _summary(page: Any) -> Any:
    return (page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer")
            .filter(has_text=re.compile(r"of [\d,]+ mentions")))  # fmt: skip


def _places(page: Any) -> set[str]:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return set(frame.evaluate(PLACES_JS))


def test_playback_walks_every_day_with_its_counts_and_stops_at_the_last(
    page, real_server, real_features, shoot
):
    page.goto(real_server.url)
    map_frame(page)
    everything = _places(page)
    page.evaluate(_RECORD)
    _play(page)
    # At the end the button says Play again and the window stays on the last day.
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=60_000)
    expect(_thumb(page, "start")).to_have_attribute("aria-valuetext", LAST.isoformat(),
                                                    timeout=30_000)  # fmt: skip
    expect(page.get_by_text(re.compile(r"day 6 of 6 \(the last\)"))).to_be_visible()
    shoot("playback-end")
    total = len(real_features)
    wanted = [f"{d:%d %b %Y}|{_shown_on(real_features, d):,} of {total:,}" for d in DAYS]
    seen = [row for row in page.evaluate("window.__seen") if row in wanted]
    assert seen == wanted, page.evaluate("window.__seen")
    assert len({row.split("|")[1] for row in wanted}) >= 4  # the counts do change day by day
    # The map follows: on the last day it draws fewer places than the whole track.
    assert _places(page) < everything
    page.wait_for_timeout(3_000)  # stopped: nothing moves any more
    expect(_thumb(page, "start")).to_have_attribute("aria-valuetext", LAST.isoformat())
    assert page.evaluate("window.__seen")[-1] == wanted[-1]
    # Driving the slider from playback makes Streamlit say nothing (an earlier attempt had
    # it warn of a default value set via the Session State API) and raises nothing.
    log = real_server.log.read_text(encoding="utf-8", errors="replace")
    assert "Session State" not in log and "Traceback" not in log, log[-2000:]


def test_a_paused_playback_is_in_the_url_and_reopens_the_same_view(page, browser, real_server,
                                                                   shoot):  # fmt: skip
    page.goto(real_server.url + "/?play-days=2&play-speed=slow")
    map_frame(page)
    _play(page)
    expect(_thumb(page, "start")).to_have_attribute("aria-valuetext", "2024-11-28",
                                                    timeout=30_000)  # fmt: skip
    page.get_by_role("button", name="⏸ Pause").click()
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=30_000)
    start = _thumb(page, "start").get_attribute("aria-valuetext")
    end = _thumb(page, "end").get_attribute("aria-valuetext")
    assert (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days == 1
    page.wait_for_timeout(2_500)  # paused: the window does not move on
    expect(_thumb(page, "start")).to_have_attribute("aria-valuetext", start)
    expect(page).to_have_url(re.compile(r"event-range="))
    query = parse_qs(urlsplit(page.url).query)
    assert query["play-days"] == ["2"] and query["play-speed"] == ["slow"]
    text, places = _summary(page).inner_text(), _places(page)
    shoot("playback-paused")

    context = browser.new_context(viewport=page.viewport_size)
    try:
        other = context.new_page()
        other.goto(page.url)
        map_frame(other)
        expect(_thumb(other, "start")).to_have_attribute("aria-valuetext", start,
                                                         timeout=30_000)  # fmt: skip
        expect(_thumb(other, "end")).to_have_attribute("aria-valuetext", end)
        expect(_summary(other)).to_have_text(text)
        expect(other.get_by_role("button", name="▶ Play")).to_be_visible()  # opens paused
        assert _places(other) == places
        shoot("playback-paused-reopened", other)
    finally:
        context.close()
