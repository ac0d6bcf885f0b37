"""``python -m geo``: the command line.

Each sub-command lives in ``geo/commands/<name>.py`` with ``add_parser(subparsers)`` and
``run(args) -> int``. Options are validated here, at the edge; errors of this project are
printed as one clear line per problem (no traceback) and give exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from geo import __version__
from geo.errors import ConflictMapError

COMMANDS = ("build", "fetch", "gazetteer", "review")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Geoparse war reports into a GeoJSON layer for the conflict map.",
    )
    parser.add_argument("--version", action="version", version=f"conflict-map {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"geo.commands.{name}")
        except ModuleNotFoundError:
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = make_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ConflictMapError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
