"""A folium map that renders with no internet: local Leaflet assets and a vector basemap.

folium loads Leaflet, jQuery, Bootstrap, Font Awesome and its plugins from CDNs, and tiles
from tile servers; offline, the map is blank. Here every asset comes from the XStatic
packages, copied into ``static/vendor`` (Streamlit serves ``static/`` at ``/app/static``
when ``server.enableStaticServing`` is on), and the background is an offline basemap (see
:mod:`components.basemap_data`) fetched once by the browser and cached, not embedded in
every map's HTML. Bootstrap, Font Awesome and awesome-markers are left out on purpose: use
``CircleMarker``, ``DivIcon`` or SVG instead of ``folium.Icon``.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

from components import basemap_data, basemap_layers, place_labels

#: The folder Streamlit serves at ``/app/static`` (next to ``app.py``).
STATIC_DIR: Path = Path(__file__).resolve().parent.parent / "static"
#: Where the browser finds the vendored files.
VENDOR_URL = "/app/static/vendor"
#: The basemap file, inside the vendor folder.
BASEMAP_NAME = "basemap.geojson"
#: Leaflet's credit and licence, linked from the map's attribution (no external address).
LEAFLET_NOTE = "leaflet/ABOUT.txt"

# (XStatic module, folder under vendor/, files of its data folder). Leaflet's CSS finds its
# images (layer-control icon, default marker) relative to itself, hence leaflet/images/.
_LEAFLET_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png")
_ASSETS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("xstatic.pkg.leaflet", "leaflet", ("leaflet.js", "leaflet.css", "images/marker-shadow.png",
     *(f"images/{name}" for name in _LEAFLET_IMAGES))),
    ("xstatic.pkg.leaflet_markercluster", "markercluster",
     ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")),
    ("xstatic.pkg.jquery", "jquery", ("jquery.min.js",)),
)  # fmt: skip

#: What a map loads, by folium's asset names; nothing else (no Bootstrap, no Font Awesome).
LOCAL_JS = [
    ("leaflet", f"{VENDOR_URL}/leaflet/leaflet.js"),
    ("jquery", f"{VENDOR_URL}/jquery/jquery.min.js"),
]
LOCAL_CSS = [("leaflet_css", f"{VENDOR_URL}/leaflet/leaflet.css")]
MARKERCLUSTER_JS = [("markerclusterjs", f"{VENDOR_URL}/markercluster/leaflet.markercluster.js")]
MARKERCLUSTER_CSS = [
    ("markerclustercss", f"{VENDOR_URL}/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{VENDOR_URL}/markercluster/MarkerCluster.Default.css"),
]

# No tile layer sets the map's zoom range, and MarkerCluster refuses a map without maxZoom.
MIN_ZOOM, MAX_ZOOM = 2, 18
SEA_COLOUR = "#c9dbe6"
LAND_COLOUR = "#f3efe6"
BORDER_COLOUR = "#9a8c98"


def _source_dir(module: str) -> Path:
    """The data folder of an XStatic package (the XStatic standard's ``BASE_DIR``)."""
    try:
        return Path(importlib.import_module(module).BASE_DIR)
    except ImportError as err:
        package = module.rsplit(".", 1)[-1].replace("_", "-")
        raise FileNotFoundError(
            f"the offline map needs {module}: pip install xstatic-{package}"
        ) from err


def _copy_if_stale(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` unless an identical-looking copy is already there.

    ``copy2`` keeps the mtime, so equal size and mtime mean "already copied"; the copy goes
    through a temporary name so a concurrent reader never sees half a file.
    """
    if dst.exists():
        have, want = dst.stat(), src.stat()
        if have.st_size == want.st_size and have.st_mtime == want.st_mtime:
            return
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    shutil.copy2(src, tmp)
    os.replace(tmp, dst)


def prepare_static_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Put every file the offline map needs under ``static_dir/vendor``; return that folder.

    Copies Leaflet (js, css, images), Leaflet.markercluster (js, css) and jQuery from the
    XStatic packages and writes ``basemap.geojson``. Idempotent and cheap when up to date
    (a few ``stat`` calls), so the app can call it on every run. The folder is generated:
    keep it out of git.
    """
    vendor = static_dir / "vendor"
    for module, folder, names in _ASSETS:
        for name in names:
            _copy_if_stale(_source_dir(module) / name, vendor / folder / name)
    basemap_data.write_basemap(vendor / BASEMAP_NAME)
    place_labels.write_labels(vendor / place_labels.LABELS_NAME)
    basemap_layers.write_lines(vendor)
    _write_leaflet_note(vendor / LEAFLET_NOTE)
    return vendor


def _write_leaflet_note(path: Path) -> None:
    version = getattr(importlib.import_module("xstatic.pkg.leaflet"), "VERSION", "")
    note = (
        f"Leaflet {version}, a JavaScript library for interactive maps (https://leafletjs.com).\n"
        "Copyright (c) 2010-2022 Vladimir Agafonkin, (c) 2010-2011 CloudMade.\n"
        "BSD 2-Clause licence; the full notice heads leaflet.js in this folder.\n"
    )
    if not path.exists() or path.read_text(encoding="utf-8") != note:
        path.write_text(note, encoding="utf-8")


def use_local_plugin_assets() -> None:
    """Point the folium plugin classes we use (MarkerCluster) at the vendored files.

    Class-wide on purpose: a ``MarkerCluster()`` made anywhere in the app then stays
    offline, and streamlit-folium reads these lists to load the scripts.
    """
    MarkerCluster.default_js = list(MARKERCLUSTER_JS)
    MarkerCluster.default_css = list(MARKERCLUSTER_CSS)


class OfflineBasemap(MacroElement):
    """Fetches the basemap GeoJSON and draws it in its own panes, under every overlay.

    The panes sit below Leaflet's tile pane (z-index 200), so an optional online tile layer
    covers the basemap, and never take pointer events: the basemap has no tooltips or
    clicks, and a click on it reaches the map.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            map.getContainer().style.background = {{ this.sea|tojson }};
            for (const [name, z] of [["basemap", 150], ["basemapLabels", 160]]) {
                const pane = map.getPane(name) || map.createPane(name);
                pane.style.zIndex = z;
                pane.style.pointerEvents = "none";
            }
            const paint = {
                land: {stroke: false, fillColor: {{ this.land|tojson }}, fillOpacity: 1},
                lake: {stroke: false, fillColor: {{ this.sea|tojson }}, fillOpacity: 1},
                border: {color: {{ this.border|tojson }}, weight: 1, opacity: 0.9,
                         dashArray: "4 3", fill: false},
            };
            const label = (feature, latlng) => {
                const span = document.createElement("span");
                span.textContent = feature.properties.name;
                span.style.cssText = "display:inline-block;transform:translate(-50%,-50%);"
                    + "white-space:nowrap;font:600 11px sans-serif;letter-spacing:2px;"
                    + "color:#8d8478;";
                return L.marker(latlng, {pane: "basemapLabels", interactive: false,
                    keyboard: false, icon: L.divIcon({className: "", iconSize: null, html: span})});
            };
            fetch({{ this.url|tojson }})
                .then((response) => response.json())
                .then((data) => L.geoJSON(data, {
                    pane: "basemap", interactive: false, attribution: {{ this.credit|tojson }},
                    style: (feature) => paint[feature.properties.kind],
                    pointToLayer: label,
                }).addTo(map))
                .catch((err) => console.error("offline basemap failed to load", err));
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "OfflineBasemap"
        self.url = url
        self.sea, self.land, self.border = SEA_COLOUR, LAND_COLOUR, BORDER_COLOUR
        self.credit = "Coastlines and borders: GSHHG (LGPL)"


class PlainAttribution(MacroElement):
    """Leaflet's attribution prefix as a plain local "Leaflet" link, without the flag.

    Leaflet 1.9 prefixes the attribution with a flag and a link to leafletjs.com; this map
    credits Leaflet the same way, neutrally, with a link to the licence note served here.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(
            '<a href="' + {{ this.url|tojson }} + '" target="_blank" rel="noopener">Leaflet</a>');
        {% endmacro %}
        {% macro header(this, kwargs) %}
        <style>
        /* The credit line runs across the map's foot on a narrow map: the scale sits above
           it rather than under it. */
        .leaflet-bottom.leaflet-left .leaflet-control-scale { margin-bottom: 22px; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "PlainAttribution"
        self.url = url


class OnlineTilesControl(MacroElement):
    """A layer control offering one tile layer, off until the user ticks it.

    Not folium's ``LayerControl``: that one must be added after every layer (it lists the
    layers that exist when it renders, and breaks the page when a layer is defined after
    it), while this map is made before the app adds its layers. Add the tile layer to the
    map first, with ``control=False`` so an app-wide ``LayerControl`` does not list it twice.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.layers(null, { {{ this.label|tojson }}: {{ this.tiles.get_name() }} },
            {collapsed: true}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, tiles: folium.TileLayer) -> None:
        super().__init__()
        self._name = "OnlineTilesControl"
        self.label, self.tiles = tiles.layer_name, tiles


#: The base maps a user can choose in the page: key (kept in the URL) -> label.
BASEMAPS = {"offline": "Offline", "osm": "OpenStreetMap"}


def new_base_map(
    *, lat: float, lon: float, zoom: int, online_tiles: bool = False, basemap: str = "offline"
) -> folium.Map:
    """A folium map centred on ``lat``/``lon``, which by default loads nothing from the internet.

    Its scripts and stylesheets are the vendored Leaflet and jQuery only (call
    :func:`prepare_static_assets` first so they exist); it draws the offline basemap
    (sea background, land, lakes, dashed country borders, a few country names) beneath every
    layer added later and, with ``basemap="offline"``, rivers, highways and place names
    (:mod:`components.basemap_layers`, :mod:`components.place_labels`). ``basemap="osm"``
    shows OpenStreetMap's tiles over it instead (they need the internet). With
    ``online_tiles``, a layer control also offers OpenStreetMap tiles, off by default.
    Raises ValueError for an unknown ``basemap``, a centre outside the world or a zoom
    outside [``MIN_ZOOM``, ``MAX_ZOOM``].
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}: choose one of {', '.join(BASEMAPS)}")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and MIN_ZOOM <= zoom <= MAX_ZOOM):
        raise ValueError(
            f"map centre {lat}, {lon} at zoom {zoom} is out of range: lat must be in "
            f"[-90, 90], lon in [-180, 180], zoom in [{MIN_ZOOM}, {MAX_ZOOM}]"
        )
    use_local_plugin_assets()
    # Leaflet's own option names: folium passes its min_zoom/max_zoom only to a tile layer.
    m = folium.Map(
        location=[lat, lon],
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        minZoom=MIN_ZOOM,
        maxZoom=MAX_ZOOM,
    )
    # Per instance, as folium and streamlit-folium both read the instance's lists.
    m.default_js, m.default_css = list(LOCAL_JS), list(LOCAL_CSS)
    OfflineBasemap(f"{VENDOR_URL}/{BASEMAP_NAME}").add_to(m)
    if basemap == "osm":  # its tiles carry their own names and roads
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False).add_to(m)
    else:
        basemap_layers.BasemapLines(f"{VENDOR_URL}/{basemap_layers.LINES_NAME}").add_to(m)
        label_files = (place_labels.LABELS_NAME, basemap_layers.LINE_LABELS_NAME)
        place_labels.PlaceLabels([f"{VENDOR_URL}/{name}" for name in label_files]).add_to(m)
    PlainAttribution(f"{VENDOR_URL}/{LEAFLET_NOTE}").add_to(m)
    if online_tiles:
        tiles = folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", show=False, control=False
        ).add_to(m)
        OnlineTilesControl(tiles).add_to(m)
    return m


class _AssetParser(HTMLParser):
    """Collects ``<script src>`` and ``<link href>`` values, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href"}.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value]


def asset_urls(html: str) -> list[str]:
    """Every ``<script src>`` and ``<link href>`` URL in a rendered page, in order."""
    parser = _AssetParser()
    parser.feed(html)
    parser.close()
    return parser.urls


def external_asset_urls(html: str) -> list[str]:
    """The asset URLs of a rendered page that would need the internet (empty when offline).

    For tests of any component that adds a folium plugin: ``assert not
    external_asset_urls(m.get_root().render())``.
    """
    return [u for u in asset_urls(html) if re.match(r"(?:[a-z]+:)?//", u, re.I)]
