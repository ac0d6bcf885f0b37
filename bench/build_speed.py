"""How fast the layer builds: a generated corpus, and the seeds from a cold start.

    python -m bench.build_speed [--reports 1000] [--keep DIR]

The corpus is made from the seed reports' sentences with their place names swapped for
other places of the theatre, under other outlets and dates (deterministic: seed 7), so it
reads like the war's reporting without repeating the seeds. The build runs in a child
process pinned to one core (``taskset -c 0`` when available) that reports its own figures:
reports/s, MB/s and peak resident memory. The cold figure is the wall time of
``python -m geo build`` on the five seeds, interpreter start-up and gazetteer loading
included (the gazetteer index itself is built once by ``make``).
"""

from __future__ import annotations

import argparse
import json
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


_CHILD = """
import json, resource, sys, time
from pathlib import Path
from geo.build import build_layer
from geo.pipeline import open_geoparser
geoparser = open_geoparser()
geoparser.matcher  # load names before the clock starts: start-up is measured separately
started = time.perf_counter()
summary = build_layer([Path(sys.argv[1])], Path(sys.argv[2]), geoparser=geoparser)
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"reports": summary.reports, "mentions": summary.mentions,
                  "seconds": seconds, "peak_mb": peak_mb}))
"""


def _one_core() -> list[str]:
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def measure_corpus(folder: Path, out: Path) -> dict[str, float]:
    result = subprocess.run([*_one_core(), sys.executable, "-c", _CHILD, str(folder), str(out)],
                            capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_cold_seeds(out: Path, runs: int = 3) -> float:
    """Best wall time of a whole `python -m geo build` on the seeds, start-up included."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo", "build", str(SEEDS), "--out", str(out),
                        "--no-progress"], check=True, capture_output=True, cwd=REPO)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="conflict-map-bench-"))
    corpus = args.keep or work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    size = make_corpus(corpus, args.reports)
    figures = measure_corpus(corpus, work / "layer.geojson")
    cold = measure_cold_seeds(work / "seeds.geojson")
    rate = figures["reports"] / figures["seconds"]
    print(f"corpus: {figures['reports']} reports, {size / 1e6:.2f} MB, "
          f"{figures['mentions']} mentions placed")
    print(f"one core: {rate:.0f} reports/s, {size / 1e6 / figures['seconds']:.2f} MB/s, "
          f"peak memory {figures['peak_mb']:.0f} MB")
    print(f"cold build of the five seeds (start-up included): {cold:.2f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
