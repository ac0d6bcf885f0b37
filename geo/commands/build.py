"""``python -m geo build``: reports in, layer out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.build import (
    DEFAULT_LAYER,
    DEFAULT_REPORTS,
    build_layer,
    layer_is_stale,
    make_geoparser,
)

# Below this many reports a progress bar is only noise.
PROGRESS_THRESHOLD = 50


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build", help="geoparse reports into the GeoJSON layer",
        description="Geoparse report files (.md/.txt with front matter, or .html) into one "
        "GeoJSON layer. The layer is written atomically: a failed build leaves the old one.",
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_REPORTS],
                        help=f"report files or folders (default: {DEFAULT_REPORTS})")
    parser.add_argument("--out", type=Path, default=DEFAULT_LAYER,
                        help=f"layer file to write (default: {DEFAULT_LAYER})")
    parser.add_argument("--skip-bad", action="store_true",
                        help="build from the readable reports and list the others")
    parser.add_argument("--if-stale", action="store_true",
                        help="do nothing when the layer is newer than every report")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument(
        "--online", action=argparse.BooleanOptionalAction, default=None,
        help="ask an online geocoder for names the gazetteer cannot place (default: only "
        "when CONFLICT_MAP_GEOCODER is set); answers are cached in data/cache/",
    )
    parser.add_argument("--geocoder", choices=_providers(), default=None,
                        help="which online geocoder to ask (implies --online; default: "
                        "$CONFLICT_MAP_GEOCODER, else nominatim)")
    parser.add_argument("--overrides", type=Path, default=None,
                        help="the analyst's pins (default: $CONFLICT_MAP_OVERRIDES, else "
                        "data/overrides.json)")
    parser.set_defaults(run=run)


def _providers() -> list[str]:
    from geo.geocoders.providers import PROVIDERS

    return sorted(PROVIDERS)


def _progress_bar(paths: Sequence[Path]) -> Sequence[Path]:
    if len(paths) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return paths
    from tqdm import tqdm

    return tqdm(paths, unit="report", desc="geoparsing", file=sys.stderr)  # type: ignore[return-value]


def run(args: argparse.Namespace) -> int:
    if args.if_stale and not layer_is_stale(args.out, args.paths):
        print(f"{args.out} is up to date")
        return 0
    geoparser = make_geoparser(online=args.online, geocoder=args.geocoder,
                               overrides=args.overrides)
    summary = build_layer(
        args.paths, args.out, skip_bad=args.skip_bad,
        progress=None if args.no_progress else _progress_bar, geoparser=geoparser,
    )
    print(summary.line())
    return 0
