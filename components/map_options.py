"""How the map page is laid out and which base map it draws on: the user's choices, in the URL.

The base map is offline by default; OpenStreetMap's tiles are one click away, with the
warning an analyst needs before choosing them (the tile server sees the area viewed). The
page's header is compacted so that the map takes most of the first screen.
"""

from __future__ import annotations

import streamlit as st

from components.offline_map import BASEMAPS

BASEMAP_KEY = "basemap"
TILE_SERVER_NOTE = "Online: OpenStreetMap's tile server will see which area of the map you view."
#: Streamlit's default top padding (6 rem) and title size leave a third of the first screen
#: to the header; the map should start right under the navigation bar.
_COMPACT_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.2rem; padding-bottom: 2rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.5rem; padding: 0 0 0.1rem 0; }
</style>"""


def compact_header() -> None:
    """Shrink the page's top padding and title (CSS only; nothing is drawn)."""
    st.html(_COMPACT_CSS)


def basemap_choice() -> str:
    """The base map chosen in the sidebar (``offline`` or ``osm``), kept in the URL by its
    label (``?basemap=OpenStreetMap``)."""
    by_label = {label: key for key, label in BASEMAPS.items()}
    label = st.sidebar.radio(
        "Base map",
        list(by_label),
        horizontal=True,
        key=BASEMAP_KEY,
        bind="query-params",
        help="Offline: coastlines, borders, rivers, highways and place names shipped with "
        "the app. OpenStreetMap: detailed tiles from the internet.",
    )
    choice = by_label[label]
    if choice == "osm":
        st.sidebar.caption(TILE_SERVER_NOTE)
    return choice
