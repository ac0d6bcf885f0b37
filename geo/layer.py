"""The GeoJSON layer: turning resolved mentions into features, and reading/writing the file.

The schema is documented in ``docs/layer-schema.md``; its property names are a contract.
GeoJSON's ``[lon, lat]`` axis order is produced here and nowhere else in ``geo/``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson

from geo import __version__
from geo.atomic import write_atomically
from geo.clock import build_now
from geo.errors import LayerError
from geo.geometry import on_earth
from geo.records import NOT_A_PLACE, Place, Report, ResolvedMention, Sentence

SCHEMA_NAME = "conflict-map/layer"
#: 2: ``quote`` is the sentence cut to QUOTE_MAX_CHARS around the mention (with
#: ``sentence_start``/``sentence_end``), and a feature's ``carried_by`` list became
#: ``carried_by_count`` plus the top-level ``quote_carriers`` (see docs/layer-schema.md);
#: it also added the per-mention event fields (``event_type`` ... ``claim_end``).
SCHEMA_VERSION = 2
#: The longest quote a mention carries: a sentence longer than this (a body with no full
#: stops, a run-on list) is cut around the mention, so the layer stays linear in the input.
QUOTE_MAX_CHARS = 600
# A cut quote may move this far to end on a space rather than in a word.
_WORD_SNAP = 40
#: Below this confidence a feature lists the other candidates, for review (the review
#: list uses the same threshold: geo.overrides.REVIEW_THRESHOLD).
REVIEW_CONFIDENCE = 0.7

_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def quote_key(sentence: str) -> str:
    """A short stable key for a sentence, equal for the same words however they are spaced.

    Cached: every mention of a sentence asks for its key, and one sentence may be the whole
    body of a report with thousands of names.
    """
    normal = _SPACE.sub(" ", sentence.replace("’", "'").replace("“", '"').replace("”", '"'))
    return hashlib.sha1(normal.strip().lower().encode("utf-8")).hexdigest()[:16]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _age_days(item: ResolvedMention) -> int | None:
    event, published = item.event_date.date, item.part.published
    if event is None or published is None:
        return None
    return (published - event).days


def _place_properties(place: Place) -> dict[str, Any]:
    return {
        "place": place.name,
        "place_id": place.place_id,
        "place_type": place.place_type,
        "country": place.country,
        "admin1": place.admin1,
        "precision_km": round(place.precision_km, 1),
        "place_source": place.source,
    }


def quote_window(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """Body offsets of the quote for the mention at ``start:end``: its whole sentence, or
    at most QUOTE_MAX_CHARS of it around the mention, ending on spaces where it can."""
    if sentence.end - sentence.start <= QUOTE_MAX_CHARS:
        return sentence.start, sentence.end
    room = max(QUOTE_MAX_CHARS - (end - start), 0)
    low = max(sentence.start, start - room // 2)
    high = min(sentence.end, max(end, low + QUOTE_MAX_CHARS))
    low = max(sentence.start, min(low, high - QUOTE_MAX_CHARS, start))
    text, base = sentence.text, sentence.start
    if low > sentence.start:  # start after a space, not inside a word
        space = text.find(" ", low - base, min(start, low + _WORD_SNAP) - base)
        low = low if space < 0 else base + space + 1
    if high < sentence.end:  # end before a space
        space = text.rfind(" ", max(end, high - _WORD_SNAP) - base, high - base)
        high = high if space < 0 else base + space
    return low, high


def _common_properties(item: ResolvedMention, report: Report) -> dict[str, Any]:
    mention, sentence = item.mention, item.mention.sentence
    low, high = quote_window(sentence, mention.start, mention.end)
    return {
        "report": mention.report_id,
        "start": mention.start,
        "end": mention.end,
        "mention": mention.text,
        "quote": sentence.text[low - sentence.start : high - sentence.start],
        "quote_start": low,
        "quote_end": high,
        "sentence_start": sentence.start,
        "sentence_end": sentence.end,
        "quote_key": quote_key(sentence.text),
        "outlet": item.part.outlet,
        "title": report.title,
        "url": report.url,
        "published": _iso(item.part.published),
        "event_date": _iso(item.event_date.date),
        "date_precision": item.event_date.precision,
        "date_basis": item.event_date.basis,
        "date_expression": item.event_date.expression,
        "event_age_days": _age_days(item),
        "literal": mention.literal,
        "usage": mention.usage,
        **event_properties(item),
    }


def event_properties(item: ResolvedMention) -> dict[str, Any]:
    """The mention's event fields (docs/layer-schema.md, "What happened")."""
    fields = asdict(item.event)
    fields["event_flags"] = list(item.event.event_flags)
    return fields


def feature_for(item: ResolvedMention, report: Report) -> dict[str, Any]:
    """The GeoJSON feature of one placed mention."""
    place = item.resolution.place
    assert place is not None, "unresolved mentions are listed, not drawn"
    properties = _common_properties(item, report)
    properties.update(_place_properties(place))
    properties["confidence"] = round(item.resolution.confidence, 2)
    properties["resolution"] = item.resolution.method
    if item.mention.antecedent is not None:
        # "the city itself" stands for a name earlier in the body: where, for the card.
        properties["refers_to"] = item.mention.name
        properties["refers_to_start"], properties["refers_to_end"] = item.mention.antecedent
    if item.resolution.confidence < REVIEW_CONFIDENCE:
        # What else was weighed, so a reviewer can pick another place without a rebuild.
        others = [p for p in item.resolution.candidates if p.place_id != place.place_id]
        properties["candidates"] = [_candidate_summary(p) for p in others[:5]]
    return {
        "type": "Feature",
        "id": f"{item.mention.report_id}:{item.mention.start}-{item.mention.end}",
        "geometry": {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]},
        "properties": properties,
    }


def _candidate_summary(place: Place) -> dict[str, Any]:
    return {
        "place_id": place.place_id,
        "place": place.name,
        "lat": round(place.lat, 5),
        "lon": round(place.lon, 5),
        "place_type": place.place_type,
        "country": place.country,
    }


def _drawable(item: ResolvedMention) -> bool:
    place = item.resolution.place
    return place is not None and on_earth(place.lat, place.lon)


def unresolved_row(item: ResolvedMention, report: Report) -> dict[str, Any]:
    """The row listing a mention that could not be placed, with the candidates weighed."""
    row = _common_properties(item, report)
    place = item.resolution.place
    row["reason"] = item.resolution.reason
    if place is not None:  # placed, but at coordinates no map can draw: never drawn
        row["reason"] = (f"{place.source or place.place_id} gave coordinates outside WGS 84 "
                         f"({place.lat}, {place.lon}); fix the place or pin the mention")
    row["candidates"] = [_candidate_summary(p) for p in item.resolution.candidates[:8]
                         if on_earth(p.lat, p.lon)]
    return row


def dismissed_row(item: ResolvedMention, report: Report) -> dict[str, Any]:
    """The row of a mention an analyst said is not a place: where it is and the pin's word."""
    props = _common_properties(item, report)
    keep = ("report", "start", "end", "mention", "quote", "outlet", "published")
    return {**{key: props[key] for key in keep}, "reason": item.resolution.reason}


def _report_row(report: Report, placed: int, unresolved: int) -> dict[str, Any]:
    return {
        "report": report.report_id,
        "path": str(report.path),
        "outlet": report.outlet,
        "title": report.title,
        "url": report.url,
        "published": _iso(report.published),
        "metadata_note": report.metadata_note,
        "parts": [
            {"start": p.start, "end": p.end, "outlet": p.outlet,
             "published": _iso(p.published), "header": p.header}
            for p in report.parts
        ],
        "mentions": placed,
        "unresolved": unresolved,
    }


#: How many report ids a feature's ``carried_by`` lists at most (the rest are counted).
CARRIED_BY_LIST_MAX = 10


def _link_carried_quotes(features: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Count, on every feature, the reports that carry its very same sentence, and list
    them once per sentence (``quote_carriers``), for sentences carried by two or more.

    Once per sentence, not per feature: a sentence syndicated by a thousand reports would
    otherwise put a thousand ids on each of its thousand features.
    """
    carriers: dict[str, set[str]] = defaultdict(set)
    for feature in features:
        props = feature["properties"]
        carriers[props["quote_key"]].add(props["report"])
    # Sorted once per sentence: sorting per feature was quadratic in a sentence's carriers
    # (a sentence carried by 2,000 reports, 2,000 sorts of 2,000 ids).
    ordered = {key: sorted(ids) for key, ids in carriers.items()}
    for feature in features:
        props = feature["properties"]
        props["carried_by_count"], props["carried_by"] = carried_by(
            ordered[props["quote_key"]], props["report"])
    return {key: ordered[key] for key in sorted(ordered) if len(ordered[key]) > 1}


def carried_by(carriers: Sequence[str], report: str) -> tuple[int, list[str]]:
    """``carried_by_count`` and ``carried_by`` of a feature of ``report`` whose sentence the
    sorted ``carriers`` carry: version 1's list stays for its readers, capped so the layer
    stays linear: this report first, then the others in order (the whole list is in
    ``quote_carriers``)."""
    others = [r for r in carriers[:CARRIED_BY_LIST_MAX] if r != report]
    return len(carriers), [report, *others[: CARRIED_BY_LIST_MAX - 1]]


def report_piece(report: Report, resolved: Iterable[ResolvedMention]) -> dict[str, Any]:
    """One report's share of the layer, in JSON-ready form: its row, its features, its
    unresolved and dismissed mentions. Depends on this report alone, so it is what a
    build caches and computes in worker processes (geo.report_jobs)."""
    features: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    dismissed: list[dict[str, Any]] = []
    for item in resolved:
        if item.resolution.method == NOT_A_PLACE:
            dismissed.append(dismissed_row(item, report))
        elif item.resolution.place is None or not _drawable(item):
            unresolved.append(unresolved_row(item, report))
        else:
            features.append(feature_for(item, report))
    return {
        "report": _report_row(report, len(features), len(unresolved)),
        "features": features,
        "unresolved": unresolved,
        "dismissed": dismissed,
    }


def _generated_at() -> str:
    """Now, or the reproducible-builds convention's SOURCE_DATE_EPOCH when it is set (two
    builds of the same reports are then byte-identical)."""
    return build_now().isoformat()


def join_pieces(
    pieces: Sequence[dict[str, Any]], *, skipped: Sequence[dict[str, str]] = ()
) -> dict[str, Any]:
    """The whole FeatureCollection from the reports' pieces (see :func:`report_piece`), in
    the order given, with the links between reports (the same quote carried by several)."""
    features = [f for piece in pieces for f in piece["features"]]
    quote_carriers = _link_carried_quotes(features)
    return {
        "type": "FeatureCollection",
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "generated_at": _generated_at(),
        "generator": f"conflict-map {__version__}",
        "reports": [piece["report"] for piece in pieces],
        "unresolved": [row for piece in pieces for row in piece["unresolved"]],
        "dismissed": [row for piece in pieces for row in piece["dismissed"]],
        "skipped": list(skipped),
        "quote_carriers": quote_carriers,
        "features": features,
    }


def assemble_layer(
    reports: Sequence[Report],
    resolved: Iterable[ResolvedMention],
    *,
    skipped: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    """The whole FeatureCollection for the given reports and their resolved mentions."""
    by_report: dict[str, list[ResolvedMention]] = defaultdict(list)
    for item in resolved:
        by_report[item.mention.report_id].append(item)
    pieces = [report_piece(r, by_report[r.report_id]) for r in reports]
    return join_pieces(pieces, skipped=skipped)


def write_layer(layer: dict[str, Any], out: Path) -> None:
    """Write the layer atomically: readers see the old file or the new one, never half
    (a failure is one WriteError line; see geo.atomic)."""
    write_atomically(out, _layer_text(layer))


#: Features encoded and written together: one write per feature cost more in the writer's
#: calls than the encoding itself.
_FEATURES_PER_PIECE = 1000


def _layer_text(layer: dict[str, Any]) -> Iterator[bytes]:
    """The layer's JSON (UTF-8) in pieces: the metadata, then one feature per line.

    Piece by piece, so a big layer is never held as one string (that doubled a build's
    peak memory); each piece through orjson, whose compact UTF-8 output is the same as
    ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` and four times faster (a
    fifth of a warm 10,000-report build was the standard library's encoder). One feature
    per line also makes the file easy to grep.
    """
    head = {key: value for key, value in layer.items() if key != "features"}
    yield (orjson.dumps(head)[:-1] + b",") if head else b"{"
    yield b'"features":['
    features = layer.get("features", [])
    for first in range(0, len(features), _FEATURES_PER_PIECE):
        chunk = features[first:first + _FEATURES_PER_PIECE]
        yield (b",\n" if first else b"\n") + b",\n".join(map(orjson.dumps, chunk))
    yield b"\n]}\n"


def _rebuild(path: Path) -> str:
    return f"Rebuild it: python -m geo build --out {path}"


def _check_schema(layer: Any, path: Path) -> None:
    if not isinstance(layer, dict) or layer.get("type") != "FeatureCollection":
        raise LayerError(
            f"{path} is not a GeoJSON FeatureCollection. {_rebuild(path)}"
        )
    if layer.get("schema") != SCHEMA_NAME:
        raise LayerError(
            f"{path} is a FeatureCollection but not a conflict-map layer "
            f"(schema {layer.get('schema')!r}). {_rebuild(path)}"
        )
    version = layer.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise LayerError(f"{path} has no valid schema_version. {_rebuild(path)}")
    if version > SCHEMA_VERSION:
        raise LayerError(
            f"{path} uses layer schema version {version}, newer than this program's "
            f"({SCHEMA_VERSION}). Update conflict-map, or rebuild the layer with this version."
        )
    if not isinstance(layer.get("features"), list):
        raise LayerError(f"{path} has no 'features' list. {_rebuild(path)}")


def read_layer(path: Path) -> dict[str, Any]:
    """Read and check a layer file; every failure is a LayerError saying what to do."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise LayerError(
            f"No layer at {path}. Build it from the reports: python -m geo build --out {path}"
        ) from err
    except (OSError, UnicodeDecodeError) as err:
        raise LayerError(f"Cannot read the layer {path}: {err}") from err
    if not text.strip():
        raise LayerError(f"The layer {path} is empty. {_rebuild(path)}")
    try:
        layer = json.loads(text)
    except json.JSONDecodeError as err:
        raise LayerError(
            f"The layer {path} is not valid JSON (line {err.lineno}, column {err.colno}). "
            f"{_rebuild(path)}"
        ) from err
    _check_schema(layer, path)
    return layer
