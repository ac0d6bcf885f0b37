"""The geoparser: a report in, its resolved and dated mentions out.

``Report -> spot_mentions -> resolve (two passes) -> classify usage -> date``. The first pass
places every mention on the theatre prior alone; the second re-decides each one knowing
where the report's other places are, so "Mansoura" next to Aleppo lands by Aleppo.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo import dates, resolver
from geo.anaphora import Reference, find_references
from geo.events import code_event
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.literal import classify_usage
from geo.matcher import NameMatcher
from geo.records import Mention, Place, Report, Resolution, ResolvedMention, Sentence
from geo.text import fold_name, split_sentences

# How much of the text around a sentence the event coder sees: the next sentence (for
# "Syrian state media blamed the deaths on HTS") and the one before (who "they" are).
_FOLLOW_CHARS = 400
#: A place reached through a description ("the city itself") is at most this sure: the link
#: itself may be wrong even when the earlier name's place is right.
REFERENCE_CONFIDENCE = 0.75
# A resolution at least this sure anchors the report's context for the second pass.
ANCHOR_CONFIDENCE = 0.7
#: A mention's sentence context is at most this many other places of its sentence, the
#: nearest in the text: a real sentence names fewer, and a body with no sentence ends
#: (one "sentence" of thousands of names) must not cost the square of its names.
SENTENCE_CONTEXT = 24

#: Called with a mention the gazetteer could not place, the gazetteer's resolution (its
#: candidates and reason) and the report's placed places; may return a place (online lookup).
Fallback = Callable[[Mention, Report, Resolution, Sequence[Place]], Resolution | None]
#: Called with every mention; returns the analyst's pinned resolution for it, if any.
Pins = Callable[[Mention, Report], Resolution | None]


@functools.cache
def _matcher_for(path: Path, names_version: str) -> NameMatcher:
    return NameMatcher(load_gazetteer(path).name_keys())


@dataclass
class Geoparser:
    """Finds, places and dates the place names of reports."""

    gazetteer: Gazetteer
    theatre: resolver.Theatre = field(default_factory=resolver.Theatre)
    fallback: Fallback | None = None
    pins: Pins | None = None
    # First-pass resolutions by (name key, feature word), for one version of the names.
    _priors: dict[tuple[str, str], Resolution] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _priors_version: str = field(default="", init=False, repr=False, compare=False)

    @property
    def matcher(self) -> NameMatcher:
        return _matcher_for(self.gazetteer.path, self.gazetteer.names_version())

    def candidates(self, mention: Mention) -> tuple[Place, ...]:
        return self.gazetteer.lookup(fold_name(mention.name))

    def parse(self, report: Report) -> list[ResolvedMention]:
        """Every mention of the report with its place (or why none) and its event date."""
        from geo.spotter import spot_mentions

        # One look at the names' version per report serves the matcher and the priors.
        version = self.gazetteer.names_version()
        if version != self._priors_version:  # an import added names: priors may change
            self._priors.clear()
            self._priors_version = version
        matcher = _matcher_for(self.gazetteer.path, version)
        mentions = spot_mentions(report, matcher, self.gazetteer.lookup)
        first = [self._prior(m) for m in mentions]
        second = self._second_pass(mentions, first)
        placed = [r.place for r in second if r.place is not None]
        lists = _list_spans(mentions, report.body)
        neighbours = _SentenceIndex(mentions, second, _is_neighbour)
        found = [
            self._finish(report, m, r, neighbours.around(n), placed, span)
            for n, (m, r, span) in enumerate(zip(mentions, second, lists, strict=True))
        ]
        references = find_references(report, split_sentences(report.body), found)
        referred = [self._refer(report, reference) for reference in references]
        events = [item for item in referred if item is not None]
        if not events:
            return found
        return sorted(found + events, key=lambda item: (item.mention.start, item.mention.end))

    def _refer(self, report: Report, reference: Reference) -> ResolvedMention | None:
        """The mention a description ("the city itself") stands for, if its sentence reports
        an event there: it takes the earlier name's place, one notch less sure."""
        mention, antecedent = reference.mention, reference.antecedent
        place = antecedent.resolution.place
        resolution = Resolution(
            place, min(antecedent.resolution.confidence, REFERENCE_CONFIDENCE), "antecedent")
        part = report.part_at(mention.start)
        found = _sentence_dates(mention.sentence, part.published)
        when = found.event_date(mention.start, part.published, mention.end)
        event = code_event(
            mention, place_type=place.place_type if place else "", when=when,
            published=part.published, outlet=part.outlet,
            after=report.body[mention.sentence.end:mention.sentence.end + _FOLLOW_CHARS],
            before=report.body[max(0, mention.sentence.start - _FOLLOW_CHARS):
                               mention.sentence.start],
        )
        if event.event_type is None:
            return None  # "the city's residents are afraid": nothing happened there
        return ResolvedMention(mention, resolution, when, part, event)

    def _prior(self, mention: Mention) -> Resolution:
        """The first pass: the theatre prior alone, with no context from the report.

        It depends only on the name and its feature word, so it is worked out once per
        gazetteer version (a fifth of a build's time otherwise).
        """
        key = (fold_name(mention.name), mention.feature)
        prior = self._priors.get(key)
        if prior is None:
            context = resolver.build_context((), (), self.theatre)
            prior = self._priors[key] = self._resolve(mention, context)
        return prior

    def _resolve(self, mention: Mention, context: resolver._Context,
                 origin: Place | None = None) -> Resolution:
        return resolver.choose(mention, self.candidates(mention), context, self.theatre, origin)

    def _second_pass(
        self, mentions: Sequence[Mention], first: Sequence[Resolution]
    ) -> list[Resolution]:
        anchors = [r.place for r in first
                   if r.place is not None and r.confidence >= ANCHOR_CONFIDENCE]
        report_context = resolver.build_context((), anchors, self.theatre)
        same_sentence = _SentenceIndex(mentions, first, _is_anchor)
        origins = _Origins(mentions, first)
        results = []
        for number, mention in enumerate(mentions):
            context = resolver.with_sentence(report_context, same_sentence.around(number))
            results.append(self._resolve(mention, context, origins.of(mention)))
        return results

    def _finish(
        self, report: Report, mention: Mention, resolution: Resolution,
        neighbours: list[Place], placed: list[Place], span: tuple[int, int],
    ) -> ResolvedMention:
        pinned = self.pins(mention, report) if self.pins is not None else None
        if pinned is not None:
            resolution = pinned  # the analyst's point, as pinned: no area or road shaping
        else:
            if resolution.place is None and self.fallback is not None:
                resolution = self.fallback(mention, report, resolution, placed) or resolution
            resolution = self._shape(mention, resolution, neighbours)
        literal, usage = classify_usage(report.body, mention, resolution.place)
        mention = replace(mention, literal=literal, usage=usage)
        part = report.part_at(mention.start)
        found = _sentence_dates(mention.sentence, part.published)
        when = found.event_date(span[0], part.published, span[1])
        event = code_event(
            mention, place_type=resolution.place.place_type if resolution.place else "",
            when=when, published=part.published, outlet=part.outlet,
            after=report.body[mention.sentence.end:mention.sentence.end + _FOLLOW_CHARS],
            before=report.body[max(0, mention.sentence.start - _FOLLOW_CHARS):
                               mention.sentence.start],
        )
        return ResolvedMention(mention, resolution, when, part, event)

    def _shape(
        self, mention: Mention, resolution: Resolution, neighbours: list[Place]
    ) -> Resolution:
        """Move the point for areas ('western Aleppo') and roads (the stretch in question)."""
        place = resolution.place
        if place is None:
            return resolution
        if place.place_type == "road":
            context = resolver.build_context(neighbours, (), self.theatre)
            place = resolver.place_on_road(place, self.gazetteer.road_line(place.place_id),
                                           context)
            return replace(resolution, place=place)
        if resolver.needs_area(mention, place):
            part = None
            if place.place_type == "country":
                points = self.gazetteer.country_points(place.country)
                part = resolver.country_part(mention, place, points)
            return replace(resolution, place=part or resolver.derive_area(mention, place),
                           method="derived",
                           confidence=resolver.derived_confidence(resolution.confidence, place))
        return resolution


@functools.lru_cache(maxsize=4096)
def _sentence_dates(sentence: Sentence, published: dt.date | None) -> dates.SentenceDates:
    # A sentence's expressions are read once, however many places it names.
    return dates.SentenceDates(dates.find_dates(sentence.text, sentence.start, published))


def _list_spans(mentions: Sequence[Mention], body: str) -> list[tuple[int, int]]:
    """For each mention, the span of the list of places it belongs to ("Jaramana and
    Harasta", "Hader, al-Eis and Tal Hadiya") or its own: a list shares one date."""
    from geo.spotter import listed_together

    spans = [(m.start, m.end) for m in mentions]
    first = 0
    for index in range(1, len(mentions) + 1):
        joined = index < len(mentions) and listed_together(
            mentions[index - 1], mentions[index], body
        )
        if not joined:
            for member in range(first, index):
                spans[member] = (mentions[first].start, mentions[index - 1].end)
            first = index
    return spans


def _is_anchor(resolution: Resolution) -> bool:
    return resolution.place is not None and resolution.confidence >= ANCHOR_CONFIDENCE


def _is_neighbour(resolution: Resolution) -> bool:
    place = resolution.place
    return place is not None and place.place_type not in {"road", "country", "region"}


class _SentenceIndex:
    """For each mention, the places of the other mentions of its sentence that pass
    ``keep``: at most SENTENCE_CONTEXT of them, the nearest in the text."""

    def __init__(self, mentions: Sequence[Mention], resolutions: Sequence[Resolution],
                 keep: Callable[[Resolution], bool]) -> None:
        self._mentions = mentions
        self._resolutions = resolutions
        # Mentions come in text order, so each sentence's kept mentions are in order too.
        self._by_sentence: dict[int, list[int]] = {}
        for number, (mention, resolution) in enumerate(zip(mentions, resolutions, strict=True)):
            if keep(resolution):
                self._by_sentence.setdefault(mention.sentence.start, []).append(number)

    def around(self, number: int) -> list[Place]:
        members = self._by_sentence.get(self._mentions[number].sentence.start, [])
        if len(members) > SENTENCE_CONTEXT + 1:
            at = bisect.bisect_left(members, number)
            low = max(0, min(at - SENTENCE_CONTEXT // 2, len(members) - SENTENCE_CONTEXT - 1))
            members = members[low : low + SENTENCE_CONTEXT + 1]
        places = [self._resolutions[n].place for n in members if n != number]
        return [p for p in places if p is not None][:SENTENCE_CONTEXT]


class _Origins:
    """The place a stated distance is measured from ("five miles from Aleppo"): the first
    later mention of that name, found by bisection rather than a scan per mention."""

    def __init__(self, mentions: Sequence[Mention], first: Sequence[Resolution]) -> None:
        self._starts: dict[str, list[int]] = {}
        self._places: dict[str, list[Place | None]] = {}
        for mention, resolution in zip(mentions, first, strict=True):
            key = fold_name(mention.name)
            self._starts.setdefault(key, []).append(mention.start)
            self._places.setdefault(key, []).append(resolution.place)

    def of(self, mention: Mention) -> Place | None:
        if mention.distance_km is None:
            return None
        key = resolver.origin_key(mention)
        starts = self._starts.get(key, [])
        at = bisect.bisect_right(starts, mention.start)
        return self._places[key][at] if at < len(starts) else None


def open_geoparser(gazetteer_path: Path | None = None, **options: object) -> Geoparser:
    """A geoparser on the local gazetteer (built on first use)."""
    return Geoparser(load_gazetteer(gazetteer_path), **options)  # type: ignore[arg-type]
