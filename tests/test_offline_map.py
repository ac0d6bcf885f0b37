"""Tests for components.offline_map and components.basemap_data: the map needs no internet."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import itertools
import json
import math
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
import pytest
from folium.plugins import MarkerCluster

from components import basemap_data
from components.offline_map import (
    BASEMAP_NAME,
    LAND_COLOUR,
    SEA_COLOUR,
    VENDOR_URL,
    asset_urls,
    external_asset_urls,
    new_base_map,
    prepare_static_assets,
)

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"  # screenshots to look at
ALEPPO = (37.16, 36.2)  # (lon, lat), GeoJSON order, as in the basemap file
SEA_OFF_SYRIA = (35.2, 35.0)  # between Cyprus and Tartus, ~65 km offshore
# 35.0 N 34.0 E is not sea: it is Protaras, on the east coast of Cyprus.
NICOSIA = (33.36, 35.17)
BAB_AL_SALAMA = (37.07, 36.655)  # the Syria-Turkey border crossing north of Azaz
CASPIAN = (50.5, 41.5)
ATLANTIC = (-30.0, 40.0)
BUDGET_BYTES = 400_000


@pytest.fixture(scope="module")
def static_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("static")
    prepare_static_assets(root)
    return root


@pytest.fixture(scope="module")
def basemap(static_dir: Path) -> dict[str, Any]:
    return json.loads((static_dir / "vendor" / BASEMAP_NAME).read_text())


def _rendered(*, online_tiles: bool = False) -> str:
    m = new_base_map(lat=35.5, lon=38.0, zoom=6, online_tiles=online_tiles)
    cluster = MarkerCluster(name="events").add_to(m)  # the one plugin the app uses
    folium.CircleMarker([36.2, 37.16], radius=5).add_to(cluster)
    return m.get_root().render()


def _local_path(static_dir: Path, url: str) -> Path:
    assert url.startswith("/app/static/"), url
    return static_dir / url.removeprefix("/app/static/")


# --- the rendered map --------------------------------------------------------------------


@pytest.mark.parametrize("online_tiles", [False, True])
def test_rendered_map_loads_no_script_or_stylesheet_from_the_internet(online_tiles: bool) -> None:
    html = _rendered(online_tiles=online_tiles)
    assert asset_urls(html), "the map should load Leaflet from somewhere"
    assert external_asset_urls(html) == []


def test_every_asset_the_map_references_exists_after_prepare(static_dir: Path) -> None:
    html = _rendered()
    urls = [*asset_urls(html), f"{VENDOR_URL}/{BASEMAP_NAME}"]
    assert f"{VENDOR_URL}/{BASEMAP_NAME}" in html
    for url in urls:
        assert _local_path(static_dir, url).is_file(), url


def test_leaflet_css_finds_its_images(static_dir: Path) -> None:
    css = static_dir / "vendor" / "leaflet" / "leaflet.css"
    for name in {part.split(")")[0] for part in css.read_text().split("url(")[1:]}:
        if not name.startswith(("data:", "#")):  # "#default#VML" is for old IE
            assert (css.parent / name.strip("'\"")).is_file(), name


def test_map_leaves_out_bootstrap_and_font_awesome() -> None:
    html = _rendered().lower()
    for name in ("bootstrap", "fontawesome", "font-awesome", "awesome-markers", "awesome_markers"):
        assert name not in html


def test_online_tiles_are_offered_not_shown() -> None:
    assert "tile.openstreetmap.org" not in _rendered(online_tiles=False)
    html = _rendered(online_tiles=True)
    (tiles,) = re.findall(r"var (tile_layer_\w+) = L\.tileLayer\(", html)
    assert re.search(rf'"OpenStreetMap \(online\)"\s*:\s*{tiles}\b', html), "offered in the control"
    assert f"{tiles}.addTo(" not in html, "but not shown until the user ticks it"


def test_offline_basemap_fetches_its_lines_and_labels_and_osm_shows_tiles() -> None:
    offline = _rendered()
    assert f'fetch("{VENDOR_URL}/basemap_lines.geojson")' in offline
    assert f'["{VENDOR_URL}/place_labels.json", "{VENDOR_URL}/line_labels.json"]' in offline
    osm = new_base_map(lat=35.5, lon=38.0, zoom=6, basemap="osm").get_root().render()
    (tiles,) = re.findall(r"var (tile_layer_\w+) = L\.tileLayer\(", osm)
    assert "tile.openstreetmap.org" in osm and f"{tiles}.addTo(" in osm, "shown at once"
    assert "place_labels.json" not in osm, "its tiles carry their own names"


def test_an_unknown_basemap_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="choose one of offline, osm"):
        new_base_map(lat=35.5, lon=38.0, zoom=6, basemap="google")


def test_basemap_is_fetched_by_url_not_embedded() -> None:
    html = _rendered()
    assert f'fetch("{VENDOR_URL}/{BASEMAP_NAME}")' in html
    assert "MultiPolygon" not in html
    assert "interactive: false" in html


def test_bad_centre_is_refused_with_the_rule() -> None:
    with pytest.raises(ValueError, match=r"lat must be in \[-90, 90\]"):
        new_base_map(lat=95.0, lon=38.0, zoom=6)


def test_prepare_is_idempotent_and_leaves_fresh_files_alone(static_dir: Path) -> None:
    files = sorted(p for p in (static_dir / "vendor").rglob("*") if p.is_file())
    before = {p: p.stat().st_mtime_ns for p in files}
    assert prepare_static_assets(static_dir) == static_dir / "vendor"
    assert {p: p.stat().st_mtime_ns for p in files} == before
    assert not [p for p in files if p.name.endswith(".tmp")]


def test_prepare_replaces_a_damaged_copy(tmp_path: Path) -> None:
    leaflet = prepare_static_assets(tmp_path) / "leaflet" / "leaflet.js"
    good = leaflet.read_bytes()
    leaflet.write_text("truncated")
    prepare_static_assets(tmp_path)
    assert leaflet.read_bytes() == good


# --- the basemap data ----------------------------------------------------------------------


def _in_ring(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Even-odd ray casting; ``ring`` is closed, ``[lon, lat]`` positions."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _kind_at(basemap: dict[str, Any], point: tuple[float, float]) -> str:
    """What the map paints at a point: the last (deepest) polygon level wins, as drawn."""
    kind = "sea"
    for feature in basemap["features"]:
        if feature["geometry"]["type"] != "MultiPolygon":
            continue
        if any(_in_ring(point, polygon[0]) for polygon in feature["geometry"]["coordinates"]):
            kind = feature["properties"]["kind"]
    return kind


def _distance_to_segment(p: tuple[float, float], a: list[float], b: list[float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy or 1.0)
    t = min(1.0, max(0.0, t))
    return math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1])


def test_basemap_is_a_valid_feature_collection(basemap: dict[str, Any]) -> None:
    assert basemap["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"] for f in basemap["features"]}
    assert kinds == {"land", "lake", "border", "label"}
    for feature in basemap["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "MultiPolygon":
            for polygon in geometry["coordinates"]:
                ring = polygon[0]
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)


@pytest.mark.parametrize(
    ("point", "kind"),
    [
        (ALEPPO, "land"),
        (NICOSIA, "land"),
        (SEA_OFF_SYRIA, "sea"),
        (CASPIAN, "lake"),
        (ATLANTIC, "sea"),
    ],
    ids=["aleppo", "cyprus", "sea-off-syria", "caspian", "atlantic"],
)
def test_basemap_paints_land_and_water_where_they_are(
    basemap: dict[str, Any], point: tuple[float, float], kind: str
) -> None:
    assert _kind_at(basemap, point) == kind


def test_a_border_runs_along_syria_and_turkey(basemap: dict[str, Any]) -> None:
    (border,) = [f for f in basemap["features"] if f["properties"]["kind"] == "border"]
    nearest = min(
        _distance_to_segment(BAB_AL_SALAMA, a, b)
        for line in border["geometry"]["coordinates"]
        for a, b in itertools.pairwise(line)
    )
    assert nearest < 0.05  # degrees, ~5 km


def test_basemap_file_stays_under_budget(static_dir: Path) -> None:
    assert (static_dir / "vendor" / BASEMAP_NAME).stat().st_size < BUDGET_BYTES


def test_clip_ring_cuts_a_square_to_the_box() -> None:
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    clipped = basemap_data.clip_ring(square, basemap_data.Box(2.0, -1.0, 6.0, 3.0))
    assert sorted(clipped) == [(2.0, 0.0), (2.0, 3.0), (4.0, 0.0), (4.0, 3.0)]


def test_clip_line_splits_a_line_that_leaves_and_returns() -> None:
    line = [(0.0, 0.0), (0.0, 5.0), (1.0, 5.0), (1.0, 0.0)]
    runs = basemap_data.clip_line(line, basemap_data.Box(-1.0, -1.0, 2.0, 2.0))
    assert runs == [[(0.0, 0.0), (0.0, 2.0)], [(1.0, 2.0), (1.0, 0.0)]]


def test_simplify_keeps_corners_and_drops_collinear_points() -> None:
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 2.0)]
    assert basemap_data.simplify(line, 0.01) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]


# --- in a real browser -------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _colour_at(png: bytes, x: float, y: float) -> tuple[int, int, int]:
    image_module = pytest.importorskip("PIL.Image")
    return image_module.open(io.BytesIO(png)).convert("RGB").getpixel((round(x), round(y)))


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.browser
@pytest.mark.parametrize("online_tiles", [False, True], ids=["offline", "online-tiles-offered"])
def test_map_draws_offline_in_chromium(tmp_path: Path, browser: Any, online_tiles: bool) -> None:
    prepare_static_assets(tmp_path / "app" / "static")  # the server root maps /app/static
    m = new_base_map(lat=35.3, lon=37.5, zoom=7, online_tiles=online_tiles)
    # As the app does: its own layers after the base map, then folium's LayerControl last.
    events = MarkerCluster(name="events").add_to(m)
    folium.CircleMarker(
        [33.51, 36.29], radius=8, color="#d00000", fill=True, fill_opacity=1, fill_color="#d00000"
    ).add_to(events)  # Damascus: markers paint over land
    folium.LayerControl().add_to(m)
    (tmp_path / "map.html").write_text(m.get_root().render())
    requests: list[str] = []
    errors: list[str] = []
    with _serve(tmp_path) as base:
        context = browser.new_context(viewport={"width": 900, "height": 700})
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/map.html")
        page.wait_for_function("document.querySelectorAll('.leaflet-basemap-pane path').length")
        page.wait_for_function("document.querySelectorAll('.cm-label-city').length")
        page.wait_for_timeout(300)  # let the SVG paint before the screenshot
        cities = page.eval_on_selector_all(".cm-label-city", "ls => ls.map((l) => l.innerText)")
        rivers = page.eval_on_selector_all(".leaflet-cmLines-pane path", "ps => ps.length")
        # The colour probes below look at the basemap itself: names and rivers aside.
        page.add_style_tag(content=".leaflet-cmLabels-pane, .leaflet-cmLines-pane"
                           " { display: none; }")  # fmt: skip
        assert page.evaluate("typeof window.L") == "object"
        paths = page.eval_on_selector_all(
            ".leaflet-basemap-pane path", "ps => ps.map(p => p.getAttribute('d').length)"
        )
        probes = page.evaluate(
            """([name, points]) => {
                const map = window[name];
                const box = map.getContainer().getBoundingClientRect();
                return points.map((latlon) => {
                    const p = map.latLngToContainerPoint(latlon);
                    return [p.x + box.left, p.y + box.top];
                });
            }""",
            [
                m.get_name(),
                [[ALEPPO[1], ALEPPO[0]], [SEA_OFF_SYRIA[1], SEA_OFF_SYRIA[0]], [33.51, 36.29]],
            ],
        )
        labels = page.eval_on_selector_all(".leaflet-basemapLabels-pane span", "s => s.length")
        controls = page.eval_on_selector_all(".leaflet-control-layers", "c => c.length")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"offline_map{'_online_tiles' if online_tiles else ''}.png"
        png = page.screenshot(path=str(shot))
        context.close()
    assert errors == []
    assert sum(length > 100 for length in paths) >= 3, f"land, lakes, borders: {paths}"
    assert labels >= 5
    assert {"Aleppo", "Damascus", "Homs"} <= set(cities) and rivers >= 1
    assert controls == 1 + online_tiles
    assert _colour_at(png, *probes[0]) == _hex(LAND_COLOUR)
    assert _colour_at(png, *probes[1]) == _hex(SEA_COLOUR)
    assert _colour_at(png, *probes[2]) == _hex("#d00000")
    assert [u for u in requests if not u.startswith(f"{base}/")] == []


def test_attribution_credits_leaflet_plainly_with_a_local_link(static_dir: Path) -> None:
    html = _rendered()
    (prefix,) = re.findall(r"attributionControl\.setPrefix\(\s*(.*?)\);", html, re.S)
    assert ">Leaflet</a>" in prefix and "<svg" not in prefix and "leafletjs.com" not in prefix
    assert json.dumps(f"{VENDOR_URL}/leaflet/ABOUT.txt") in prefix
    note = (static_dir / "vendor" / "leaflet" / "ABOUT.txt").read_text(encoding="utf-8")
    assert note.startswith("Leaflet 1.9") and "BSD" in note
