"""Accuracy of the geoparser on the five seed reports against hand-checked gold.

    python -m bench.seed_accuracy [--layer data/layer.geojson]

Recall: share of the gold literal toponyms (countries aside) that the layer found, placed or
not. Precision: share of the layer's features whose span is a gold toponym. Placement: share
of the found literal toponyms placed within the gold tolerance (10 km for a settlement, 30 km
of the road's course for a road, 80 km for a region). Descriptions that stand for an earlier
name ("the city itself", ``resolution`` "antecedent") are not toponyms: they are scored apart,
right when the name they stand for is a gold toponym and their point is that place's.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.geometry import distance_km, nearest_on_line

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds_gold.json"


@dataclass
class SeedScores:
    gold_literal: int = 0
    found: int = 0
    placed_right: int = 0
    features: int = 0
    features_true: int = 0
    misses: list[str] = field(default_factory=list)
    misplaced: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    references: int = 0
    references_right: int = 0
    wrong_references: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / max(self.gold_literal, 1)

    @property
    def precision(self) -> float:
        return self.features_true / max(self.features, 1)

    @property
    def placement(self) -> float:
        return self.placed_right / max(self.found, 1)


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["report"] == b["report"] and a["start"] < b["end"] and b["start"] < a["end"]


def _error_km(feature: dict[str, Any], place: dict[str, Any]) -> float:
    lon, lat = feature["geometry"]["coordinates"]
    if place.get("line"):
        line = [(v[1], v[0]) for v in place["line"]]
        on_lat, on_lon = nearest_on_line(lat, lon, line)
        return distance_km(lat, lon, on_lat, on_lon)
    return distance_km(lat, lon, place["lat"], place["lon"])


def score_layer(layer: dict[str, Any], gold: dict[str, Any]) -> SeedScores:
    """Compare a built layer of the seed reports with the gold annotations."""
    scores = SeedScores()
    features = layer["features"]
    spans = [{"report": f["properties"]["report"], "start": f["properties"]["start"],
              "end": f["properties"]["end"], "feature": f} for f in features]
    spans += [{"report": u["report"], "start": u["start"], "end": u["end"], "feature": None}
              for u in layer.get("unresolved", [])]
    for mention in gold["mentions"]:
        if not mention["literal"] or "place" not in mention:
            continue
        scores.gold_literal += 1
        hits = [s for s in spans if _overlaps(s, mention)]
        label = f"{mention['report'][:3]} {mention['text']!r}@{mention['start']}"
        if not hits:
            scores.misses.append(label)
            continue
        scores.found += 1
        placed = [h["feature"] for h in hits if h["feature"] is not None]
        place = gold["places"][mention["place"]]
        if placed and _error_km(placed[0], place) <= place["tolerance_km"]:
            scores.placed_right += 1
        else:
            error = f"{_error_km(placed[0], place):.0f} km" if placed else "unresolved"
            scores.misplaced.append(f"{label} ({error})")
    for span in spans:
        if span["feature"] is None:
            continue
        if span["feature"]["properties"].get("resolution") == "antecedent":
            _score_reference(scores, span["feature"], gold)
            continue
        scores.features += 1
        if any(_overlaps(span, m) for m in gold["mentions"]):
            scores.features_true += 1
        else:
            mention = span["feature"]["properties"]["mention"]
            scores.false_positives.append(f"{span['report'][:3]} {mention!r}")
    return scores


def _score_reference(scores: SeedScores, feature: dict[str, Any], gold: dict[str, Any]) -> None:
    props = feature["properties"]
    scores.references += 1
    named = {"report": props["report"], "start": props["refers_to_start"],
             "end": props["refers_to_end"]}
    for mention in gold["mentions"]:
        if mention.get("place") and _overlaps(named, mention):
            place = gold["places"][mention["place"]]
            if _error_km(feature, place) <= place["tolerance_km"]:
                scores.references_right += 1
                return
    scores.wrong_references.append(f"{props['report'][:3]} {props['mention']!r}@{props['start']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", type=Path, help="a layer built from data/reports "
                        "(default: build one in memory)")
    args = parser.parse_args()
    if args.layer:
        layer = json.loads(args.layer.read_text(encoding="utf-8"))
    else:
        from geo.build import DEFAULT_REPORTS
        from geo.layer import assemble_layer
        from geo.pipeline import open_geoparser
        from geo.reports import find_report_files, read_reports

        geoparser = open_geoparser()
        reports = list(read_reports(find_report_files([DEFAULT_REPORTS])))
        layer = assemble_layer(reports, [m for r in reports for m in geoparser.parse(r)])
    scores = score_layer(layer, json.loads(GOLD.read_text(encoding="utf-8")))
    print(f"recall    {scores.found}/{scores.gold_literal} = {scores.recall:.1%}")
    print(f"precision {scores.features_true}/{scores.features} = {scores.precision:.1%}")
    print(f"placement {scores.placed_right}/{scores.found} = {scores.placement:.1%}")
    print(f"descriptions linked to an earlier name: {scores.references_right}/"
          f"{scores.references} right")
    for title, items in (("missed", scores.misses), ("misplaced", scores.misplaced),
                         ("not toponyms", scores.false_positives),
                         ("wrong links", scores.wrong_references)):
        if items:
            print(f"{title}: " + "; ".join(items))


if __name__ == "__main__":
    main()
