"""Governorate lines: the shapefile reader, and the lines shipped for the theatre."""

from __future__ import annotations

import math
import struct

from components.admin1_lines import BOX, lines_in, read_polylines, shipped_lines

DAMASCUS = (36.29, 33.51)  # a governorate of its own, ringed by Rif Dimashq


def _shapefile(path, lines):
    """A minimal polyline .shp: the 100-byte header, then one record per line (one part)."""
    records = b""
    for number, line in enumerate(lines, 1):
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        body = struct.pack("<i4d2i", 3, min(xs), min(ys), max(xs), max(ys), 1, len(line))
        body += struct.pack("<i", 0) + b"".join(struct.pack("<2d", *p) for p in line)
        records += struct.pack(">2i", number, len(body) // 2) + body
    header = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, (100 + len(records)) // 2)
    header += struct.pack("<2i", 1000, 3) + struct.pack("<8d", *[0.0] * 8)
    path.write_bytes(header + records)
    return path


def test_the_reader_returns_every_line_and_the_cut_keeps_the_theatre(tmp_path):
    inside = [(36.0, 35.0), (36.5, 35.2), (37.0, 35.1)]
    crossing = [(33.0, 35.0), (35.0, 35.0)]  # from the sea west of the box into it
    far = [(10.0, 50.0), (11.0, 51.0)]
    shp = _shapefile(tmp_path / "lines.shp", [inside, crossing, far])
    assert list(read_polylines(shp)) == [inside, crossing, far]
    kept = lines_in(shp)
    assert kept[0] == inside and len(kept) == 2
    assert kept[1][0] == (BOX.west, 35.0) and kept[1][-1] == (35.0, 35.0)


def _km(a, b) -> float:
    dx = (a[0] - b[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, a[1] - b[1]) * 111.2


def test_the_shipped_lines_stay_in_the_box_and_ring_damascus():
    lines = shipped_lines()
    points = [p for line in lines for p in line]
    assert len(lines) > 50
    assert all(BOX.west <= x <= BOX.east and BOX.south <= y <= BOX.north for x, y in points)
    near = [p for p in points if _km(p, DAMASCUS) < 15]
    # Damascus governorate is the city: its boundary passes on every side of the centre.
    assert min(x for x, _ in near) < DAMASCUS[0] < max(x for x, _ in near)
    assert min(y for _, y in near) < DAMASCUS[1] < max(y for _, y in near)
