"""Conflict map: where each report says things happened, when, and who said so.

    streamlit run app.py

Settings (layer path, reports folder, online tiles) are environment variables, listed in
``components/settings.py``. This script only wires the components together.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from components import (
    add_reports,
    context_places,
    event_controls,
    event_downloads,
    event_filters,
    export,
    filters,
    layer_data,
    legend,
    map_options,
    map_view,
    playback,
    review,
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


def _cap_note(places: dict, shown: pd.DataFrame) -> None:
    drawn, total = len(places["features"]), places["places_total"]
    if drawn < total:
        st.caption(
            f"The map draws the {drawn:,} most-mentioned of {total:,} places; narrow the dates "
            "or outlets to see the others. The table and the downloads hold every mention."
        )


@st.fragment
def _map_and_sources(
    shown: pd.DataFrame,
    places: dict,
    colours: dict[str, str],
    view: tuple[float, float, int],
    online_tiles: bool,
    layer: layer_data.Layer,
    choices: event_controls.EventChoices,
    basemap: str = "offline",
    context: pd.DataFrame | None = None,
) -> None:
    # A fragment: a click on the map reruns only the map and the quotes beside it. The click
    # is in session state before the map is drawn, so the map can already ring the place.
    # ``places`` comes from a cache: this rerun does no per-place work.
    clicked = map_view.clicked_place(st.session_state.get(map_view.MAP_KEY))
    picks = selection.select("map", clicked)
    selected, centre, ringed = picks.place, None, None
    rows = shown[shown["place_id"] == selected] if selected else shown.iloc[0:0]
    if selected and rows.empty and context is not None:  # a grey dot: its context quotes
        rows = context[context["place_id"] == selected]
    # A place picked in the table or the URL is ringed and centred; one clicked on the map
    # is not: the user sees it already, and an unchanged layer is not redrawn by the browser.
    if picks.origin != "map" and len(rows):
        centre, ringed = (rows["lat"].iloc[0], rows["lon"].iloc[0]), selected
    left, right = st.columns([2, 1], gap="medium")
    with left:
        drawn = map_view.with_selected(places, ringed)
        map_view.render_map(
            drawn, view=view, centre=centre, online_tiles=online_tiles, basemap=basemap
        )
        _cap_note(places, shown)
        event_controls.render_control_changes(layer, choices)
        event_controls.render_legend(shown, choices)
        present = set(shown["outlet"].unique())
        legend.render_legend({o: c for o, c in colours.items() if o in present})
    with right:
        name = rows["place"].iloc[0] if len(rows) else selected
        event_controls.render_sources(layer, rows, selected, name, choices)


def map_page() -> None:
    """The map, its filters, the quotes, the timeline, the table and the downloads."""
    settings = load_settings()
    map_options.compact_header()
    layer = layer_data.open_layer(settings)
    colours = outlet_colours(layer.outlets_by_share)
    playback.apply_step()  # before the date slider is drawn
    events_slot = st.sidebar.container()  # the event filters, above the long outlet list
    chosen = filters.sidebar_filters(layer.mentions, colours)
    size_by = st.sidebar.radio(
        "Marker size by", ["mentions", "outlets"], horizontal=True, key="size", bind="query-params"
    )
    basemap = map_options.basemap_choice()
    _about(settings, layer)
    dated = filters.apply_filters(layer.mentions, chosen)
    choices = event_controls.sidebar(layer, dated, events_slot)
    shown = event_filters.apply_event_filters(dated, choices.filters)
    _summary(shown, layer)
    playback.render_playback(layer.mentions, chosen)
    rows = table.table_frame(shown)
    selection.select("table", table.selected_place(rows, st.session_state.get(table.TABLE_KEY)))
    view = map_view.cached_initial_view(layer.key, layer.mentions)
    described = {**filters.describe(chosen), **event_filters.describe(choices.filters)}
    marker_colours = event_controls.colours(choices, colours)
    places = map_view.cached_place_features(
        layer.key, json.dumps(described), size_by, shown, marker_colours, choices.colour_by
    )
    places = event_controls.map_features(layer, shown, places, choices, colours)
    context, dots = context_places.render(
        layer, dated, shown, choices, events_slot, json.dumps(described)
    )
    places = {**places, "context": dots} if dots else places
    _map_and_sources(
        shown, places, colours, view, settings.online_tiles, layer, choices, basemap, context
    )
    timeline.render_timeline(shown, colours, chosen.date_basis)
    table.render_table(rows, total=len(shown), coded=layer.coded)
    export.render_downloads(shown, described)
    event_downloads.render_event_downloads(layer.event_records, shown, layer.generated_at)


def review_page() -> None:
    """The mentions the geoparser left unplaced or was unsure of, and pinning the right place."""
    settings = load_settings()
    layer = layer_data.open_layer(settings)
    st.title("Review", anchor=False)
    st.caption(
        "Unplaced mentions and placements below the confidence threshold, with the candidates "
        f"the geoparser weighed. Pins are saved in `{review.pins_file()}` and applied by "
        "every later build."
    )
    # Pins make the layer stale; rebuilding from the reports shows them at once. A layer
    # chosen without its reports (a benchmark, a test) is never rebuilt here.
    rebuild = (lambda: layer_data.refresh_layer(settings)) if settings.reports else None
    review.render_review(layer_data.raw_layer(layer), review.pins_file(), rebuild=rebuild)


def main() -> None:
    st.set_page_config(page_title="Conflict map", layout="wide")
    _static_assets()
    # No page icons: Streamlit fetches Material icons from fonts.gstatic.com, and the app
    # must request nothing outside this machine.
    pages = [
        st.Page(map_page, title="Map", default=True),
        st.Page(review_page, title="Review", url_path="review"),
        st.Page(add_reports.page, title="Add reports", url_path="add"),
    ]
    st.navigation(pages, position="top").run()


main()
