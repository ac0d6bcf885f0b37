"""Online lookup as the geoparser's fallback for names the gazetteer cannot place.

``OnlineFallback`` is a ``Geoparser.fallback``: called with a mention the gazetteer left
unresolved, it asks the online geocoder (through the answer cache) and keeps the first
answer that lies in the theatre and near the report's other places. Nothing it meets stops a
build: a failure becomes an unresolved mention whose reason says what went wrong, and after
a few failures in a row the provider is not asked again in this build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from geo.errors import GeocoderError, GeocoderUnreachable
from geo.geocoders.base import ONLINE_CONFIDENCE, Restriction
from geo.geocoders.cache import CachedGeocoder, GeocodeCache
from geo.geocoders.settings import GeocoderSettings
from geo.geometry import distance_km
from geo.records import Mention, Place, Report, Resolution

#: The places a report names, as the gazetteer alone places them.
ReportPlaces = Callable[[Report], Sequence[Place]]
Lookup = Callable[[str], tuple[Place, ...]]

# An answer farther than this from every other place of the report is a namesake.
NEAR_REPORT_KM = 150.0
# After this many failures in a row the provider is taken to be down for this build.
MAX_FAILURES_IN_A_ROW = 3
# Feature words that name a different thing than the bare name ("Kuweires air base").
_FACILITIES = frozenset({"air base", "military airport", "airport", "port"})


@dataclass
class FallbackStats:
    """What the fallback did in one build, for the build summary."""

    asked: int = 0
    placed: int = 0
    failures: list[str] = field(default_factory=list)
    failures_in_a_row: int = 0
    #: Why the provider is no longer asked in this build ("" while it is).
    stopped: str = ""
    #: Names not asked because of that (or of the request limit).
    not_asked: int = 0


# Countries and regions say too little about where a village is to vouch for an answer.
_WIDE_TYPES = frozenset({"country", "region", "water", "road"})


def query_for(mention: Mention) -> str:
    """What to ask: the name, with its facility word when it names one."""
    if mention.feature in _FACILITIES:
        return f"{mention.name} {mention.feature}"
    return mention.name


class OnlineFallback:
    """A ``Geoparser.fallback`` that asks an online geocoder."""

    def __init__(
        self,
        geocoder: CachedGeocoder,
        restriction: Restriction,
        *,
        max_requests: int = 500,
        lookup: Lookup | None = None,
        report_places: ReportPlaces | None = None,
    ) -> None:
        self.geocoder = geocoder
        self.restriction = restriction
        self.max_requests = max_requests
        self.lookup = lookup
        self.report_places = report_places
        self.stats = FallbackStats()
        self._places_by_report: dict[str, Sequence[Place]] = {}

    @property
    def provider(self) -> str:
        return self.geocoder.name

    def __call__(
        self, mention: Mention, report: Report, gazetteer: Resolution | None = None,
        near: Sequence[Place] = (),
    ) -> Resolution | None:
        """The online answer for an unresolved mention, or an unresolved row saying why.

        ``gazetteer`` is what the local gazetteer made of the mention (its candidates are
        kept); ``near`` are the report's placed places, which an answer must be close to.
        """
        local = gazetteer.candidates if gazetteer is not None else (
            self.lookup(mention.name) if self.lookup else ())
        refusal = self._refusal()
        if refusal:
            self.stats.not_asked += 1
            return self._unresolved(local, refusal)
        try:
            answers = self._ask(query_for(mention))
        except GeocoderUnreachable as err:
            # Not this name's fault: the provider is down or out of reach. Stop asking it,
            # for every name of the build, instead of waiting out a timeout per name.
            self.stats.failures.append(str(err))
            self.stats.stopped = f"{self.provider} could not be reached"
            return self._unresolved(local, f"online lookup failed: {err}")
        except GeocoderError as err:
            self.stats.failures.append(str(err))
            self.stats.failures_in_a_row += 1
            return self._unresolved(local, f"online lookup failed: {err}")
        self.stats.failures_in_a_row = 0
        return self._choose(answers, local, near or self._near_points(report))

    def _refusal(self) -> str:
        if self.stats.stopped:
            return f"not asked online: {self.stats.stopped}"
        if self.stats.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            return (f"not asked online: {self.provider} failed "
                    f"{MAX_FAILURES_IN_A_ROW} times in a row")
        if self.geocoder.requests >= self.max_requests:
            return f"not asked online: the limit of {self.max_requests} requests was reached"
        return ""

    def _ask(self, query: str) -> tuple[Place, ...]:
        self.stats.asked += 1
        return self.geocoder.geocode(query)

    def _choose(self, answers: tuple[Place, ...], local: tuple[Place, ...],
                near: Sequence[Place]) -> Resolution:
        if not answers:
            return self._unresolved(local, f"not found by {self.provider} either")
        near = [p for p in near if p.place_type not in _WIDE_TYPES]
        fitting = [a for a in answers if self.restriction.holds(a) and _near(a, near)]
        if not fitting:
            return self._unresolved(
                (*local, *answers),
                f"{self.provider} only knows places outside the theatre or far from the "
                "report's other places",
            )
        self.stats.placed += 1
        return Resolution(fitting[0], ONLINE_CONFIDENCE, f"online:{self.provider}",
                          (*local, *answers))

    def _near_points(self, report: Report) -> Sequence[Place]:
        if self.report_places is None:
            return ()
        if report.report_id not in self._places_by_report:
            self._places_by_report[report.report_id] = self.report_places(report)
        return self._places_by_report[report.report_id]

    def _unresolved(self, candidates: tuple[Place, ...], reason: str) -> Resolution:
        return Resolution(None, 0.0, f"online:{self.provider}", candidates, reason)

    def summary_line(self) -> str:
        """One line for the build summary."""
        line = (
            f"online ({self.provider}): {self.stats.asked} names looked up, "
            f"{self.stats.placed} placed, {self.geocoder.requests} requests sent, "
            f"{self.geocoder.hits} answered from the cache {self.geocoder.cache.path}"
        )
        if self.stats.failures:
            line += f"; {len(self.stats.failures)} failed (first: {self.stats.failures[0]})"
        if self.stats.not_asked:
            why = self.stats.stopped or self._refusal().removeprefix("not asked online: ")
            line += (f"; {self.stats.not_asked} name(s) not asked online because {why}: they "
                     "are listed unresolved; rebuild when the provider answers")
        return line


def _near(place: Place, others: Sequence[Place]) -> bool:
    if not others:
        return True
    return min(distance_km(place.lat, place.lon, o.lat, o.lon) for o in others) <= NEAR_REPORT_KM


def open_fallback(
    settings: GeocoderSettings,
    *,
    restriction: Restriction | None = None,
    lookup: Lookup | None = None,
    report_places: ReportPlaces | None = None,
) -> OnlineFallback:
    """The online fallback the settings describe, with its persistent cache."""
    from geo.geocoders.providers import PROVIDERS

    restriction = restriction or Restriction()
    online = PROVIDERS[settings.provider](settings.options, restriction)
    cached = CachedGeocoder(online, GeocodeCache(settings.cache), restriction.key())
    return OnlineFallback(cached, restriction, max_requests=settings.max_requests,
                          lookup=lookup, report_places=report_places)
