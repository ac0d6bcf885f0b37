"""Geoparsing text the project has never seen: other days of the war, other phrasings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.geometry import distance_km
from geo.reports import read_report

REPORT = """\
Rebels captured the village of Kafr Zibad and the towns of Hader and al-Eis on Wednesday, \
then advanced towards Maarat al-Numan on the M5 highway.
Fighting raged in Hama province, north of Homs, as Turkish-backed factions seized Tal Rifaat, \
35 km north of Aleppo.
Vladimir Putin met Bashar al-Assad in Moscow, the Kremlin said. Police said the Most Holy \
Trinity church in Aleppo was damaged.
Iran-backed militias withdrew from Deir ez-Zor and Abu Kamal, while Israeli jets struck the \
port of Latakia and Tartus.
The Jerusalem Post and Al Jazeera reported clashes near Saraqib and in the eastern \
countryside of Idlib.
"""


@pytest.fixture(scope="module")
def parsed(tmp_path_factory, geoparser):
    path = tmp_path_factory.mktemp("unseen") / "unseen.md"
    path.write_text(f"---\noutlet: Test Wire\npublished: 2024-12-05\n---\n{REPORT}", "utf-8")
    return {m.mention.text: m for m in geoparser.parse(read_report(path))}


@pytest.mark.parametrize(
    ("mention", "lat", "lon", "km"),
    [
        ("Hader", 35.99, 37.05, 5),
        ("al-Eis", 36.00, 37.00, 5),
        ("Maarat al-Numan", 35.65, 36.67, 5),
        ("Tal Rifaat", 36.47, 37.10, 5),
        ("Homs", 34.73, 36.72, 5),
        ("Deir ez-Zor", 35.34, 40.14, 5),
        ("Abu Kamal", 34.45, 40.92, 5),
        ("port of Latakia", 35.52, 35.77, 3),
        ("Tartus", 34.89, 35.89, 3),
        ("Saraqib", 35.86, 36.81, 3),
        ("Hama province", 35.2, 37.0, 60),
    ],
)
def test_places_of_an_unseen_report(parsed, mention, lat, lon, km):
    place = parsed[mention].resolution.place
    assert place is not None, parsed[mention].resolution.reason
    assert distance_km(place.lat, place.lon, lat, lon) <= km, place


def test_a_road_is_placed_on_its_stretch_near_the_sentences_places(parsed):
    road = parsed["M5 highway"].resolution.place
    assert road.place_type == "road"
    # The sentence speaks of Hader, al-Eis and Maarat al-Numan: the M5 near them, not Damascus.
    assert distance_km(road.lat, road.lon, 35.8, 36.8) < 40


def test_directions_make_an_area_and_distances_keep_their_origin(parsed):
    area = parsed["eastern countryside of Idlib"].resolution.place
    idlib = (35.93, 36.63)
    assert area.place_type == "region" and area.lon > idlib[1]
    assert 10 < distance_km(area.lat, area.lon, *idlib) < 30
    # "35 km north of Aleppo" measures from Aleppo: Aleppo itself stays the city.
    assert "north of Aleppo" not in parsed and parsed["Aleppo"].resolution.place.name == "Aleppo"


def test_a_capital_far_from_the_theatre_is_placed_with_confidence(parsed):
    # Moscow, Idaho is a namesake, but nothing in the report points there: the capital,
    # hundreds of times bigger, is what the reader means, and it needs no review.
    moscow = parsed["Moscow"].resolution
    assert moscow.place.country == "RU" and moscow.confidence >= 0.7
    assert any(c.country == "US" for c in moscow.candidates)


def test_unknown_or_far_namesakes_are_listed_not_misplaced(parsed):
    village = parsed["village of Kafr Zibad"]
    assert village.resolution.place is None
    assert "distant" in village.resolution.reason


@pytest.mark.parametrize("word", ["Vladimir", "Putin", "Police", "Most", "Jerusalem", "Kremlin"])
def test_people_organisations_and_words_are_not_places(parsed, word):
    assert not [m for m in parsed if m.startswith(word)]


def test_relative_dates_and_modifiers(parsed):
    assert parsed["Hader"].event_date.date == dt.date(2024, 12, 4)
    assert parsed["Iran"].mention.usage == "modifier" and not parsed["Iran"].mention.literal
    assert parsed["Moscow"].mention.literal


def test_gazetteer_names_the_offsets_in_the_body(parsed):
    for text, item in parsed.items():
        body_slice = item.mention.sentence.text
        assert text in body_slice


def test_reading_a_report_never_changes_offsets(tmp_path: Path, geoparser):
    body = "Shelling hit Ḩamāh’s outskirts and Idlib — residents fled to Afrin.\n"
    path = tmp_path / "r.md"
    path.write_text(f"---\noutlet: X\npublished: 2024-12-01\n---\n{body}", "utf-8")
    for item in geoparser.parse(read_report(path)):
        assert body[item.mention.start : item.mention.end] == item.mention.text


PRESS_SPELLINGS = """\
Turkish-backed factions shelled Ras al-Ain and Ain al-Arab on Monday.
Regime forces held Al-Sukhnah and Al-Zabadani, and fighting was reported near Deir Hafir.
"""


@pytest.mark.parametrize(
    ("mention", "lat", "lon"),
    [
        ("Ras al-Ain", 36.85, 40.07),  # GeoNames: Ra's al 'Ayn
        ("Ain al-Arab", 36.89, 38.35),  # 'Ayn al 'Arab (Kobani)
        ("Al-Sukhnah", 34.89, 38.87),  # As Sukhnah
        ("Al-Zabadani", 33.72, 36.10),  # Az Zabadani
        ("Deir Hafir", 36.16, 37.71),  # Dayr Hafir
    ],
)
def test_press_spellings_of_romanised_arabic_names(tmp_path, geoparser, mention, lat, lon):
    path = tmp_path / "press.md"
    path.write_text(f"---\noutlet: Test Wire\npublished: 2024-12-05\n---\n{PRESS_SPELLINGS}",
                    encoding="utf-8")
    parsed = {m.mention.text: m for m in geoparser.parse(read_report(path))}
    place = parsed[mention].resolution.place
    assert place is not None, parsed[mention].resolution.reason
    assert distance_km(place.lat, place.lon, lat, lon) <= 5, place


def test_a_list_of_places_shares_its_date(tmp_path, geoparser):
    path = tmp_path / "homs.md"
    path.write_text(
        "---\noutlet: Test Wire\npublished: 2024-12-07\n---\nFighters entered the city of Homs "
        "late on Saturday, after capturing the towns of Rastan and Talbiseh to its north a day "
        "earlier.\n", encoding="utf-8")
    dates = {m.mention.text: m.event_date.date for m in geoparser.parse(read_report(path))}
    assert dates["city of Homs"] == dt.date(2024, 12, 7)
    assert dates["Rastan"] == dates["Talbiseh"] == dt.date(2024, 12, 6)


WORLD = """\
Police in New Jersey said the suspect fled to New Mexico, then to New York.
Washington said on Monday it would send aid to North Africa and to Mexico, the White House said.
Officials in Africa welcomed the decision.
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory, geoparser):
    path = tmp_path_factory.mktemp("world") / "world.md"
    path.write_text(f"---\noutlet: Test Wire\npublished: 2024-12-05\n---\n{WORLD}", "utf-8")
    return {m.mention.text: m.resolution for m in geoparser.parse(read_report(path))}


@pytest.mark.parametrize(
    ("mention", "name", "country"),
    [
        ("New Jersey", "New Jersey", "US"),  # a common phrase, and a state: not "Jersey"
        ("New Mexico", "New Mexico", "US"),
        ("New York", "New York City", "US"),  # the city, by its name without "City"
        ("Mexico", "Mexico", "MX"),  # the country by its own name, not Mexico City
        ("Washington", "Washington", "US"),  # not South River, NJ, once called Washington
        ("Africa", "Africa", ""),  # the continent, not Mahdia (Tunisia), once "Africa"
    ],
)
def test_world_places_by_their_own_names(world, mention, name, country):
    place = world[mention].place
    assert place is not None, world[mention].reason
    assert (place.name, place.country) == (name, country)


def test_a_foreign_translation_of_a_name_is_not_a_place(world):
    # Casablanca means "white house"; the White House is not in Morocco.
    assert world["White House"].place is None


def test_the_area_towns_are_in_is_the_province_not_its_town(geoparser, tmp_path):
    # "towns in Idlib", "strikes across Idlib and western Aleppo": the province is meant.
    path = tmp_path / "areas.md"
    path.write_text(
        "---\noutlet: Test Wire\npublished: 2024-11-29\n---\n"
        "HTS said it controlled dozens of towns in Idlib and western Aleppo.\n"
        "Warplanes carried out strikes across Hama on Friday.\n"
        "Rebels entered Idlib and Hama on Friday.\n", "utf-8")
    placed = [(m.mention.text, m.resolution.place.place_type)
              for m in geoparser.parse(read_report(path))]
    assert placed == [("Idlib", "region"), ("western Aleppo", "region"), ("Hama", "region"),
                      ("Idlib", "city"), ("Hama", "city")]
