"""Geocoders: the offline gazetteer and online services, behind one small interface.

Every geocoder answers ``geocode(query) -> tuple[Place, ...]``: the places a name may be,
best first, empty when none. The offline one reads the local index; each online one is a
thin adapter over a geopy geocoder (``geo.geocoders.providers``) whose errors are translated
once, in ``geo.geocoders.base``, into :class:`geo.errors.GeocoderError`. ``open_geocoder``
builds one from settings, wrapped in the persistent answer cache; ``OnlineFallback`` plugs it
into ``Geoparser.fallback``.
"""

from __future__ import annotations

from typing import Protocol

from geo.records import Place


class Geocoder(Protocol):
    """What the resolver may ask any geocoder, offline or online."""

    name: str

    def geocode(self, query: str) -> tuple[Place, ...]:
        """The places ``query`` may name, best first; empty when there is none."""
        ...
