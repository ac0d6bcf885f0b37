"""What event coding costs a build: the geoparser with and without it.

    python -m bench.event_cost [--rounds 20] [--reports N]

Parses the five seed reports ``rounds`` times in one process, alternating the real coder
with a stub that codes every mention as context, and reports mentions per second for each
(best round of each). Sentence caches are cleared before every round, so each round reads
its sentences afresh, as a build of new reports would.

With ``--reports N`` it parses instead N reports of bench/build_speed.py's generated corpus
(the seeds' sentences with other places, outlets and dates), a few rounds each way: there,
as in a build of that corpus, a sentence met again within a round is read from the cache.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path
from unittest import mock

from geo.records import CONTEXT


def _round(geoparser, reports) -> tuple[float, int]:
    """One pass over the reports, timed with the cyclic collector paused, as a build runs
    (``geo.build._collector_paused``): with it running, the coder's cached readings made
    its full collections longer, a cost the build never pays."""
    from geo.events.coder import clear_caches

    clear_caches()
    gc.collect()
    gc.disable()
    try:
        began, mentions = time.perf_counter(), 0
        for report in reports:
            mentions += len(geoparser.parse(report))
        return time.perf_counter() - began, mentions
    finally:
        gc.enable()


def _reports(count: int) -> list:
    from bench.build_speed import make_corpus
    from bench.event_accuracy import SEEDS
    from geo.reports import read_report

    if not count:
        return [read_report(p) for p in sorted(SEEDS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(Path(tmp), count)
        return [read_report(p) for p in sorted(Path(tmp).glob("*.md"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reports", type=int, default=0, help="generated reports instead")
    args = parser.parse_args(argv)
    from geo.pipeline import open_geoparser

    geoparser = open_geoparser()
    reports = _reports(args.reports)
    _round(geoparser, reports)  # warm the gazetteer and the resolver's priors
    best = {"with": float("inf"), "without": float("inf")}
    mentions = 0
    for _ in range(args.rounds):
        seconds, mentions = _round(geoparser, reports)
        best["with"] = min(best["with"], seconds)
        with mock.patch("geo.pipeline.code_event", lambda *a, **k: CONTEXT):
            best["without"] = min(best["without"], _round(geoparser, reports)[0])
    corpus = f"{len(reports)} reports' {mentions} mentions"
    for name, seconds in best.items():
        print(f"{name} event coding: {mentions / seconds:,.0f} mentions/s ({seconds * 1000:.1f} ms "
              f"for the {corpus})")
    print(f"throughput with event coding: {best['without'] / best['with']:.0%} of without")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
