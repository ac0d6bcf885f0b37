"""Building the layer file from a folder of reports.

A build either writes a complete new layer or leaves the old one untouched: reports are all
read and parsed first, and the file is replaced atomically at the end. With ``skip_bad``,
unreadable reports are left out and listed in the layer's ``skipped`` member instead of
stopping the build.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import orjson

from geo.errors import BuildError, DuplicateReportError, ReportError
from geo.geoparquet import write_geoparquet
from geo.layer import join_pieces, write_layer
from geo.pipeline import Fallback, Geoparser, open_geoparser
from geo.report_cache import ReportCache, cache_context
from geo.report_jobs import (
    POOL_THRESHOLD,
    Engine,
    ParseRecipe,
    dask_cluster,
    default_workers,
    error_of,
    geoparser_for,
    in_process,
    parse_one,
    parse_with,
    worker_processes,
)
from geo.reports import find_report_files, scan_report_files

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = REPO_ROOT / "data" / "reports"
DEFAULT_LAYER = REPO_ROOT / "data" / "layer.geojson"
DEFAULT_CACHE = REPO_ROOT / "data" / "cache" / "reports"


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for the closing line of the command and for the app."""

    out: Path
    reports: int
    mentions: int
    places: int
    unresolved: int
    seconds: float
    skipped: tuple[ReportError, ...] = field(default=())
    #: Lines from the online lookup and the pins: what they did, what failed.
    notes: tuple[str, ...] = field(default=())
    #: Reports taken unchanged from the per-report cache, not parsed again.
    cached: int = 0
    #: Where the others were parsed: "this process", "2 worker processes", "Dask at ...".
    engine: str = "this process"
    #: Entries named like reports that cannot be read (dangling or looping links, folders,
    #: pipes, no permission): left out, the build goes on (geo.reports.scan_report_files).
    unreadable: tuple[ReportError, ...] = field(default=())
    #: One line per report dated after the build day (geo.future_dates).
    warnings: tuple[str, ...] = field(default=())

    def line(self) -> str:
        parsed = self.reports + len(self.skipped) - self.cached
        text = (
            f"{self.reports} reports, {self.mentions} mentions placed at {self.places} places, "
            f"{self.unresolved} unresolved, in {self.seconds:.2f} s -> {self.out}\n"
            f"{parsed} parsed in {self.engine}, {self.cached} unchanged from the cache"
        )
        if self.skipped:
            text += f"\nskipped {len(self.skipped)} bad report(s):\n" + "\n".join(
                f"  {err}" for err in self.skipped
            )
        if self.unreadable:
            text += f"\nleft out {len(self.unreadable)} unreadable entry(ies):\n" + "\n".join(
                f"  {err}" for err in self.unreadable
            )
        return "\n".join((text, *self.notes, *(f"warning: {w}" for w in self.warnings)))


#: Told (reports done, reports in all) as the build goes.
Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


@dataclass
class _Plan:
    """Which reports to parse and how: the cache to consult and the engine to run."""

    cache: ReportCache | None
    engine: Engine
    where: str
    notes: Callable[[], tuple[str, ...]]
    #: The pins' file, when the jobs may run elsewhere: their line is counted from the layer.
    pins: Path | None = None


def collect_pieces(
    paths: Sequence[Path], plan: _Plan, progress: Progress
) -> tuple[list[dict[str, Any]], list[ReportError]]:
    """Every report's piece of the layer, in path order, from the cache or freshly parsed;
    bad reports (unreadable, or a second file with the same id) are collected apart."""
    pieces: list[dict[str, Any] | None] = [None] * len(paths)
    keys: list[str | None] = [None] * len(paths)
    for index, path in enumerate(paths):
        if plan.cache is not None:
            keys[index] = plan.cache.key(path)
            text = plan.cache.get(keys[index])
            if text is not None:
                pieces[index] = orjson.loads(text)
    missing = [i for i, piece in enumerate(pieces) if piece is None]
    done = len(paths) - len(missing)
    progress(done, len(paths))
    for index, text in zip(missing, plan.engine([paths[i] for i in missing]), strict=True):
        # Each piece is stored and read as it arrives, while the workers parse the next
        # reports: done after the last one, on one core, it lengthened every cold build.
        key = keys[index]
        if plan.cache is not None and key and text and not text.startswith(b'{"error"'):
            plan.cache.put(key, text)  # a bad file is not stored: it is read again
        pieces[index] = orjson.loads(text or b"{}")
        done += 1
        progress(done, len(paths))
    return _checked(paths, pieces)


def _checked(
    paths: Sequence[Path], parsed: Sequence[dict[str, Any] | None]
) -> tuple[list[dict[str, Any]], list[ReportError]]:
    """The good pieces, and the errors of the bad (one per file, in path order)."""
    pieces: list[dict[str, Any]] = []
    errors: list[ReportError] = []
    seen: dict[str, Path] = {}
    for path, piece in zip(paths, parsed, strict=True):
        error = error_of(piece or {})
        report_id = None if error else piece["report"]["report"]
        if report_id in seen:
            error = DuplicateReportError(
                path, f"has the same report id {report_id!r} as {seen[report_id]}"
                "; rename one of them")
        if error is not None:
            errors.append(error)
            continue
        seen[report_id] = path
        pieces.append(piece)
    return pieces, errors


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the layer is built.

    A build only accumulates: mentions, features, quotes, all freed by reference counting
    and none in cycles. With the collector on, the growing heap triggers full collections
    that walk it again and again, about 15 % of a 1,000-report build (bench/build_speed.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_layer(
    inputs: Sequence[Path] = (DEFAULT_REPORTS,),
    out: Path = DEFAULT_LAYER,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    geoparser: Geoparser | None = None,
    recipe: ParseRecipe | None = None,
    workers: int | None = None,
    dask: str | None = None,
    cache: Path | None = DEFAULT_CACHE,
    link: bool = True,
) -> BuildSummary:
    """Geoparse the reports under ``inputs`` and write the layer to ``out`` atomically.

    Reports are parsed by ``workers`` processes (default: every core), or on the Dask
    cluster at ``dask``; a report unchanged since an earlier build is taken from ``cache``
    (None: no cache). A ``geoparser`` given ready-made is used here, without a cache.
    Without a ``recipe``, the environment decides on online lookup, as for the command.
    ``link=False`` leaves out the cross-report step: only its benchmark wants that.
    """
    started = time.perf_counter()
    files = scan_report_files(inputs)
    paths = files.paths
    plan = _plan(geoparser, recipe or ParseRecipe.from_environment(), workers, dask, cache)
    with _collector_paused():
        pieces, errors = collect_pieces(paths, plan, progress or _no_progress)
        if errors and not skip_bad:
            raise BuildError(list(errors))
        skipped = [{"path": str(e.path), "error": str(e)} for e in errors]
        layer = join_pieces(pieces, skipped=skipped)
        if link:
            link_reports(layer, [(p["report"]["report"], p["units"]) for p in pieces])
        # Still paused: writing makes millions of small objects (the GeoParquet columns),
        # and the first collection would walk the whole layer, created while paused.
        write_layer(layer, out)
        write_geoparquet(layer, out)  # the copy GIS tools and the dashboard read fast
        features = layer["features"]
        summary = BuildSummary(
            out=out,
            reports=len(pieces),
            mentions=len(features),
            places=len({f["properties"]["place_id"] for f in features}),
            unresolved=len(layer["unresolved"]),
            seconds=time.perf_counter() - started,
            skipped=tuple(errors),
            notes=(*plan.notes(), *_pin_notes(plan, layer)),
            cached=plan.cache.hits if plan.cache else 0,
            engine=plan.where,
            unreadable=tuple(files.unreadable),
            warnings=tuple(_future_dates(layer)),
        )
        del layer, features, pieces  # freed by reference counting, before the collector runs
    return summary


def _future_dates(layer: dict[str, Any]) -> list[str]:
    """The reports dated after the build day, one line each; checked on every build, not
    cached with the reports, since the day moves on."""
    from geo.future_dates import build_day_of, future_dates

    mentions = chain((f["properties"] for f in layer["features"]), layer["unresolved"])
    return future_dates(layer["reports"], mentions, build_day_of(layer))


def link_reports(layer: dict[str, Any],
                 units: Sequence[tuple[str, Sequence[dict[str, Any]]]]) -> None:
    """The cross-report step: what needs every report's piece at once runs here, once,
    after they are all collected (never inside the per-report job): syndicated copies,
    events, control (geo.crossreport). ``units``: each report's text units with their
    prints, as the per-report job gave them."""
    from geo.crossreport import link_across_reports, units_from_rows

    link_across_reports(layer, units=units_from_rows(units))


def _plan(geoparser: Geoparser | None, recipe: ParseRecipe,
          workers: int | None, dask: str | None, cache: Path | None) -> _Plan:
    if geoparser is not None:  # made by the caller: only this process has it
        return _Plan(None, in_process(lambda p: parse_with(p, geoparser)), "this process",
                     lambda: _notes(geoparser.fallback, geoparser.pins))
    here = geoparser_for(recipe)
    store = ReportCache(cache, _cache_context(here, recipe)) if cache else None
    workers = workers or default_workers()
    if dask:
        engine, where = dask_cluster(recipe, dask), f"the Dask cluster at {dask}"
    else:
        engine, where = in_process(lambda p: parse_one(p, recipe)), "this process"
    from geo.overrides import overrides_path

    plan = _Plan(store, engine, where, lambda: _notes(here.fallback),
                 pins=overrides_path(recipe.overrides))
    # The online lookup stays in one process: one rate limit, one cache of answers.
    if not dask and workers > 1 and not recipe.online:
        plan.engine = _small_here(plan, engine, worker_processes(recipe, workers))
        plan.where = f"{workers} worker processes"
    return plan


def _small_here(plan: _Plan, here: Engine, pool: Engine) -> Engine:
    """The pool for many reports; this process for a few (a pool's start-up would cost
    more than it saves: an incremental build often has one report to parse)."""
    def run(paths: Sequence[Path]) -> Iterator[str]:
        if len(paths) >= POOL_THRESHOLD:
            return pool(paths)
        plan.where = "this process"
        return here(paths)

    return run


def _cache_context(geoparser: Geoparser, recipe: ParseRecipe) -> str:
    from geo.overrides import overrides_path

    geocoder = "offline"
    if recipe.online:
        geocoder = getattr(geoparser.fallback, "provider", recipe.geocoder or "online")
    return cache_context(geoparser.gazetteer.fingerprint(), overrides_path(recipe.overrides),
                         str(geocoder))


def _pin_notes(plan: _Plan, layer: dict[str, Any]) -> tuple[str, ...]:
    """The pins' line, counted from the layer: the jobs may have run in other processes,
    or not at all (the cache)."""
    if plan.pins is None:
        return ()
    from geo.overrides import read_pins

    pins = read_pins(plan.pins)
    if not pins:
        return ()
    applied = len(layer["dismissed"]) + sum(
        f["properties"]["resolution"] == "pin" for f in layer["features"])
    return (f"pins: {len(pins)} in the overrides, applied to {applied} mention(s)",)


def make_geoparser(
    *,
    online: bool | None = None,
    geocoder: str | None = None,
    overrides: Path | None = None,
    gazetteer: Path | None = None,
) -> Geoparser:
    """A geoparser with the analyst's pins and, if asked for, online lookup.

    ``online=None`` lets the environment decide (``CONFLICT_MAP_GEOCODER``); naming a
    ``geocoder`` asks for it. Pins come from ``overrides`` (see ``geo.overrides``).
    """
    from geo.geocoders import settings
    from geo.overrides import load_pins

    plain = open_geoparser(gazetteer)
    wanted = online if online is not None else bool(geocoder) or settings.enabled()
    fallback = _online_fallback(plain, geocoder) if wanted else None
    return Geoparser(plain.gazetteer, plain.theatre, fallback=fallback,
                     pins=load_pins(overrides))


def _online_fallback(plain: Geoparser, provider: str | None) -> Fallback:
    from geo.geocoders.fallback import open_fallback
    from geo.geocoders.settings import read_settings

    # The pipeline hands the fallback the gazetteer's candidates and the report's places.
    return open_fallback(read_settings(provider=provider))


def _notes(*hooks: object) -> tuple[str, ...]:
    # The online fallback and the pins say what they did; a plain callable says nothing.
    lines = (getattr(hook, "summary_line", lambda: "")() for hook in hooks)
    return tuple(line for line in lines if line)


def layer_is_stale(layer: Path, inputs: Sequence[Path] = (DEFAULT_REPORTS,)) -> bool:
    """True when the layer is missing or older than a report or the gazetteer data."""
    if not layer.exists():
        return True
    built = layer.stat().st_mtime
    sources = list(find_report_files(inputs))
    from geo.gazetteer import CURATED_CSV

    sources.append(CURATED_CSV)
    # A deleted report changes its folder's time (the layer's own folder changes with it).
    sources.extend({p.parent for p in sources[:-1]} - {layer.parent})
    from geo.overrides import overrides_path

    sources.append(overrides_path())  # a new pin changes the layer
    return any(p.exists() and p.stat().st_mtime > built for p in sources)
