"""Checks of the curated regional gazetteer, data/gazetteer/curated.csv.

The structural tests always run. The coordinate tests compare rows with the reference
extracts in ``shared/reference/`` beside the repository (used only to check coordinates) and
are skipped when that folder is missing.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CURATED = REPO / "data" / "gazetteer" / "curated.csv"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"

COLUMNS = [
    "id", "name", "aliases", "place_type", "lat", "lon", "country", "admin1",
    "precision_km", "line", "source",
]
PLACE_TYPES = {
    "city", "town", "village", "neighbourhood", "landmark", "base", "airport", "port",
    "road", "junction", "crossing", "region", "country", "water",
}
# Syria's bounding box, with a small margin.
SYRIA_LAT = (32.25, 37.40)
SYRIA_LON = (35.55, 42.45)
# Words that must never stand alone as an alias: they would match every report.
GENERIC_WORDS = {
    "airport", "airbase", "air base", "base", "city", "town", "village", "province",
    "governorate", "region", "road", "highway", "junction", "crossing", "border", "the",
    "north", "south", "east", "west", "us", "it", "sea", "river", "camp", "military",
}
# (place_type, normalised alias) pairs that two rows may share on purpose.
SHARED_ALIASES_INTENDED: set[tuple[str, str]] = set()
# Curated settlements whose name also names a *different* place in the reference extract,
# while the curated place itself is missing there: id -> why.
HOMONYMS: dict[str, str] = {}
# Curated bases/airports whose reference airfield goes by another name.
AIRFIELD_EQUIVALENTS = {
    "sy-khmeimim-air-base": "Bassel Al-Assad",
    "sy-latakia-airport": "Bassel Al-Assad",
    "sy-tiyas-air-base": "Tiyas",
    "sy-menagh-air-base": "Minakh",
    "sy-tanf-garrison": "At Tanf",
    "lb-beirut-airport": "Beirut-Rafic Hariri",
}
GENERIC_FACILITY = re.compile(
    r"\b(military airbase|military airport|military airfield|international airport|"
    r"air base|airbase|airport|airfield|garrison|base)\b"
)
SETTLEMENT_KM = 10.0
AIRFIELD_KM = 5.0


def norm(name: str) -> str:
    """Fold a place name for matching: no accents, case, apostrophes, hyphens or articles."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"\s*\(.*?\)\s*$", "", s)  # "Khwaitla (Al-Yarubiyah)" -> "khwaitla"
    s = re.sub(r",.*$", "", s)  # "Mansura, Raqqa" -> "mansura"
    s = re.sub(r"[`'’‘ʿʾ]", "", s)
    s = re.sub(r"[-_–]", " ", s)
    s = re.sub(r"\b(al|el|ar|as|ash|at|ad|az|an|ez|es|ed)\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def names_of(row: dict) -> list[str]:
    return [row["name"], *(a for a in row["aliases"].split("|") if a)]


def parse_line(text: str) -> list[tuple[float, float]]:
    points = []
    for vertex in text.split(";"):
        lon, lat = vertex.split()
        points.append((float(lon), float(lat)))
    return points


def load_rows() -> list[dict]:
    with CURATED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = load_rows()
ROW_IDS = [r["id"] for r in ROWS]


# ---------------------------------------------------------------- structure


def test_header_and_size():
    with CURATED.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == COLUMNS
    assert 200 <= len(ROWS) <= 350
    assert all(len(r) == len(COLUMNS) and None not in r for r in ROWS)


def test_ids_unique_and_slugs():
    seen: set[str] = set()
    for r in ROWS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["id"]), r["id"]
        assert r["id"] not in seen, f"duplicate id {r['id']}"
        seen.add(r["id"])


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_row_columns_valid(row):
    assert row["name"].strip() == row["name"] and row["name"]
    assert row["place_type"] in PLACE_TYPES
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert float(row["precision_km"]) > 0
    assert re.fullmatch(r"[A-Z]{2}|", row["country"])
    assert row["source"].strip(), "every row needs a source note"
    folded = [n.casefold() for n in names_of(row)]
    assert len(folded) == len(set(folded)), "an alias repeats the name or another alias"
    for alias in row["aliases"].split("|") if row["aliases"] else []:
        assert alias and alias == alias.strip(), f"empty or padded alias in {row['aliases']!r}"
        assert alias.lower() not in GENERIC_WORDS, f"generic alias {alias!r}"
    if row["place_type"] in {"country", "city", "town", "village", "base", "airport"}:
        assert row["country"], "this place type always has a country"


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_line_only_on_roads_and_parses(row):
    if row["place_type"] != "road":
        assert row["line"] == ""
        return
    points = parse_line(row["line"])
    assert 8 <= len(points) <= 25
    for lon, lat in points:
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    # the representative point lies on (near) the drawn course
    lat, lon = float(row["lat"]), float(row["lon"])
    nearest = min(haversine_km(lat, lon, la, lo) for lo, la in points)
    assert nearest <= float(row["precision_km"]) * 3


def test_junction_names_list_sorted_road_ids():
    road_ids = {r["id"].removeprefix("road-") for r in ROWS if r["place_type"] == "road"}
    for r in ROWS:
        if r["place_type"] != "junction":
            continue
        m = re.fullmatch(r"(\S+)/(\S+) junction", r["name"])
        assert m, r["name"]
        a, b = m.group(1).lower(), m.group(2).lower()
        assert a < b, f"{r['name']}: road ids not in sorted order"
        assert {a, b} <= road_ids, f"{r['name']}: unknown road"
        assert r["id"] == f"junction-{a}-{b}"


def test_m4_m5_junction_at_saraqib():
    row = next(r for r in ROWS if r["id"] == "junction-m4-m5")
    assert row["name"] == "M4/M5 junction"
    assert {"M5/M4 junction", "M4-M5 junction", "M5-M4 junction"} <= set(names_of(row))
    assert haversine_km(float(row["lat"]), float(row["lon"]), 35.86, 36.81) < 3


@pytest.mark.parametrize("row", [r for r in ROWS if r["country"] == "SY"],
                         ids=[r["id"] for r in ROWS if r["country"] == "SY"])
def test_syrian_rows_inside_syria(row):
    lat, lon = float(row["lat"]), float(row["lon"])
    assert SYRIA_LAT[0] <= lat <= SYRIA_LAT[1] and SYRIA_LON[0] <= lon <= SYRIA_LON[1]
    if row["line"]:
        for lon_, lat_ in parse_line(row["line"]):
            assert SYRIA_LAT[0] <= lat_ <= SYRIA_LAT[1] and SYRIA_LON[0] <= lon_ <= SYRIA_LON[1]


def test_no_alias_shared_within_a_place_type():
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in ROWS:
        for n in names_of(r):
            owners[(r["place_type"], n.casefold())].add(r["id"])
    clashes = {k: v for k, v in owners.items() if len(v) > 1 and k not in SHARED_ALIASES_INTENDED}
    assert not clashes, f"names shared by rows of the same type: {clashes}"


def test_sorted_by_country_type_name():
    keys = [(r["country"], r["place_type"], r["name"].lower()) for r in ROWS]
    assert keys == sorted(keys)


def test_governorates_present():
    gov = [r for r in ROWS if r["id"].startswith("sy-gov-")]
    assert len(gov) == 14
    for r in gov:
        assert r["place_type"] == "region"
        names = {n.casefold() for n in names_of(r)}
        assert any(n.endswith(("province", "governorate")) for n in names), r["id"]


# ---------------------------------------------------------------- reference checks


def _reference(name: str):
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference extract {path} not available")
    return json.loads(path.read_text(encoding="utf-8"))


def settlement_disagreements(rows, places) -> tuple[int, list[str]]:
    """Curated Syrian settlements farther than SETTLEMENT_KM from every same-named reference."""
    by_name: dict[str, list[dict]] = defaultdict(list)
    for p in places:
        by_name[norm(p["nameEn"])].append(p)
    checked, bad = 0, []
    for r in rows:
        if r["country"] != "SY" or r["place_type"] not in {"city", "town", "village"}:
            continue
        refs = [p for n in {norm(x) for x in names_of(r)} for p in by_name.get(n, [])]
        if not refs:
            continue
        checked += 1
        lat, lon = float(r["lat"]), float(r["lon"])
        d = min(haversine_km(lat, lon, p["lat"], p["lng"]) for p in refs)
        if d > SETTLEMENT_KM and r["id"] not in HOMONYMS:
            bad.append(f"{r['id']}: {d:.1f} km from the nearest reference '{refs[0]['nameEn']}'")
    return checked, bad


def airfield_disagreements(rows, airfields) -> tuple[int, list[str]]:
    """Curated bases/airports farther than AIRFIELD_KM from the matching reference airfield."""
    by_name = {norm(a["name"]): a for a in airfields}
    checked, bad = 0, []
    for r in rows:
        if r["place_type"] not in {"base", "airport"}:
            continue
        ref = None
        if r["id"] in AIRFIELD_EQUIVALENTS:
            ref = by_name[norm(AIRFIELD_EQUIVALENTS[r["id"]])]
        else:
            for n in names_of(r):
                key = re.sub(r"\s+", " ", GENERIC_FACILITY.sub("", norm(n))).strip()
                if key in by_name:
                    ref = by_name[key]
                    break
        if ref is None:
            continue
        checked += 1
        d = haversine_km(float(r["lat"]), float(r["lon"]), ref["lat"], ref["lon"])
        if d > AIRFIELD_KM:
            bad.append(f"{r['id']}: {d:.1f} km from reference airfield '{ref['name']}'")
    return checked, bad


def test_settlements_agree_with_wikidata_reference():
    places = _reference("syria_places_wikidata.json")
    checked, bad = settlement_disagreements(ROWS, places)
    assert checked >= 30, f"only {checked} curated settlements matched the reference by name"
    assert not bad, "\n".join(bad)


def test_airfields_agree_with_reference():
    airfields = _reference("airfields_dcs_syria_theatre.json")["airbases"]
    checked, bad = airfield_disagreements(ROWS, airfields)
    assert checked >= 20, f"only {checked} curated bases/airports matched a reference airfield"
    assert not bad, "\n".join(bad)


def test_reference_checks_catch_a_displaced_row():
    """The checks are not vacuous: moving a row 0.2 degrees makes them fail."""
    places = _reference("syria_places_wikidata.json")
    airfields = _reference("airfields_dcs_syria_theatre.json")["airbases"]
    moved = []
    for r in ROWS:
        if r["id"] in {"sy-khan-al-asal", "sy-kuweires-air-base"}:
            r = {**r, "lat": str(float(r["lat"]) + 0.2)}
        moved.append(r)
    assert any("sy-khan-al-asal" in b for b in settlement_disagreements(moved, places)[1])
    assert any("sy-kuweires-air-base" in b for b in airfield_disagreements(moved, airfields)[1])


def test_homonym_allowlist_is_current():
    ids = set(ROW_IDS)
    assert set(HOMONYMS) <= ids
    assert set(AIRFIELD_EQUIVALENTS) <= ids
