"""``python -m geo gazetteer``: the local gazetteer index."""

from __future__ import annotations

import argparse

from geo.gazetteer import ensure_index, index_path, load_gazetteer


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gazetteer", help="build and inspect the local gazetteer")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    build = actions.add_parser("build", help="(re)build the bundled part of the index if stale")
    build.set_defaults(run=run_build)
    info = actions.add_parser("info", help="where the index is and what it holds")
    info.set_defaults(run=run_info)


def run_build(args: argparse.Namespace) -> int:
    path = ensure_index()
    print(f"gazetteer index ready: {path}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    gazetteer = load_gazetteer()
    print(f"index: {index_path()}")
    for dataset, count in sorted(gazetteer.counts().items()):
        print(f"  {dataset}: {count} places")
    return 0
