"""Load test: several browser sessions filtering and clicking against one dashboard server.

    python -m bench.load_test                          # 10 sessions x 120 s on the seeds
    python -m bench.load_test --mentions 10000         # on a generated 10,000-mention layer
    python -m bench.load_test --sessions 2 --seconds 10 --json /tmp/smoke.json

One real ``streamlit run app.py`` serves the layer (the five seed reports, built into a
temporary folder, or ``bench/make_synthetic_layer.py``'s layer with ``--mentions``). A
first page view alone warms the server (it reads the layer; timed apart). Then one headless
Chromium (Debian's) opens one context per session, all at once; each session opens the
map, then until its time is up does, at random (a fixed seed per session), one of:

- **slider**: a key press on a thumb of the date slider (left or right);
- **outlet**: a click on an outlet's switch (the same one is switched back next time);
- **what**: a click on a "What happened" switch (likewise), on a layer with event coding;
- **click**: a click on a place's own marker (zooming to it is not timed), until its quotes
  are shown under "Sources for <place>".

with a pause of ``--think`` seconds on average between actions, as a reader would. An
action's response time runs from the key press or click to the end of the rerun it caused
(Streamlit's ``script_finished`` message on the page's websocket) and, for a marker, to the
place's quotes on screen. Errors are counted on every page: Streamlit exception boxes and
error alerts, console errors, uncaught page errors, crashes, and actions with no answer
within ``--timeout`` seconds. The server's resident memory is sampled every second.

The figures go to standard output and, as JSON, to ``--json`` (default
``bench/out/load_test.json``). Run it under the machine's heavy lock:
``flock /tmp/heavy.lock .venv/bin/python -m bench.load_test``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import html
import json
import os
import platform
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    NAME_JS,
    PLACES_JS,
    SHOW_PLACE_JS,
    icon_selector,
    streamlit_server,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VIEWPORT = {"width": 1500, "height": 1100}
ACTIONS = ("slider", "outlet", "what", "click")
#: Seconds a page may take to show its first map before the session counts as failed.
FIRST_MAP_S = 300
#: What Streamlit draws when the script raised, or when the app says something failed.
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@dataclass
class Session:
    """One browser session's record: response times per action, errors seen."""

    number: int
    times: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    errors: list[str] = field(default_factory=list)
    first_map: float | None = None
    finished: int = 0  # script_finished messages seen on the page's websocket
    steps_in: dict[str, int] = field(default_factory=lambda: {"start": 0, "end": 0})
    #: The place this session's last marker click chose: the map sends a click on the same
    #: place again to nobody (streamlit-folium reruns only for a changed value), so the
    #: next click picks another.
    last_place: str | None = None

    def error(self, kind: str, text: str) -> None:
        self.errors.append(f"session {self.number}: {kind}: {text[:300]}")


def _script_finished(payload: bytes | str) -> bool:
    """Whether a websocket frame from the server is Streamlit's end-of-run message."""
    if isinstance(payload, str):
        return False
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    try:
        message.ParseFromString(payload)
    except Exception:  # another kind of frame: not ours to judge
        return False
    return message.WhichOneof("type") == "script_finished"


def _watch(page: Any, session: Session) -> None:
    """Count the page's end-of-run messages and record every error the page shows."""

    def on_socket(socket: Any) -> None:
        def on_frame(payload: Any) -> None:
            if _script_finished(payload):
                session.finished += 1

        socket.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    page.on("console", lambda m: m.type == "error" and session.error("console", m.text))
    page.on("pageerror", lambda err: session.error("page error", str(err)))
    page.on("crash", lambda _: session.error("crash", "the page crashed"))


async def _rerun_done(page: Any, session: Session, before: int, timeout: float) -> None:
    """Until a run has finished since ``before`` runs had (the action's rerun)."""
    deadline = time.monotonic() + timeout
    while session.finished <= before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no rerun finished within {timeout:.0f} s")
        await asyncio.sleep(0.01)


async def _quiet(page: Any, session: Session, seconds: float = 0.4) -> None:
    """Until no run has finished for ``seconds`` (a map redraw may ask for one more)."""
    seen = session.finished
    while True:
        await asyncio.sleep(seconds)
        if session.finished == seen:
            return
        seen = session.finished


async def _map_frame(page: Any) -> Any:
    handle = await page.locator(MAP_FRAME).element_handle()
    return await handle.content_frame()


#: Days a slider thumb may move in from its end: the two never meet.
SLIDER_STEPS = 5


async def _slider(page: Any, rng: random.Random, steps_in: dict[str, int]) -> None:
    """One day in or out for a thumb; never past the slider's end (no change, no rerun)."""
    thumb = rng.choice(["start", "end"])
    inward = steps_in[thumb] == 0 or (steps_in[thumb] < SLIDER_STEPS and rng.random() < 0.5)
    steps_in[thumb] += 1 if inward else -1
    key = "ArrowRight" if (thumb == "start") == inward else "ArrowLeft"
    await page.locator(f'input[aria-label$="range — {thumb}"]').first.focus()
    await page.keyboard.press(key)


async def _switch(page: Any, key: str) -> None:
    await page.locator(f".st-key-{key} label").first.click()


async def _click(page: Any, rng: random.Random, timeout: float,
                 last: str | None = None) -> tuple[str, str] | None:
    """Zoom to a random place's own marker (not timed), not the ``last`` one clicked: its
    id and name, or None when the map shows no other place."""
    frame = await _map_frame(page)
    places = [p for p in await frame.evaluate(PLACES_JS) if p != last]
    if not places:
        return None
    place = rng.choice(places)
    if not await frame.evaluate(SHOW_PLACE_JS, place):
        return None
    name = await frame.evaluate(NAME_JS, place)
    await frame.locator(icon_selector(place)).wait_for(state="visible", timeout=timeout * 1000)
    return place, html.unescape(name or place)  # the map's names are escaped HTML


@dataclass(frozen=True)
class Plan:
    """What a session may act on: the keys of the switches, and for how long."""

    url: str
    outlets: tuple[str, ...]
    kinds: tuple[str, ...]
    seconds: float
    think: float
    timeout: float


async def _act(page: Any, session: Session, plan: Plan, rng: random.Random,
               switched: dict[str, str | None]) -> None:  # fmt: skip
    """One random action, timed; a failure is recorded as an error, never raised."""
    choices = [a for a in ACTIONS if a != "what" or plan.kinds]
    action = rng.choice(choices)
    try:
        before = session.finished
        if action == "click":
            target = await _click(page, rng, plan.timeout, session.last_place)
            if target is None:
                return
            place, name = target
            session.last_place = place
            frame = await _map_frame(page)
            start = time.perf_counter()
            await frame.locator(icon_selector(place)).click()
            await _rerun_done(page, session, before, plan.timeout)
            heading = page.get_by_role("heading", name=f"Sources for {name}")
            await heading.wait_for(timeout=plan.timeout * 1000)
        else:
            if action == "slider":
                start = time.perf_counter()
                await _slider(page, rng, session.steps_in)
            else:
                pool = plan.outlets if action == "outlet" else plan.kinds
                # Switch back what was switched, so the view never empties for good.
                key = switched.get(action) or rng.choice(pool)
                switched[action] = None if switched.get(action) else key
                start = time.perf_counter()
                await _switch(page, key)
            await _rerun_done(page, session, before, plan.timeout)
        session.times[action].append(time.perf_counter() - start)
    except Exception as err:  # every failure is a finding, not a crash
        session.error(f"{action} failed", f"{type(err).__name__}: {err}")
    await _quiet(page, session)
    boxes = page.locator(ERROR_BOXES)
    if await boxes.count():
        session.error("error box", await boxes.first.inner_text())


async def _first_map(page: Any, plan: Plan) -> None:
    """Open the map page and wait for its first marker (ten at once take a while)."""
    await page.goto(plan.url, timeout=FIRST_MAP_S * 1000)
    frame = page.frame_locator(MAP_FRAME)
    await frame.locator(".cm-place-icon, .cm-cluster").first.wait_for(timeout=FIRST_MAP_S * 1000)


async def run_session(browser: Any, session: Session, plan: Plan) -> None:
    """Open the map in a fresh context and act until the session's time is up."""
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(plan.timeout * 1000)
    page = await context.new_page()
    _watch(page, session)
    rng = random.Random(1000 + session.number)
    try:
        start = time.perf_counter()
        await _first_map(page, plan)
        session.first_map = time.perf_counter() - start
        await _quiet(page, session)
        switched: dict[str, str | None] = {}
        end = time.monotonic() + plan.seconds
        while time.monotonic() < end:
            await _act(page, session, plan, rng, switched)
            await asyncio.sleep(rng.uniform(0, 2 * plan.think))
    except Exception as err:  # likewise: recorded, and the other sessions go on
        session.error("session failed", f"{type(err).__name__}: {err}")
    finally:
        await context.close()


class MemorySampler:
    """The server's resident memory (MB), sampled every ``every`` seconds in a thread."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        self.status = Path(f"/proc/{pid}/status")  # Linux's VmRSS: no dependency needed
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.monotonic()

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, StopIteration, ValueError):
                line = next(row for row in self.status.read_text().splitlines()
                            if row.startswith("VmRSS:"))
                rss = int(line.split()[1]) * 1024 / 1e6  # kB
                self.samples.append((round(time.monotonic() - self._start, 1), round(rss, 1)))
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


async def drive(url: str, sessions: int, plan: Plan) -> list[Session]:
    """Every session at once, in one Chromium."""
    from playwright.async_api import async_playwright

    records = [Session(n) for n in range(1, sessions + 1)]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(*(run_session(browser, s, plan) for s in records))
        finally:
            await browser.close()
    return records


async def warm_up(url: str, plan: Plan) -> float:
    """The server's first page view alone (it reads the layer), timed: not a session's."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport=VIEWPORT)
            start = time.perf_counter()
            await _first_map(page, plan)
            return time.perf_counter() - start
        finally:
            await browser.close()


def _stats(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "median": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "median": round(statistics.median(values), 3),
            "p95": round(p95, 3), "max": round(max(values), 3)}  # fmt: skip


@contextlib.contextmanager
def _layer(mentions: int | None) -> Iterator[tuple[Path, str]]:
    """The layer to serve and a line saying what it is."""
    if mentions:
        from bench import make_synthetic_layer

        path = OUT / f"layer-{mentions // 1000}k.geojson"
        if not path.exists():
            OUT.mkdir(parents=True, exist_ok=True)
            make_synthetic_layer.main(["--mentions", str(mentions), "--out", str(path)])
        yield path, f"synthetic layer, {mentions:,} mentions (bench/make_synthetic_layer.py)"
        return
    from geo.build import DEFAULT_REPORTS, build_layer

    with tempfile.TemporaryDirectory(prefix="load-test-") as folder:
        out = Path(folder) / "layer.geojson"
        summary = build_layer([DEFAULT_REPORTS], out, cache=None)
        yield out, (f"the seeds: {summary.reports} reports, {summary.mentions} mentions, "
                    f"{summary.places} places")


def _switch_keys(layer: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The outlet switches' keys (as the sidebar makes them) and the kinds' keys."""
    from components.event_symbols import KIND_LABELS
    from components.filters import outlet_keys

    text = json.loads(layer.read_text(encoding="utf-8"))
    outlets = sorted({f["properties"].get("outlet", "") for f in text["features"]})
    coded = any("event_type" in f["properties"] for f in text["features"][:50])
    kinds = tuple(f"what-{kind}" for kind in KIND_LABELS) if coded else ()
    return tuple(outlet_keys(outlets).values()), kinds


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())  # fmt: skip
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip


def run(sessions: int, seconds: float, mentions: int | None, think: float,
        timeout: float) -> dict[str, Any]:  # fmt: skip
    """Serve the layer, drive the sessions, and gather the figures."""
    about = machine()
    with _layer(mentions) as (layer, corpus), streamlit_server(layer, timeout=180) as server:
        assert server.pid is not None
        outlets, kinds = _switch_keys(layer)
        plan = Plan(server.url, outlets, kinds, seconds, think, timeout)
        with MemorySampler(server.pid) as memory:
            cold = asyncio.run(warm_up(server.url, plan))
            started = time.monotonic()
            records = asyncio.run(drive(server.url, sessions, plan))
        wall = time.monotonic() - started
    about["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    every = [t for s in records for times in s.times.values() for t in times]
    rss = [mb for _, mb in memory.samples]
    return {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "machine": about, "corpus": corpus, "sessions": sessions, "seconds": seconds,
        "think_seconds": think, "wall_seconds": round(wall, 1),
        "actions": {a: _stats([t for s in records for t in s.times[a]]) for a in ACTIONS},
        "all_actions": _stats(every),
        "cold_first_map": round(cold, 2),
        "first_map": _stats([s.first_map for s in records if s.first_map is not None]),
        "errors": [e for s in records for e in s.errors],
        "server_rss_mb": {"start": rss[0] if rss else None, "peak": max(rss, default=None),
                          "end": rss[-1] if rss else None, "samples": memory.samples},
        "per_session": [{"session": s.number, "actions": sum(map(len, s.times.values())),
                         "errors": len(s.errors)} for s in records],
    }  # fmt: skip


def report(result: dict[str, Any]) -> str:
    """The figures as a short Markdown table and lines."""
    lines = ["| action | n | median s | p95 s | max s |", "|---|---|---|---|---|"]
    for name, figures in [*result["actions"].items(), ("all", result["all_actions"]),
                          ("first map", result["first_map"])]:
        cells = [str(figures[k]) if figures[k] is not None else "-"
                 for k in ("n", "median", "p95", "max")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    rss = result["server_rss_mb"]
    lines += [
        f"sessions {result['sessions']} x {result['seconds']:.0f} s, corpus: {result['corpus']}",
        f"the server's first page view alone (reads the layer): {result['cold_first_map']} s",
        f"errors: {len(result['errors'])}",
        *(f"  {e}" for e in result["errors"][:20]),
        f"server RSS MB: start {rss['start']}, peak {rss['peak']}, end {rss['end']}",
        f"machine: {result['machine']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120.0, help="per session")
    parser.add_argument("--mentions", type=int, default=None,
                        help="serve a generated layer of this many mentions (default: seeds)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause between a session's actions, in seconds")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds an action may take before it counts as an error")
    parser.add_argument("--json", type=Path, default=OUT / "load_test.json")
    args = parser.parse_args(argv)
    result = run(args.sessions, args.seconds, args.mentions, args.think, args.timeout)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(report(result))
    print(f"-> {args.json}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
