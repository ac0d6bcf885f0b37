"""Does the event coder invent war events in world news? GeoWebNews and TR-News.

    python -m bench.event_world [--sample 25]

The two public geoparsing corpora (``../shared/benchmarks``, see its README; read at run
time, never copied) are news from everywhere: elections, weather, sport, business, and
some conflict. Every mention is coded; the script reports how many are coded as events,
by type, and prints a sample of the events with their sentence so that a person can judge
whether each is a real event at that place (the corpora have no event gold).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from bench.public_benchmarks import benchmarks_dir, load_corpus, make_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=25, help="events to print (seed 7)")
    args = parser.parse_args(argv)
    from geo.pipeline import open_geoparser

    geoparser = open_geoparser()
    events, total, types = [], 0, Counter()
    root = benchmarks_dir()
    for corpus in ("gwn", "trnews"):
        for article in load_corpus(corpus, root):
            for item in geoparser.parse(make_report(article)):
                total += 1
                if item.event.event_type is not None:
                    types[item.event.sub_event_type] += 1
                    events.append((corpus, item))
    print(f"{total} mentions in GeoWebNews + TR-News; {len(events)} coded as events "
          f"({len(events) / max(total, 1):.1%})")
    for sub, count in types.most_common():
        print(f"  {count:4d}  {sub}")
    for corpus, item in random.Random(7).sample(events, min(args.sample, len(events))):
        e, m = item.event, item.mention
        print(f"\n[{corpus}] {m.text!r}: {e.sub_event_type} ({e.event_trigger!r}), "
              f"{e.actor1_side}, {e.claimant_kind}, {e.fatalities}\n    {m.sentence.text[:300]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
