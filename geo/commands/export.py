"""``python -m geo export events``: the layer's events as GeoJSON or ACLED-style CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.build import DEFAULT_LAYER
from geo.errors import LayerError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write the layer's events as their own file",
        description="Write the events of a built layer (one row per event, merged across "
        "reports) as GeoJSON or as CSV in ACLED's columns and order.",
    )
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    events = what.add_parser("events", help="the events: GeoJSON or ACLED-style CSV")
    events.add_argument("--format", choices=("geojson", "csv"), required=True)
    events.add_argument("--layer", type=Path, default=DEFAULT_LAYER,
                        help=f"the layer to read (default: {DEFAULT_LAYER})")
    events.add_argument("--out", type=Path, default=None,
                        help="file to write (default: standard output)")
    events.set_defaults(run=run)


def _events_text(layer: dict, fmt: str, path: Path) -> str:
    from geo.event_export import events_csv, events_geojson_text

    if "events" not in layer:
        raise LayerError(f"{path} has no events: it was built before events were merged. "
                         f"Rebuild it: python -m geo build --out {path}")
    meta = {"generated_at": layer.get("generated_at"), "layer": str(path)}
    if fmt == "csv":
        return events_csv(layer["events"], generated_at=layer.get("generated_at"))
    return events_geojson_text(layer["events"], meta=meta) + "\n"


def run(args: argparse.Namespace) -> int:
    from geo.event_export import write_text_atomically
    from geo.layer import read_layer

    layer = read_layer(args.layer)
    text = _events_text(layer, args.format, args.layer)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text_atomically(text, args.out)
        print(f"{len(layer['events'])} events -> {args.out}", file=sys.stderr)
    return 0
