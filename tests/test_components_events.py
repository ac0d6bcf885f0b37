"""Event coding on the dashboard: kinds, filters, the card's one-line summary, disputes.

Run on ``tests/data/layer_events.geojson``: ``layer_small.geojson`` at schema version 2,
with event fields named as in docs/layer-schema.md, and ``events``, ``control`` and
``syndication`` members.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from components import contradictions, event_card, event_filters, export, table
from components.event_columns import add_status
from components.event_filters import EventFilters, apply_event_filters
from components.event_symbols import (
    GLYPHS,
    KIND_KEYS,
    event_kind,
    events_legend_html,
    kinds_text,
    place_kinds,
)
from components.layer_data import mentions_frame
from components.layer_members import control_frame, events_frame, syndication_copies
from components.map_view import place_features
from components.quotes import card_html, quote_cards

DATA = Path(__file__).parent / "data"
MANSOURA = "curated:sy-mansoura-aleppo"
SARAQIB = "geonames:163806"
ALEPPO = "geonames:170063"


@pytest.fixture(scope="module")
def layer() -> dict:
    return json.loads((DATA / "layer_events.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mentions(layer) -> pd.DataFrame:
    frame = mentions_frame(layer["features"])[0]
    add_status(frame, events_frame(layer["events"]))
    return frame


def _where(mentions, **equal):
    mask = pd.Series(True, index=mentions.index)
    for name, value in equal.items():
        mask &= mentions[name] == value
    return mentions[mask]


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "kind"),
    [
        ("Battles", "Non-state actor overtakes territory", "capture"),
        ("Battles", "Government regains territory", "capture"),
        ("Battles", "Armed clash", "clash"),
        ("Explosions/Remote violence", "Air/drone strike", "air_strike"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelling"),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "explosion"),
        ("Violence against civilians", "Attack", "civilians"),
        ("Displacement", "Displacement", "displacement"),
        ("Strategic developments", "Agreement", "other"),
        ("Protests", "Peaceful protest", "other"),
        (None, None, "context"),
        ("", None, "context"),
    ],
)
def test_every_acled_coding_has_a_map_kind(event_type, sub_event_type, kind):
    assert event_kind(event_type, sub_event_type) == kind
    assert kind == "context" or kind in GLYPHS


def test_default_filters_hide_context_and_flagged_mentions(mentions):
    shown = apply_event_filters(mentions, EventFilters())
    assert not (shown["event_kind"] == "context").any()
    assert not shown["flagged"].any()
    # The intent ("Our eyes are on Hama") and the 2016 recapture are there, only hidden.
    assert len(mentions) - len(shown) == (mentions["event_kind"] == "context").sum() + 3
    both = apply_event_filters(mentions, EventFilters(flags=frozenset({"intent"})))
    assert "geonames:170017" in set(both["place_id"])


def test_filtering_to_air_strikes_keeps_only_air_strikes(mentions):
    shown = apply_event_filters(mentions, EventFilters(kinds=frozenset({"air_strike"})))
    assert set(shown["sub_event_type"]) == {"Air/drone strike"}
    assert set(shown["place_id"]) == {ALEPPO, "geonames:169389", "curated:sy-khmeimim"}
    colours = {o: "#123456" for o in mentions["outlet"].unique()}
    places = place_features(shown, colours)["features"]
    assert {KIND_KEYS[f["properties"]["ek"][0][0]] for f in places} == {"air_strike"}


def test_side_claimant_and_status_filters(mentions):
    russia = apply_event_filters(mentions, EventFilters(sides=frozenset({"russia"})))
    assert set(russia["actor1_side"]) | set(russia["actor2_side"]) >= {"russia"}
    assert all("russia" in (a, b) for a, b in zip(russia["actor1_side"], russia["actor2_side"],
                                                  strict=True))  # fmt: skip
    monitors = apply_event_filters(mentions, EventFilters(claimant_kinds=frozenset({"monitor"})))
    assert list(monitors["claimant"]) == ["SOHR"]
    sure = apply_event_filters(mentions, EventFilters(statuses=frozenset({"corroborated"})))
    assert set(sure["event_id"]) == {"ev-aleppo-dorm-1129", "ev-idlib-strike-1130"}


def test_a_layer_without_event_coding_is_not_filtered():
    small = json.loads((DATA / "layer_small.geojson").read_text(encoding="utf-8"))
    frame = mentions_frame(small["features"])[0]
    assert len(apply_event_filters(frame, EventFilters(kinds=frozenset()))) == len(frame)


def test_counts_per_option(mentions):
    kinds = event_filters.kind_counts(mentions)
    assert kinds["air_strike"] == 3 and kinds["capture"] == 4
    assert event_filters.flag_counts(mentions) == {"historical": 1, "intent": 1, "negated": 0,
                                                   "disputed": 1}  # fmt: skip


def test_a_place_shows_its_most_frequent_kind_and_lists_them_all(mentions):
    kinds = place_kinds(apply_event_filters(mentions, EventFilters()))
    assert kinds_text(kinds[MANSOURA]) == "capture 1"
    assert kinds_text(kinds[ALEPPO]) == "clash 2, shelling 2, air strike 1"


def test_colour_by_side_shares_the_pie_out_by_side(mentions):
    from components.event_symbols import SIDE_COLOURS

    shown = apply_event_filters(mentions, EventFilters())
    collection = place_features(shown, SIDE_COLOURS, colour_by="side")
    names = [name for name, _ in collection["outlets"]]
    (mansoura,) = [f for f in collection["features"] if f["id"] == MANSOURA]
    assert [names[i] for i, _ in mansoura["properties"]["pie"]] == ["opposition"]


def test_mansoura_card_says_what_happened_in_one_line(mentions):
    rows = apply_event_filters(_where(mentions, place_id=MANSOURA), EventFilters())
    (card,), _ = quote_cards(rows)
    html = card_html(card)
    assert (
        '<span class="cm-summary">Captured · by HTS-led opposition · claimed by HTS · '
        "reported by The War Zone</span>"
    ) in html
    assert '<mark class="cm-claim">HTS claimed</mark>' in html
    assert '<mark class="cm-trigger">captured</mark>' in html
    assert "<mark>Mansoura</mark>" in html


def test_summary_gives_fatalities_and_who_reports(mentions):
    (row,) = [r for _, r in _where(mentions, report="007_breitbart").iterrows()
              if r["fatalities"] == 4]  # fmt: skip
    assert event_card.summary_text(row) == (
        "Shelled · by HTS-led opposition · claimed by Syrian state media · reported by "
        "Breitbart · 4 killed"
    )
    (sohr,) = [r for _, r in mentions.iterrows() if r["claimant"] == "SOHR"]
    assert "according to SOHR" in event_card.summary_text(sohr)


def test_context_and_v1_cards(mentions):
    (aleppo,) = [r for _, r in mentions.iterrows() if r["start"] == 174]
    assert "Context" in event_card.summary_html(aleppo)
    assert event_card.summary_html({"coded": False, "event_type": None}) == ""


def test_summary_escapes_report_text():
    row = {"coded": True, "event_type": "Battles", "sub_event_type": "<b>x</b>",
           "actor1": "<script>alert(1)</script>", "outlet": "<img src=x onerror=alert(1)>",
           "claimant": "<i>c</i>", "claimant_kind": "belligerent",
           "event_kind": "other"}  # fmt: skip
    html = event_card.summary_html(row)
    assert "<script>" not in html and "<img src=x" not in html and "<b>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_marks_ignore_offsets_outside_the_sentence():
    row = {"quote": "abc", "quote_start": 10, "claim_start": 11, "claim_end": 99,
           "event_trigger_start": 10, "event_trigger_end": 11}  # fmt: skip
    assert event_card.marks(row) == ((0, 1, "cm-trigger"),)


def test_contradicting_claims_stand_side_by_side(mentions):
    found = contradictions.disputes(_where(mentions, place_id=SARAQIB))
    assert [d.day for d in found] == ["2024-11-30"]
    claims = {c.claimant: c.summary for c in found[0].claims}
    assert claims["Syrian state media"].startswith("Armed clash · by Syrian government forces")
    assert claims["Turkish media"].startswith("Captured · by HTS-led opposition")
    html = contradictions.disputes_html(found)
    assert html.count('class="cm-claim-col"') == 2 and "cm-versus" in html
    assert contradictions.disputes(_where(mentions, place_id=MANSOURA)) == []


def test_layer_members_are_read(layer):
    events = events_frame(layer["events"])
    (dorm,) = events[events["event_id"] == "ev-aleppo-dorm-1129"].itertuples()
    assert (dorm.outlets, dorm.independent_outlets, dorm.status, dorm.fatalities) == (
        2, 2, "corroborated", 4)  # fmt: skip
    assert (round(dorm.lat, 4), round(dorm.lon, 4)) == (36.2021, 37.1343)
    control = control_frame(layer["control"])
    assert set(control["place_id"]) >= {MANSOURA, SARAQIB}
    assert syndication_copies(layer["syndication"])[0].source == "002_reuters"
    assert events_frame(None).empty and control_frame(None).empty


def test_table_and_downloads_carry_the_event_columns(mentions):
    rows = table.table_frame(mentions)
    assert {"sub_event_type", "actor1", "claimant", "fatalities", "flags", "status"} <= set(rows)
    assert "context" in set(rows["sub_event_type"])
    csv = export.to_csv(mentions)
    header = csv.splitlines()[0].split(",")
    assert {"event_type", "sub_event_type", "actor1_side", "claimant_kind", "fatalities",
            "event_flags", "event_id"} <= set(header)  # fmt: skip
    geojson = json.loads(export.to_geojson(mentions))
    assert geojson["schema_version"] == 2
    props = [f["properties"] for f in geojson["features"] if f["properties"]["start"] == 134]
    assert props[0]["claimant"] == "HTS" and props[0]["event_flags"] == []


def test_legend_lists_the_symbols_shown():
    html = events_legend_html(["capture", "air_strike"], None)
    assert "capture" in html and "air strike" in html and "shelling" not in html
    assert "data:image/svg+xml" in html and "http" not in html.replace("http%3A//www.w3", "")


def test_a_capped_table_holds_the_newest_rows_in_order_ties_and_undated_included(mentions):
    # The cap picks its rows from the newest days only: the rows kept, and their order,
    # must be those of the whole table sorted, ties on the last day kept and undated last.
    many = pd.concat([mentions] * 40, ignore_index=True)
    many["start"] = range(len(many))
    many.loc[many.index % 5 == 0, "event_day"] = pd.NaT
    for limit in (3, 50, len(many) - 10, len(many) + 10):
        capped = table.table_frame(many, limit)
        whole = table.table_frame(many, len(many))
        assert capped.equals(whole.head(limit)), limit
    days = pd.to_datetime(table.table_frame(many, len(many))["event_date"], errors="coerce")
    assert days.notna().sum() > 0 and days.tail(1).isna().all()
