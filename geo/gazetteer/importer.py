"""Importing a GeoNames dump (``SY.zip``, ``SY.txt``, ``allCountries.zip``) into the index.

The dump is GeoNames' own tab-separated format, 19 columns a line (see
https://download.geonames.org/export/dump/readme.txt). It is read as a stream, one line at a
time, so ``allCountries.zip`` (1.5 GB unpacked) never sits in memory; the whole import is one
transaction, so a malformed line leaves the index as it was. Each file is its own dataset,
``import:<file name>``: importing it again replaces it, and rebuilding the bundled data keeps it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from geo.errors import GazetteerError
from geo.gazetteer import bump_names_version, ensure_index, load_gazetteer, store
from geo.gazetteer.bundled import (
    _LATIN_OR_ARABIC,
    ARABIC_NAMED,
    THEATRE_COUNTRIES,
    _city_precision,
    _city_type,
    _keys,
    display_name,
)
from geo.records import Place

COLUMNS = 19
META_PREFIX = "dataset:"
SOURCE = "GeoNames dump"

# (place_type, precision_km) by feature code; None means "by population" (populated places).
_SPOTS = {
    "MILB": ("base", 1.5), "AIRB": ("base", 1.5), "NVB": ("base", 1.5),
    "AIRP": ("airport", 2.0), "AIRF": ("airport", 1.5), "AIRH": ("airport", 1.0),
    "PRT": ("port", 2.0), "PT": ("port", 1.0), "CSTM": ("crossing", 1.0),
    "DAM": ("landmark", 1.0), "BDG": ("landmark", 0.5), "CSTL": ("landmark", 0.5),
}
_BY_CODE = {
    "PPLX": ("neighbourhood", 1.5), "ADM1": ("region", 50.0), "ADM2": ("region", 25.0),
    "ADM3": ("region", 10.0), "ADM4": ("region", 5.0), "ADMD": ("region", 20.0),
    "PCLI": ("country", 200.0), "PCLD": ("country", 200.0), "PCLS": ("country", 100.0),
    "VAL": ("region", 15.0), "PLN": ("region", 20.0), "DSRT": ("region", 80.0),
    "PLAT": ("region", 30.0), "UPLD": ("region", 20.0), "ISL": ("landmark", 3.0),
    "STM": ("water", 20.0), "SEA": ("water", 150.0), "GULF": ("water", 50.0),
    "BAY": ("water", 10.0), "WLL": ("landmark", 0.5), "SPNG": ("landmark", 0.5),
    "LCTY": ("village", 2.0), "CMPRF": ("village", 1.5), "AREA": ("region", 20.0),
    "RGN": ("region", 30.0), "OILF": ("landmark", 3.0),
    "RD": ("road", 30.0), "RR": ("road", 30.0), "TRL": ("road", 10.0), "ST": ("road", 2.0),
    "RDJCT": ("junction", 1.0), "RDCR": ("junction", 1.0), "TNL": ("landmark", 1.0),
}
_BY_CLASS = {"T": ("landmark", 2.0), "H": ("water", 5.0), "L": ("region", 10.0),
             "R": ("road", 10.0), "A": ("region", 20.0)}


def feature_kind(
    feature_class: str, feature_code: str, population: int
) -> tuple[str, float] | None:
    """The place type and precision of a GeoNames feature, or None for kinds we leave out."""
    if feature_class == "P":
        return _BY_CODE.get(feature_code) or (_city_type(population), _city_precision(population))
    if feature_class == "S":
        return _SPOTS.get(feature_code)
    if feature_class not in _BY_CLASS:
        return None  # U (undersea) and V (vegetation) do not make the news
    return _BY_CODE.get(feature_code) or _BY_CLASS[feature_class]


@dataclass(frozen=True)
class DumpRow:
    """One line of a dump, the columns we use, already checked."""

    geonameid: int
    name: str
    asciiname: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    population: int


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the command's report."""

    dataset: str
    source: Path
    added: int
    already_known: int
    left_out: int
    by_type: tuple[tuple[str, int], ...]
    seconds: float

    def line(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in self.by_type)
        return (
            f"{self.dataset}: added {self.added} places ({kinds or 'none'}); "
            f"{self.already_known} already in the gazetteer, {self.left_out} rows of other "
            f"kinds or countries left out; {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset of the index: how many places, and where and when it came from."""

    dataset: str
    places: int
    source: str
    imported_at: str


def dataset_name(file: Path) -> str:
    return f"import:{file.name}"


def _fail(where: str, number: int, problem: str) -> GazetteerError:
    return GazetteerError(
        f"{where}, line {number}: {problem}. Expected a GeoNames dump: 19 tab-separated columns "
        "(geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, "
        "feature code, country code, ...), as in https://download.geonames.org/export/dump/"
    )


def parse_line(text: str, where: str, number: int) -> DumpRow:
    """One dump line as a row; a GazetteerError naming the file and line if it is not one."""
    columns = text.rstrip("\r\n").split("\t")
    if len(columns) != COLUMNS:
        raise _fail(where, number, f"found {len(columns)} column(s), not {COLUMNS}")
    try:
        row = DumpRow(
            geonameid=int(columns[0]), name=columns[1], asciiname=columns[2],
            alternates=tuple(a for a in columns[3].split(",") if a),
            lat=float(columns[4]), lon=float(columns[5]), feature_class=columns[6],
            feature_code=columns[7], country=columns[8], admin1=columns[10],
            population=int(columns[14] or 0),
        )
    except ValueError as err:
        raise _fail(where, number, f"bad number ({err})") from err
    if not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180) or not row.name:
        raise _fail(where, number, f"no name or coordinates out of range ({row.lat}, {row.lon})")
    return row


def _zip_member(archive: zipfile.ZipFile, file: Path) -> zipfile.ZipInfo:
    texts = [i for i in archive.infolist() if i.filename.endswith(".txt")
             and i.filename.lower() != "readme.txt"]
    named = [i for i in texts if Path(i.filename).stem == file.stem]
    if named or len(texts) == 1:
        return (named or texts)[0]
    raise GazetteerError(
        f"{file}: expected one GeoNames dump ({file.stem}.txt) inside the zip, found "
        f"{[i.filename for i in texts] or 'none'}"
    )


@contextmanager
def open_dump(file: Path) -> Iterator[tuple[IO[bytes], int]]:
    """The dump's lines as a binary stream (unzipped on the fly) and its unpacked size."""
    if not file.is_file():
        raise GazetteerError(f"{file}: no such file; give the path of a GeoNames dump (SY.zip)")
    if file.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(file)
        except zipfile.BadZipFile as err:
            raise GazetteerError(f"{file}: not a readable zip file ({err})") from err
        with archive:
            member = _zip_member(archive, file)
            with archive.open(member) as stream:
                yield stream, member.file_size
        return
    with file.open("rb") as stream:
        yield stream, file.stat().st_size


def read_rows(stream: IO[bytes], where: str, *, progress: bool = False,
              total: int = 0) -> Iterator[DumpRow]:
    """The rows of a dump stream, one at a time."""
    bar = _progress_bar(total, where) if progress else None
    for number, raw in enumerate(stream, start=1):
        if bar is not None:
            bar.update(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _fail(where, number, f"not UTF-8 ({err.reason})") from err
        if text.strip():
            yield parse_line(text, where, number)
    if bar is not None:
        bar.close()


def _progress_bar(total: int, where: str):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total or None, unit="B", unit_scale=True, desc=f"importing {where}",
                file=sys.stderr)


def _names(row: DumpRow) -> list[str]:
    alternates = [a for a in row.alternates if _LATIN_OR_ARABIC.match(a)
                  and not (a.isupper() and len(a) <= 4)]  # airport codes: "ALP", "OSAP"
    if row.country not in THEATRE_COUNTRIES:
        alternates = [a for a in alternates if a.isascii() and len(a) >= 4]
    return [row.name, row.asciiname, *alternates]


def _place(row: DumpRow, kind: tuple[str, float], source: str) -> Place:
    place_type, precision = kind
    return Place(
        place_id=f"geonames:{row.geonameid}", name=display_name(row.name), lat=row.lat,
        lon=row.lon, place_type=place_type, country=row.country,
        # A code for now: replaced by the ADM1 row's name once the whole dump is read.
        admin1=f"adm1:{row.country}.{row.admin1}" if row.admin1 else "",
        population=row.population, precision_km=precision, source=source,
    )


class _Tally:
    """Counts kept while rows stream past; ADM1 names are collected on the way."""

    def __init__(self) -> None:
        self.known = 0
        self.left_out = 0
        self.by_type: Counter[str] = Counter()
        self.admin1: dict[str, str] = {}


def _entries(rows: Iterator[DumpRow], dataset: str, source: str, known: set[str],
             countries: frozenset[str] | None, tally: _Tally) -> Iterator[tuple]:
    cache: dict[str, float] = {}
    for row in rows:
        if row.feature_code == "ADM1":
            tally.admin1[f"adm1:{row.country}.{row.admin1}"] = display_name(row.name)
        kind = feature_kind(row.feature_class, row.feature_code, row.population)
        if kind is None or (countries is not None and row.country not in countries):
            tally.left_out += 1
            continue
        if f"geonames:{row.geonameid}" in known:
            tally.known += 1  # the bundled copy of the same GeoNames place stays
            continue
        tally.by_type[kind[0]] += 1
        arabic = row.country in ARABIC_NAMED
        yield _place(row, kind, source), dataset, "", _keys(_names(row), cache, arabic=arabic)


def _known_ids(connection: sqlite3.Connection, dataset: str) -> set[str]:
    rows = connection.execute(
        "SELECT place_id FROM places WHERE dataset != ? AND place_id LIKE 'geonames:%'",
        (dataset,),
    )
    return {row[0] for row in rows}


def _name_admin1(connection: sqlite3.Connection, dataset: str, names: dict[str, str]) -> None:
    connection.executemany(
        "UPDATE places SET admin1 = ? WHERE dataset = ? AND admin1 = ?",
        ((name, dataset, code) for code, name in names.items()),
    )
    connection.execute(
        "UPDATE places SET admin1 = '' WHERE dataset = ? AND admin1 LIKE 'adm1:%'", (dataset,)
    )


def default_countries(file: Path) -> frozenset[str] | None:
    """allCountries is cut to the theatre unless told otherwise; a country dump is kept whole."""
    return THEATRE_COUNTRIES if file.stem.lower() == "allcountries" else None


def import_dump(
    file: Path,
    *,
    path: Path | None = None,
    countries: frozenset[str] | None = None,
    progress: bool = False,
) -> ImportResult:
    """Import a GeoNames dump into the index at ``path`` (see ``geo.gazetteer.index_path``)."""
    started = time.perf_counter()
    dataset = dataset_name(file)
    target = ensure_index(path)
    connection = store.connect(target)
    tally = _Tally()
    try:
        with connection, open_dump(file) as (stream, size):
            store.delete_dataset(connection, dataset)
            known = _known_ids(connection, dataset)
            rows = read_rows(stream, str(file), progress=progress, total=size)
            source = f"{SOURCE} {file.name}"
            added = store.insert_places(
                connection, _entries(rows, dataset, source, known, countries, tally)
            )
            _name_admin1(connection, dataset, tally.admin1)
            _record(connection, dataset, file, added)
            bump_names_version(connection)
    finally:
        connection.close()
    # A Gazetteer opened earlier in this process caches lookups; open a fresh one next time.
    load_gazetteer.cache_clear()
    return ImportResult(dataset, file, added, tally.known, tally.left_out,
                        tuple(sorted(tally.by_type.items())), time.perf_counter() - started)


def _record(connection: sqlite3.Connection, dataset: str, file: Path, added: int) -> None:
    info = {"source": str(file.resolve()), "places": added,
            "imported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    store.set_meta(connection, META_PREFIX + dataset, json.dumps(info))


def datasets(path: Path | None = None) -> list[DatasetInfo]:
    """Every dataset in the index with its size, source file and import time."""
    connection = store.connect(ensure_index(path))
    try:
        counts = store.dataset_counts(connection)
        infos = []
        for dataset, count in sorted(counts.items()):
            meta = json.loads(store.get_meta(connection, META_PREFIX + dataset) or "{}")
            infos.append(DatasetInfo(dataset, count, meta.get("source", "bundled"),
                                     meta.get("imported_at", "")))
        return infos
    finally:
        connection.close()
