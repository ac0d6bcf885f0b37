"""The offline gazetteer: look up places by name in the local SQLite index.

The index is found in a documented order: an explicit path, then the environment variable
``CONFLICT_MAP_GAZETTEER``, then ``data/gazetteer/index.sqlite`` in the repository. It is
built from the bundled data on first use, and rebuilt when that data changes; places an
analyst imported (``python -m geo gazetteer import``) are kept across rebuilds.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from pathlib import Path

from geo.gazetteer import bundled, store
from geo.records import Place

REPO_ROOT = Path(__file__).resolve().parents[2]
CURATED_CSV = REPO_ROOT / "data" / "gazetteer" / "curated.csv"
DEFAULT_INDEX = REPO_ROOT / "data" / "gazetteer" / "index.sqlite"
ENV_INDEX = "CONFLICT_MAP_GAZETTEER"
BUNDLED_DATASETS = ("geonames", "curated")
#: A name this common in English (Zipf scale) is a word unless it names a major place.
COMMON_WORD_ZIPF = 4.0
MAJOR_POPULATION = 200_000


def index_path(path: Path | None = None) -> Path:
    """Where the index lives: ``path``, else $CONFLICT_MAP_GAZETTEER, else the default."""
    if path is not None:
        return path
    env = os.environ.get(ENV_INDEX)
    return Path(env) if env else DEFAULT_INDEX


def rebuild_bundled(connection: sqlite3.Connection, curated: Path) -> int:
    """Replace the bundled datasets in the index; imported datasets are left alone."""
    cache: dict[str, float] = {}
    with connection:
        for dataset in BUNDLED_DATASETS:
            store.delete_dataset(connection, dataset)
        count = store.insert_places(connection, bundled.curated_places(curated, cache))
        curated_countries = {
            row[0] for row in connection.execute(
                "SELECT country FROM places WHERE dataset = 'curated' AND place_type = 'country'"
            )
        }
        count += store.insert_places(connection, bundled.geonames_cities(cache))
        count += store.insert_places(
            connection, bundled.geonames_countries(cache, skip=curated_countries)
        )
        count += store.insert_places(connection, bundled.us_states(cache))
        count += store.insert_places(connection, bundled.continents(cache))
        store.drop_borrowed_names(connection, bundled.THEATRE_COUNTRIES)
        store.set_meta(connection, "bundle", bundled.bundle_fingerprint(curated))
        bump_names_version(connection)
    return count


def bump_names_version(connection: sqlite3.Connection) -> None:
    """Mark the set of names as changed, so cached name matchers are rebuilt."""
    version = int(store.get_meta(connection, "names_version") or 0) + 1
    store.set_meta(connection, "names_version", str(version))


class Gazetteer:
    """Read access to the index; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        self.lookup = functools.lru_cache(maxsize=65536)(self._lookup)
        self._names_version = ""

    def _lookup(self, key: str) -> tuple[Place, ...]:
        with self._lock:
            return tuple(store.candidates(self._connection, key))

    def name_keys(self) -> list[tuple[str, float]]:
        """Every name key worth matching, with its commonness as an English word."""
        with self._lock:
            return list(store.iter_name_keys(
                self._connection, word_zipf=COMMON_WORD_ZIPF, major_population=MAJOR_POPULATION))

    def names_version(self) -> str:
        """The version of the set of names; a change (an import) empties the lookup caches,
        so a long-running app sees imported places without a restart."""
        with self._lock:
            version = store.get_meta(self._connection, "names_version") or "0"
        if version != self._names_version:
            self._names_version = version
            self.lookup.cache_clear()
            self.country_points.cache_clear()
        return version

    def fingerprint(self) -> str:
        """What the names are: the bundle they were built from and the version of the set
        (an import bumps it). A per-report cache keys on it (geo.report_cache)."""
        version = self.names_version()
        with self._lock:
            bundle = store.get_meta(self._connection, "bundle") or ""
        return f"{self.path.resolve()}|{bundle}|{version}"

    def road_line(self, place_id: str) -> list[tuple[float, float]]:
        """A road's course as (lat, lon) vertices; empty for anything else."""
        with self._lock:
            text = store.road_line(self._connection, place_id)
        vertices = []
        for pair in filter(None, (p.strip() for p in text.split(";"))):
            lon, lat = (float(v) for v in pair.split())
            vertices.append((lat, lon))
        return vertices

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one gazetteer per index, kept for the run
    def country_points(self, country: str) -> tuple[tuple[float, float], ...]:
        """(lat, lon) of the populated places of a country, to tell its west from its east."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT lat, lon FROM places WHERE country = ? "
                "AND place_type IN ('city', 'town', 'village')", (country,),
            ).fetchall()
        return tuple(rows)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return store.dataset_counts(self._connection)


def ensure_index(path: Path | None = None, *, curated: Path | None = None) -> Path:
    """The index path, after (re)building the bundled data if it is missing or stale."""
    target = index_path(path)
    curated = curated or CURATED_CSV
    connection = store.connect(target)
    try:
        if store.get_meta(connection, "bundle") != bundled.bundle_fingerprint(curated):
            rebuild_bundled(connection, curated)
    finally:
        connection.close()
    return target


@functools.cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer at ``path`` (see :func:`index_path`), built first if needed."""
    return Gazetteer(ensure_index(path))
