"""The whole script under AppTest, on the hand-made layers of tests/data.

AppTest cannot draw st_folium, but it sees what the script hands to it: the places layer
travels as the ``feature_group`` script of the component's arguments, read back here.
Nothing is patched: the app is pointed at a layer through ``CONFLICT_MAP_LAYER``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
ALEPPO = "geonames:170063"


def run_app(monkeypatch, layer: Path, **params: str) -> AppTest:
    monkeypatch.setenv("CONFLICT_MAP_LAYER", str(layer))
    monkeypatch.delenv("CONFLICT_MAP_REPORTS", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def map_args(app: AppTest) -> dict:
    (component,) = [c for c in app.get("component_instance")
                    if c.proto.component_name.endswith("st_folium")]  # fmt: skip
    return json.loads(component.proto.json_args)


def map_places(app: AppTest) -> dict[str, dict]:
    """The places handed to the map: the FeatureCollection inside the feature-group script."""
    script = map_args(app)["feature_group"]
    data = re.search(r"var data = (\{.*?\});\n", script).group(1)
    return {f["id"]: f["properties"] for f in json.loads(data)["features"]}


def summary(app: AppTest) -> str:
    return app.caption[0].value


def quote_panel(app: AppTest) -> str:
    return "".join(h.value for h in app.html if "cm-quote" in h.value)


@pytest.fixture
def small(monkeypatch):
    return run_app(monkeypatch, DATA / "layer_small.geojson")


def test_first_view_shows_literal_mentions_of_every_place(small):
    assert not small.exception and not small.error
    assert summary(small).startswith("12 of 14 mentions · 6 places · 6 reports · 5 outlets")
    places = map_places(small)
    assert len(places) == 6
    assert places[ALEPPO]["n"] == 4
    assert places[ALEPPO]["name"] == "Aleppo"
    assert "Click a place on the map" in small.info[0].value


def test_widgets_have_stable_labels_and_keys(small):
    assert [t.key for t in small.toggle][:3] == ["older", "undated", "nonliteral"]
    labels = [t.label for t in small.toggle]
    # Each kind toggle and each outlet says how many mentions it holds.
    assert labels == ["Older events · 1", "Undated mentions · 1", "Non-literal mentions · 1",
                      "The War Zone · 4", "Reuters · 3", "SANA · 3", "Al-Monitor · 1",
                      "Enab Baladi · 1"]  # fmt: skip
    assert small.slider(key="event-range").value == (
        __import__("datetime").date(2024, 9, 15),
        __import__("datetime").date(2024, 12, 2),
    )
    assert small.radio(key="dates").value == "event"
    assert small.radio(key="size").value == "mentions"


def test_map_is_offline_and_narrowed(small):
    args = map_args(small)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert set(args["returned_objects"]) == {"last_object_clicked", "last_object_clicked_tooltip"}
    assert len(args["feature_group"]) < 20_000


def test_hiding_an_outlet_removes_it_everywhere(small):
    small.toggle(key="outlet-reuters").set_value(False).run()
    assert summary(small).startswith("9 of 14 mentions")
    places = map_places(small)
    assert places[ALEPPO]["n"] == 3 and places[ALEPPO]["o"] == 2
    assert "Reuters" not in {row for row in small.dataframe[0].value["outlet"]}
    # The junction is still named by Al-Monitor, carrying the same Reuters sentence.
    assert places["curated:sy-m4-m5-saraqib"]["n"] == 1


def test_non_literal_toggle_and_date_range(small):
    small.toggle(key="nonliteral").set_value(True).run()
    assert summary(small).startswith("13 of 14 mentions")
    small.toggle(key="older").set_value(True).run()
    assert summary(small).startswith("14 of 14 mentions")
    assert "Reuters · 4" in [t.label for t in small.toggle]
    date = __import__("datetime").date
    small.slider(key="event-range").set_value((date(2024, 11, 27), date(2024, 11, 28))).run()
    # The junction (2024-11-27) twice, plus the undated Tartus mention.
    assert summary(small).startswith("3 of 14 mentions")
    assert set(map_places(small)) == {"curated:sy-m4-m5-saraqib", "geonames:163345"}
    small.toggle(key="undated").set_value(False).run()
    assert set(map_places(small)) == {"curated:sy-m4-m5-saraqib"}


def test_url_reopens_the_same_view(monkeypatch):
    app = run_app(monkeypatch, DATA / "layer_small.geojson", **{
        "nonliteral": "true", "outlet-sana": "false", "place": ALEPPO})  # fmt: skip
    assert summary(app).startswith("10 of 14 mentions")
    assert app.toggle(key="outlet-sana").value is False
    panel = quote_panel(app)
    assert "Sources for Aleppo" in app.subheader[0].value
    assert panel.count('class="cm-quote"') == 3  # SANA's sentence is hidden
    assert "<mark>Aleppo</mark>" in panel
    assert map_places(app)[ALEPPO]["sel"] == 1
    assert map_args(app)["center"] == [36.2021, 37.1343]


def test_place_in_url_shows_also_carried_by(monkeypatch):
    app = run_app(monkeypatch, DATA / "layer_small.geojson", place="curated:sy-m4-m5-saraqib")
    panel = quote_panel(app)
    assert panel.count("<blockquote>") == 1
    assert "Also carried by:" in panel and "Al-Monitor" in panel


def test_hostile_layer_shows_text_and_runs_nothing(monkeypatch):
    app = run_app(monkeypatch, DATA / "layer_hostile.geojson", place=ALEPPO)
    assert not app.exception
    panel = quote_panel(app)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in panel
    assert "<script" not in panel and "<img" not in panel and "href" not in panel
    assert "<" not in json.dumps(map_places(app))
    everything = "".join(h.value for h in app.html)
    assert "onerror=alert" not in everything.replace("&lt;img src=x onerror=alert", "")
    assert "<img src=x" not in everything


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "layer.geojson"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No layer at"),
        ("", "is empty"),
        ("{not json", "is not valid JSON"),
        ('{"type": "FeatureCollection", "schema": "conflict-map/layer", "schema_version": 99,'
         ' "features": []}', "newer than this program"),
        ('{"type": "FeatureCollection", "schema": "conflict-map/layer", "schema_version": 1,'
         ' "features": []}', "holds no placed mentions"),
    ],
    ids=["missing", "empty-file", "invalid", "newer-schema", "no-mentions"],
)  # fmt: skip
def test_bad_layers_give_a_message_with_path_and_command(monkeypatch, tmp_path, content, expected):
    path = tmp_path / "layer.geojson" if content is None else _write(tmp_path, content)
    app = run_app(monkeypatch, path)
    assert not app.exception
    (error,) = app.error
    assert expected in error.value
    assert str(path) in error.value
    if expected != "newer than this program":
        assert "python -m geo build" in error.value
    assert not app.get("component_instance")
