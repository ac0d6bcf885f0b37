"""Building the layer: the command line, atomic writes, and reading layers back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.build import build_layer, layer_is_stale
from geo.errors import BuildError, LayerError
from geo.layer import SCHEMA_VERSION, read_layer, write_layer

REPO = Path(__file__).resolve().parents[1]
CONTRACT = {
    "report", "start", "end", "mention", "quote", "place", "place_id", "place_type", "outlet",
    "title", "url", "published", "event_date", "date_precision", "literal", "confidence",
    "precision_km",
}


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_cli_builds_a_valid_rfc7946_layer_and_summarises(tmp_path):
    out = tmp_path / "layer.geojson"
    result = run_cli("build", str(REPO / "data" / "reports"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "5 reports" in result.stdout and "unresolved" in result.stdout
    layer = json.loads(out.read_text(encoding="utf-8"))
    assert layer["type"] == "FeatureCollection" and layer["schema_version"] == SCHEMA_VERSION
    assert len(layer["reports"]) == 5
    for feature in layer["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"].keys() >= CONTRACT
    # GeoJSON is [lon, lat]: Aleppo is at 37.1 E, 36.2 N, not the other way round.
    aleppo = next(f for f in layer["features"] if f["properties"]["place"] == "Aleppo")
    assert aleppo["geometry"]["coordinates"][0] > aleppo["geometry"]["coordinates"][1]


def test_a_bad_report_fails_the_build_and_keeps_the_previous_layer(tmp_path, write_report):
    write_report("good.md", "Clashes were reported in Hama.")
    bad = tmp_path / "bad.md"
    bad.write_text("---\noutlet: X\npublished: 2024-13-01\n---\nText\n", encoding="utf-8")
    out = tmp_path / "out" / "layer.geojson"
    out.parent.mkdir()
    out.write_text('{"previous": true}', encoding="utf-8")
    result = run_cli("build", str(tmp_path), "--out", str(out), "--no-progress")
    assert result.returncode == 1
    assert f"{bad}:3: published date '2024-13-01' is not a real date" in result.stderr
    assert "--skip-bad" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == '{"previous": true}'
    assert [p.name for p in out.parent.iterdir()] == ["layer.geojson"], "no temp file left"


def test_skip_bad_builds_the_rest_and_lists_what_it_skipped(tmp_path, write_report):
    write_report("good.md", "Clashes were reported in Hama.")
    (tmp_path / "bad.md").write_text("no front matter", encoding="utf-8")
    out = tmp_path / "layer.geojson"
    result = run_cli("build", str(tmp_path), "--out", str(out), "--skip-bad")
    assert result.returncode == 0, result.stderr
    assert "skipped 1 bad report" in result.stdout and "bad.md" in result.stdout
    layer = read_layer(out)
    assert [s["path"] for s in layer["skipped"]] == [str(tmp_path / "bad.md")]
    assert {f["properties"]["place"] for f in layer["features"]} == {"Hama"}


def test_build_error_lists_every_bad_report(tmp_path, write_report, geoparser):
    (tmp_path / "a.md").write_text("nothing", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\npublished: 2024-11-29\n---\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_layer([tmp_path], tmp_path / "l.geojson", geoparser=geoparser)
    assert [e.path.name for e in caught.value.problems] == ["a.md", "b.md"]
    assert not (tmp_path / "l.geojson").exists()


def test_staleness_follows_the_reports(tmp_path, write_report, geoparser):
    report = write_report("r.md", "Shelling in Idlib.")
    out = tmp_path / "layer.geojson"
    assert layer_is_stale(out, [tmp_path])
    build_layer([tmp_path], out, geoparser=geoparser)
    assert not layer_is_stale(out, [tmp_path])
    later = out.stat().st_mtime + 5
    os.utime(report, (later, later))
    assert layer_is_stale(out, [tmp_path])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No layer at"),
        ("", "is empty"),
        ("{not json", r"not valid JSON \(line 1"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "not a conflict-map layer"),
        ('{"type": "FeatureCollection", "schema": "conflict-map/layer", "schema_version": 99,'
         ' "features": []}', "newer than this program's"),
    ],
)
def test_unusable_layers_say_what_to_do(tmp_path, content, message):
    path = tmp_path / "layer.geojson"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(LayerError, match=message) as caught:
        read_layer(path)
    assert "python -m geo build" in str(caught.value) or "Update" in str(caught.value)


def test_cli_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "gazetteer" in result.stdout


def test_doubtful_features_carry_the_other_candidates_for_review(seed_layer):
    doubtful = [f["properties"] for f in seed_layer["features"]
                if f["properties"]["confidence"] < 0.7]
    assert doubtful, "the seeds have a few doubtful placements (Moscow, Tehran, Lebanon...)"
    assert any(p["candidates"] for p in doubtful)
    for props in doubtful:
        assert all(c["place_id"] != props["place_id"] for c in props["candidates"])
    assert all("candidates" not in f["properties"] for f in seed_layer["features"]
               if f["properties"]["confidence"] >= 0.7)


@pytest.mark.parametrize(
    "layer",
    [
        {"features": []},
        {"type": "FeatureCollection", "features": []},
        {"type": "FeatureCollection", "unresolved": [{"quote": "He said: \"Idlib\"\n—‘ok’"}],
         "features": [{"type": "Feature", "properties": {"quote": "“Aleppo” ]}\n{"}},
                      {"type": "Feature", "properties": {"place": "حلب", "n": None}}]},
    ],
    ids=["bare", "empty", "awkward-text"],
)
def test_the_written_layer_reads_back_as_it_was_one_feature_per_line(tmp_path, layer):
    out = tmp_path / "layer.geojson"
    write_layer(layer, out)
    text = out.read_text(encoding="utf-8")
    assert json.loads(text) == layer
    lines = text.splitlines()
    assert len(lines) == 2 + len(layer["features"])
    for line, feature in zip(lines[1:-1], layer["features"], strict=True):
        assert json.loads(line.rstrip(",")) == feature


def test_links_that_cannot_be_read_are_named_and_the_build_goes_on(tmp_path, write_report,
                                                                   geoparser):
    write_report("good.md", "Clashes were reported in Hama.")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    (tmp_path / "folder.txt").mkdir()
    out = tmp_path / "out" / "layer.geojson"
    summary = build_layer([tmp_path], out, geoparser=geoparser)  # no --skip-bad needed
    lines = summary.line().splitlines()  # what the command prints
    assert lines[0].startswith("1 reports, 1 mentions")
    assert "left out 3 unreadable entry(ies):" in lines
    named = [line.strip() for line in lines if line.startswith("  ")]
    assert named == [
        f"{tmp_path / 'dangling.md'}: is a symbolic link to {tmp_path / 'gone.md'}, which "
        "does not exist; remove the link or restore its file",
        f"{tmp_path / 'folder.txt'}: is a folder, not a report file (reports inside it are "
        "read); rename it",
        f"{tmp_path / 'loop.md'}: is a symbolic link that loops back on itself; remove it or "
        "repoint it",
    ]
    assert {f["properties"]["place"] for f in read_layer(out)["features"]} == {"Hama"}
