"""A persistent cache of online answers, so each name is asked once.

One SQLite file (``data/cache/geocode.sqlite`` by default, never committed) keyed by
provider, query and restriction; "not found" is an answer too and is kept. Failures are
not cached: the next build asks again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

from geo.geocoders import Geocoder
from geo.records import Place

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    provider TEXT NOT NULL,
    query TEXT NOT NULL,
    restriction TEXT NOT NULL,
    places TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (provider, query, restriction)
);
"""


def query_key(query: str) -> str:
    """Queries that differ only in case or spacing are the same question."""
    return " ".join(query.split()).casefold()


class GeocodeCache:
    """Answers by (provider, query, restriction); safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._connection.executescript(SCHEMA)
        self._lock = threading.Lock()

    def get(self, provider: str, query: str, restriction: str) -> tuple[Place, ...] | None:
        """The cached answer, or None when this question was never answered."""
        with self._lock:
            row = self._connection.execute(
                "SELECT places FROM answers WHERE provider = ? AND query = ? AND restriction = ?",
                (provider, query_key(query), restriction),
            ).fetchone()
        return None if row is None else tuple(Place(**p) for p in json.loads(row[0]))

    def put(self, provider: str, query: str, restriction: str, places: tuple[Place, ...]) -> None:
        text = json.dumps([dataclasses.asdict(p) for p in places], ensure_ascii=False)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        with self._lock, self._connection:
            self._connection.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                (provider, query_key(query), restriction, text, now),
            )


class CachedGeocoder:
    """A geocoder that asks its inner one only for questions the cache has not seen."""

    def __init__(self, inner: Geocoder, cache: GeocodeCache, restriction: str) -> None:
        self.inner = inner
        self.name = inner.name
        self.cache = cache
        self.restriction = restriction
        self.requests = 0
        self.hits = 0

    def geocode(self, query: str) -> tuple[Place, ...]:
        """The cached answer, else the inner geocoder's (then cached); errors pass through."""
        cached = self.cache.get(self.name, query, self.restriction)
        if cached is not None:
            self.hits += 1
            return cached
        self.requests += 1
        # A failure raises past the cache: it may be an answer on the next build.
        places = self.inner.geocode(query)
        self.cache.put(self.name, query, self.restriction, places)
        return places
