"""``python -m geo``: the command line.

Each sub-command lives in ``geo/commands/<name>.py`` with ``add_parser(subparsers)`` and
``run(args) -> int``. Options are validated here, at the edge; errors of this project are
printed as one clear line per problem (no traceback) and give exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from geo import __version__
from geo.errors import ConflictMapError

COMMANDS = ("build", "fetch", "gazetteer", "review", "export")


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


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that a write in progress cleans up after itself."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = make_parser().parse_args(argv)
    previous = _on_sigterm(_terminate)
    try:
        return int(args.run(args))
    except ConflictMapError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # a file of the user's that cannot be read or written
        print(f"error: {err.filename or ''}: {err.strerror or err}".replace(": :", ":"),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous files are left as they were", file=sys.stderr)
        return 130
    except Terminated:
        print("terminated; the previous files are left as they were", file=sys.stderr)
        return 143
    finally:
        _on_sigterm(previous)


def _on_sigterm(handler: Any) -> Any:
    # Only the main thread may set handlers (the dashboard calls main() from others).
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler if handler is not None else signal.SIG_DFL)
