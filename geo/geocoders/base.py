"""What every online geocoder shares: the geopy call, its pace, and its errors.

An adapter only says which geopy class to make, which parameters restrict a query to the
theatre, and how to read one answer into a :class:`Place`. The call itself goes through
geopy's ``RateLimiter`` (the provider's minimum delay between requests, a few retries on
server errors) and every failure - timeout, HTTP 429 or 5xx, refused connection, malformed
answer - leaves here as one :class:`GeocoderError`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from geo import __version__
from geo.errors import GeocoderError, GeocoderUnreachable
from geo.records import Place

USER_AGENT = f"conflict-map/{__version__} (offline conflict map geoparsing war reports)"
# An online answer is a guess from one name without context: the analyst should review it.
ONLINE_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Restriction:
    """Where answers may lie: the theatre's countries and a box around them."""

    countries: tuple[str, ...] = ("SY", "LB", "TR", "IQ", "JO", "IL", "PS", "CY")
    south: float = 29.0
    west: float = 32.0
    north: float = 38.5
    east: float = 48.8

    def key(self) -> str:
        """A stable text for the cache key: the same restriction, the same answers."""
        box = f"{self.south},{self.west},{self.north},{self.east}"
        return f"countries={','.join(sorted(self.countries))};box={box}"

    def box(self) -> list[tuple[float, float]]:
        """The box as geopy wants it: two (lat, lon) corners."""
        return [(self.south, self.west), (self.north, self.east)]

    def holds(self, place: Place) -> bool:
        """Is the place in the theatre (by its country when known, else by the box)?"""
        if place.country:
            return place.country.upper() in self.countries
        return self.south <= place.lat <= self.north and self.west <= place.lon <= self.east


@dataclass(frozen=True)
class Options:
    """How to reach a provider and how gently to ask it (validated in ``settings``)."""

    domain: str | None = None
    scheme: str | None = None
    timeout: float = 5.0
    user_agent: str = USER_AGENT
    username: str = ""
    min_delay: float | None = None
    max_retries: int = 2
    error_wait: float = 5.0
    limit: int = 5


# OpenStreetMap tags (Nominatim's class/type, Photon's osm_key/osm_value) as place kinds.
_OSM_VALUES = {
    "city": ("city", 8.0), "town": ("town", 3.0), "village": ("village", 2.0),
    "hamlet": ("village", 1.0), "isolated_dwelling": ("village", 0.5),
    "suburb": ("neighbourhood", 2.0), "neighbourhood": ("neighbourhood", 1.0),
    "quarter": ("neighbourhood", 1.5), "aerodrome": ("airport", 2.0),
    "airfield": ("base", 1.5), "base": ("base", 1.5), "military": ("base", 1.5),
    "motorway_junction": ("junction", 1.0), "border_control": ("crossing", 1.0),
    "harbour": ("port", 2.0), "country": ("country", 200.0), "state": ("region", 50.0),
    "region": ("region", 50.0), "county": ("region", 25.0), "district": ("region", 20.0),
}
_OSM_KEYS = {
    "highway": ("road", 10.0), "waterway": ("water", 10.0), "water": ("water", 5.0),
    "boundary": ("region", 20.0), "military": ("base", 1.5), "aeroway": ("airport", 2.0),
    "place": ("village", 2.0), "natural": ("landmark", 2.0),
}


def osm_kind(key: str, value: str) -> tuple[str, float]:
    """Place type and precision (km) for an OpenStreetMap key/value pair."""
    if key == "boundary" and value == "administrative":
        return "region", 25.0
    return _OSM_VALUES.get(value) or _OSM_KEYS.get(key) or ("landmark", 1.0)


def short_id(*parts: object) -> str:
    """A stable id for answers that carry none (ArcGIS)."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _describe(err: BaseException) -> str:
    from geopy import exc

    kinds = ((exc.GeocoderTimedOut, "timed out"), (exc.GeocoderRateLimited, "rate limited (429)"),
             (exc.GeocoderParseError, "malformed answer"),
             (exc.GeocoderAuthenticationFailure, "refused our credentials"),
             (exc.GeocoderQuotaExceeded, "quota exceeded"),
             (exc.GeocoderUnavailable, "unavailable"))
    for kind, words in kinds:
        if isinstance(err, kind):
            return f"{words}: {err}".strip()
    return f"failed: {err}"


def _worth_retrying(err: BaseException) -> bool:
    """Busy (429) or a server error (5xx) may pass; bad credentials or answers will not."""
    from geopy import exc

    if isinstance(err, exc.GeocoderRateLimited):
        return True
    refused = (exc.GeocoderAuthenticationFailure, exc.GeocoderParseError,
               exc.GeocoderInsufficientPrivileges, exc.GeocoderQueryError,
               exc.GeocoderQuotaExceeded)
    return isinstance(err, exc.GeocoderServiceError) and not isinstance(err, refused)


class OnlineGeocoder:
    """Base of the adapters: geopy call, pace and error translation, once."""

    name: ClassVar[str]
    #: Seconds between two requests, from the provider's usage policy.
    min_delay: ClassVar[float] = 1.0

    def __init__(self, options: Options, restriction: Restriction) -> None:
        from geopy.extra.rate_limiter import RateLimiter

        self.options = options
        self.restriction = restriction
        self._geopy = self._make(options)
        delay = self.min_delay if options.min_delay is None else options.min_delay
        # The limiter only paces; retries are ours (see ``geocode``), so that a provider
        # that does not answer costs one timeout, not one per retry.
        self._call = RateLimiter(
            self._geopy.geocode, min_delay_seconds=delay, max_retries=0,
            swallow_exceptions=False,
        )

    def _make(self, options: Options) -> Any:
        raise NotImplementedError

    def _params(self) -> dict[str, Any]:
        """geopy ``geocode`` keywords that keep answers in the theatre."""
        return {}

    def _place(self, raw: Any, lat: float, lon: float) -> Place:
        raise NotImplementedError

    def geocode(self, query: str) -> tuple[Place, ...]:
        """The provider's answers for ``query``; GeocoderError when it cannot answer,
        GeocoderUnreachable when it cannot be reached (not retried)."""
        from geopy.exc import GeocoderTimedOut, GeocoderUnavailable, GeopyError

        attempt = 0
        while True:
            try:
                found = self._call(query, exactly_one=False, **self._params())
                return tuple(self._places(found or ()))
            except (GeocoderTimedOut, GeocoderUnavailable) as err:
                raise GeocoderUnreachable(
                    f"{self.name} {_describe(err)} (query {query!r})") from err
            except GeopyError as err:
                if attempt >= self.options.max_retries or not _worth_retrying(err):
                    raise GeocoderError(f"{self.name} {_describe(err)} (query {query!r})") from err
                attempt += 1
                time.sleep(self.options.error_wait)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
                raise GeocoderError(
                    f"{self.name} malformed answer: {err!r} (query {query!r})"
                ) from err

    def _places(self, found: Sequence[Any]) -> list[Place]:
        places = [self._place(loc.raw, loc.latitude, loc.longitude)
                  for loc in found if loc is not None]
        return places[: self.options.limit]

    def place_id(self, ident: object) -> str:
        return f"online:{self.name}:{ident}"
