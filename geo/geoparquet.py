"""A GeoParquet copy of the layer's mentions, written next to the GeoJSON file.

At a million mentions the GeoJSON file is about a gigabyte of text that must be parsed
whole, row by row, before a map can be drawn; the same mentions as GeoParquet (columnar,
typed, compressed) are read in a fraction of the time and memory, by the dashboard and by
GIS tools (QGIS, GDAL, GeoPandas, DuckDB). It holds one row per placed mention: every
feature property as a column, ``lon`` and ``lat``, and ``geometry`` as WKB points, with the
GeoParquet 1.1 ``geo`` metadata (CRS: OGC:CRS84, the GeoJSON default). The GeoJSON file
stays the layer of record (it also holds the reports, unresolved mentions and the rest);
the copy's ``conflict-map`` metadata names the GeoJSON's size and ``generated_at``, so a
reader can tell a copy that belongs to another version of the layer.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

from geo.atomic import replacing

GEOPARQUET_VERSION = "1.1.0"
#: The key of this project's own metadata in the Parquet file.
META_KEY = b"conflict-map"
_WKB_POINT = struct.Struct("<BIdd")  # little-endian, type 1 (Point), x, y


def parquet_path(layer_path: Path) -> Path:
    """Where the GeoParquet copy of ``layer_path`` lives: same name, ``.parquet``."""
    return layer_path.with_suffix(".parquet")


def _column(values: list[Any]) -> Any:
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Mixed kinds in one property (rare): kept as the JSON text of each value.
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False)
                         for v in values], pa.string())


def mentions_table(layer: dict[str, Any]) -> Any:
    """The layer's features as an Arrow table, one row per mention."""
    import pyarrow as pa

    features = layer.get("features", [])
    columns = _property_columns([f["properties"] for f in features])
    lons = [float(f["geometry"]["coordinates"][0]) for f in features]
    lats = [float(f["geometry"]["coordinates"][1]) for f in features]
    columns["lon"], columns["lat"] = pa.array(lons, pa.float64()), pa.array(lats, pa.float64())
    columns["geometry"] = pa.array([_WKB_POINT.pack(1, 1, x, y) for x, y in
                                    zip(lons, lats, strict=True)], pa.binary())
    return pa.table(columns)


def _property_columns(props: list[dict[str, Any]]) -> dict[str, Any]:
    """One Arrow column per property, in the order the properties first appear."""
    import pyarrow as pa

    if props:
        try:
            # Arrow reads the dicts itself, in C++: one struct whose fields are the columns,
            # typed as pa.array would type each column alone, about twice as fast as
            # transposing the rows in Python first (a warm 10,000-report build).
            whole = pa.array(props)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass  # a property with mixed kinds: column by column, below
        else:
            return {field.name: column for field, column in zip(whole.type, whole.flatten(),
                                                                strict=True)}
    names: dict[str, None] = {}
    for row in props:
        names.update(dict.fromkeys(row))
    # Row tuples transposed by zip (both in C) are several times faster than one pass over
    # the features per property.
    rows = [tuple(map(row.get, names)) for row in props]
    values = zip(*rows, strict=True) if rows else ([] for _ in names)
    return {name: _column(list(column)) for name, column in zip(names, values, strict=True)}


def _geo_metadata(lons: list[float], lats: list[float]) -> bytes:
    bbox = [min(lons), min(lats), max(lons), max(lats)] if lons else []
    column = {"encoding": "WKB", "geometry_types": ["Point"], **({"bbox": bbox} if bbox else {})}
    return json.dumps({"version": GEOPARQUET_VERSION, "primary_column": "geometry",
                       "columns": {"geometry": column}}).encode()


def write_geoparquet(layer: dict[str, Any], layer_path: Path) -> Path:
    """Write the copy of the layer just written at ``layer_path``, atomically."""
    import pyarrow.parquet as pq

    table = mentions_table(layer)
    lons, lats = table["lon"].to_pylist(), table["lat"].to_pylist()
    ours = {"schema": layer.get("schema"), "schema_version": layer.get("schema_version"),
            "generated_at": layer.get("generated_at"),
            "layer_bytes": layer_path.stat().st_size}
    table = table.replace_schema_metadata({b"geo": _geo_metadata(lons, lats),
                                           META_KEY: json.dumps(ours).encode()})
    target = parquet_path(layer_path)
    with replacing(target) as tmp:  # atomic, permissions kept, cleaned up if interrupted
        pq.write_table(table, tmp, compression="zstd")
    return target


def copy_metadata(layer_path: Path) -> dict[str, Any] | None:
    """The copy's ``conflict-map`` metadata when it belongs to the GeoJSON at
    ``layer_path`` as it is now (same size, not older); None otherwise."""
    import pyarrow.parquet as pq

    target = parquet_path(layer_path)
    try:
        if target.stat().st_mtime_ns < layer_path.stat().st_mtime_ns:
            return None
        meta = pq.read_schema(target).metadata or {}
        ours = json.loads(meta.get(META_KEY, b"{}"))
    except (OSError, ValueError):
        return None
    return ours if ours.get("layer_bytes") == layer_path.stat().st_size else None
