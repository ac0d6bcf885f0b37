"""Choosing the place a mention means among its namesakes.

Evidence, strongest first: a distance the text states ("Mansoura, five miles from the
center of Aleppo"), the feature word ("Idlib *province*", "Khmeimim *Air Base*"), the other
places of the same sentence and report, the theatre of the war, and population. A candidate
far from everything else the report names is a distant namesake: rather than put it on the
map, the mention is left unresolved and listed with what was weighed.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from geo.geometry import DIRECTIONS, distance_km, nearest_km, nearest_on_line, offset
from geo.records import Mention, Place, Resolution
from geo.text import fold_name

Lookup = Callable[[str], tuple[Place, ...]]
RoadLine = Callable[[str], list[tuple[float, float]]]

_FEATURE_TYPES = {
    "province": {"region"},
    "air base": {"base", "airport"},
    "military airport": {"base", "airport"},
    "airport": {"airport", "base"},
    "port": {"port"},
    "junction": {"junction"},
    "city": {"city", "town"},
}
_POPULATED = {"city", "town", "village", "neighbourhood"}
_AREA_FEATURES = {"countryside", "outskirts", "suburb", "area", "part", "side", "edge", "reaches",
                  "district"}
_CURATED_WEIGHT = {"base": 0.6, "airport": 0.6, "port": 0.6, "junction": 0.6, "road": 0.6,
                   "region": 0.55, "country": 1.0, "city": 0.7, "town": 0.5, "village": 0.4,
                   "neighbourhood": 0.4, "landmark": 0.5, "crossing": 0.5, "water": 0.5}
# How far from the report's other places a namesake may be before it is more likely a
# coincidence than the place meant: a village must be close, a large city may be far.
_REACH_KM = ((100_000, 1500.0), (10_000, 600.0), (0, 250.0))


@dataclass(frozen=True)
class Theatre:
    """Where the war is: its countries weigh more, and its centre anchors unknown reports."""

    core: frozenset[str] = frozenset({"SY"})
    near: frozenset[str] = frozenset({"LB", "TR", "IQ", "JO", "IL", "PS", "CY"})
    lat: float = 35.0
    lon: float = 38.0


@dataclass(frozen=True)
class _Context:
    """The places already known in a report: in the same sentence and anywhere in it."""

    sentence_points: tuple[tuple[float, float], ...]
    report_points: tuple[tuple[float, float], ...]
    countries: frozenset[str]
    centre: tuple[float, float]


def _importance(place: Place) -> float:
    if place.population > 0:
        return min(math.log10(place.population + 1) / 7.0, 1.0)
    return _CURATED_WEIGHT.get(place.place_type, 0.4)


def _filter_by_feature(candidates: Sequence[Place], mention: Mention) -> list[Place]:
    wanted = _FEATURE_TYPES.get(mention.feature)
    if wanted:
        fitting = [p for p in candidates if p.place_type in wanted]
        if fitting or mention.feature == "junction":
            return fitting
    if mention.feature in _AREA_FEATURES or not mention.feature:
        # A bare name is the town before the governorate ("Aleppo", not Aleppo province),
        # unless only a region goes by that very name: "Africa" is the continent, not
        # Mahdia in Tunisia, whose old name it is.
        key = fold_name(mention.name)
        not_region = [p for p in candidates if p.place_type != "region"]
        own_name = [p for p in candidates if _own_name(p, key)]
        if own_name and all(p.place_type == "region" for p in own_name):
            return list(candidates)
        return not_region or list(candidates)
    return list(candidates)


def _own_name(place: Place, key: str) -> bool:
    """Whether ``key`` is the place's own name ("City" aside: "New York"), not one of its
    alternate names ("Mexico" for Mexico City, "White House" for Casablanca)."""
    own = fold_name(place.name)
    return key in {own, own.removesuffix(" city")}


def _nearness(place: Place, points: Sequence[tuple[float, float]], scale_km: float) -> float:
    if not points:
        return 0.0
    return math.exp(-nearest_km(place.lat, place.lon, points) / scale_km)


def _score(place: Place, context: _Context, theatre: Theatre, key: str = "") -> float:
    score = 0.35 * _importance(place)
    # Named by its own name: "Mexico" is the country before Mexico City.
    score += 0.05 if key and _own_name(place, key) else 0.0
    score += 0.5 if place.country in theatre.core else 0.2 if place.country in theatre.near else 0
    score += 0.6 * _nearness(place, context.sentence_points, 60.0)
    score += 0.4 * _nearness(place, context.report_points, 200.0)
    score += 0.15 if place.country in context.countries else 0.0
    return score + (0.1 if place.place_id.startswith("curated:") else 0.0)


def _distance_fit(place: Place, stated_km: float, origin: Place) -> float:
    actual = distance_km(place.lat, place.lon, origin.lat, origin.lon)
    return 1.5 if abs(actual - stated_km) <= max(4.0, 0.5 * stated_km) else -1.5


def _distant(place: Place, context: _Context, key: str) -> bool:
    """A namesake far from the report's places, unless it is famous under that very name."""
    if place.place_type in {"country", "region", "water"} or place.place_id.startswith("curated:"):
        return False
    reach = next(km for floor, km in _REACH_KM if place.population >= floor)
    # Near the report's centre, or near any of its places: a report may cover two fronts.
    anchors = (context.centre, *context.report_points)
    if nearest_km(place.lat, place.lon, anchors) <= reach:
        return False
    # Famous under that name: a big city by its own name, not by an alternate one.
    return not (place.population >= 100_000 and _own_name(place, key))


def _runner_up(scored: list[tuple[float, Place]]) -> tuple[float, Place] | None:
    """The best other candidate that is really elsewhere: the same place held twice (a
    curated row and a GeoNames row, an imported governorate) is no alternative."""
    best = scored[0][1]
    for score, place in scored[1:]:
        apart = distance_km(best.lat, best.lon, place.lat, place.lon)
        if apart > max(best.precision_km, place.precision_km, 5.0):
            return score, place
    return None


def _dominance(place: Place, other: Place) -> float:
    """How much bigger the winner is than its namesake, in orders of magnitude beyond one.

    The score's importance term is deliberately small, so that context outweighs size; but
    where context says nothing (Moscow in a Syria report, against Moscow, Idaho), a city
    hundreds of times bigger than its namesake is what a reader means.
    """
    if place.population <= 0 or other.population <= 0:
        return 0.0
    return max(0.0, math.log10(place.population / other.population) - 1.0)


def _confidence(best: float, runner_up: tuple[float, Place] | None, place: Place) -> float:
    if runner_up is None:
        margin = 1.0
    else:
        second, other = runner_up
        margin = best - second + 0.25 * _dominance(place, other)
    base = 0.55 + min(margin, 1.0) * 0.4
    return round(min(0.98, base * (0.8 if place.place_type == "road" else 1.0)), 2)


def choose(
    mention: Mention,
    candidates: Sequence[Place],
    context: _Context,
    theatre: Theatre,
    origin: Place | None = None,
) -> Resolution:
    """The best candidate for a mention, or an unresolved Resolution saying why."""
    fitting = _filter_by_feature(candidates, mention)
    key = fold_name(mention.name)
    if not fitting:
        reason = "not in the gazetteer" if not candidates else f"no {mention.feature} of that name"
        return Resolution(None, 0.0, "gazetteer", tuple(candidates), reason)
    scored = []
    for place in fitting:
        score = _score(place, context, theatre, key)
        if origin is not None and mention.distance_km is not None:
            score += _distance_fit(place, mention.distance_km, origin)
        scored.append((score, place))
    scored.sort(key=lambda pair: -pair[0])
    best_score, best = scored[0]
    if _distant(best, context, key):
        return Resolution(None, 0.0, "gazetteer", tuple(candidates),
                          f"only distant namesakes (nearest: {best.name}, {best.country})")
    runner_up = _runner_up(scored)
    method = "curated" if best.place_id.startswith("curated:") else "gazetteer"
    return Resolution(best, _confidence(best_score, runner_up, best), method, tuple(candidates))


def derive_area(mention: Mention, base: Place) -> Place:
    """'The western countryside of Aleppo': a point off the base place, less precise."""
    big = base.place_type in {"region", "country"}
    if mention.feature in {"outskirts", "suburb", "edge"}:
        km, precision = max(3.0, base.precision_km), max(3.0, base.precision_km * 0.8)
    elif big:
        km, precision = base.precision_km * 0.5, base.precision_km * 0.6
    else:
        km, precision = 20.0, 20.0
    direction = mention.qualifier or "central"
    lat, lon = offset(base.lat, base.lon, direction, km if mention.qualifier else 0.0)
    adjective = _adjective(mention.qualifier)
    if mention.feature in _AREA_FEATURES:
        name = f"{adjective} {mention.feature} of {base.name}"
    else:
        name = f"{adjective} {base.name}"
    return replace(
        base, place_id=f"{base.place_id}#{direction}-{mention.feature or 'part'}",
        name=name.strip(), lat=lat, lon=lon, place_type="region", precision_km=precision,
        source=f"derived from {base.name} ({base.source})",
    )


def country_part(
    mention: Mention, country: Place, points: tuple[tuple[float, float], ...]
) -> Place | None:
    """'Western Russia', 'northwestern Syria': the middle of the country's places that lie
    furthest that way (a third of them), spread as far as those places are."""
    return _country_part(mention.qualifier, country, points)


@functools.lru_cache(maxsize=1024)
def _country_part(
    direction: str, country: Place, points: tuple[tuple[float, float], ...]
) -> Place | None:
    east, north = DIRECTIONS.get(direction, (0.0, 0.0))
    if len(points) < 6 or (east, north) == (0.0, 0.0):
        return None
    def reach(point: tuple[float, float]) -> float:
        return point[1] * east * math.cos(math.radians(point[0])) + point[0] * north

    ranked = sorted(points, key=reach, reverse=True)
    chosen = ranked[: max(3, len(ranked) // 3)]
    lat = sorted(p[0] for p in chosen)[len(chosen) // 2]
    lon = sorted(p[1] for p in chosen)[len(chosen) // 2]
    spread = sorted(distance_km(lat, lon, *p) for p in chosen)[len(chosen) // 2]
    return replace(
        country, place_id=f"{country.place_id}#{direction}",
        name=f"{_adjective(direction)} {country.name}", lat=lat, lon=lon,
        place_type="region", precision_km=round(max(spread, 25.0), 0),
        source=f"derived from the places of {country.name} in GeoNames",
    )


def derived_confidence(confidence: float, base: Place) -> float:
    """Parts of places are less certain than the places."""
    return round(confidence * 0.85, 2)


def _adjective(direction: str) -> str:
    return f"{direction}ern" if direction and direction != "central" else direction


def needs_area(mention: Mention, place: Place) -> bool:
    """Does the mention name a part of the place rather than the place itself?"""
    return bool(mention.qualifier) or (
        mention.feature in _AREA_FEATURES and place.place_type != "region"
    )


def place_on_road(place: Place, line: list[tuple[float, float]], context: _Context) -> Place:
    """A road mention's point: the stretch nearest the sentence's other places."""
    if not line or not context.sentence_points:
        return place
    lat = sum(p[0] for p in context.sentence_points) / len(context.sentence_points)
    lon = sum(p[1] for p in context.sentence_points) / len(context.sentence_points)
    on_lat, on_lon = nearest_on_line(lat, lon, line)
    return replace(place, lat=on_lat, lon=on_lon)


def build_context(
    sentence_places: Sequence[Place], report_places: Sequence[Place], theatre: Theatre
) -> _Context:
    """The context one mention is resolved in."""
    every = [(p.lat, p.lon) for p in report_places if p.place_type != "country"]
    points = tuple(dict.fromkeys(every))  # a city named ten times is one point of context
    # The median of every mention: the report's centre of gravity, robust to one far place.
    if every:
        centre = (sorted(p[0] for p in every)[len(every) // 2],
                  sorted(p[1] for p in every)[len(every) // 2])
    else:
        centre = (theatre.lat, theatre.lon)
    return _Context(
        sentence_points=tuple((p.lat, p.lon) for p in sentence_places if p.place_type != "country"),
        report_points=points,
        countries=frozenset(p.country for p in report_places if p.place_type == "country"),
        centre=centre,
    )


def with_sentence(context: _Context, sentence_places: Sequence[Place]) -> _Context:
    """The report's context, narrowed to one sentence's other places."""
    points = (p for p in sentence_places if p.place_type != "country")
    return replace(context, sentence_points=tuple(dict.fromkeys((p.lat, p.lon) for p in points)))


def origin_key(mention: Mention) -> str:
    return fold_name(mention.distance_from) if mention.distance_from else ""
