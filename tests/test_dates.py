"""Dating a sentence's event from its words and the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import event_date, find_dates

FRIDAY = dt.date(2024, 11, 29)
MONDAY = dt.date(2024, 12, 2)
d = dt.date


def date_of(sentence: str, published: dt.date | None = FRIDAY, near: str = "") -> tuple:
    found = find_dates(sentence, 0, published)
    start = sentence.index(near) if near else 0
    date = event_date(found, start, published)
    return date.date, date.precision, date.basis


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Rebels entered Aleppo on Wednesday.", FRIDAY, (dt.date(2024, 11, 27), "day", "relative")),
        ("On Friday, shelling hit Idlib.", FRIDAY, (FRIDAY, "day", "relative")),
        ("By Saturday evening they held Aleppo.", MONDAY, (d(2024, 11, 30), "day", "relative")),
        ("Yesterday a general died in Syria.", FRIDAY, (dt.date(2024, 11, 28), "day", "relative")),
        ("Earlier today the M5 was cut.", FRIDAY, (FRIDAY, "day", "relative")),
        ("The base was hit on Sept. 15.", MONDAY, (dt.date(2024, 9, 15), "day", "explicit")),
        ("An attack on July 26 in Mali.", MONDAY, (dt.date(2024, 7, 26), "day", "explicit")),
        ("The offensive began on Nov. 27.", MONDAY, (dt.date(2024, 11, 27), "day", "explicit")),
        ("Talks in Astana on 3 December 2023.", MONDAY, (dt.date(2023, 12, 3), "day", "explicit")),
        ("He spoke in May 2023 in Kyiv.", MONDAY, (dt.date(2023, 5, 1), "month", "explicit")),
        ("Back in 2016, fighting raged in Aleppo.", MONDAY, (d(2016, 1, 1), "year", "explicit")),
        ("Strikes began three days ago in Idlib.", FRIDAY, (d(2024, 11, 26), "day", "relative")),
        ("They lost it almost nine years ago.", FRIDAY, (dt.date(2015, 1, 1), "year", "relative")),
        ("Fighting continues around Hama.", FRIDAY, (FRIDAY, "day", "publication")),
        ("Fighting continues around Hama.", None, (None, None, "undated")),
    ],
)
def test_expressions_resolve_against_publication(sentence, published, expected):
    assert date_of(sentence, published) == expected


def test_a_date_in_december_read_in_january_is_last_year():
    read_in_january = dt.date(2025, 1, 10)
    assert date_of("Rebels took Damascus on Dec. 8.", read_in_january)[0] == dt.date(2024, 12, 8)


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian jets have flown from Khmeimim since 2015.",
        "The first strikes on Aleppo since 2016 hit the city.",
        "There were 125 airstrikes since the offensive began three days ago.",
    ],
)
def test_spans_up_to_now_do_not_date_the_event(sentence):
    assert date_of(sentence) == (FRIDAY, "day", "publication")


def test_the_nearest_expression_dates_each_place():
    sentence = "After the 2016 siege of Aleppo, rebels returned to Aleppo on Friday."
    first = date_of(sentence, near="Aleppo,")
    second = date_of(sentence, near="Aleppo on")
    assert first[0] == dt.date(2016, 1, 1)
    assert second[0] == FRIDAY


def test_impossible_dates_are_ignored():
    assert date_of("Clashes on Feb. 30 near Homs.")[2] == "publication"


SATURDAY = dt.date(2024, 12, 7)


@pytest.mark.parametrize(
    ("sentence", "near", "expected"),
    [
        ("On Friday, the opposition took Deraa, the cradle of the 2011 uprising.", "Deraa",
         d(2024, 12, 6)),
        ("After the 2016 siege of eastern Aleppo, rebels returned on Friday.", "Aleppo",
         d(2016, 1, 1)),
        ("Many remember the 2012 battle for the city.", "city", d(2012, 1, 1)),  # nothing else
    ],
)
def test_a_year_used_as_an_adjective_dates_only_its_own_phrase(sentence, near, expected):
    assert date_of(sentence, SATURDAY, near=near)[0] == expected


@pytest.mark.parametrize(
    ("sentence", "near", "expected"),
    [
        ("They entered Homs on Saturday, after capturing Rastan a day earlier.", "Rastan",
         d(2024, 12, 6)),
        ("They entered Homs on Saturday, after capturing Rastan a day earlier.", "Homs",
         SATURDAY),
        ("Hama fell on Dec. 5; two days later rebels took Rastan.", "Rastan", d(2024, 12, 7)),
        ("Rastan fell the day before, a commander said.", "Rastan", d(2024, 12, 6)),
        ("Fighters reached Homs the next day.", "Homs", d(2024, 12, 8)),
        ("Rastan fell a week earlier.", "Rastan", d(2024, 11, 30)),
    ],
)
def test_shifts_count_from_the_sentences_date_or_the_publication(sentence, near, expected):
    found = date_of(sentence, SATURDAY, near=near)
    assert found[:2] == (expected, "day")
