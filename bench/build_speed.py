"""How fast the layer builds: cold on one core and on all, and again after one new report.

    python -m bench.build_speed [--reports 10000] [--workers N] [--keep DIR] [--one-report 500]

The corpus is made from the seed reports' sentences with their place names swapped for
other places of the theatre, under other outlets and dates (deterministic: seed 7), so it
reads like the war's reporting without repeating the seeds. Every figure is the wall time
of a whole ``python -m geo build`` command, interpreter start-up and gazetteer included
(the gazetteer index itself is built once by ``make``):

- cold, 1 worker: ``--workers 1 --no-cache``; also gives reports/s and MB/s on one core;
- cold, all cores: ``--workers N`` into an empty cache (which it fills); its layer must be
  byte-identical to the one-worker layer (``SOURCE_DATE_EPOCH`` fixes ``generated_at``);
- one report added: a new report is written beside the others and the build run again on
  the warm cache (three times, one new report each);
- cold seeds: the five seeds, no cache (best of 3).

With ``--event-coding R`` it measures only what event coding costs a whole build: R cold
one-worker builds with it and R with the coder replaced by one that codes every mention as
context (as ``bench.event_cost`` does for the parse alone), alternating, best of each.
The generated corpus repeats the seeds' sentences (at most 1,427 distinct texts: 151
sentences, 44 of them with "Aleppo" swapped for one of 30 places), which the coder reads
once and then takes from its cache: with ``--fresh-sentences`` it forgets them before every
report, as if no two reports shared a sentence (within a report, a sentence naming several
places is still read once).

- one report of 10,000 names: the bodies of ``--one-report`` generated reports (about
  10,000 names) put into a single report, built on one worker, against the same reports
  apart: one report with thousands of names must cost about what the same names cost
  spread over many reports (no step quadratic in a report's mentions).

Peak memory is the largest resident set of the build process (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "reports"
OUTLETS = ["Enab Baladi", "Syria Direct", "North Press", "SANA", "Reuters", "AFP", "Al-Monitor",
           "The National", "Asharq Al-Awsat", "Hawar News", "Levant 24", "Daily Sabah"]
PLACES = ["Hama", "Homs", "Saraqib", "Maarat al-Numan", "Khan Shaykhun", "Tal Rifaat", "Manbij",
          "al-Bab", "Deir ez-Zor", "Raqqa", "Latakia", "Jableh", "Daraa", "Palmyra", "Qamishli",
          "Salamiyah", "Morek", "Suran", "Rastan", "Talbiseh", "Atarib", "Darat Izza", "Anadan",
          "Khan al-Asal", "Nubl", "Zahraa", "Kuweires", "Sarmin", "Ariha", "Jisr al-Shughur"]


def _seed_sentences() -> list[str]:
    from geo.reports import read_report
    from geo.text import split_sentences

    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        sentences += [s.text for s in split_sentences(read_report(path).body) if len(s.text) > 40]
    return sentences


def make_corpus(folder: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` reports into ``folder``; returns the bytes written."""
    rng = random.Random(seed)
    sentences = _seed_sentences()
    written = 0
    for number in range(count):
        chosen = rng.sample(sentences, rng.randint(10, 24))
        body = "\n".join(s.replace("Aleppo", rng.choice(PLACES)) for s in chosen) + "\n"
        day = 27 + rng.randint(0, 18)
        published = f"2024-{11 + day // 31:02d}-{(day - 1) % 30 + 1:02d}"
        text = (f"---\noutlet: {rng.choice(OUTLETS)}\npublished: {published}\n"
                f"title: Generated report {number}\n---\n{body}")
        (folder / f"gen_{number:05d}.md").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return written


_TIMED = """
import os, resource, runpy, sys, time
sys.argv = ["geo", *sys.argv[1:]]
if os.environ.get("BENCH_NO_EVENT_CODING"):  # the build without event coding
    import geo.pipeline
    from geo.records import CONTEXT
    geo.pipeline.code_event = lambda *a, **k: CONTEXT
if os.environ.get("BENCH_FRESH_SENTENCES"):  # no sentence shared between reports
    import geo.pipeline
    from geo.events.coder import clear_caches
    parse = geo.pipeline.Geoparser.parse
    def _fresh(self, report):
        clear_caches()
        return parse(self, report)
    geo.pipeline.Geoparser.parse = _fresh
try:
    runpy.run_module("geo", run_name="__main__")
except SystemExit as stop:
    code = stop.code
else:
    code = 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"PEAK_MB {peak:.0f}", file=sys.stderr)
sys.exit(code)
"""


def timed_build(*args: str, event_coding: bool = True,
                fresh_sentences: bool = False) -> dict[str, float]:
    """Wall time, start-up included, and peak memory of one ``python -m geo build``;
    ``fresh_sentences``: the event coder forgets its sentences before each report."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1733000000"}
    if fresh_sentences:
        env["BENCH_FRESH_SENTENCES"] = "1"
    if not event_coding:
        env["BENCH_NO_EVENT_CODING"] = "1"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _TIMED, "build", *args, "--no-progress"],
                            capture_output=True, text=True, cwd=REPO, env=env)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"build failed: {result.stderr}")
    peak = float(result.stderr.rsplit("PEAK_MB", 1)[1].split()[0])
    return {"seconds": seconds, "peak_mb": peak, "line": result.stdout.strip()}


def add_one_report(folder: Path, number: int) -> None:
    """A new report like the others, written beside them."""
    spare = folder.parent / f"spare_{number}"
    spare.mkdir()
    make_corpus(spare, 1, seed=number)
    (spare / "gen_00000.md").rename(folder / f"new_{number:05d}.md")
    spare.rmdir()


def make_one_report(spread: Path, single: Path, count: int) -> None:
    """``count`` generated reports in ``spread``, and their bodies as one report in
    ``single``: the same names, in one report or in many."""
    spread.mkdir(parents=True)
    single.mkdir(parents=True)
    make_corpus(spread, count)
    bodies = [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in sorted(spread.iterdir())]
    (single / "one.md").write_text("---\noutlet: Test Wire\npublished: 2024-12-01\n---\n"
                                   + "".join(bodies), encoding="utf-8")


def measure_one_report(work: Path, count: int) -> tuple[dict, dict]:
    """One-worker builds of ``count`` reports, and of their bodies as one report."""
    make_one_report(work / "spread", work / "single", count)
    spread = timed_build(str(work / "spread"), "--out", str(work / "spread.geojson"),
                         "--workers", "1", "--no-cache")
    single = timed_build(str(work / "single"), "--out", str(work / "single.geojson"),
                         "--workers", "1", "--no-cache")
    return spread, single


def compare_event_coding(corpus: Path, work: Path, reports: int, rounds: int,
                         fresh: bool = False) -> None:
    """Cold one-worker builds with and without event coding, alternating; best of each."""
    best = {True: float("inf"), False: float("inf")}
    for _ in range(rounds):
        for coding in (True, False):
            run = timed_build(str(corpus), "--out", str(work / f"coding-{coding}.geojson"),
                              "--workers", "1", "--no-cache", event_coding=coding,
                              fresh_sentences=fresh)
            best[coding] = min(best[coding], run["seconds"])
            print(f"  {'with' if coding else 'without'} event coding: {run['seconds']:.1f} s",
                  flush=True)
    for coding in (True, False):
        print(f"{'with' if coding else 'without'} event coding: best {best[coding]:.1f} s "
              f"({reports / best[coding]:.0f} reports/s)")
    print(f"throughput with event coding: {best[False] / best[True]:.0%} of without")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--one-report", type=int, default=500, metavar="N",
                        help="also build N reports' bodies as one report (0: skip)")
    parser.add_argument("--event-coding", type=int, default=0, metavar="R",
                        help="only compare R builds with and without event coding")
    parser.add_argument("--fresh-sentences", action="store_true",
                        help="with --event-coding: the coder reads each report's sentences "
                             "afresh (the generated corpus repeats the seeds' sentences)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="conflict-map-bench-"))
    corpus = args.keep or work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    size = make_corpus(corpus, args.reports)
    print(f"corpus: {args.reports} reports, {size / 1e6:.1f} MB; {args.workers} cores; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    if args.event_coding:
        compare_event_coding(corpus, work, args.reports, args.event_coding,
                             args.fresh_sentences)
        shutil.rmtree(work, ignore_errors=True)
        return
    one = timed_build(str(corpus), "--out", str(work / "one.geojson"), "--workers", "1",
                      "--no-cache")
    print(f"cold, 1 worker: {one['seconds']:.1f} s ({args.reports / one['seconds']:.0f} "
          f"reports/s, {size / 1e6 / one['seconds']:.2f} MB/s), peak {one['peak_mb']:.0f} MB",
          flush=True)
    cache = work / "cache"
    many = timed_build(str(corpus), "--out", str(work / "many.geojson"), "--workers",
                       str(args.workers), "--cache", str(cache))
    same = (work / "one.geojson").read_bytes() == (work / "many.geojson").read_bytes()
    print(f"cold, {args.workers} workers: {many['seconds']:.1f} s, "
          f"{one['seconds'] / many['seconds']:.2f}x; peak {many['peak_mb']:.0f} MB "
          f"(main process); layer byte-identical to 1 worker's: {same}", flush=True)
    for number in range(1, 4):
        add_one_report(corpus, number)
        warm = timed_build(str(corpus), "--out", str(work / "many.geojson"), "--workers",
                           str(args.workers), "--cache", str(cache))
        print(f"+1 report, rebuild: {warm['seconds']:.2f} s, peak {warm['peak_mb']:.0f} MB "
              f"({warm['line'].splitlines()[1]})", flush=True)
    layer_mb = (work / "many.geojson").stat().st_size / 1e6
    print(f"layer: {layer_mb:.0f} MB, {one['line'].split(',')[1].strip()}")
    seeds = min(timed_build(str(SEEDS), "--out", str(work / "seeds.geojson"), "--no-cache")
                ["seconds"] for _ in range(3))
    print(f"cold build of the five seeds (start-up included): {seeds:.2f} s")
    if args.one_report:
        spread, single = measure_one_report(work / "one-report", args.one_report)
        names = single["line"].split(",")[1].strip()
        print(f"{names}: {args.one_report} reports {spread['seconds']:.2f} s, the same "
              f"bodies as one report {single['seconds']:.2f} s (1 worker, start-up included)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
