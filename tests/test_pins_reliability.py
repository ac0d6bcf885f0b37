"""Pins are never lost or silently wrong: concurrent writers, permissions, bad pins."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from geo.build import build_layer, make_geoparser
from geo.errors import OverridesError
from geo.overrides import PinnedPlace, add_pin, load_pins, make_pin, read_pins

REPO = Path(__file__).resolve().parents[1]
_WRITER = """
import sys
from pathlib import Path
from geo.overrides import PinnedPlace, add_pin, make_pin
path, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for n in range(count):
    add_pin(path, make_pin(name=f"{who} place {n}", place=PinnedPlace("P", 35.0, 37.0),
                           everywhere=True))
"""


def _add_many(path: Path, who: str, count: int) -> None:
    for n in range(count):
        add_pin(path, make_pin(name=f"{who} place {n}", place=PinnedPlace("P", 35.0, 37.0),
                               everywhere=True))


def test_pins_saved_at_once_by_processes_and_threads_are_all_kept(tmp_path):
    path = tmp_path / "overrides.json"
    processes = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), f"proc{n}", "25"],
                                  cwd=REPO) for n in range(3)]
    threads = [threading.Thread(target=_add_many, args=(path, f"thread{n}", 25))
               for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(p.wait(timeout=120) == 0 for p in processes)
    names = {pin.name for pin in read_pins(path)}
    assert len(names) == 150  # 6 writers x 25 pins, none lost
    assert not list(tmp_path.glob("*.tmp"))


def test_a_rewritten_file_keeps_its_permissions(tmp_path, geoparser, write_report):
    pins = tmp_path / "overrides.json"
    add_pin(pins, make_pin(name="A", place=PinnedPlace("A", 1.0, 2.0), everywhere=True))
    os.chmod(pins, 0o640)
    add_pin(pins, make_pin(name="B", place=PinnedPlace("B", 1.0, 2.0), everywhere=True))
    assert stat.S_IMODE(pins.stat().st_mode) == 0o640
    write_report("r.md", "Fighting near Hama.\n")
    layer = tmp_path / "out" / "layer.geojson"
    build_layer([tmp_path / "r.md"], layer, geoparser=geoparser)
    os.chmod(layer, 0o644)
    build_layer([tmp_path / "r.md"], layer, geoparser=geoparser)
    assert stat.S_IMODE(layer.stat().st_mode) == 0o644


def test_a_new_file_gets_the_umask_not_private_0600(tmp_path, geoparser, write_report):
    write_report("r.md", "Fighting near Hama.\n")
    old = os.umask(0o022)
    try:
        build_layer([tmp_path / "r.md"], tmp_path / "layer.geojson", geoparser=geoparser)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "layer.geojson").stat().st_mode) == 0o644


def _overrides_with(tmp_path: Path, *pins: dict) -> Path:
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({"schema": "conflict-map/overrides", "version": 1,
                                "pins": list(pins)}), encoding="utf-8")
    return path


GOOD = {"id": "good", "name": "Qurqania", "scope": "everywhere",
        "place": {"name": "Qurqania", "lat": 36.1, "lon": 36.5}}


@pytest.mark.parametrize("lat", ["NaN", "Infinity", "-Infinity", "91", "1e400"])
def test_a_pin_outside_wgs84_is_refused_and_named(tmp_path, lat):
    bad = {"id": "bad0000001", "name": "Hama", "scope": "everywhere",
           "place": {"name": "X", "lat": 0.0, "lon": 37.0}}
    path = _overrides_with(tmp_path, GOOD, bad)
    path.write_text(path.read_text().replace('"lat": 0.0', f'"lat": {lat}'))
    with pytest.raises(OverridesError, match="pin 2: coordinates out of range"):
        read_pins(path)
    index = load_pins(path)
    assert [p.name for p in index.pins] == ["Qurqania"]  # the good pin still applies
    line = index.summary_line()
    assert "pin ignored:" in line and "pin 2" in line
    assert "python -m geo review unpin bad0000001" in line


def test_a_bad_pin_does_not_stop_the_build_and_is_named_in_its_summary(
        tmp_path, write_report):
    path = _overrides_with(tmp_path, GOOD, {"id": "x1", "name": "Hama", "scope": "nowhere",
                                            "place": None})
    write_report("r.md", "Fighters entered the village of Qurqania near Hama.\n")
    summary = build_layer([tmp_path / "r.md"], tmp_path / "layer.geojson",
                          geoparser=make_geoparser(online=False, overrides=path))
    layer = json.loads((tmp_path / "layer.geojson").read_text(encoding="utf-8"))
    assert any(f["properties"]["resolution"] == "pin" for f in layer["features"])
    assert "pin ignored:" in summary.line() and "pin 2: scope 'nowhere'" in summary.line()


def test_making_a_pin_refuses_coordinates_that_are_not_numbers_on_earth():
    for lat, lon in ((float("nan"), 1.0), (1.0, float("inf")), (95.0, 1.0), (1.0, -181.0)):
        with pytest.raises(OverridesError, match="coordinates out of range"):
            make_pin(name="X", place=PinnedPlace("X", lat, lon), everywhere=True)
