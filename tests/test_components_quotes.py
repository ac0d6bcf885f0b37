"""The quote panel: highlighting, escaping, links and "also carried by"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.filters import Filters, apply_filters
from components.layer_data import mentions_frame
from components.quotes import card_html, highlight, quote_cards

DATA = Path(__file__).parent / "data"


def _frame(name: str):
    layer = json.loads((DATA / name).read_text(encoding="utf-8"))
    return mentions_frame(layer["features"])[0]


@pytest.fixture(scope="module")
def mentions():
    return _frame("layer_small.geojson")


def _place(mentions, place_id):
    return mentions[mentions["place_id"] == place_id]


def test_highlight_marks_the_span_and_escapes_the_rest():
    out = highlight("<b>Aleppo</b> & Idlib", [(3, 9)])
    assert out == "&lt;b&gt;<mark>Aleppo</mark>&lt;/b&gt; &amp; Idlib"
    assert highlight("a b", []) == "a b"


def test_cards_highlight_the_mention_from_its_offsets(mentions):
    cards, total = quote_cards(_place(mentions, "curated:sy-mansoura-aleppo"))
    assert total == 1
    assert "including <mark>Mansoura</mark>, five miles" in card_html(cards[0])


def test_same_sentence_in_two_reports_is_one_card_with_also_carried_by(mentions):
    cards, total = quote_cards(_place(mentions, "curated:sy-m4-m5-saraqib"))
    assert total == 1
    card = cards[0]
    assert card.source.outlet == "Reuters"  # the first to publish it
    assert [s.report for s in card.also] == ["003_almonitor"]
    page = card_html(card)
    assert page.count("<blockquote>") == 1
    assert "Also carried by:" in page and "Al-Monitor" in page
    assert 'href="https://www.al-monitor.com/originals/2024/12/roundup"' in page


def test_hidden_outlet_is_not_listed_as_carrier(mentions):
    shown = apply_filters(mentions, Filters(hidden_outlets=frozenset({"Al-Monitor"})))
    cards, _ = quote_cards(_place(shown, "curated:sy-m4-m5-saraqib"))
    assert cards[0].also == ()
    assert "Al-Monitor" not in card_html(cards[0])


def test_cards_are_newest_event_first_with_dates_and_badges(mentions):
    cards, total = quote_cards(_place(mentions, "curated:sy-khmeimim"))
    assert total == 3
    assert [c.event_date for c in cards] == ["2024-12-02", "2024-09-15", "2024-09-15"]
    pages = [card_html(c) for c in cards]
    assert "doubtful placement (0.45)" in pages[0]
    assert any("older event: told 76 days later" in p for p in pages)
    assert any("event 2024-09-15 (“Sept. 15”)" in p for p in pages)


def test_undated_mention_says_so(mentions):
    cards, _ = quote_cards(_place(mentions, "geonames:163345"))
    assert "published undated · event date unknown" in card_html(cards[-1])
    assert "Enab Baladi" in card_html(cards[-1])


def test_non_literal_mention_is_marked(mentions):
    cards, _ = quote_cards(_place(mentions, "geonames:169387"))
    assert any("not literal: modifier" in card_html(c) for c in cards)


def test_hostile_report_shows_as_text_and_links_nothing():
    cards, _ = quote_cards(_frame("layer_hostile.geojson"))
    page = card_html(cards[0])
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(4)&gt;" in page
    assert "<mark>Aleppo</mark>" in page
    assert "href" not in page  # the javascript: url is shown, not linked
    assert "javascript:alert(3)" in page and "not linked" in page


def test_bad_offsets_fall_back_to_finding_the_name(mentions):
    rows = _place(mentions, "curated:sy-mansoura-aleppo").copy()
    rows["quote_start"] = None
    cards, _ = quote_cards(rows)
    assert "<mark>Mansoura</mark>" in card_html(cards[0])


def test_pages_hold_a_slice_of_the_sentences(mentions):
    rows = _place(mentions, "geonames:170063")
    first, total = quote_cards(rows, page=1, page_size=3)
    second, _ = quote_cards(rows, page=2, page_size=3)
    assert total == 4 and len(first) == 3 and len(second) == 1
    assert {c.quote for c in first}.isdisjoint({c.quote for c in second})


def test_a_description_card_names_the_place_it_stands_for(seed_layer):
    mentions = mentions_frame(seed_layer["features"])[0]
    described = mentions[mentions["mention"] == "the city itself"]
    (card,), _ = quote_cards(described)
    page = card_html(card)
    assert "place named earlier in the report: Aleppo" in page
    assert "<mark>the city itself</mark>" in page
