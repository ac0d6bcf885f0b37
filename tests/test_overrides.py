"""Pins: the overrides file, how pins apply to mentions, and that they survive a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.build import build_layer
from geo.cli import main
from geo.errors import OverridesError
from geo.gazetteer import CURATED_CSV, Gazetteer, store
from geo.gazetteer.bundled import _keys, bundle_fingerprint
from geo.overrides import (
    PinIndex,
    PinnedPlace,
    add_pin,
    load_pins,
    make_pin,
    read_pins,
    remove_pin,
    review_items,
)
from geo.pipeline import Geoparser
from geo.records import Mention, Place, Report, Sentence

TINY = [  # (id, name, lat, lon, type, population): two Mansouras, 140 km apart
    ("geonames:170063", "Aleppo", 36.2021, 37.1343, "city", 1_600_000),
    ("geonames:163000", "Mansoura", 35.8400, 38.7400, "town", 20_000),
    ("geonames:163001", "Mansoura", 36.2187, 37.0478, "village", 3_000),
]
MANSOURA_BY_ALEPPO = (36.2187, 37.0478)
BODY = ("Rebels captured Mansoura on Friday, and fighters entered the village of Qurqania "
        "near Aleppo.\n")


@pytest.fixture
def gazetteer(tmp_path: Path) -> Gazetteer:
    """Three places, marked up to date so nothing rebuilds the bundled data into them."""
    connection = store.connect(tmp_path / "index.sqlite")
    with connection:
        store.insert_places(connection, (
            (Place(pid, name, lat, lon, kind, "SY", population=pop, source="test"), "test", "",
             _keys([name], {}))
            for pid, name, lat, lon, kind, pop in TINY))
        store.set_meta(connection, "bundle", bundle_fingerprint(CURATED_CSV))
    connection.close()
    return Gazetteer(tmp_path / "index.sqlite")


def _build(report: Path, gazetteer: Gazetteer, out: Path, overrides: Path) -> dict:
    geoparser = Geoparser(gazetteer, pins=load_pins(overrides))
    summary = build_layer([report], out, geoparser=geoparser)
    layer = json.loads(out.read_text(encoding="utf-8"))
    layer["summary"] = summary.line()
    return layer


def _features(layer: dict, mention: str) -> list[dict]:
    return [f for f in layer["features"] if f["properties"]["mention"].endswith(mention)]


def test_a_pin_made_in_review_survives_a_rebuild(gazetteer, write_report, tmp_path, capsys):
    report = write_report("401_mansoura.txt", BODY)
    out, overrides = tmp_path / "layer.geojson", tmp_path / "overrides.json"
    layer = _build(report, gazetteer, out, overrides)
    (unresolved,) = layer["unresolved"]
    assert unresolved["mention"].endswith("Qurqania")

    assert main(["review", "--layer", str(out), "--overrides", str(overrides)]) == 0
    assert "Qurqania" in capsys.readouterr().out
    assert main(["review", "pin", "--layer", str(out), "--overrides", str(overrides),
                 "--name", unresolved["mention"], "--report", "401_mansoura",
                 "--lat", "36.0567", "--lon", "36.5553", "--note", "OSM node"]) == 0
    assert "pinned" in capsys.readouterr().out

    layer = _build(report, gazetteer, tmp_path / "again.geojson", overrides)
    (pinned,) = _features(layer, "Qurqania")
    props = pinned["properties"]
    assert (props["resolution"], props["confidence"]) == ("pin", 1.0)
    assert props["place_id"].startswith("pin:")
    assert pinned["geometry"]["coordinates"] == [36.5553, 36.0567]
    assert layer["unresolved"] == []
    assert "pins: 1 in the overrides, applied to 1 mention(s)" in layer["summary"]


def test_pinning_a_candidate_moves_a_mention_to_it(gazetteer, write_report, tmp_path):
    report = write_report("402_mansoura.txt", "Rebels captured Mansoura on Friday.\n")
    out, overrides = tmp_path / "layer.geojson", tmp_path / "overrides.json"
    (before,) = _features(_build(report, gazetteer, out, overrides), "Mansoura")
    place = PinnedPlace("Mansoura", *MANSOURA_BY_ALEPPO, "village", "SY")
    add_pin(overrides, make_pin(name="Mansoura", place=place, report="402_mansoura",
                                source="geonames:163001"))
    (after,) = _features(_build(report, gazetteer, out, overrides), "Mansoura")
    assert after["geometry"]["coordinates"] == [37.0478, 36.2187]
    assert before["geometry"]["coordinates"] != after["geometry"]["coordinates"]
    assert after["properties"]["place_source"].startswith("analyst pin (geonames:163001")


def _mention(report: str, start: int, name: str) -> tuple[Mention, Report]:
    sentence = Sentence(0, 40, f"{name} was shelled.")
    mention = Mention(report, start, start + len(name), name, name, sentence)
    return mention, Report(report, Path(f"{report}.txt"), "Wire", None, sentence.text)


def test_the_narrowest_pin_wins():
    def pin(**scope):
        return make_pin(name="Mansoura", place=PinnedPlace("M", 1.0, 1.0), **scope)

    index = PinIndex([pin(everywhere=True), pin(report="a"), pin(report="a", start=0, end=8)])
    assert index(*_mention("a", 0, "Mansoura")).place.place_id == f"pin:{index.pins[2].pin_id}"
    assert index(*_mention("a", 50, "Mansoura")).place.place_id == f"pin:{index.pins[1].pin_id}"
    assert index(*_mention("b", 0, "Mansoura")).place.place_id == f"pin:{index.pins[0].pin_id}"
    assert index(*_mention("b", 0, "Aleppo")) is None


def test_the_overrides_file_is_versioned_readable_and_replaced_not_duplicated(tmp_path):
    path = tmp_path / "overrides.json"
    first = make_pin(name="Mansoura", place=PinnedPlace("A", 1.0, 2.0), report="r")
    again = make_pin(name="mansoura", place=PinnedPlace("B", 3.0, 4.0), report="r")
    add_pin(path, first)
    add_pin(path, again)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["schema"], data["version"]) == ("conflict-map/overrides", 1)
    assert [p["place"]["name"] for p in data["pins"]] == ["B"]
    assert data["pins"][0]["id"] == again.pin_id
    assert read_pins(path) == (again,)
    assert remove_pin(path, again.pin_id) and read_pins(path) == ()
    assert not list(tmp_path.glob(".overrides.json.*.tmp"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "cannot read the overrides"),
     ('{"schema": "other"}', "not a conflict-map overrides file"),
     ('{"schema": "conflict-map/overrides", "version": 9, "pins": []}', "version 9"),
     ('{"schema": "conflict-map/overrides", "version": 1, "pins": [{"name": "X"}]}',
      "pin 1: not a pin"),
     ('{"schema": "conflict-map/overrides", "version": 1, "pins": [{"name": "X", "scope": '
      '"report", "place": {"name": "X", "lat": 1, "lon": 2}}]}', "needs a report id")],
)
def test_a_bad_overrides_file_is_refused_with_its_name(tmp_path, content, message):
    path = tmp_path / "overrides.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OverridesError, match=message) as caught:
        read_pins(path)
    assert str(path) in str(caught.value)


def test_review_lists_unresolved_first_then_the_least_sure_but_not_pins():
    layer = {
        "unresolved": [{"report": "b", "start": 5, "end": 9, "mention": "Qurq", "quote": "q",
                        "reason": "not in the gazetteer", "candidates": []}],
        "features": [
            {"geometry": {"coordinates": [37.0, 36.0]}, "properties": {
                "report": "a", "start": 1, "end": 4, "mention": "Low", "place": "L",
                "place_id": "geonames:1", "confidence": 0.55, "resolution": "gazetteer"}},
            {"geometry": {"coordinates": [37.0, 36.0]}, "properties": {
                "report": "a", "start": 30, "end": 35, "mention": "Lower", "place": "W",
                "place_id": "geonames:3", "confidence": 0.4, "resolution": "gazetteer"}},
            {"geometry": {"coordinates": [37.0, 36.0]}, "properties": {
                "report": "a", "start": 9, "end": 12, "mention": "Sure", "place": "S",
                "place_id": "geonames:2", "confidence": 0.95, "resolution": "gazetteer"}},
            {"geometry": {"coordinates": [37.0, 36.0]}, "properties": {
                "report": "a", "start": 20, "end": 25, "mention": "Pin", "place": "P",
                "place_id": "pin:x", "confidence": 0.5, "resolution": "pin"}},
        ],
    }
    items = review_items(layer, 0.7)
    assert [(i.report, i.mention, i.status) for i in items] == [
        ("b", "Qurq", "unresolved"), ("a", "Lower", "low confidence"),
        ("a", "Low", "low confidence")]
    assert items[2].candidates[0].place_id == "geonames:1"


def test_pin_needs_a_scope_and_a_known_candidate(gazetteer, write_report, tmp_path, capsys):
    report = write_report("403.txt", BODY)
    out = tmp_path / "layer.geojson"
    _build(report, gazetteer, out, tmp_path / "none.json")
    base = ["review", "pin", "--layer", str(out), "--overrides", str(tmp_path / "o.json"),
            "--name", "Mansoura"]
    assert main([*base, "--lat", "1", "--lon", "2"]) == 1
    assert "--report ID" in capsys.readouterr().err
    assert main([*base, "--everywhere", "--candidate", "geonames:404"]) == 1
    assert "is not a candidate" in capsys.readouterr().err


def test_a_pin_on_an_area_mention_is_drawn_where_pinned(tmp_path, write_report, geoparser):
    """A pin is the analyst's point: no 'western ...' offset or road shaping moves it."""
    from dataclasses import replace

    from geo.records import Place, Resolution
    from geo.reports import read_report

    path = write_report("area.md", "Airstrikes hit western Aleppo overnight.")
    pinned = Place("pin:test", "Pinned spot", 36.25, 36.95, "village", "SY", precision_km=1.0)

    def pins(mention, report):
        if mention.text == "western Aleppo":
            return Resolution(pinned, 1.0, "pin")
        return None

    parsed = replace(geoparser, pins=pins).parse(read_report(path))
    (area,) = [m for m in parsed if m.mention.text == "western Aleppo"]
    assert area.resolution.method == "pin"
    assert (area.resolution.place.lat, area.resolution.place.lon) == (36.25, 36.95)


def test_not_a_place_drops_a_mention_from_features_and_review(
    gazetteer, write_report, tmp_path, capsys
):
    report = write_report("404_mansoura.txt", BODY)
    out, overrides = tmp_path / "layer.geojson", tmp_path / "overrides.json"
    _build(report, gazetteer, out, overrides)
    for name in ("Mansoura", "Qurqania"):  # one placed, one unresolved
        assert main(["review", "pin", "--layer", str(out), "--overrides", str(overrides),
                     "--name", name, "--report", "404_mansoura", "--not-a-place"]) == 0
    assert "as not a place" in capsys.readouterr().out
    assert all(p.place is None for p in read_pins(overrides))

    layer = _build(report, gazetteer, out, overrides)
    assert _features(layer, "Mansoura") == [] and layer["unresolved"] == []
    dismissed = {row["mention"]: row for row in layer["dismissed"]}
    assert set(dismissed) == {"Mansoura", "Qurqania"}
    assert dismissed["Mansoura"]["quote"].startswith("Rebels captured Mansoura")
    assert "not a place, by an analyst" in dismissed["Mansoura"]["reason"]
    assert review_items(layer) == []
    # The file says so plainly, and reads back.
    saved = json.loads(overrides.read_text(encoding="utf-8"))["pins"]
    assert [pin["place"] for pin in saved] == [None, None]
