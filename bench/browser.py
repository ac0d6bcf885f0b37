"""A real dashboard in a real browser: a Streamlit server on a free port, headless Chromium.

Shared by the end-to-end tests (``tests/e2e``) and the browser benchmark
(``bench/dashboard_bench.py``). Nothing here reaches the internet: the server listens on
127.0.0.1 and Chromium is Debian's, started with its background network traffic off.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: The iframe streamlit-folium draws the map in.
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@dataclass(frozen=True)
class Server:
    """A running dashboard: its address and the log file of its process."""

    url: str
    log: Path
    #: The server's process id (for its memory, in bench/load_test.py).
    pid: int | None = None


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_healthy(process: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        if _healthy(url):
            return
        time.sleep(0.2)
    raise TimeoutError(f"streamlit not healthy at {url} after {timeout:.0f} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def streamlit_server(
    layer: Path,
    *,
    app: Path = ROOT / "app.py",
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """Run ``streamlit run app.py`` on ``layer`` until the block ends; always stop it.

    ``CONFLICT_MAP_REPORTS`` is emptied so that the layer is shown as it is, never rebuilt,
    unless ``env`` (added to the environment last) sets it. ``app`` may be another
    checkout's script (to compare versions); it runs from its folder.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CONFLICT_MAP_LAYER": str(layer), "CONFLICT_MAP_REPORTS": "",
           **(env or {})}  # fmt: skip
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    command = [sys.executable, "-m", "streamlit", "run", str(app),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true"]  # fmt: skip
    with tempfile.NamedTemporaryFile("w+b", prefix="streamlit-", suffix=".log",
                                     delete=False) as log:  # fmt: skip
        process = subprocess.Popen(command, cwd=app.parent, env=env, stdout=log, stderr=log)
    try:
        _wait_until_healthy(process, url, Path(log.name), timeout)
        yield Server(url, Path(log.name), process.pid)
    finally:
        _stop(process)


def launch_chromium(playwright: object, **options: object) -> object:
    """Debian's Chromium through Playwright (no browser download)."""
    return playwright.chromium.launch(  # type: ignore[attr-defined]
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, **options
    )


def is_local(url: str, allowed: Mapping[str, None] | None = None) -> bool:
    """Whether ``url`` stays on this machine (or is inline data the page made itself)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in {"127.0.0.1", "localhost", *(allowed or {})}


# --- the map inside its iframe ---------------------------------------------------------------
# Leaflet objects are reached from the iframe's globals: folium names the map ``map_<hash>``
# and streamlit-folium also keeps it as ``map``; the places are the features of the marker
# cluster group(s) on that map (see components/place_layer.py).
_FIND_MAP = """const map = Object.values(window).find((v) => {
  try { return v instanceof L.Map; } catch (e) { return false; } });
const clusters = [];
if (map) { map.eachLayer((l) => { if (l instanceof L.MarkerClusterGroup) clusters.push(l); }); }
"""
PLACES_JS = f"""() => {{ {_FIND_MAP}
  return clusters.flatMap((c) => c.getLayers().map((m) => m.feature.id)); }}"""
SHOW_PLACE_JS = f"""(id) => new Promise((resolve) => {{ {_FIND_MAP}
  for (const c of clusters) {{
    const marker = c.getLayers().find((m) => m.feature.id === id);
    if (!marker) continue;
    // From a town-level view, so that the screenshot shows the place among its neighbours.
    map.setView(marker.getLatLng(), 11, {{animate: false}});
    c.zoomToShowLayer(marker, () => setTimeout(() => resolve(true), 300));
    return;
  }}
  resolve(false); }})"""
NAME_JS = f"""(id) => {{ {_FIND_MAP}
  for (const c of clusters) {{
    const marker = c.getLayers().find((m) => m.feature.id === id);
    if (marker) return marker.feature.properties.name;
  }}
  return null; }}"""
MARK_LAYER_JS = f"""() => {{ {_FIND_MAP} clusters.forEach((c) => {{ c._benchOld = true; }});
  return clusters.length; }}"""
NEW_LAYER_JS = f"""() => {{ {_FIND_MAP}
  return clusters.some((c) => !c._benchOld)
    && document.querySelectorAll(".cm-place-icon, .cm-cluster").length > 0; }}"""


def map_frame(page: object, timeout: float = 60_000) -> object:
    """The map iframe's Frame, once the first place marker or cluster is drawn in it."""
    page.frame_locator(MAP_FRAME).locator(  # type: ignore[attr-defined]
        ".cm-place-icon, .cm-cluster"
    ).first.wait_for(timeout=timeout)
    return page.locator(MAP_FRAME).element_handle().content_frame()  # type: ignore[attr-defined]


def icon_selector(place_id: str) -> str:
    """CSS selector of a place's marker icon (``data-place-id`` is set in place_layer.py)."""
    quoted = place_id.replace("\\", "\\\\").replace('"', '\\"')
    return f'.cm-place-icon[data-place-id="{quoted}"]'


def show_place(frame: object, place_id: str) -> object:
    """Zoom the map until ``place_id``'s own marker is drawn (not its cluster); its locator."""
    if not frame.evaluate(SHOW_PLACE_JS, place_id):  # type: ignore[attr-defined]
        raise LookupError(f"no marker for {place_id} on the map")
    icon = frame.locator(icon_selector(place_id))  # type: ignore[attr-defined]
    icon.wait_for(state="visible")
    return icon


#: ``[south, west, north, east]`` of the map's view, and its ``[lat, lon]`` centre.
BOUNDS_JS = f"""() => {{ {_FIND_MAP} const b = map.getBounds();
  return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }}"""
CENTRE_JS = f"""() => {{ {_FIND_MAP} const c = map.getCenter(); return [c.lat, c.lng]; }}"""
#: The radius in metres of every precision circle drawn on the map.
CIRCLES_JS = f"""() => {{ {_FIND_MAP} const radii = [];
  map.eachLayer((l) => {{ if (l instanceof L.Circle) radii.push(l.getRadius()); }});
  return radii; }}"""
