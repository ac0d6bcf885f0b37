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
from streamlit_folium import st_folium

from components import safe
from components.layer_data import geojson_point
from components.offline_map import new_base_map
from components.palette import OTHER_COLOUR
from components.place_layer import SHAPE_OF_TYPE, PlaceLayer

SizeBy = Literal["mentions", "outlets"]
#: Below this mean confidence a place is drawn dashed and pale.
LOW_CONFIDENCE = 0.6
#: From this precision on, a place is drawn with the area it may lie in.
AREA_FROM_KM = 20.0
MIN_RADIUS, MAX_RADIUS = 7, 22
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


def _outlet_counts(mentions: pd.DataFrame) -> dict[str, list[tuple[str, int]]]:
    """Per place, its outlets and their mention counts, most first (ties by name)."""
    counts = mentions.groupby(["place_id", "outlet"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values(["place_id", "n", "outlet"], ascending=[True, False, True])
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


def _properties(place: Any, pie: list[list[int]], radius: int, selected: bool) -> dict[str, Any]:
    """What the browser needs to draw a place and its tooltip; text comes escaped."""
    props: dict[str, Any] = {
        "k": SHAPE_OF_TYPE.get(place.place_type, "other"),
        "r": radius,
        "n": int(place.mentions),
        "pie": pie,
        "name": safe.text(place.place),
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
    if place.precision_km >= AREA_FROM_KM:
        props["area"] = round(place.precision_km * 1000)
    if selected:
        props["sel"] = 1
    if safe.text(place.Index) != place.Index:
        props["eid"] = safe.text(place.Index)
    return props


def place_features(
    mentions: pd.DataFrame,
    colours: Mapping[str, str],
    *,
    size_by: SizeBy = "mentions",
    selected: str | None = None,
) -> dict[str, Any]:
    """One GeoJSON feature per place of ``mentions``, with what the icon needs and no more.

    The outlets are listed once, in the collection's ``outlets`` member (escaped name,
    colour); a place's ``pie`` points into that list.
    """
    places = _aggregate(mentions)
    outlets = _outlet_counts(mentions)
    names = list(colours) + sorted(set(mentions["outlet"]) - set(colours))
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
            ),
        }
        for place in places.itertuples()
    ]
    legend = [[safe.text(name), colours.get(name, OTHER_COLOUR)] for name in names]
    return {"type": "FeatureCollection", "outlets": legend, "features": features}


def initial_view(
    mentions: pd.DataFrame, *, width_px: int = 640, height_px: int = 560
) -> tuple[float, float, int]:
    """Centre and zoom that show every mention of the layer (``lat, lon, zoom``)."""
    if mentions.empty:
        return 35.0, 38.0, 6
    # Fit the bulk of the mentions: a few mentions of far countries ("Washington said")
    # must not zoom the theatre out to the whole world.
    literal = mentions[mentions["literal"]] if mentions["literal"].any() else mentions
    south, north = literal["lat"].quantile([0.05, 0.95])
    west, east = literal["lon"].quantile([0.05, 0.95])
    # At zoom z the world is 256 * 2**z pixels wide; near 35 degrees north a degree of
    # latitude takes about 1.25 times the pixels of a degree of longitude.
    fit_width = math.log2(width_px * 360 / 256 / max(east - west, 0.05))
    fit_height = math.log2(height_px * 360 / 256 / max((north - south) * 1.25, 0.05))
    zoom = math.floor(min(fit_width, fit_height) - 0.3)  # a margin around the outermost
    return float((south + north) / 2), float((west + east) / 2), max(2, min(zoom, 11))


def render_map(
    places: dict[str, Any],
    *,
    view: tuple[float, float, int],
    centre: tuple[float, float] | None = None,
    online_tiles: bool = False,
    height: int = 560,
) -> str | None:
    """Draw the base map and the places; return the id of the place last clicked, if any."""
    lat, lon, zoom = view
    base = new_base_map(lat=lat, lon=lon, zoom=zoom, online_tiles=online_tiles)
    group = folium.FeatureGroup(name="Places", control=False)
    PlaceLayer(places).add_to(group)
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
