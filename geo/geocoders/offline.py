"""The local gazetteer as a geocoder (the same interface as the online ones)."""

from __future__ import annotations

from geo.gazetteer import Gazetteer
from geo.records import Place
from geo.text import fold_name


class GazetteerGeocoder:
    """Looks names up in the local index; never fails, never leaves the machine."""

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def geocode(self, query: str) -> tuple[Place, ...]:
        """Every place of the index that goes by ``query``, most populous first."""
        found = self.gazetteer.lookup(fold_name(query))
        return tuple(sorted(found, key=lambda p: -p.population))
