"""Reading the layer into rows, settings, and the offline-safe helpers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.layer_data import load_layer, mentions_frame
from components.palette import BASE_COLOURS, outlet_colours
from components.safe import link, markdown_text, safe_url
from components.selection import Picks, after_pick
from components.settings import PROJECT_DIR, load_settings
from components.timeline import daily_counts
from geo.errors import LayerError

DATA = Path(__file__).parent / "data"


def _point(lon, lat, **props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props}  # fmt: skip


def test_rows_take_lat_lon_from_geojson_order():
    frame, skipped = mentions_frame([_point(37.1, 36.2, place="Aleppo", outlet="X")])
    assert (frame.loc[0, "lat"], frame.loc[0, "lon"]) == (36.2, 37.1)
    assert skipped == 0


def test_unusable_features_are_counted_not_fatal():
    features = [
        _point(1, 2, place="ok"),
        {"type": "Feature", "geometry": None},
        "junk",
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": []}},
    ]
    frame, skipped = mentions_frame(features)
    assert len(frame) == 1 and skipped == 3
    # Missing properties take documented defaults.
    assert frame.loc[0, "literal"] and frame.loc[0, "place_id"] == "ok"


def test_load_layer_explains_a_missing_file(tmp_path):
    with pytest.raises(LayerError, match="python -m geo build"):
        load_layer(tmp_path / "nope.geojson")


def test_settings_defaults_and_overrides(tmp_path):
    default = load_settings({})
    assert default.layer == PROJECT_DIR / "data/layer.geojson"
    assert default.reports == PROJECT_DIR / "data/reports"
    chosen = load_settings({"CONFLICT_MAP_LAYER": str(tmp_path / "l.geojson")})
    assert chosen.layer == tmp_path / "l.geojson"
    assert chosen.reports is None  # a chosen layer is never rebuilt from data/reports
    both = load_settings({"CONFLICT_MAP_LAYER": "x.geojson", "CONFLICT_MAP_REPORTS": "r"})
    assert both.reports == PROJECT_DIR / "r"
    assert load_settings({"CONFLICT_MAP_REPORTS": ""}).reports is None


def test_colours_are_stable_and_distinct():
    names = [f"Outlet {i}" for i in range(15)]
    colours = outlet_colours(names)
    assert colours["Outlet 0"] == BASE_COLOURS[0]
    assert len(set(colours.values())) == 15
    assert outlet_colours(names) == colours


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://www.reuters.com/x?a=1", True), ("http://sana.sy/en/?p=1", True),
     ("javascript:alert(1)", False), (" JavaScript:alert(1)", False), ("java\tscript:x", False),
     ("data:text/html,<script>", False), ("//evil.example/x", False), ("", False), (None, False)],
)  # fmt: skip
def test_only_http_urls_are_links(url, ok):
    assert (safe_url(url) is not None) is ok
    assert ("<a href" in link(url, "t")) is ok


def test_link_escapes_attribute_breakouts():
    out = link('https://x.org/"onmouseover="alert(1)', "<b>t</b>")
    assert '"onmouseover' not in out and "&lt;b&gt;t&lt;/b&gt;" in out


def test_markdown_text_renders_literally():
    assert markdown_text("[x](javascript:alert(1)) *b*") == (
        "\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\*b\\*"
    )


def test_latest_pick_wins():
    picks = after_pick(Picks(), "table", "a")
    picks = after_pick(picks, "map", "b")
    assert picks.place == "b" and picks.origin == "map"
    assert after_pick(picks, "table", "a") == picks  # unchanged table value: no say
    picks = after_pick(picks, "table", "c")
    assert picks.place == "c" and picks.origin == "table"
    assert after_pick(picks, "table", None).place == "c"


def test_daily_counts_per_outlet():
    layer = json.loads((DATA / "layer_small.geojson").read_text(encoding="utf-8"))
    frame, _ = mentions_frame(layer["features"])
    counts = daily_counts(frame, "event")
    day = counts[counts["day"] == "2024-11-27"]
    assert day.set_index("outlet")["mentions"].to_dict() == {"Al-Monitor": 1, "Reuters": 1}
    assert counts["mentions"].sum() == frame["event_date"].notna().sum()
