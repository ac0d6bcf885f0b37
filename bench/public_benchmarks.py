"""End-to-end accuracy of the geoparser on two public geoparsing benchmarks.

    python -m bench.public_benchmarks [--corpus gwn|trnews|both] [--limit N] [--details FILE]

The corpora (GeoWebNews and TR-News, see ``../shared/benchmarks/README.md``) are GPL-3.0
evaluation data: they are read from ``../shared/benchmarks`` (or ``$PUBLIC_BENCHMARKS``) at
run time and never copied into the repository. ``--details`` writes per-mention misses,
false positives and misplacements; it must point outside the repository or under
``bench/out/`` (gitignored).

What is scored, per corpus:

- recognition: a gold toponym is *found* when any of our mentions (placed or unresolved)
  overlaps its span. Recall is over the gold toponyms of a set (below); precision is the
  share of our mentions that overlap a gold span of *any* toponym type (metonymic,
  non-literal, demonym, ... included), so a mention of a place used non-literally is not
  counted against us.
- resolution: of the gold toponyms found AND placed by us AND with gold coordinates, the
  share within 161 km (Acc@161, the field's standard) and within 10 km, and the mean error;
  also for gold toponyms inside the theatre box (lat 32.3-37.35, lon 35.6-42.4).
  ``@161a`` also counts as right a placement within our place's own ``precision_km`` (a
  country or region we put at a different but legitimate point than the gold's centroid:
  the gazetteer places countries at their capital or a Factbook centre, GeoNames elsewhere).
- literal agreement (GeoWebNews): our ``literal`` flag against the gold type on found
  toponyms of the literal and non-literal types.
- speed: articles parsed per second (the gazetteer and name matcher loaded beforehand).

GeoWebNews gold sets (``type`` of the pragmatic taxonomy):

- ``literal`` (1,456 spans): Literal, Literal_Modifier, Embedded_Literal, Mixed, Coercion;
- ``all``: those plus Metonymic, Non_Literal_Modifier, Embedded_Non_Lit (2,610 spans: every
  toponym except Demonym, Language and Homonym);
- precision counts overlaps with any of the 2,720 toponym spans (all types except
  Literal_Expression, Non_Lit_Expression and Non_Toponym).

TR-News gold sets: ``all`` (every annotated toponym) and ``names`` (without adjectival forms
such as "Turkish", "Canadian", "American", which the corpus annotates as toponyms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS_ENV = "PUBLIC_BENCHMARKS"
DEFAULT_BENCHMARKS = REPO_ROOT.parent / "shared" / "benchmarks"
GWN_FILE = Path("geowebnews") / "GWN.xml"
TRNEWS_FILE = Path("tr-news") / "TR-News.xml"
DETAILS_DIR = REPO_ROOT / "bench" / "out"

GWN_LITERAL = frozenset(
    {"Literal", "Literal_Modifier", "Embedded_Literal", "Mixed", "Coercion"}
)
GWN_NON_LITERAL = frozenset({"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"})
GWN_ALL = GWN_LITERAL | GWN_NON_LITERAL
GWN_TOPONYM = GWN_ALL | {"Demonym", "Language", "Homonym"}

#: The theatre of the war: lat 32.3-37.35 N, lon 35.6-42.4 E.
THEATRE_BOX = (32.3, 37.35, 35.6, 42.4)
ACC_KM = 161.0
CLOSE_KM = 10.0
# Adjectival forms TR-News annotates as toponyms ("Turkish" for Turkey, "Syrian", "Iraqi").
_ADJECTIVAL = re.compile(r"(?:(?:ian|ean|can|ban|man|yan)s?|ish|ese|i|ch)$")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    gold_name: str = ""


@dataclass(frozen=True)
class Article:
    article_id: str
    text: str
    gold: tuple[GoldToponym, ...]
    published: dt.date | None = None


@dataclass(frozen=True)
class Predicted:
    """One of our mentions, flattened for scoring."""

    start: int
    end: int
    text: str
    literal: bool = True
    lat: float | None = None
    lon: float | None = None
    place: str = ""
    reason: str = ""
    precision_km: float = 0.0

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None


def benchmarks_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get(BENCHMARKS_ENV)
    return Path(env) if env else DEFAULT_BENCHMARKS


def _float(node: ET.Element | None) -> float | None:
    if node is None or not (node.text or "").strip():
        return None
    return float(node.text)  # type: ignore[arg-type]


def _text(node: ET.Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def load_gwn(path: Path) -> list[Article]:
    """GeoWebNews articles with every annotated toponym span (types as in the corpus)."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for node in article.iter("toponym"):
            kind = _text(node.find("type"))
            if kind not in GWN_TOPONYM:
                continue
            start, end = int(_text(node.find("start"))), int(_text(node.find("end")))
            gold.append(GoldToponym(
                start, end, text[start:end], kind, _float(node.find("latitude")),
                _float(node.find("longitude")), _text(node.find("normalisedName")),
            ))
        articles.append(Article(f"gwn-{article.get('file')}", text, tuple(gold)))
    return articles


def _realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """TR-News offsets are sometimes off by a few characters; find the phrase nearby."""
    if text[start:end] == phrase or not phrase:
        return start, end
    best = None
    for match in re.finditer(re.escape(phrase), text):
        shift = abs(match.start() - start)
        if best is None or shift < best[0]:
            best = (shift, match.start())
    if best is None or best[0] > 2000:
        return start, end
    return best[1], best[1] + len(phrase)


def is_adjectival(phrase: str, gold_name: str) -> bool:
    """'Turkish' for Turkey, 'American' for the United States: not a name of the place."""
    if not gold_name or phrase.lower() == gold_name.lower() or " " in phrase:
        return False
    return bool(_ADJECTIVAL.search(phrase))


def load_trnews(path: Path) -> list[Article]:
    """TR-News articles; kind is 'name' or 'adjectival' (see :func:`is_adjectival`)."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for node in article.iter("toponym"):
            phrase = _text(node.find("phrase"))
            start, end = _realign(text, int(_text(node.find("start"))),
                                  int(_text(node.find("end"))), phrase)
            tag = node.find("gaztag")
            lat = lon = None
            name = ""
            if tag is not None:
                lat, lon, name = _float(tag.find("lat")), _float(tag.find("lon")), \
                    _text(tag.find("name"))
            kind = "adjectival" if is_adjectival(phrase, name) else "name"
            gold.append(GoldToponym(start, end, text[start:end], kind, lat, lon, name))
        published = None
        with_date = _text(article.find("dltime"))
        if re.fullmatch(r"\d{4}-\d\d-\d\d", with_date):
            published = dt.date.fromisoformat(with_date)
        articles.append(Article(f"trn-{article.get('docid')}", text, tuple(gold), published))
    return articles


# --------------------------------------------------------------------------- scoring


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Do the half-open spans [a_start, a_end) and [b_start, b_end) share a character?"""
    return a_start < b_end and b_start < a_end


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def in_theatre(lat: float | None, lon: float | None) -> bool:
    if lat is None or lon is None:
        return False
    south, north, west, east = THEATRE_BOX
    return south <= lat <= north and west <= lon <= east


def best_match(gold: GoldToponym, predicted: Sequence[Predicted]) -> Predicted | None:
    """Our mention for a gold span: the overlapping one, placed first, then most overlap."""
    hits = [p for p in predicted if overlaps(p.start, p.end, gold.start, gold.end)]
    if not hits:
        return None
    return max(hits, key=lambda p: (p.placed, min(p.end, gold.end) - max(p.start, gold.start)))


def accuracy_at(errors_km: Iterable[float], km: float = ACC_KM) -> float:
    """Share of errors at or under ``km`` (0.0 for no errors)."""
    errors = list(errors_km)
    return sum(e <= km for e in errors) / len(errors) if errors else 0.0


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass
class SetScores:
    """Recognition and resolution for one set of gold toponyms."""

    gold: int = 0
    found: int = 0
    with_coords: int = 0
    errors: list[float] = field(default_factory=list)
    area_hits: int = 0
    theatre_gold: int = 0
    theatre_found: int = 0
    theatre_errors: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return ratio(self.found, self.gold)

    def summary(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "found": self.found, "recall": round(self.recall, 4),
            "placed": len(self.errors), "acc161": round(accuracy_at(self.errors), 4),
            "acc10": round(accuracy_at(self.errors, CLOSE_KM), 4),
            "acc161_area": round(ratio(self.area_hits, len(self.errors)), 4),
            "mean_err_km": round(statistics.fmean(self.errors), 1) if self.errors else None,
            "median_err_km": round(statistics.median(self.errors), 1) if self.errors else None,
            "theatre_gold": self.theatre_gold, "theatre_found": self.theatre_found,
            "theatre_placed": len(self.theatre_errors),
            "theatre_acc161": round(accuracy_at(self.theatre_errors), 4),
            "theatre_acc10": round(accuracy_at(self.theatre_errors, CLOSE_KM), 4),
        }


@dataclass
class CorpusScores:
    corpus: str
    sets: dict[str, SetScores]
    articles: int = 0
    mentions: int = 0
    mentions_true: int = 0
    literal_agree: int = 0
    literal_total: int = 0
    literal_gold_lit: list[int] = field(default_factory=lambda: [0, 0])  # [agree, total]
    literal_gold_non: list[int] = field(default_factory=lambda: [0, 0])
    seconds: float = 0.0
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.mentions_true, self.mentions)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "corpus": self.corpus, "articles": self.articles, "mentions": self.mentions,
            "precision": round(self.precision, 4),
            "articles_per_s": round(self.articles / self.seconds, 1) if self.seconds else None,
            "sets": {name: s.summary() for name, s in self.sets.items()},
        }
        if self.literal_total:
            out["literal_agreement"] = round(ratio(self.literal_agree, self.literal_total), 4)
            out["literal_on_gold_literal"] = round(ratio(*self.literal_gold_lit), 4)
            out["nonliteral_on_gold_nonliteral"] = round(ratio(*self.literal_gold_non), 4)
            out["literal_scored"] = self.literal_total
        return out


def _context(text: str, start: int, end: int, words: int = 5) -> str:
    before = text[:start].split()[-words:]
    after = text[end:].split()[:words]
    return " ".join([*before, f"[{text[start:end]}]", *after]).replace("\n", " ")


def score_article(
    scores: CorpusScores,
    article: Article,
    predicted: Sequence[Predicted],
    gold_sets: dict[str, frozenset[str]],
) -> None:
    """Add one article's comparison to ``scores`` (and its details)."""
    scores.articles += 1
    scores.mentions += len(predicted)
    for pred in predicted:
        if any(overlaps(pred.start, pred.end, g.start, g.end) for g in article.gold):
            scores.mentions_true += 1
        else:
            scores.details.append({
                "corpus": scores.corpus, "article": article.article_id, "kind": "false_positive",
                "text": pred.text, "context": _context(article.text, pred.start, pred.end),
                "ours": pred.place, "reason": pred.reason,
            })
    for gold in article.gold:
        match = best_match(gold, predicted)
        sets = [name for name, kinds in gold_sets.items() if gold.kind in kinds]
        _score_literal(scores, gold, match)
        error = None
        if match is not None and match.placed and gold.lat is not None and gold.lon is not None:
            error = haversine_km(gold.lat, gold.lon, match.lat, match.lon)  # type: ignore[arg-type]
        theatre = in_theatre(gold.lat, gold.lon)
        for name in sets:
            target = scores.sets[name]
            target.gold += 1
            target.found += match is not None
            target.with_coords += gold.lat is not None
            target.theatre_gold += theatre
            target.theatre_found += theatre and match is not None
            if error is not None:
                target.errors.append(error)
                tolerance = max(ACC_KM, match.precision_km)  # type: ignore[union-attr]
                target.area_hits += error <= tolerance
                if theatre:
                    target.theatre_errors.append(error)
        if not sets:
            continue
        base = {
            "corpus": scores.corpus, "article": article.article_id, "text": gold.text,
            "type": gold.kind, "context": _context(article.text, gold.start, gold.end),
            "gold_lat": gold.lat, "gold_lon": gold.lon, "gold_name": gold.gold_name,
        }
        if match is None:
            scores.details.append({**base, "kind": "miss"})
        elif not match.placed:
            scores.details.append({**base, "kind": "unplaced", "ours_text": match.text,
                                   "reason": match.reason})
        elif error is not None and error > ACC_KM:
            scores.details.append({**base, "kind": "misplaced", "ours_text": match.text,
                                   "ours": match.place, "lat": match.lat, "lon": match.lon,
                                   "error_km": round(error, 1)})


def _score_literal(scores: CorpusScores, gold: GoldToponym, match: Predicted | None) -> None:
    if match is None or gold.kind not in GWN_ALL:
        return
    gold_literal = gold.kind in GWN_LITERAL
    agree = match.literal == gold_literal
    scores.literal_total += 1
    scores.literal_agree += agree
    bucket = scores.literal_gold_lit if gold_literal else scores.literal_gold_non
    bucket[0] += agree
    bucket[1] += 1


# --------------------------------------------------------------------------- running


def flatten(resolved: Iterable[Any]) -> list[Predicted]:
    """Our ResolvedMentions as scoring records."""
    out = []
    for item in resolved:
        mention, resolution = item.mention, item.resolution
        if mention.antecedent is not None:
            continue  # "the city itself" stands for a name: not a toponym to score
        place = resolution.place
        out.append(Predicted(
            mention.start, mention.end, mention.text, mention.literal,
            place.lat if place else None, place.lon if place else None,
            f"{place.name} ({place.country}, {place.place_type})" if place else "",
            resolution.reason, place.precision_km if place else 0.0,
        ))
    return out


def make_report(article: Article, outlet: str = "benchmark") -> Any:
    from geo.records import Report
    from geo.sections import split_parts

    return Report(
        report_id=article.article_id, path=Path(f"{article.article_id}.txt"), outlet=outlet,
        published=article.published, body=article.text,
        parts=split_parts(article.text, outlet, article.published),
    )


CORPORA = {
    "gwn": (GWN_FILE, load_gwn, {"literal": GWN_LITERAL, "all": GWN_ALL}),
    "trnews": (TRNEWS_FILE, load_trnews,
               {"names": frozenset({"name"}), "all": frozenset({"name", "adjectival"})}),
}


def evaluate(
    corpus: str, articles: Sequence[Article], geoparser: Any, limit: int | None = None
) -> CorpusScores:
    """Parse the articles with ``geoparser`` and score them against their gold."""
    _, _, gold_sets = CORPORA[corpus]
    scores = CorpusScores(corpus, {name: SetScores() for name in gold_sets})
    chosen = list(articles)[:limit] if limit else list(articles)
    for article in chosen:
        report = make_report(article)
        began = time.perf_counter()
        predicted = flatten(geoparser.parse(report))
        scores.seconds += time.perf_counter() - began
        score_article(scores, article, predicted, gold_sets)
    return scores


def load_corpus(corpus: str, root: Path) -> list[Article]:
    relative, loader, _ = CORPORA[corpus]
    path = root / relative
    if not path.exists():
        raise FileNotFoundError(path)
    return loader(path)


# --------------------------------------------------------------------------- reporting

PUBLISHED = """Published (benchmarks/README.md): Mordecai 3 resolution with gold names, Acc@161:
  TR-News 87.3 %, GeoWebNews 94.1 %; 'most populous' baseline ~70-80 %.
  End to end (spaCy transformer NER + Mordecai 3): finds 68 % of names at 75.5 % precision.
  (Our resolution figures are on the names we found ourselves, not on gold names.)"""


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def format_table(results: Sequence[CorpusScores]) -> str:
    head = (f"{'corpus/set':<15}{'gold':>6}{'found':>6}{'rec%':>7}{'prec%':>7}{'placed':>7}"
            f"{'@161%':>7}{'@161a%':>7}{'@10%':>7}{'mean km':>9} | {'thr gold':>8}{'rec%':>7}"
            f"{'placed':>7}{'@161%':>7}{'@10%':>7}")
    lines = [head, "-" * len(head)]
    for result in results:
        for name, s in result.sets.items():
            mean = f"{statistics.fmean(s.errors):9.0f}" if s.errors else f"{'-':>9}"
            lines.append(
                f"{result.corpus + '/' + name:<15}{s.gold:>6}{s.found:>6}{_pct(s.recall):>7}"
                f"{_pct(result.precision):>7}{len(s.errors):>7}{_pct(accuracy_at(s.errors)):>7}"
                f"{_pct(ratio(s.area_hits, len(s.errors))):>7}"
                f"{_pct(accuracy_at(s.errors, CLOSE_KM)):>7}{mean} | {s.theatre_gold:>8}"
                f"{_pct(ratio(s.theatre_found, s.theatre_gold)):>7}{len(s.theatre_errors):>7}"
                f"{_pct(accuracy_at(s.theatre_errors)):>7}"
                f"{_pct(accuracy_at(s.theatre_errors, CLOSE_KM)):>7}"
            )
    lines.append("")
    for result in results:
        speed = result.articles / result.seconds if result.seconds else 0.0
        line = (f"{result.corpus}: {result.articles} articles, {result.mentions} mentions "
                f"({result.mentions_true} on a gold toponym span), {speed:.1f} articles/s")
        if result.literal_total:
            agreement = _pct(ratio(result.literal_agree, result.literal_total)).strip()
            line += (f"; literal agreement {agreement}"
                     f" % of {result.literal_total} (gold literal kept literal "
                     f"{_pct(ratio(*result.literal_gold_lit)).strip()} %, gold non-literal "
                     f"flagged {_pct(ratio(*result.literal_gold_non)).strip()} %)")
        lines.append(line)
    return "\n".join(lines)


def check_details_path(path: Path) -> Path:
    """Details hold corpus excerpts: only outside the repository or under bench/out/."""
    resolved = path.resolve()
    inside_repo = resolved.is_relative_to(REPO_ROOT)
    if inside_repo and not resolved.is_relative_to(DETAILS_DIR):
        raise ValueError(f"{path}: write details outside the repository or under bench/out/")
    return resolved


def write_details(path: Path, results: Sequence[CorpusScores]) -> None:
    rows = [row for result in results for row in result.details]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".tsv":
        columns = ["corpus", "article", "kind", "type", "text", "context", "ours_text", "ours",
                   "error_km", "reason", "gold_name", "gold_lat", "gold_lon"]
        with path.open("w", encoding="utf-8") as handle:
            handle.write("\t".join(columns) + "\n")
            for row in rows:
                handle.write("\t".join(str(row.get(c, "")).replace("\t", " ")
                                       for c in columns) + "\n")
    else:
        payload = {"summary": [r.summary() for r in results], "details": rows}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=["gwn", "trnews", "both"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N articles per corpus")
    parser.add_argument("--details", type=Path, default=None,
                        help="write misses/false positives/misplacements (.json or .tsv)")
    parser.add_argument("--benchmarks", type=Path, default=None,
                        help=f"corpus folder (default ${BENCHMARKS_ENV} or {DEFAULT_BENCHMARKS})")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON too")
    args = parser.parse_args(argv)

    root = benchmarks_dir(args.benchmarks)
    details = None
    if args.details is not None:
        try:
            details = check_details_path(args.details)
        except ValueError as error:
            parser.error(str(error))
    corpora = ["gwn", "trnews"] if args.corpus == "both" else [args.corpus]
    try:
        loaded = {name: load_corpus(name, root) for name in corpora}
    except FileNotFoundError as missing:
        print(f"public benchmarks not found: {missing}\n"
              f"They are not part of the repository; put them in {DEFAULT_BENCHMARKS} or "
              f"set ${BENCHMARKS_ENV}.", file=sys.stderr)
        return 2

    from geo.pipeline import open_geoparser

    geoparser = open_geoparser()
    _ = geoparser.matcher  # build the name matcher before timing
    results = [evaluate(name, loaded[name], geoparser, args.limit) for name in corpora]
    print(format_table(results))
    print()
    print(PUBLISHED)
    if args.json:
        print(json.dumps([r.summary() for r in results], indent=1))
    if details is not None:
        write_details(details, results)
        print(f"\ndetails: {details}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
