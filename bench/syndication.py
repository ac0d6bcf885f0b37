"""Near-duplicate detection on a generated corpus with planted copies, and what it costs.

    python -m bench.syndication [--reports 10000] [--copies 600] [--excerpts 150]
                                [--no-build] [--keep DIR]

The corpus (deterministic, seed 11): reports of 12 to 24 sentences, each a war-report
sentence with its place, actors, numbers and wording drawn at random (so independent
reports share little text, as real ones do), under 12 outlets and dates in Nov-Dec 2024.
Planted in it:

- **republications**: a report copied under another outlet, 0-2 days later, lightly edited
  (2 to 6 words replaced, one sentence dropped or one added, a new first line);
- **excerpts**: 3 to 5 consecutive sentences of a report, carried by a short brief of
  another outlet with a line of its own.

A pair counts as found when the detector links the two reports (either direction); it is
a false pair when the two reports are not of one planted family (an original, its copies,
and copies of copies); its direction is right when the copy is the planted copy. The
detection is timed alone (the units' prints, which a build makes in the per-report job,
apart from the comparison across reports), then the whole build is timed with and without
the cross-report step (``build_layer(link=False)``: no copies, events or control), each in
a child process pinned to one core.
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

from bench.build_speed import OUTLETS, PLACES

REPO = Path(__file__).resolve().parents[1]
SEED = 11
ACTORS = ["HTS fighters", "Syrian government forces", "Russian warplanes", "SNA factions",
          "SDF units", "Turkish drones", "Iran-backed militias", "opposition fighters"]
VERBS = ["captured", "shelled", "struck", "entered", "besieged", "withdrew from", "attacked",
         "reinforced", "retook", "bombed"]
SAYERS = ["the Syrian Observatory for Human Rights said", "residents said", "SANA reported",
          "a local source told reporters", "the group said in a statement", "activists said"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "yesterday", "earlier today", "overnight"]


def _vocabulary() -> list[str]:
    from wordfreq import top_n_list

    return [w for w in top_n_list("en", 6000)[300:] if w.isalpha() and len(w) > 2]


def _sentence(rng: random.Random, words: list[str]) -> str:
    tail = " ".join(rng.choices(words, k=rng.randint(6, 14)))
    return (f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)} {rng.choice(DAYS)}, "
            f"{rng.choice(SAYERS)}, {rng.randint(2, 90)} {tail}.")


def _report(outlet: str, day: int, title: str, sentences: list[str]) -> str:
    published = f"2024-{11 + day // 31:02d}-{(day - 1) % 30 + 1:02d}"
    return (f"---\noutlet: {outlet}\npublished: {published}\ntitle: {title}\n---\n"
            + "\n".join(sentences) + "\n")


def _edit(rng: random.Random, sentences: list[str], words: list[str]) -> list[str]:
    """A light edit: a few words replaced, a sentence dropped or added, a new first line."""
    edited = list(sentences)
    for _ in range(rng.randint(2, 6)):
        at = rng.randrange(len(edited))
        tokens = edited[at].split()
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
        edited[at] = " ".join(tokens)
    if rng.random() < 0.5:
        edited.pop(rng.randrange(len(edited)))
    else:
        edited.insert(rng.randrange(len(edited)), _sentence(rng, words))
    return [f"Republished from a partner outlet, {rng.randint(1, 999)}.", *edited]


def make_corpus(folder: Path, count: int, copies: int, excerpts: int) -> tuple[set, int]:
    """Write the corpus; returns the planted families as pairs of report ids, and its bytes."""
    rng = random.Random(SEED)
    words = _vocabulary()
    originals = count - copies - excerpts
    texts: dict[str, tuple[str, int, list[str]]] = {}
    for number in range(originals):
        sentences = [_sentence(rng, words) for _ in range(rng.randint(12, 24))]
        texts[f"r{number:05d}"] = (rng.choice(OUTLETS), rng.randint(0, 18), sentences)
    planted: set[tuple[str, str]] = set()
    for number in range(copies):
        source = rng.choice(sorted(texts))  # a copy may be copied again: chains
        outlet, day, sentences = texts[source]
        other = rng.choice([o for o in OUTLETS if o != outlet])
        texts[f"c{number:05d}"] = (other, day + rng.randint(0, 2), _edit(rng, sentences, words))
        planted.add((f"c{number:05d}", source))
    for number in range(excerpts):
        source = f"r{rng.randrange(originals):05d}"
        outlet, day, sentences = texts[source]
        at = rng.randrange(len(sentences) - 5)
        brief = [f"In brief from our partners, item {number}.",
                 *sentences[at:at + rng.randint(3, 5)]]
        texts[f"e{number:05d}"] = (rng.choice(OUTLETS), day + 1, brief)
        planted.add((f"e{number:05d}", source))
    written = 0
    for rid, (outlet, day, sentences) in texts.items():
        text = _report(outlet, day, f"Generated {rid}", sentences)
        (folder / f"{rid}.md").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return planted, written


def _families(planted: set[tuple[str, str]]) -> dict[str, str]:
    """Each report of a planted pair -> its family's root (union-find)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in planted:
        parent[root(a)] = root(b)
    return {x: root(x) for x in list(parent)}


def measure_detection(folder: Path, planted: set[tuple[str, str]]) -> dict[str, float]:
    from geo.reports import find_report_files, read_reports
    from geo.syndication import find_copies, report_units

    reports = list(read_reports(find_report_files([folder]), errors=[]))
    units = [u for r in reports for u in report_units(r)]
    started = time.perf_counter()
    for unit in units:  # the per-report share: a build does it in the job, and caches it
        unit.fingerprint  # noqa: B018 (computed and kept on the unit)
    printed = time.perf_counter()
    copies = find_copies(units)
    seconds = time.perf_counter() - printed
    found = {frozenset((c.copy.report_id, c.source.report_id)) for c in copies}
    wanted = {frozenset(pair) for pair in planted}
    family = _families(planted)
    false = [p for p in found if len({family.get(x, x) for x in p}) > 1 or
             any(x not in family for x in p)]
    directed = {(c.copy.report_id, c.source.report_id) for c in copies}
    return {"planted": len(wanted), "found": len(found & wanted),
            "right_way": len(planted & directed), "detected": len(found),
            "false": len(false), "seconds": seconds, "prints": printed - started}


_CHILD = """
import json, sys, time
from pathlib import Path
from geo.build import build_layer
from geo.pipeline import open_geoparser
geoparser = open_geoparser()
geoparser.matcher
started = time.perf_counter()
build_layer([Path(sys.argv[1])], Path(sys.argv[2]), geoparser=geoparser,
            link=sys.argv[3] == "link")
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def _one_core() -> list[str]:
    """The command prefix that pins a child to the first core (none without taskset)."""
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def measure_build(folder: Path, out: Path, link: bool) -> float:
    result = subprocess.run(
        [*_one_core(), sys.executable, "-c", _CHILD, str(folder), str(out),
         "link" if link else "plain"],
        capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--copies", type=int, default=600)
    parser.add_argument("--excerpts", type=int, default=150)
    parser.add_argument("--no-build", action="store_true", help="time the detection only")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="conflict-map-syndication-"))
    corpus = args.keep or work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    planted, size = make_corpus(corpus, args.reports, args.copies, args.excerpts)
    d = measure_detection(corpus, planted)
    print(f"corpus: {args.reports} reports, {size / 1e6:.1f} MB, {d['planted']} planted pairs "
          f"({args.copies} republications, {args.excerpts} excerpts)")
    print(f"found {d['found']}/{d['planted']} = {100 * d['found'] / d['planted']:.1f} % "
          f"(direction right for {d['right_way']}); {d['detected']} pairs detected, "
          f"{d['false']} false = {100 * d['false'] / max(d['detected'], 1):.2f} %; "
          f"prints {d['prints']:.1f} s (per report), detection {d['seconds']:.1f} s "
          f"(across reports)")
    if not args.no_build:
        plain = measure_build(corpus, work / "plain.geojson", link=False)
        linked = measure_build(corpus, work / "linked.geojson", link=True)
        print(f"build, one core: {plain:.1f} s without the cross-report step, {linked:.1f} s "
              f"with it: {linked / plain:.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
