"""Every sub-command's options do what --help says, wherever they are written: an option
given before an action (``review --layer X pin``) is not overwritten by the action's
default."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.cli import main, make_parser
from geo.overrides import PinnedPlace, add_pin, make_pin, read_pins

REPO = Path(__file__).resolve().parents[1]
BODY = "Fighters entered the village of Qurqania near Hama. Shelling hit Saraqib.\n"


@pytest.fixture
def built(tmp_path, write_report):
    """A report folder and its layer, built through the command line."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.md").write_text(write_report("r.md", BODY).read_text(encoding="utf-8"))
    layer = tmp_path / "out" / "layer.geojson"
    assert main(["build", str(folder), "--out", str(layer), "--no-progress", "--no-online",
                 "--overrides", str(tmp_path / "none.json")]) == 0
    return folder, layer


def _pin_args(name: str) -> list[str]:
    return ["--name", name, "--everywhere", "--lat", "36.1", "--lon", "36.5"]


@pytest.mark.parametrize("order", ["before", "after"])
def test_review_options_apply_before_or_after_the_action(tmp_path, built, capsys, order,
                                                          monkeypatch):
    _, layer = built
    default = tmp_path / "default-overrides.json"  # where a lost --overrides would write
    monkeypatch.setenv("CONFLICT_MAP_OVERRIDES", str(default))
    pins = tmp_path / "pins.json"
    where = ["--layer", str(layer), "--overrides", str(pins)]

    def run(action: str, *rest: str) -> int:
        argv = (["review", *where, action, *rest] if order == "before"
                else ["review", action, *rest, *where])
        return main(argv)

    assert run("pin", *_pin_args("Qurqania")) == 0
    assert [p.name for p in read_pins(pins)] == ["Qurqania"]
    assert not default.exists()
    capsys.readouterr()
    assert run("pins") == 0
    assert f"1 pin(s) in {pins}" in capsys.readouterr().out
    pin_id = read_pins(pins)[0].pin_id
    assert run("unpin", pin_id) == 0
    assert read_pins(pins) == ()


def test_review_candidate_is_looked_up_in_the_layer_given_before_the_action(
        tmp_path, built, capsys):
    _, layer = built
    data = json.loads(layer.read_text(encoding="utf-8"))
    # A candidate only this layer holds: found only if "--layer" before "pin" is used.
    data["unresolved"][0]["candidates"] = [{"place_id": "test:only-here", "place": "Here",
                                            "lat": 36.1, "lon": 36.5, "place_type": "village",
                                            "country": "SY"}]
    layer.write_text(json.dumps(data), encoding="utf-8")
    pins = tmp_path / "pins.json"
    assert main(["review", "--layer", str(layer), "--overrides", str(pins), "pin",
                 "--name", "Qurqania", "--everywhere", "--candidate", "test:only-here"]) == 0
    assert read_pins(pins)[0].source == "test:only-here"


def test_review_threshold_chooses_what_is_listed(built, capsys):
    _, layer = built
    assert main(["review", "--layer", str(layer), "--threshold", "0"]) == 0
    few = capsys.readouterr().out
    assert main(["review", "--layer", str(layer), "--threshold", "1.01"]) == 0
    every = capsys.readouterr().out
    count = json.loads(layer.read_text(encoding="utf-8"))
    placed = len(count["features"])
    assert f"{len(count['unresolved'])} mention(s) to review" in few
    assert f"{len(count['unresolved']) + placed} mention(s) to review" in every


def test_build_options_do_what_they_say(tmp_path, built, capsys):
    folder, layer = built
    capsys.readouterr()
    assert main(["build", str(folder), "--out", str(layer), "--if-stale"]) == 0
    assert f"{layer} is up to date" in capsys.readouterr().out
    (folder / "bad.md").write_text("no front matter\n", encoding="utf-8")
    assert main(["build", str(folder), "--out", str(layer), "--no-progress"]) == 1
    assert main(["build", str(folder), "--out", str(layer), "--skip-bad", "--no-progress",
                 "--no-online"]) == 0
    assert "skipped 1 bad report(s)" in capsys.readouterr().out
    pins = tmp_path / "pins.json"
    add_pin(pins, make_pin(name="Qurqania", place=PinnedPlace("Q", 36.1, 36.5), everywhere=True))
    assert main(["build", str(folder), "--out", str(layer), "--skip-bad", "--overrides",
                 str(pins), "--no-online"]) == 0
    assert "pins: 1 in the overrides, applied to 1 mention(s)" in capsys.readouterr().out


def test_no_online_wins_over_the_environment(tmp_path, built, capsys, monkeypatch):
    folder, layer = built
    monkeypatch.setenv("CONFLICT_MAP_GEOCODER", "nominatim")
    monkeypatch.setenv("CONFLICT_MAP_GEOCODER_URL", "http://127.0.0.1:9/")  # nothing there
    assert main(["build", str(folder), "--out", str(layer), "--no-online"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith("online (")]


def test_gazetteer_actions_use_the_index_they_are_given(tmp_path, capsys, monkeypatch):
    index = tmp_path / "index.sqlite"
    shutil.copy(REPO / "data" / "gazetteer" / "index.sqlite", index)
    monkeypatch.setenv("CONFLICT_MAP_GAZETTEER", str(index))
    for action in ("build", "info", "list"):
        assert main(["gazetteer", action]) == 0
        assert str(index) in capsys.readouterr().out
    dump = REPO / "tests" / "data" / "geonames" / "SY.txt"
    assert main(["gazetteer", "import", str(dump), "--countries", "LB"]) == 0
    kept_none = capsys.readouterr().out  # --countries LB keeps none of a Syrian dump
    assert main(["gazetteer", "import", str(dump)]) == 0
    kept_all = capsys.readouterr().out
    assert kept_none != kept_all and str(index) in kept_all
    with pytest.raises(SystemExit) as refused:
        main(["gazetteer", "import", str(dump), "--countries", "not codes"])
    assert refused.value.code == 2
    assert "give ISO codes like SY,LB" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["build"], ["gazetteer"], ["gazetteer", "import"],
                                  ["review"], ["review", "pin"], ["review", "pins"],
                                  ["review", "unpin"]])
def test_every_command_has_help(argv, capsys):
    with pytest.raises(SystemExit) as done:
        make_parser().parse_args([*argv, "--help"])
    assert done.value.code == 0
    assert "usage: python -m geo" in capsys.readouterr().out
