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
from pathlib import Path

from geo.errors import BuildError, ReportError
from geo.layer import assemble_layer, write_layer
from geo.pipeline import Fallback, Geoparser, open_geoparser
from geo.records import Report, ResolvedMention
from geo.reports import find_report_files, read_reports

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = REPO_ROOT / "data" / "reports"
DEFAULT_LAYER = REPO_ROOT / "data" / "layer.geojson"


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

    def line(self) -> str:
        text = (
            f"{self.reports} reports, {self.mentions} mentions placed at {self.places} places, "
            f"{self.unresolved} unresolved, in {self.seconds:.2f} s -> {self.out}"
        )
        if self.skipped:
            text += f"\nskipped {len(self.skipped)} bad report(s):\n" + "\n".join(
                f"  {err}" for err in self.skipped
            )
        return "\n".join((text, *self.notes))


Progress = Callable[[Sequence[Path]], Sequence[Path]]


def _no_progress(paths: Sequence[Path]) -> Sequence[Path]:
    return paths


def parse_reports(
    paths: Sequence[Path], geoparser: Geoparser, *, skip_bad: bool, progress: Progress
) -> tuple[list[Report], list[ResolvedMention], list[ReportError]]:
    """Read and geoparse every report; bad ones are collected (and fatal unless skipped)."""
    errors: list[ReportError] = []
    reports: list[Report] = []
    resolved: list[ResolvedMention] = []
    for report in read_reports(progress(paths), errors=errors):
        reports.append(report)
        resolved.extend(geoparser.parse(report))
    if errors and not skip_bad:
        raise BuildError(list(errors))
    return reports, resolved, errors


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
) -> BuildSummary:
    """Geoparse the reports under ``inputs`` and write the layer to ``out`` atomically."""
    started = time.perf_counter()
    paths = find_report_files(inputs)
    geoparser = geoparser or make_geoparser()
    with _collector_paused():
        reports, resolved, errors = parse_reports(
            paths, geoparser, skip_bad=skip_bad, progress=progress or _no_progress
        )
        skipped = [{"path": str(e.path), "error": str(e)} for e in errors]
        layer = assemble_layer(reports, resolved, skipped=skipped)
    write_layer(layer, out)
    features = layer["features"]
    return BuildSummary(
        out=out,
        reports=len(reports),
        mentions=len(features),
        places=len({f["properties"]["place_id"] for f in features}),
        unresolved=len(layer["unresolved"]),
        seconds=time.perf_counter() - started,
        skipped=tuple(errors),
        notes=_notes(geoparser),
    )


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


def _notes(geoparser: Geoparser) -> tuple[str, ...]:
    # The online fallback and the pins say what they did; a plain callable says nothing.
    hooks = (geoparser.fallback, geoparser.pins)
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
