"""The map: filtered mentions aggregated to one small feature per place, handed to st_folium.

``place_features`` is the pure core (tests assert on its output). The base map is made
fresh on every run (st_folium mutates it, so it is never cached) but always from the same
arguments, so the browser keeps it and the user's zoom; only the places layer changes,
through ``feature_group_to_add``. Leaflet's ``[lat, lon]`` is built in ``leaflet_location``
only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import safe
from components.event_symbols import place_kinds
from components.layer_data import geojson_point
from components.offline_map import new_base_map
from components.palette import OTHER_COLOUR
from components.place_layer import SHAPE_OF_TYPE, PlaceLayer

SizeBy = Literal["mentions", "outlets"]
#: Below this mean confidence a place is drawn dashed and pale.
LOW_CONFIDENCE = 0.6
#: From this precision on, a place is drawn with the area it may lie in...
AREA_FROM_KM = 20.0
#: ...up to this one: a wider circle (a country, "the Middle East", a sea) would cover the
#: theatre and hide every precise place under it; its tooltip says how vague it is instead.
AREA_UP_TO_KM = 300.0
#: The initial view fits places known at least this well (cities, bases, governorates).
FIT_PRECISION_KM = 100.0
#: Places drawn at most, the most mentioned first: past a few thousand markers the browser
#: takes seconds per change, and the table and downloads still hold every mention.
MAX_PLACES = 2_500
MAP_HEIGHT = 700  # with the compact header, most of a laptop's first screen
MIN_RADIUS, MAX_RADIUS = 7, 22
#: An event marker is never smaller than this: its glyph must stay readable.
EVENT_MIN_RADIUS = 10
PIE_SLICES = 5
OTHER_SLICE = -1
MAP_KEY = "map"
RETURNED_OBJECTS = ["last_object_clicked", "last_object_clicked_tooltip"]
#: Written before the place id in the tooltip (see place_layer.py), read back on click.
_ID_MARK = "id: "


def leaflet_location(lat: float, lon: float) -> list[float]:
    """The ``[lat, lon]`` pair Leaflet and folium take."""
    return [float(lat), float(lon)]


def _aggregate(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions.groupby("place_id", sort=False).agg(
        place=("place", "first"),
        place_type=("place_type", "first"),
        lat=("lat", "first"),
        lon=("lon", "first"),
        precision_km=("precision_km", "max"),
        mentions=("report", "size"),
        outlets=("outlet", "nunique"),
        reports=("report", "nunique"),
        confidence=("confidence", "mean"),
    )


def _outlet_counts(
    mentions: pd.DataFrame, column: str = "outlet"
) -> dict[str, list[tuple[str, int]]]:
    """Per place, its outlets (or sides: ``column``) and their mention counts, most first."""
    counts = mentions.groupby(["place_id", column], sort=False).size().reset_index(name="n")
    counts = counts.sort_values(["place_id", "n", column], ascending=[True, False, True])
    per_place: dict[str, list[tuple[str, int]]] = {}
    for place_id, outlet, n in counts.itertuples(index=False):
        per_place.setdefault(place_id, []).append((outlet, int(n)))
    return per_place


def _pie(outlets: list[tuple[str, int]], index: Mapping[str, int]) -> list[list[int]]:
    """``[outlet index, mentions]`` slices, biggest first; -1 gathers the smallest outlets."""
    pie = [[index[outlet], n] for outlet, n in outlets[:PIE_SLICES]]
    rest = sum(n for _, n in outlets[PIE_SLICES:])
    return [*pie, [OTHER_SLICE, rest]] if rest else pie


def _radius(value: float, largest: float) -> int:
    # Area, not radius, grows with the count: a place named 4x as often looks 4x as big.
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(value / max(largest, 1)))


def place_id_from_tooltip(text: str | None) -> str | None:
    """The place id a clicked marker's tooltip text carries (st_folium returns the text)."""
    if not text or _ID_MARK not in text:
        return None
    return text.rsplit(_ID_MARK, 1)[1].strip() or None


def _properties(
    place: Any, pie: list[list[int]], radius: int, selected: bool, kinds: list[list[int]] | None
) -> dict[str, Any]:
    """What the browser needs to draw a place and its tooltip; text comes escaped."""
    props: dict[str, Any] = {
        "k": SHAPE_OF_TYPE.get(place.place_type, "other"),
        "r": radius,
        "n": int(place.mentions),
        "pie": pie,
        "name": safe.text(safe.shorten(place.place)),
        "t": safe.text(place.place_type or "place"),
        "o": int(place.outlets),
        "rp": int(place.reports),
        "pk": round(float(place.precision_km), 1),
        "c": round(float(place.confidence), 2),
    }
    # Flags only when set, and the escaped id only when escaping changes it: every byte
    # here is multiplied by the number of places.
    if place.confidence < LOW_CONFIDENCE:
        props["low"] = 1
    if AREA_FROM_KM <= place.precision_km <= AREA_UP_TO_KM and place.place_type != "country":
        props["area"] = round(place.precision_km * 1000)
    if selected:
        props["sel"] = 1
    if safe.text(place.Index) != place.Index:
        props["eid"] = safe.text(place.Index)
    if kinds:  # a layer with event coding: what happened there (indices into KIND_KEYS)
        props["ek"] = kinds
        props["r"] = max(radius, EVENT_MIN_RADIUS)  # room for the glyph
    return props


def _most_mentioned(places: pd.DataFrame, limit: int, keep: str | None) -> pd.DataFrame:
    """The ``limit`` most mentioned places (ties by id), plus ``keep`` wherever it ranks."""
    if len(places) <= limit:
        return places
    ranked = places.sort_index().sort_values("mentions", ascending=False, kind="stable")
    top = ranked.iloc[:limit]
    if keep is not None and keep in places.index and keep not in top.index:
        top = pd.concat([top, places.loc[[keep]]])
    return top


def place_features(
    mentions: pd.DataFrame,
    colours: Mapping[str, str],
    *,
    size_by: SizeBy = "mentions",
    selected: str | None = None,
    limit: int = MAX_PLACES,
    colour_by: str = "outlet",
) -> dict[str, Any]:
    """One GeoJSON feature per place of ``mentions``, with what the icon needs and no more.

    The outlets are listed once, in the collection's ``outlets`` member (escaped name,
    colour); a place's ``pie`` points into that list. At most ``limit`` places are drawn,
    the most mentioned (and ``selected``); ``places_total`` says how many there were.
    ``colour_by`` is the column the pies share out (``outlet``, or ``side`` with side
    colours); a layer with event coding gives each place the symbol of what happened there.
    """
    every = _aggregate(mentions)
    places = _most_mentioned(every, limit, selected)
    drawn = mentions[mentions["place_id"].isin(places.index)]
    outlets = _outlet_counts(drawn, colour_by)
    kinds = place_kinds(drawn) if drawn["coded"].any() else {}
    names = list(colours) + sorted(set(mentions[colour_by]) - set(colours))
    index = {name: i for i, name in enumerate(names)}
    largest = places[size_by].max() if len(places) else 1
    features = [
        {
            "type": "Feature",
            "id": place.Index,
            "geometry": geojson_point(place.lat, place.lon),
            "properties": _properties(
                place,
                _pie(outlets[place.Index], index),
                _radius(getattr(place, size_by), largest),
                place.Index == selected,
                kinds.get(place.Index),
            ),
        }
        for place in places.itertuples()
    ]
    # Tooltips name up to three outlets on one line: long names are cut.
    legend = [[safe.text(safe.shorten(name, 40)), colours.get(name, OTHER_COLOUR)]
              for name in names]
    return {"type": "FeatureCollection", "outlets": legend, "features": features,
            "places_total": len(every)}  # fmt: skip


def with_selected(places: dict[str, Any], selected: str | None) -> dict[str, Any]:
    """``places`` with ``selected`` flagged (ringed on the map); the input is not modified.

    Lets the app cache one collection per filter and still ring whichever place is picked.
    """
    if selected is None:
        return places
    features = [
        {**f, "properties": {**f["properties"], "sel": 1}} if f["id"] == selected else f
        for f in places["features"]
    ]
    return {**places, "features": features}


@st.cache_resource(max_entries=24, show_spinner=False)
def cached_place_features(
    layer_key: str,
    filters_key: str,
    size_by: SizeBy,
    _mentions: pd.DataFrame,
    _colours: Mapping[str, str],
    colour_by: str = "outlet",
) -> dict[str, Any]:
    """``place_features(_mentions, _colours)``, computed once per layer version and filters.

    The keys stand for the underscored arguments, which Streamlit does not hash (hashing a
    100,000-row frame would cost as much as the work saved). Shared between sessions: never
    modify the result (see :func:`with_selected`).
    """
    return place_features(_mentions, _colours, size_by=size_by, colour_by=colour_by)


def initial_view(
    mentions: pd.DataFrame, *, width_px: int = 700, height_px: int = MAP_HEIGHT
) -> tuple[float, float, int]:
    """Centre and zoom that show the theatre: the bulk of the layer's well-placed mentions.

    Returns ``lat, lon, zoom``. Only places known within ``FIT_PRECISION_KM`` count (all
    places when there are none): a country's or a sea's centroid is not where the events are.
    """
    if mentions.empty:
        return 35.0, 38.0, 6
    literal = mentions[mentions["literal"]] if mentions["literal"].any() else mentions
    precise = literal[literal["precision_km"] <= FIT_PRECISION_KM]
    fitted = precise if len(precise) else literal
    # Fit the bulk of the mentions: a few mentions of far cities ("talks in Moscow") must
    # not zoom the theatre out to half the world.
    south, north = fitted["lat"].quantile([0.05, 0.95])
    west, east = fitted["lon"].quantile([0.05, 0.95])
    # At zoom z the world is 256 * 2**z pixels wide; near 35 degrees north a degree of
    # latitude takes about 1.25 times the pixels of a degree of longitude.
    fit_width = math.log2(width_px * 360 / 256 / max(east - west, 0.05))
    fit_height = math.log2(height_px * 360 / 256 / max((north - south) * 1.25, 0.05))
    zoom = math.floor(min(fit_width, fit_height) - 0.3)  # a margin around the outermost
    return float((south + north) / 2), float((west + east) / 2), max(2, min(zoom, 11))


@st.cache_resource(max_entries=4, show_spinner=False)
def cached_initial_view(layer_key: str, _mentions: pd.DataFrame) -> tuple[float, float, int]:
    """:func:`initial_view` once per layer version (it reads every mention)."""
    return initial_view(_mentions)


def render_map(
    places: dict[str, Any],
    *,
    view: tuple[float, float, int],
    centre: tuple[float, float] | None = None,
    online_tiles: bool = False,
    basemap: str = "offline",
    height: int = MAP_HEIGHT,
) -> str | None:
    """Draw the base map and the places; return the id of the place last clicked, if any."""
    lat, lon, zoom = view
    base = new_base_map(lat=lat, lon=lon, zoom=zoom, online_tiles=online_tiles, basemap=basemap)
    group = folium.FeatureGroup(name="Places", control=False)
    PlaceLayer(places, wide_km=AREA_UP_TO_KM).add_to(group)
    state = st_folium(
        base,
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        feature_group_to_add=group,
        center=leaflet_location(*centre) if centre else None,
        returned_objects=RETURNED_OBJECTS,
    )
    return clicked_place(state)


def clicked_place(state: Any) -> str | None:
    """The place id in st_folium's state (its return value, or ``st.session_state[MAP_KEY]``)."""
    if not isinstance(state, Mapping):
        return None
    return place_id_from_tooltip(state.get("last_object_clicked_tooltip"))
