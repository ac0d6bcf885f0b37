"""The layer grows with the input, not with its square: syndicated sentences and bodies
with no sentence ends (schema 2: carriers listed once per sentence, quotes cut around the
mention with exact offsets)."""

from __future__ import annotations

import json

import pytest

from components.layer_data import mentions_frame
from components.quotes import card_html, quote_cards
from geo.build import build_layer
from geo.layer import CARRIED_BY_LIST_MAX, QUOTE_MAX_CHARS, quote_window
from geo.records import Sentence

SYNDICATED = ("Rebels captured Saraqib and pushed towards Hama on Wednesday. "
              "Shelling hit Idlib, Maarat al-Numan and Aleppo.\n")


def _syndicated_corpus(folder, copies: int):
    folder.mkdir()
    for number in range(copies):
        (folder / f"wire{number:04d}.md").write_text(
            f"---\noutlet: Outlet {number}\npublished: 2024-11-29\n---\n{SYNDICATED}",
            encoding="utf-8")
    return folder


def _layer_bytes(tmp_path, geoparser, copies: int) -> tuple[int, dict]:
    out = tmp_path / f"layer{copies}.geojson"
    build_layer([_syndicated_corpus(tmp_path / f"c{copies}", copies)], out, geoparser=geoparser)
    return out.stat().st_size, json.loads(out.read_text(encoding="utf-8"))


def test_a_sentence_carried_by_many_reports_grows_the_layer_linearly(tmp_path, geoparser):
    small, _ = _layer_bytes(tmp_path, geoparser, 20)
    big, layer = _layer_bytes(tmp_path, geoparser, 160)
    # Eight times the reports: about eight times the bytes (schema 1 gave ~8 x 8 for the
    # carried_by lists), with a margin for the per-report rows and the carriers' ids.
    assert big / small < 9.5
    features = layer["features"]
    assert {f["properties"]["carried_by_count"] for f in features} == {160}
    # Version 1's list is kept for its readers, capped: the layer stays linear.
    assert all(len(f["properties"]["carried_by"]) == CARRIED_BY_LIST_MAX for f in features)
    assert all(f["properties"]["carried_by"][0] == f["properties"]["report"] for f in features)
    carriers = layer["quote_carriers"]
    assert len(carriers) == 2  # the two sentences, each listed once
    assert all(len(ids) == 160 for ids in carriers.values())


def _run_on(tmp_path, geoparser, repeat: int) -> tuple[str, int, list]:
    names = ["Aleppo", "Hama", "Idlib", "Saraqib", "Homs", "Latakia", "Tartus", "Daraa"]
    body = "fighting was reported in " + ", then in ".join(names * repeat) + "\n"
    folder = tmp_path / f"runon{repeat}"
    folder.mkdir()
    (folder / "runon.md").write_text(
        f"---\noutlet: X\npublished: 2024-11-29\n---\n{body}", encoding="utf-8")
    out = tmp_path / f"layer{repeat}.geojson"
    build_layer([folder], out, geoparser=geoparser)
    return body, out.stat().st_size, json.loads(out.read_text(encoding="utf-8"))["features"]


def test_a_body_with_no_sentence_ends_keeps_quotes_short_and_exact(tmp_path, geoparser):
    _, small, _ = _run_on(tmp_path, geoparser, 30)
    body, big, features = _run_on(tmp_path, geoparser, 120)
    assert len(features) == 960
    for feature in features:
        p = feature["properties"]
        assert len(p["quote"]) <= QUOTE_MAX_CHARS
        assert body[p["quote_start"]:p["quote_end"]] == p["quote"]
        assert p["quote_start"] <= p["start"] < p["end"] <= p["quote_end"]
        assert (p["sentence_start"], p["sentence_end"]) == (0, len(body.rstrip("\n")))
    # Four times the names, four times the bytes (schema 1: sixteen times).
    assert big / small < 4.5


@pytest.mark.parametrize("at", [0, 7, 300, 999, 1994])
def test_a_cut_quote_holds_its_mention_and_stays_within_the_limit(at):
    text = " ".join(["word"] * 400)  # 1,999 characters
    sentence = Sentence(100, 100 + len(text), text)
    start, end = 100 + at, 100 + at + 4
    low, high = quote_window(sentence, start, end)
    assert 100 <= low <= start < end <= high <= sentence.end
    assert high - low <= QUOTE_MAX_CHARS
    assert high - low >= QUOTE_MAX_CHARS - 2 * 40 - 8  # not cut far shorter than needed
    inner = text[low - 100 : high - 100]
    assert not inner.startswith(" ") and not inner.endswith(" ")


def test_a_short_sentence_is_quoted_whole():
    sentence = Sentence(5, 25, "Fighting near Hama.")
    assert quote_window(sentence, 19, 23) == (5, 25)


def test_the_card_of_a_cut_quote_marks_the_mention_and_says_it_is_cut(tmp_path, geoparser):
    body = "shelling " * 200 + "hit Saraqib " + "and more shelling " * 100 + "\n"
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "cut.md").write_text(
        f"---\noutlet: X\npublished: 2024-11-29\n---\n{body}", encoding="utf-8")
    out = tmp_path / "layer.geojson"
    build_layer([tmp_path / "r"], out, geoparser=geoparser)
    frame, _ = mentions_frame(json.loads(out.read_text(encoding="utf-8"))["features"])
    cards, _ = quote_cards(frame[frame["mention"] == "Saraqib"])
    page = card_html(cards[0])
    assert "<mark>Saraqib</mark>" in page
    assert "<blockquote>… shelling" in page and page.endswith(" …</blockquote></div>")
