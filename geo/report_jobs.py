"""The per-report job of a build, and the engines that run it: this process, worker
processes, or a Dask cluster.

``parse_one(path, recipe)`` reads one report and geoparses it into its share of the layer
(``geo.layer.report_piece``, with the copy detector's print of each of its text units) as
JSON bytes: bytes travel back from a worker without being encoded again. It depends on
that report alone, never on the others, so it can run anywhere, in any order, and its
result can be cached. Everything that
looks across reports (quotes carried by several, syndication, events) runs once afterwards,
in ``geo.build``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from geo.errors import MissingExtraError, ReportError
from geo.pipeline import Geoparser

if TYPE_CHECKING:
    from geo.syndication import TextUnit

#: Below this many reports to parse, a pool's start-up (each worker opens the gazetteer)
#: costs more than it saves.
POOL_THRESHOLD = 64
#: Reports sent to a worker at a time: fewer round trips, still an even share at the end.
CHUNK = 8


@dataclass(frozen=True)
class ParseRecipe:
    """How to make the geoparser, in a form that travels to another process or machine."""

    gazetteer: Path | None = None
    overrides: Path | None = None
    online: bool = False
    geocoder: str | None = None

    @classmethod
    def from_environment(cls) -> ParseRecipe:
        """The defaults, with online lookup when ``CONFLICT_MAP_GEOCODER`` asks for it."""
        from geo.geocoders import settings

        return cls(online=settings.enabled())

    def make(self) -> Geoparser:
        from geo.build import make_geoparser

        return make_geoparser(online=self.online, geocoder=self.geocoder,
                              overrides=self.overrides, gazetteer=self.gazetteer)


# One geoparser per recipe, pins and process: opening the gazetteer is the costly part of
# a job (and is shared by all of them, see geo.gazetteer.load_gazetteer).
_GEOPARSERS: dict[tuple[int, ParseRecipe, str], Geoparser] = {}


def geoparser_for(recipe: ParseRecipe) -> Geoparser:
    """This process's geoparser for ``recipe`` and the pins as they are now (a forked
    worker opens its own)."""
    from geo.overrides import overrides_path
    from geo.report_cache import file_digest

    key = (os.getpid(), recipe, file_digest(overrides_path(recipe.overrides)))
    if key not in _GEOPARSERS:
        _GEOPARSERS[key] = recipe.make()
    return _GEOPARSERS[key]


def parse_one(path: Path, recipe: ParseRecipe) -> bytes:
    """One report's piece of the layer as JSON, or ``{"error": ...}`` for a bad file."""
    return parse_with(path, geoparser_for(recipe))


def parse_with(path: Path, geoparser: Geoparser) -> bytes:
    from geo.layer import report_piece
    from geo.reports import read_report
    from geo.syndication import report_units

    try:
        report = read_report(path)
    except ReportError as err:
        problem = {"path": str(err.path), "problem": err.problem, "line": err.line}
        return json.dumps({"error": problem}).encode()
    piece = report_piece(report, geoparser.parse(report))
    # The copy detector's share of the work is per unit too: done here, in parallel and
    # cached, so the cross-report step never reads the report's text again.
    piece["units"] = [unit_row(unit) for unit in report_units(report)]
    return orjson.dumps(piece)  # compact UTF-8, like the layer file


def unit_row(unit: TextUnit) -> dict:
    """A text unit without its text: where it is, whose it is, and its print."""
    return {"start": unit.start, "end": unit.end, "outlet": unit.outlet,
            "published": unit.published.isoformat() if unit.published else None,
            "excerpt": unit.excerpt, "print": unit.fingerprint.to_json()}


def error_of(piece: dict) -> ReportError | None:
    """The ReportError a job answered with, if it did."""
    problem = piece.get("error")
    if problem is None:
        return None
    return ReportError(problem["path"], problem["problem"], line=problem["line"])


Job = Callable[[Path], bytes]
Engine = Callable[[Sequence[Path]], Iterator[bytes]]


def in_process(job: Job) -> Engine:
    """Run the jobs here, one after the other."""
    return lambda paths: map(job, paths)


def worker_processes(recipe: ParseRecipe, workers: int) -> Engine:
    """Run the jobs in ``workers`` processes of this machine, results in input order."""

    def run(paths: Sequence[Path]) -> Iterator[bytes]:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_start_method(),
                                 initializer=_fresh_worker) as pool:
            yield from pool.map(parse_one, paths, [recipe] * len(paths), chunksize=CHUNK)

    return run


def _fresh_worker() -> None:
    """In a forked worker: open the gazetteer anew (an SQLite connection must not cross a
    fork), keeping the name matcher the parent had built (it is plain memory)."""
    from geo.gazetteer import load_gazetteer

    load_gazetteer.cache_clear()
    _GEOPARSERS.clear()


def _start_method() -> multiprocessing.context.BaseContext:
    # Forking is nearly free and shares the loaded names, but forking a process that runs
    # other threads (the dashboard's server) can copy a held lock: spawn fresh ones there.
    alone = threading.active_count() == 1
    return multiprocessing.get_context("fork" if alone else "spawn")


def dask_cluster(recipe: ParseRecipe, address: str) -> Engine:
    """Run the jobs on the Dask cluster whose scheduler is at ``address``.

    Every worker needs this project installed, its gazetteer built and the report paths
    readable (a shared folder), as usual for Dask.
    """
    try:
        from distributed import Client
    except ImportError as err:
        raise MissingExtraError(
            "--dask needs Dask distributed: pip install 'conflict-map[dask]'"
        ) from err

    def run(paths: Sequence[Path]) -> Iterator[bytes]:
        with Client(address, timeout="20s") as client:
            futures = client.map(parse_one, list(paths), recipe=recipe, pure=False)
            yield from client.gather(futures)

    return run


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
