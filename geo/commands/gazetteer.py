"""``python -m geo gazetteer``: the local gazetteer index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.gazetteer import ensure_index, index_path, load_gazetteer


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gazetteer", help="build and inspect the local gazetteer")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = actions.add_parser("build", help="(re)build the bundled part of the index if stale")
    build.set_defaults(run=run_build)
    info = actions.add_parser("info", help="where the index is and what it holds")
    info.set_defaults(run=run_info)
    listing = actions.add_parser("list", help="the datasets of the index, with their sources")
    listing.set_defaults(run=run_list)
    importing = actions.add_parser(
        "import", help="import a GeoNames dump (SY.zip, SY.txt, allCountries.zip)",
        description="Import a GeoNames dump into the local index as dataset import:<file name>. "
        "Importing the same file again replaces what it added.",
    )
    importing.add_argument("file", type=Path, help="the dump, .zip or .txt")
    importing.add_argument(
        "--countries", type=_countries, default=None,
        help="comma-separated ISO codes to keep, or 'all' (default: every country of a "
        "country dump; the theatre's countries of allCountries)",
    )
    importing.set_defaults(run=run_import)


def _countries(value: str) -> frozenset[str] | str:
    if value.strip().lower() == "all":
        return "all"
    codes = frozenset(c.strip().upper() for c in value.split(",") if c.strip())
    if not codes or any(len(c) != 2 or not c.isalpha() for c in codes):
        raise argparse.ArgumentTypeError(f"{value!r}: give ISO codes like SY,LB or 'all'")
    return codes


def run_build(args: argparse.Namespace) -> int:
    path = ensure_index()
    print(f"gazetteer index ready: {path}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    gazetteer = load_gazetteer()
    print(f"index: {index_path()} (names version {gazetteer.names_version()})")
    return _print_datasets()


def run_list(args: argparse.Namespace) -> int:
    print(f"index: {index_path()}")
    return _print_datasets()


def _print_datasets() -> int:
    from geo.gazetteer.importer import datasets

    for info in datasets():
        when = f", imported {info.imported_at}" if info.imported_at else ""
        print(f"  {info.dataset}: {info.places} places from {info.source}{when}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from geo.gazetteer.importer import default_countries, import_dump

    countries = args.countries
    if countries is None:
        countries = default_countries(args.file)
    result = import_dump(args.file, countries=None if countries == "all" else countries,
                         progress=sys.stderr.isatty())
    print(result.line())
    print(f"index: {index_path()}; the next build uses these places")
    return 0
