"""Descriptions that stand for a place named before them ("the city itself")."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from geo.reports import read_report


def _parse(geoparser, tmp_path: Path, body: str, name: str = "report.md"):
    path = tmp_path / name
    path.write_text(f"---\noutlet: Test Wire\npublished: 2024-12-05\n---\n{body}", "utf-8")
    report = read_report(path)
    return report, geoparser.parse(report)


def _references(items):
    return [m for m in items if m.resolution.method == "antecedent"]


def test_an_event_told_of_the_city_lands_on_the_city_named_before(geoparser, tmp_path):
    report, items = _parse(geoparser, tmp_path,
        "Rebels entered Hama on Thursday. Government troops withdrew overnight.\n"
        "Three civilians were killed in the city itself when regime forces shelled a market.\n")
    (reference,) = _references(items)
    assert report.body[reference.mention.start:reference.mention.end] == "the city itself"
    assert reference.resolution.place.name == "Hama"
    assert reference.mention.antecedent == (report.body.index("Hama"),
                                            report.body.index("Hama") + 4)
    assert reference.event.sub_event_type == "Shelling/artillery/missile attack"
    assert reference.event.fatalities == 3


def test_a_sentence_that_names_its_own_place_gets_no_description(geoparser, tmp_path):
    _, items = _parse(geoparser, tmp_path,
        "Rebels entered Hama on Thursday.\n"
        "Shells hit the city and the outskirts of Salamiyah overnight.\n")
    assert _references(items) == []


def test_nothing_happening_in_the_city_puts_nothing_on_the_map(geoparser, tmp_path):
    _, items = _parse(geoparser, tmp_path,
        "Rebels entered Hama on Thursday.\n"
        "Residents of the city said they were afraid to go out.\n")
    assert _references(items) == []


def test_the_description_must_fit_the_kind_of_place(geoparser, tmp_path):
    # "the base" cannot stand for a city; the nearest base before it is taken instead.
    _, items = _parse(geoparser, tmp_path,
        "Drones were launched at Khmeimim air base on Monday. Rebels later entered Hama.\n"
        "Russian forces shot down two drones near the base, the defence ministry said.\n")
    (reference,) = _references(items)
    assert reference.resolution.place.place_type in {"base", "airport"}
    assert "Khmeimim" in reference.resolution.place.name


def test_a_name_far_back_is_not_what_the_city_stands_for(geoparser, tmp_path):
    filler = "The talks went on for hours and nobody said anything new. " * 40
    _, items = _parse(geoparser, tmp_path,
        f"Rebels entered Hama on Thursday.\n{filler}\n"
        "Three civilians were killed in the city when regime forces shelled a market.\n")
    assert _references(items) == []


def test_the_city_of_a_named_place_is_left_to_the_spotter(geoparser, tmp_path):
    _, items = _parse(geoparser, tmp_path,
        "Rebels entered Hama on Thursday.\n"
        "Shells hit the city of Qamhana, killing two.\n")
    assert all(m.mention.text != "the city" for m in items)


@pytest.mark.parametrize("sentences", [200, 2000])
def test_descriptions_cost_grows_with_the_report_not_its_square(geoparser, tmp_path,
                                                                sentences):
    pair = ("Rebels entered Hama.\n"
            "Three people were killed in the city when regime forces shelled a market.\n")
    body = pair * (sentences // 2)
    start = time.perf_counter()
    _, items = _parse(geoparser, tmp_path, body, f"long{sentences}.md")
    assert len(_references(items)) == sentences // 2
    # Not a speed claim: a guard that 10x the sentences is far from 100x the time.
    assert time.perf_counter() - start < 60
