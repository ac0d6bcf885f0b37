"""The dashboard in real Chromium on big synthetic layers: how long a user waits, bytes sent.

    python -m bench.dashboard_bench                 # 10k and 100k mentions, 3 runs each
    python -m bench.dashboard_bench --runs 5 --sizes 10000
    python -m bench.dashboard_bench --app /tmp/old/app.py   # another checkout, to compare

For each layer (made by ``bench/make_synthetic_layer.py`` into ``bench/out/`` when missing)
a Streamlit server is started on a free local port; the server's first page view (which
reads the layer) is timed on its own, then every run opens a fresh browser context (empty
cache) and times:

- **first map**: from navigation to the first place marker or cluster drawn in the map;
- **slider → map**: from a key press on the date slider's end thumb to the new places layer
  drawn (the old layer is tagged in the page first, so only a new one counts);
- **click → quotes**: from a click on a place's own marker to its quote panel shown.

Bytes are what the browser received, read from the Chrome DevTools Protocol of the page
(same-origin iframes included): ``Network.loadingFinished.encodedDataLength`` of every HTTP
response (headers + body as sent on the wire) and the decoded payload size of every
``Network.webSocketFrameReceived`` (Streamlit's protobuf deltas). Medians over the runs.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import make_synthetic_layer
from bench.browser import (
    MAP_FRAME,
    MARK_LAYER_JS,
    NAME_JS,
    NEW_LAYER_JS,
    PLACES_JS,
    ROOT,
    launch_chromium,
    map_frame,
    show_place,
    streamlit_server,
)

OUT = Path(__file__).resolve().parent / "out"
VIEWPORT = {"width": 1500, "height": 1300}
TIMEOUT_MS = 120_000
#: The issue's targets, in seconds and bytes.
TARGETS = {10_000: {"first_map": 3.0, "interaction": 1.0, "bytes": 2_000_000},
           100_000: {"interaction": 3.0}}  # fmt: skip


@dataclass
class Bytes:
    """Bytes received by one page, by channel, from the DevTools protocol."""

    http: int = 0
    static: int = 0  # of which Streamlit's own frontend bundle (/static/)
    websocket: int = 0
    urls: dict[str, str] = field(default_factory=dict)

    def on_response(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["response"]["url"]

    def on_finished(self, event: dict[str, Any]) -> None:
        size = int(event.get("encodedDataLength", 0))
        self.http += size
        if urlsplit(self.urls.get(event["requestId"], "")).path.startswith("/static/"):
            self.static += size

    def on_frame(self, event: dict[str, Any]) -> None:
        frame = event["response"]
        data = frame.get("payloadData", "")
        # Binary frames (opcode 2, Streamlit's protobuf) come base64-encoded.
        self.websocket += len(base64.b64decode(data)) if frame.get("opcode") == 2 else len(data)

    @property
    def total(self) -> int:
        return self.http + self.websocket


def _record_bytes(page: Any) -> Bytes:
    counter = Bytes()
    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.responseReceived", counter.on_response)
    cdp.on("Network.loadingFinished", counter.on_finished)
    cdp.on("Network.webSocketFrameReceived", counter.on_frame)
    cdp.send("Network.enable")
    return counter


def _timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _wait_idle(page: Any) -> None:
    """Until Streamlit has finished the current run (its status widget is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(300)


def _frame(page: Any) -> Any:
    return page.locator(MAP_FRAME).element_handle().content_frame()


def _slider_change(page: Any, key: str) -> float:
    frame = _frame(page)
    frame.evaluate(MARK_LAYER_JS)
    page.locator('input[aria-label$="range — end"]').focus()

    def press_and_wait() -> None:
        page.keyboard.press(key)
        _frame(page).wait_for_function(NEW_LAYER_JS, timeout=TIMEOUT_MS)

    return _timed(press_and_wait)


def _click_place(page: Any, place_id: str) -> float:
    frame = _frame(page)
    icon = show_place(frame, place_id)  # zooming in is not timed
    heading = page.get_by_role("heading", name=f"Sources for {frame.evaluate(NAME_JS, place_id)}")

    def click_and_wait() -> None:
        icon.click()
        page.locator(".cm-quote").first.wait_for(timeout=TIMEOUT_MS)
        heading.wait_for(timeout=TIMEOUT_MS)

    return _timed(click_and_wait)


def one_run(browser: Any, url: str) -> dict[str, float]:
    """Open the app in a fresh context, then change the slider twice and click two places."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    counter = _record_bytes(page)
    try:
        first = _timed(lambda: (page.goto(url, wait_until="commit"), map_frame(page, TIMEOUT_MS)))
        _wait_idle(page)
        loaded = Bytes(counter.http, counter.static, counter.websocket)
        places = _frame(page).evaluate(PLACES_JS)
        before = counter.total
        slider = [_slider_change(page, key) for key in ("ArrowLeft", "ArrowLeft")]
        _wait_idle(page)
        per_slider = (counter.total - before) / 2
        before = counter.total
        clicks = [_click_place(page, place) for place in places[:2]]
        _wait_idle(page)
        per_click = (counter.total - before) / 2
        # A returning user: Streamlit's frontend and Leaflet come from the browser cache.
        cached = _timed(lambda: (page.reload(wait_until="commit"), map_frame(page, TIMEOUT_MS)))
    finally:
        context.close()
    return {"first_map": first, "first_map_cached": cached, "slider": max(slider),
            "click": max(clicks), "bytes_load": loaded.total, "bytes_static": loaded.static,
            "bytes_ws_load": loaded.websocket, "bytes_slider": per_slider,
            "bytes_click": per_click}  # fmt: skip


def _layer(mentions: int, geoparquet: bool = False) -> Path:
    """The synthetic layer, with its GeoParquet copy beside it only when asked for."""
    from geo.geoparquet import copy_metadata, parquet_path, write_geoparquet

    path = OUT / f"layer-{mentions // 1000}k.geojson"
    if not path.exists():
        make_synthetic_layer.main(["--mentions", str(mentions), "--out", str(path)])
    if not geoparquet:
        parquet_path(path).unlink(missing_ok=True)
    elif copy_metadata(path) is None:
        write_geoparquet(json.loads(path.read_text(encoding="utf-8")), path)
    return path


def bench_layer(browser: Any, mentions: int, runs: int, app: Path,
                geoparquet: bool = False) -> dict[str, Any]:
    """Cold first view, then ``runs`` measured runs; medians, and every run's figures."""
    with streamlit_server(_layer(mentions, geoparquet), app=app, timeout=180) as server:
        cold = one_run(browser, server.url)  # the server reads the layer here
        samples = [one_run(browser, server.url) for _ in range(runs)]
    medians = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
    return {"mentions": mentions, "cold_first_map": cold["first_map"], "median": medians,
            "runs": samples}  # fmt: skip


def _mb(value: float) -> str:
    return f"{value / 1e6:.2f} MB"


def table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table, one column per layer."""
    rows = [("first map, server's first view (s)", lambda r: f"{r['cold_first_map']:.2f}"),
            ("first map, empty browser cache (s)", lambda r: f"{r['median']['first_map']:.2f}"),
            ("first map, reload (s)", lambda r: f"{r['median']['first_map_cached']:.2f}"),
            ("slider → map updated (s)", lambda r: f"{r['median']['slider']:.2f}"),
            ("click → quotes shown (s)", lambda r: f"{r['median']['click']:.2f}"),
            ("bytes, first load (all)", lambda r: _mb(r["median"]["bytes_load"])),
            ("… of which Streamlit's frontend", lambda r: _mb(r["median"]["bytes_static"])),
            ("… of which websocket (data)", lambda r: _mb(r["median"]["bytes_ws_load"])),
            ("bytes per slider change", lambda r: _mb(r["median"]["bytes_slider"])),
            ("bytes per click", lambda r: _mb(r["median"]["bytes_click"]))]  # fmt: skip
    head = "| median of runs | " + " | ".join(f"{r['mentions']:,} mentions" for r in results)
    lines = [head + " |", "|---" * (len(results) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=OUT / "dashboard_bench.json")
    parser.add_argument(
        "--app", type=Path, default=ROOT / "app.py", help="another checkout's app.py, to compare"
    )
    parser.add_argument("--geoparquet", action="store_true",
                        help="write the layers' GeoParquet copies, which the dashboard reads")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    # A plain `kill` must still stop the Streamlit server (the `with` blocks' cleanup).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        results = [bench_layer(browser, size, args.runs, args.app, args.geoparquet)
                   for size in args.sizes]
        browser.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(table(results))
    print(f"\n{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; runs in {args.json}")


if __name__ == "__main__":
    main()
