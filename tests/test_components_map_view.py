"""Aggregation of mentions to one marker per place, and the folium element that draws them."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import folium
import pytest

from components.filters import Filters, apply_filters
from components.layer_data import mentions_frame
from components.map_view import (
    initial_view,
    leaflet_location,
    place_features,
    place_id_from_tooltip,
)
from components.offline_map import external_asset_urls, new_base_map
from components.palette import outlet_colours
from components.place_layer import PlaceLayer, script_json

DATA = Path(__file__).parent / "data"


def _frame(name: str):
    layer = json.loads((DATA / name).read_text(encoding="utf-8"))
    return mentions_frame(layer["features"])[0]


@pytest.fixture(scope="module")
def mentions():
    return _frame("layer_small.geojson")


@pytest.fixture(scope="module")
def colours(mentions):
    counts = mentions["outlet"].value_counts()
    return outlet_colours(sorted(counts.index, key=lambda o: (-counts[o], o)))


def _by_id(collection):
    return {f["id"]: f for f in collection["features"]}


def _slices(collection, feature):
    """A place's pie as (outlet name, mentions) pairs."""
    names = [html.unescape(name) for name, _ in collection["outlets"]]
    return [(names[i] if i >= 0 else "others", n) for i, n in feature["properties"]["pie"]]


def test_one_feature_per_place_with_counts(mentions, colours):
    places = _by_id(place_features(apply_filters(mentions, Filters()), colours))
    assert len(places) == 6
    aleppo = places["geonames:170063"]["properties"]
    assert (aleppo["n"], aleppo["o"], aleppo["rp"]) == (4, 3, 3)
    assert (aleppo["name"], aleppo["t"], aleppo["pk"], aleppo["c"]) == ("Aleppo", "city", 8.0, 0.95)
    assert places["geonames:170063"]["geometry"]["coordinates"] == [37.1343, 36.2021]


def test_several_outlets_make_a_pie_of_their_colours(mentions, colours):
    collection = place_features(mentions, colours)
    places = _by_id(collection)
    junction = places["curated:sy-m4-m5-saraqib"]
    assert sorted(_slices(collection, junction)) == [("Al-Monitor", 1), ("Reuters", 1)]
    assert _slices(collection, places["curated:sy-mansoura-aleppo"]) == [("The War Zone", 1)]
    # Each outlet is listed once, with its colour, whichever places name it.
    assert dict(collection["outlets"]) == colours


def test_pie_groups_outlets_beyond_five_as_other(mentions):
    many = mentions[mentions["place_id"] == "geonames:170063"].copy()
    many = many.loc[many.index.repeat(2)].reset_index(drop=True)
    many["outlet"] = [f"Outlet {i}" for i in range(len(many))]
    collection = place_features(many, outlet_colours(sorted(set(many["outlet"]))))
    slices = _slices(collection, collection["features"][0])
    assert len(slices) == 6
    assert slices[-1] == ("others", 3)


def test_shapes_doubt_and_areas(mentions, colours):
    places = _by_id(place_features(mentions, colours))
    assert places["geonames:170063"]["properties"]["k"] == "city"
    assert places["curated:sy-khmeimim"]["properties"]["k"] == "site"
    assert places["curated:sy-m4-m5-saraqib"]["properties"]["k"] == "route"
    idlib = places["geonames:169387"]["properties"]
    assert idlib["k"] == "area" and idlib["area"] == 40_000
    assert "area" not in places["geonames:170063"]["properties"]
    # Khmeimim: 0.9, 0.45, 0.9 on average is still sure; alone, SANA's 0.45 is doubtful.
    assert "low" not in places["curated:sy-khmeimim"]["properties"]
    sana_only = mentions[
        (mentions["outlet"] == "SANA") & (mentions["place"] == "Khmeimim Air Base")
    ]
    alone = place_features(sana_only, colours)["features"][0]["properties"]
    assert alone["low"] and alone["c"] == 0.45


def test_size_grows_with_mentions_or_outlets(mentions, colours):
    by_mentions = _by_id(place_features(mentions, colours))
    assert (
        by_mentions["geonames:170063"]["properties"]["r"]
        > by_mentions["curated:sy-mansoura-aleppo"]["properties"]["r"]
    )
    by_outlets = _by_id(place_features(mentions, colours, size_by="outlets"))
    # Khmeimim: 3 mentions from 3 outlets; Aleppo: 4 mentions from 3 outlets: same size.
    assert (
        by_outlets["geonames:170063"]["properties"]["r"]
        == by_outlets["curated:sy-khmeimim"]["properties"]["r"]
    )


def test_selected_place_is_flagged(mentions, colours):
    places = _by_id(place_features(mentions, colours, selected="geonames:163345"))
    assert [pid for pid, f in places.items() if f["properties"].get("sel")] == ["geonames:163345"]


def test_tooltip_text_carries_the_place_id_back():
    # The text st_folium returns: the tooltip's textContent, as place_layer.py writes it.
    text = " Aleppo · city4 mentions · 3 outlet(s)Click for the quotes id: geonames:170063 "
    assert place_id_from_tooltip(text) == "geonames:170063"
    assert place_id_from_tooltip("x id: a id: pin:7") == "pin:7"
    assert place_id_from_tooltip(None) is None
    assert place_id_from_tooltip("3 places, 12 mentions") is None


def test_hostile_names_are_escaped_before_the_browser_sees_them():
    hostile = _frame("layer_hostile.geojson")
    collection = place_features(hostile, outlet_colours(set(hostile["outlet"])))
    props = collection["features"][0]["properties"]
    assert props["name"] == "Aleppo&lt;script&gt;alert(5)&lt;/script&gt;"
    assert (
        collection["outlets"][0][0] == "&lt;b&gt;Evil&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;"
    )
    assert "<" not in json.dumps(collection)


def test_tooltip_is_built_from_escaped_fields_only():
    from components import place_layer

    source = Path(place_layer.__file__).read_text(encoding="utf-8")
    body = source.split("function tip(feature)", 1)[1].split("\n  }\n", 1)[0]
    used = set(re.findall(r"p\.(\w+)", body)) | set(re.findall(r"data\.(\w+)", body))
    # Text fields (escaped in map_view._properties) and numbers; nothing raw from a report.
    assert used <= {"name", "t", "pie", "n", "o", "rp", "pk", "c", "low", "eid", "outlets",
                    "ek", "v", "ind"}  # fmt: skip
    assert {"name", "t", "eid"} <= used


def test_rendered_layer_is_offline_and_script_safe(mentions, colours):
    base = new_base_map(lat=35, lon=37, zoom=7)
    group = folium.FeatureGroup(name="Places")
    hostile = _frame("layer_hostile.geojson")
    PlaceLayer(place_features(hostile, outlet_colours(set(hostile["outlet"])))).add_to(group)
    group.add_to(base)
    page = base.get_root().render()
    assert not external_asset_urls(page)
    assert "markercluster/leaflet.markercluster.js" in page
    assert "</script><" not in page.split("var data = ", 1)[1].split(";\n", 1)[0]
    assert script_json({"a": "</script>\u2028"}) == '{"a":"\\u003c/script\\u003e\\u2028"}'


def test_initial_view_shows_every_place(mentions):
    lat, lon, zoom = initial_view(mentions, width_px=640, height_px=560)
    assert 34.8 < lat < 36.3 and 35.8 < lon < 37.2
    # At this zoom the map's 640 x 560 pixels span the layer's extent.
    degrees_wide = 640 / (256 * 2**zoom) * 360
    assert degrees_wide > mentions["lon"].max() - mentions["lon"].min()
    assert 6 <= zoom <= 9
    assert leaflet_location(lat, lon) == [lat, lon]


def test_payload_stays_small_at_10k_mentions():
    from bench.make_synthetic_layer import make_layer

    big, _ = mentions_frame(make_layer(10_000, seed=3)["features"])
    counts = big["outlet"].value_counts()
    collection = place_features(big, outlet_colours(counts.index))
    assert len(collection["features"]) == big["place_id"].nunique()
    size = len(script_json(collection).encode("utf-8"))
    per_place = size / len(collection["features"])
    # About 240 bytes for the place itself, up to 30 more for what happened there (three
    # [kind, mentions] pairs) on an event-coded layer.
    assert per_place < 290, f"{size} bytes for {len(collection['features'])} places"


def _place_rows(*places: tuple[str, str, float, float, float, int]):
    """Mentions of (place_id, place_type, lat, lon, precision_km, mentions) places."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"report": f"r{i}", "place": pid, "place_id": pid, "place_type": kind,
                        "outlet": "Reuters", "event_date": "2024-11-29", "precision_km": km}}
        for pid, kind, lat, lon, km, n in places for i in range(n)
    ]  # fmt: skip
    return mentions_frame(features)[0]


def test_countries_and_wider_places_have_no_circle(colours):
    rows = _place_rows(
        ("syria", "country", 35.0, 38.5, 243.0, 1), ("mideast", "region", 29.0, 41.0, 2000.0, 1),
        ("sea", "water", 34.5, 18.0, 1500.0, 1), ("hama-gov", "region", 35.2, 36.8, 70.0, 1),
    )  # fmt: skip
    places = _by_id(place_features(rows, colours))
    assert places["hama-gov"]["properties"]["area"] == 70_000
    for wide in ("syria", "mideast", "sea"):
        assert "area" not in places[wide]["properties"], wide


def test_tooltip_says_country_level_or_approximate_area_for_wide_places():
    from components import place_layer

    base = new_base_map(lat=35, lon=37, zoom=7)
    PlaceLayer({"outlets": [], "features": []}, wide_km=300).add_to(base)
    script = base.get_root().render()
    source = Path(place_layer.__file__).read_text(encoding="utf-8")
    assert "reach(p)" in source.split("function tip(feature)", 1)[1].split("\n  }\n", 1)[0]
    assert 'p.t === "country") { return "country-level"; }' in script
    assert 'p.pk > 300.0 ? "approximate area"' in script


def test_initial_view_fits_precise_places_not_country_centroids():
    rows = _place_rows(
        ("aleppo", "city", 36.20, 37.13, 8.0, 10), ("idlib", "city", 35.93, 36.63, 3.0, 5),
        ("damascus", "city", 33.51, 36.29, 7.0, 5), ("latakia", "city", 35.52, 35.79, 5.0, 3),
        ("russia", "country", 61.5, 90.0, 2333.0, 20), ("ukraine", "country", 49.0, 32.0, 438, 15),
    )  # fmt: skip
    lat, lon, zoom = initial_view(rows, width_px=700, height_px=620)
    assert 33.5 < lat < 36.3 and 35.7 < lon < 37.2
    assert zoom >= 6, "Syria's cities, not Europe to Siberia"
    only_countries = _place_rows(("russia", "country", 61.5, 90.0, 2333.0, 2))
    assert initial_view(only_countries)[:2] == (61.5, 90.0)  # nothing precise: fit them all


def test_map_draws_the_most_mentioned_places_and_keeps_the_selected(colours):
    rows = _place_rows(*[(f"p{i:02d}", "town", 35 + i / 50, 37.0, 3.0, 30 - i) for i in range(30)])
    capped = place_features(rows, colours, limit=10, selected="p25")
    ids = [f["id"] for f in capped["features"]]
    assert ids[:10] == [f"p{i:02d}" for i in range(10)] and ids[10:] == ["p25"]
    assert capped["places_total"] == 30
    assert len(place_features(rows, colours)["features"]) == 30  # under the default cap


def test_with_selected_rings_one_place_and_leaves_the_cached_collection_alone(mentions, colours):
    from components.map_view import with_selected

    cached = place_features(mentions, colours)
    before = json.dumps(cached, sort_keys=True)
    ringed = with_selected(cached, "geonames:163345")
    assert [f["id"] for f in ringed["features"] if f["properties"].get("sel")] == [
        "geonames:163345"
    ]
    assert json.dumps(cached, sort_keys=True) == before
    assert with_selected(cached, None) is cached
