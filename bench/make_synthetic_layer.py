"""Write a big synthetic mentions layer (schema ``conflict-map/layer`` v2) for benchmarks.

    python bench/make_synthetic_layer.py --mentions 10000 --out bench/out/layer-10k.geojson
    python bench/make_synthetic_layer.py --mentions 100000 --out bench/out/layer-100k.geojson

The layer looks like a real one where it matters for speed: places follow a Zipf-like
popularity (a few cities take most mentions), about 1 place per 10 mentions, a dozen
outlets, 60 days of dates, and a share of syndicated sentences, non-literal, undated and
background (older) mentions. Each mention is event-coded from its verb (version 2 fields:
``captured`` is a capture, ``visited`` context...), with claimants, fatalities and flags
drawn from their own random stream, so places, outlets and dates are those of version 1.
The same ``--seed`` always gives the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
from pathlib import Path

OUTLETS = (
    "Reuters", "AP", "AFP", "The War Zone", "Al-Monitor", "Enab Baladi", "SANA",
    "Syrian Observatory", "Al Jazeera", "BBC", "Kyiv Independent", "TASS",
)  # fmt: skip
KINDS = (
    ("city", 8.0, 0.08), ("town", 3.0, 0.30), ("village", 2.0, 0.35), ("base", 1.0, 0.06),
    ("junction", 2.0, 0.05), ("road", 30.0, 0.04), ("region", 45.0, 0.04),
    ("airport", 1.5, 0.03), ("landmark", 0.5, 0.05),
)  # fmt: skip
VERBS = ("shelled", "captured", "struck", "reinforced", "evacuated", "surrounded", "visited")
ACTORS = ("Government forces", "Rebels", "Drones", "An air strike", "Militias", "Observers")
#: What each verb codes as (schema version 2): event type, sub-event type; None: context.
CODING = {
    "shelled": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "captured": ("Battles", "Non-state actor overtakes territory"),
    "struck": ("Explosions/Remote violence", "Air/drone strike"),
    "reinforced": None,
    "evacuated": ("Displacement", "Displacement"),
    "surrounded": ("Battles", "Armed clash"),
    "visited": None,
}
SIDES = {"Government forces": "government", "Rebels": "opposition", "Drones": "unknown",
         "An air strike": "russia", "Militias": "iran", "Observers": "unknown"}  # fmt: skip
CLAIMANTS = (("", "outlet"), ("", "outlet"), ("HTS", "belligerent"), ("SANA", "belligerent"),
             ("SOHR", "monitor"), ("Reuters", "media"), ("residents", "local"))  # fmt: skip
START = dt.date(2024, 10, 1)
DAYS = 60
# Syria and its borders, where the real corpus sits.
LAT_RANGE, LON_RANGE = (32.5, 37.2), (35.8, 42.0)


def make_places(n: int, rng: random.Random) -> list[dict]:
    kinds, weights = [k[:2] for k in KINDS], [k[2] for k in KINDS]
    places = []
    for i in range(n):
        kind, precision = rng.choices(kinds, weights)[0]
        places.append(
            {
                "place": f"Place {i:05d} {kind.title()}",
                "place_id": f"geonames:{900000 + i}",
                "place_type": kind,
                "lat": round(rng.uniform(*LAT_RANGE), 4),
                "lon": round(rng.uniform(*LON_RANGE), 4),
                "precision_km": precision,
            }
        )
    return places


def mention_props(i: int, place: dict, rng: random.Random) -> dict:
    outlet = rng.choice(OUTLETS)
    published = START + dt.timedelta(days=rng.randrange(DAYS))
    roll = rng.random()
    if roll < 0.03:
        event, basis, age = None, "undated", None
        published = None
    elif roll < 0.08:
        age = rng.randrange(8, 400)
        event, basis = published - dt.timedelta(days=age), "explicit"
    else:
        age = rng.choice((0, 0, 0, 1, 2))
        event, basis = published - dt.timedelta(days=age), "publication" if age == 0 else "relative"
    lead = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} "
    quote = f"{lead}{place['place']} on day {i % 97}, sources said."
    literal = rng.random() > 0.08
    report = f"{i // 8:06d}_{hashlib.sha1(str(i // 8).encode()).hexdigest()[:16]}"
    start = 40 + (i % 8) * 200 + len(lead)
    return {
        "report": report, "start": start, "end": start + len(place["place"]),
        "mention": place["place"], "quote": quote, "quote_start": start - len(lead),
        "quote_end": start - len(lead) + len(quote),
        "quote_key": hashlib.sha1(quote.lower().encode()).hexdigest()[:16],
        "carried_by": [report], "place": place["place"], "place_id": place["place_id"],
        "place_type": place["place_type"], "country": "SY", "outlet": outlet,
        "title": f"Report {report}", "url": f"https://example.org/{report}",
        "published": published and published.isoformat(), "event_date": event and event.isoformat(),
        "date_precision": event and "day", "date_basis": basis, "date_expression": "",
        "event_age_days": age, "literal": literal, "usage": "literal" if literal else "agent",
        "confidence": round(rng.uniform(0.3, 1.0), 2), "precision_km": place["precision_km"],
        "resolution": "gazetteer", "place_source": "synthetic",
    }  # fmt: skip


def event_props(props: dict, rng: random.Random) -> dict:
    """The event fields of one mention, read back from the verb of its sentence."""
    actor, verb = next((a, v) for a in ACTORS for v in VERBS
                       if props["quote"].startswith(f"{a} {v} "))  # fmt: skip
    coding = CODING[verb]
    claimant, kind = rng.choice(CLAIMANTS)
    fields = {"event_type": None, "sub_event_type": None, "event_flags": [], "actor1": None,
              "actor2": None, "actor1_side": None, "actor2_side": None, "claimant": None,
              "claimant_kind": "outlet", "fatalities": None, "event_trigger": None,
              "event_trigger_start": None, "event_trigger_end": None, "claim_start": None,
              "claim_end": None}  # fmt: skip
    if coding is None:
        return fields
    trigger = props["quote_start"] + len(actor) + 1
    fields.update(event_type=coding[0], sub_event_type=coding[1], actor1=actor,
                  actor1_side=SIDES[actor], claimant=claimant or None, claimant_kind=kind,
                  event_trigger=verb, event_trigger_start=trigger,
                  event_trigger_end=trigger + len(verb),
                  fatalities=rng.choice((None, None, None, 0, 1, 4, 12)),
                  event_flags=["historical"] if (props["event_age_days"] or 0) > 7 else
                  ["intent"] if rng.random() < 0.03 else [])  # fmt: skip
    return fields


def syndicate(features: list[dict], rng: random.Random, share: float = 0.05) -> None:
    """Copy the sentence of some mentions into another report, as aggregators do."""
    for _ in range(int(len(features) * share)):
        src, dst = rng.sample(features, 2)
        sp, dp = src["properties"], dst["properties"]
        if sp["place_id"] != dp["place_id"]:
            continue
        for key in ("quote", "quote_key", "mention"):
            dp[key] = sp[key]
        dp["quote_start"] = dp["start"] - (sp["start"] - sp["quote_start"])
        dp["quote_end"] = dp["quote_start"] + len(dp["quote"])
        both = sorted({sp["report"], dp["report"]})
        sp["carried_by"], dp["carried_by"] = both, both


def make_layer(mentions: int, *, places: int | None = None, seed: int = 1) -> dict:
    rng = random.Random(seed)
    pool = make_places(places or max(mentions // 10, 1), rng)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    chosen = rng.choices(pool, weights, k=mentions)
    features = []
    coder = random.Random(seed + 1)  # its own draws: places, outlets, dates stay as in v1
    for i, place in enumerate(chosen):
        props = mention_props(i, place, rng)
        props.update(event_props(props, coder))
        features.append(
            {
                "type": "Feature",
                "id": f"{props['report']}:{props['start']}-{props['end']}",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": props,
            }
        )
    syndicate(features, rng)
    return {
        "type": "FeatureCollection", "schema": "conflict-map/layer", "schema_version": 2,
        "generated_at": "2024-12-01T00:00:00Z", "generator": "bench/make_synthetic_layer.py",
        "reports": [], "unresolved": [], "skipped": [], "features": features,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=10_000)
    parser.add_argument("--places", type=int, default=None, help="default: mentions / 10")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    layer = make_layer(args.mentions, places=args.places, seed=args.seed)
    args.out.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {args.out}: {args.mentions} mentions")


if __name__ == "__main__":
    main()
