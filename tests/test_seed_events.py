"""Events across the seed reports (with a syndicated copy of one of them added)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from geo.build import build_layer

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "reports"
REPUBLISHED = REPO / "tests" / "data" / "syndicated" / "republished_warzone.md"



def _build(tmp_path: Path, geoparser, *extra: Path) -> dict[str, Any]:
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    for path in extra:
        shutil.copy(path, folder)
    out = tmp_path / "layer.geojson"
    build_layer([folder], out, geoparser=geoparser)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, geoparser) -> dict[str, Any]:
    return _build(tmp_path_factory.mktemp("seeds"), geoparser)


@pytest.fixture(scope="module")
def with_copy(tmp_path_factory, geoparser) -> dict[str, Any]:
    return _build(tmp_path_factory.mktemp("copy"), geoparser, REPUBLISHED)


def _dormitory(layer: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in layer["events"] if e["place"] == "Aleppo"
            and e["event_date"] == "2024-11-29" and e["fatalities"] == 4]


def test_the_student_dormitory_deaths_are_one_corroborated_event(seeds):
    (event,) = _dormitory(seeds)
    assert event["outlets"] == ["Breitbart", "The War Zone"]
    assert event["independent_count"] == 2
    assert event["status"] == "corroborated"
    kinds = {c["claimant"]: c["kind"] for c in event["claimants"]}
    assert kinds.get("Syrian state media") == "belligerent", kinds
    assert event["fatalities"] == 4
    # The War Zone names the place only as "the city itself": its point is Aleppo's, and
    # the layer says which earlier name it stands for.
    (warzone,) = [m for m in event["mentions"] if m["outlet"] == "The War Zone"]
    feature = next(f for f in seeds["features"] if f["id"] == warzone["feature"])
    assert feature["properties"]["mention"] == "the city itself"
    assert feature["properties"]["resolution"] == "antecedent"
    assert feature["properties"]["refers_to"] == "Aleppo"


def test_the_sept_15_attack_counts_kyiv_post_once(seeds):
    (event,) = [e for e in seeds["events"] if e["event_date"] == "2024-09-15"]
    assert {m["report"] for m in event["mentions"]} == {
        "000_3d3785e0333a2561", "001_db5e489c38bf6961"}
    assert event["outlets"] == ["Kyiv Post"]
    assert event["independent_outlets"] == ["Kyiv Post"]
    assert event["independent_count"] == 1
    assert [c["source_report"] for c in event["copies"]] == ["000_3d3785e0333a2561"]


def _mansoura(layer: dict[str, Any]) -> dict[str, Any]:
    (event,) = [e for e in layer["events"] if e["place_id"] == "curated:sy-mansoura-aleppo"
                and e["sub_event_type"] == "Non-state actor overtakes territory"]
    return event


def test_a_republished_copy_adds_an_outlet_but_no_independent_one(seeds, with_copy):
    before, after = _mansoura(seeds), _mansoura(with_copy)
    assert before["outlets"] == ["The War Zone"]
    assert after["outlets"] == ["Levant Defence Digest", "The War Zone"]
    assert before["independent_outlets"] == after["independent_outlets"] == ["The War Zone"]
    assert after["status"] == before["status"] == "claimed"  # HTS's word, told twice
    assert {"outlet": "Levant Defence Digest", "report": "republished_warzone",
            "carries": "The War Zone", "source_report": "004_b47eef20986d896b"} in after["copies"]


def test_cross_report_members_are_the_same_on_every_build(seeds, tmp_path, geoparser):
    again = _build(tmp_path, geoparser)
    for member in ("syndication", "events", "control"):
        assert json.dumps(again[member]) == json.dumps(seeds[member])
    assert [f["properties"]["event_id"] for f in again["features"]] == [
        f["properties"]["event_id"] for f in seeds["features"]]
