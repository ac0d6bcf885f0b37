"""Conflict map: where each report says things happened, when, and who said so.

    streamlit run app.py

Settings (layer path, reports folder, online tiles) are environment variables, listed in
``components/settings.py``. This script only wires the components together.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import (
    export,
    filters,
    layer_data,
    legend,
    map_view,
    quotes,
    selection,
    table,
    timeline,
)
from components.offline_map import prepare_static_assets
from components.palette import outlet_colours
from components.settings import SETTINGS_TABLE, Settings, load_settings


@st.cache_resource(show_spinner=False)
def _static_assets() -> None:
    prepare_static_assets()


def _summary(shown: pd.DataFrame, layer: layer_data.Layer) -> None:
    st.title("Conflict map", anchor=False)
    st.caption(
        f"{len(shown):,} of {len(layer.mentions):,} mentions · {shown['place_id'].nunique():,} "
        f"places · {shown['report'].nunique():,} reports · {shown['outlet'].nunique()} outlets"
        f" · layer `{layer.path.name}` built {layer.generated_at or 'at an unknown time'}"
    )


def _about(settings: Settings, layer: layer_data.Layer) -> None:
    with st.sidebar.expander("About this view"):
        st.markdown(
            "Each marker is a place named in the reports; click it to read the sentences. "
            "The filters are in the page address: copy it to share this exact view."
        )
        if layer.skipped_features:
            st.warning(f"{layer.skipped_features} feature(s) of the layer are not points.")
        rows = "\n".join(
            f"| `{name}` | {default} | {text} |" for name, default, text in SETTINGS_TABLE
        )
        st.markdown(f"| setting | default | meaning |\n|---|---|---|\n{rows}")
        st.caption(f"Showing `{settings.layer}`")


@st.fragment
def _map_and_sources(
    shown: pd.DataFrame,
    colours: dict[str, str],
    view: tuple[float, float, int],
    size_by: map_view.SizeBy,
    online_tiles: bool,
) -> None:
    # A fragment: a click on the map reruns only the map and the quotes beside it. The click
    # is in session state before the map is drawn, so the map can already ring the place.
    clicked = map_view.clicked_place(st.session_state.get(map_view.MAP_KEY))
    picks = selection.select("map", clicked)
    selected, centre, ringed = picks.place, None, None
    # A place picked in the table or the URL is ringed and centred; one clicked on the map
    # is not: the user sees it already, and an unchanged layer is not redrawn by the browser.
    if picks.origin != "map" and selected in set(shown["place_id"]):
        row = shown.loc[shown["place_id"] == selected].iloc[0]
        centre, ringed = (row["lat"], row["lon"]), selected
    left, right = st.columns([3, 2], gap="medium")
    with left:
        places = map_view.place_features(shown, colours, size_by=size_by, selected=ringed)
        map_view.render_map(places, view=view, centre=centre, online_tiles=online_tiles)
        legend.render_legend({o: c for o, c in colours.items() if o in set(shown["outlet"])})
    with right:
        rows = shown[shown["place_id"] == selected] if selected else shown.iloc[0:0]
        name = rows["place"].iloc[0] if len(rows) else selected
        quotes.render_quotes(rows, name)


def main() -> None:
    st.set_page_config(page_title="Conflict map", layout="wide")
    settings = load_settings()
    _static_assets()
    layer = layer_data.open_layer(settings)
    colours = outlet_colours(layer.outlets_by_share)
    chosen = filters.sidebar_filters(layer.mentions, colours)
    size_by = st.sidebar.radio(
        "Marker size by", ["mentions", "outlets"], horizontal=True, key="size", bind="query-params"
    )
    _about(settings, layer)
    shown = filters.apply_filters(layer.mentions, chosen)
    _summary(shown, layer)
    rows = table.table_frame(shown)
    selection.select("table", table.selected_place(rows, st.session_state.get(table.TABLE_KEY)))
    view = map_view.initial_view(layer.mentions)
    _map_and_sources(shown, colours, view, size_by, settings.online_tiles)
    timeline.render_timeline(shown, colours, chosen.date_basis)
    table.render_table(rows, total=len(shown))
    export.render_downloads(shown, filters.describe(chosen))


main()
