"""``python -m geo build``: reports in, layer out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geo.build import (
    DEFAULT_CACHE,
    DEFAULT_LAYER,
    DEFAULT_REPORTS,
    build_layer,
    layer_is_stale,
)
from geo.report_jobs import ParseRecipe

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
    parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help="worker processes that geoparse reports (default: every core)")
    parser.add_argument("--dask", metavar="ADDRESS", default=None,
                        help="geoparse on this Dask cluster instead, e.g. tcp://scheduler:8786 "
                        "(needs the [dask] extra; workers must see the reports and gazetteer)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, metavar="DIR",
                        help=f"the per-report cache (default: {DEFAULT_CACHE})")
    parser.add_argument("--no-cache", action="store_true",
                        help="parse every report again, ignoring and not filling the cache")
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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


class _ProgressBar:
    """A tqdm bar on the terminal for builds big enough to wait for."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
                return
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", desc="geoparsing", file=sys.stderr)
        self.bar.update(done - self.bar.n)
        if done == total:
            self.bar.close()


def _env_online() -> bool:
    from geo.geocoders import settings

    return settings.enabled()


def run(args: argparse.Namespace) -> int:
    if args.if_stale and not layer_is_stale(args.out, args.paths):
        print(f"{args.out} is up to date")
        return 0
    online = args.online if args.online is not None else bool(args.geocoder) or _env_online()
    recipe = ParseRecipe(overrides=args.overrides, online=online, geocoder=args.geocoder)
    summary = build_layer(
        args.paths, args.out, skip_bad=args.skip_bad,
        progress=None if args.no_progress else _ProgressBar(), recipe=recipe,
        workers=args.workers, dask=args.dask, cache=None if args.no_cache else args.cache,
    )
    print(summary.line())
    return 0
