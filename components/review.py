"""Review: the mentions that need an analyst, and a form to pin the right place.

``review_rows`` is the pure core (the layer's unresolved and low-confidence mentions, with
their candidates); ``render_review`` draws the table, the chosen mention's quote, its
candidates, a lat/lon input (set by a click on the small map, if shown) and the Pin button,
which saves the pin in the overrides file that every later build applies.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from components import safe
from geo.errors import ConflictMapError
from geo.overrides import (
    REVIEW_THRESHOLD,
    SCOPES,
    Candidate,
    PinnedPlace,
    ReviewItem,
    add_pin,
    make_pin,
    overrides_path,
    review_items,
)
from geo.records import NOT_A_PLACE

COORDINATES = "coordinates"
#: Where typed coordinates start for a mention with no place yet (Syria, the theatre).
THEATRE_CENTRE = (35.0, 38.0)
SCOPE_LABELS = {"mention": "this mention only", "report": "this name in this report",
                "everywhere": "this name in every report"}


def pins_file() -> Path:
    """The overrides file pins are saved to (``$CONFLICT_MAP_OVERRIDES`` or ``data/``)."""
    return overrides_path()


def review_rows(layer: dict[str, Any], threshold: float = REVIEW_THRESHOLD) -> list[ReviewItem]:
    """Every unresolved mention and every placed one below ``threshold``, unresolved first."""
    return review_items(layer, threshold)


def table_rows(rows: list[ReviewItem]) -> list[dict[str, Any]]:
    """One plain row per item, for ``st.dataframe``."""
    return [{"report": r.report, "mention": r.mention, "status": r.status,
             "confidence": r.confidence, "place": r.place.name if r.place else "",
             "candidates": len(r.candidates), "reason": r.reason} for r in rows]


def quote_html(row: ReviewItem) -> str:
    """The quote with the mention marked; everything from the report is escaped."""
    at = row.quote.find(row.mention)
    if at < 0:
        return f"<blockquote>{safe.text(row.quote)}</blockquote>"
    before, after = row.quote[:at], row.quote[at + len(row.mention):]
    return (f"<blockquote>{safe.text(before)}<mark>{safe.text(row.mention)}</mark>"
            f"{safe.text(after)}</blockquote>")


def candidate_label(candidate: Candidate) -> str:
    return (f"{candidate.name} ({candidate.place_type or '?'}, {candidate.country or '?'}) "
            f"{candidate.lat:.4f}, {candidate.lon:.4f}")


def pin_for(row: ReviewItem, choice: str, lat: float, lon: float, scope: str) -> Any:
    """The pin the form describes: a candidate, the typed coordinates, or not a place."""
    chosen = next((c for c in row.candidates if c.place_id == choice), None)
    place: PinnedPlace | None
    if choice == NOT_A_PLACE:
        place = None
    elif chosen is not None:
        place = PinnedPlace(chosen.name, chosen.lat, chosen.lon, chosen.place_type or "village",
                            chosen.country)
    else:
        place = PinnedPlace(row.mention, lat, lon)
    mention_scope = scope == "mention"
    return make_pin(
        name=row.mention, place=place, report="" if scope == "everywhere" else row.report,
        start=row.start if mention_scope else None, end=row.end if mention_scope else None,
        everywhere=scope == "everywhere",
        source=chosen.place_id if chosen else "analyst" if place is None else COORDINATES,
    )


def _map_picker(row: ReviewItem, lat_key: str, lon_key: str) -> None:
    # A click on the map sets the coordinates; the inputs below show and refine them.
    # The same offline base map as the main view: no tiles, nothing from the internet.
    import folium
    from streamlit_folium import st_folium

    from components.offline_map import new_base_map

    typed, _ = typed_point(st.session_state.get(lat_key), st.session_state.get(lon_key))
    lat, lon = typed or THEATRE_CENTRE  # the map opens on the typed point, else the theatre
    fmap = new_base_map(lat=lat, lon=lon, zoom=8)
    for candidate in row.candidates:
        folium.CircleMarker([candidate.lat, candidate.lon], radius=7, color="#1f4e79",
                            fill=True, fill_opacity=0.8,
                            tooltip=safe.text(candidate_label(candidate))).add_to(fmap)
    clicked = st_folium(fmap, height=300, key=f"review_map_{row.key}",
                        returned_objects=["last_clicked"])
    if clicked and clicked.get("last_clicked"):
        st.session_state[lat_key] = f"{clicked['last_clicked']['lat']:.5f}"
        st.session_state[lon_key] = f"{clicked['last_clicked']['lng']:.5f}"


def typed_point(lat_text: str | None, lon_text: str | None
                ) -> tuple[tuple[float, float] | None, str]:
    """The coordinates typed in the two fields, or None and what is wrong with them.

    Nothing is assumed: a blank field, a word, NaN or a value off the globe gives no point,
    so the Pin button cannot save coordinates the analyst did not enter.
    """
    values = []
    for label, text, limit in (("Latitude", lat_text, 90), ("Longitude", lon_text, 180)):
        text = (text or "").strip()
        if not text:
            return None, "Type a latitude and a longitude (or pick them on the map) to pin."
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None, f"{label} {text!r} is not a number."
        if not math.isfinite(value) or not -limit <= value <= limit:
            return None, f"{label} must be between -{limit} and {limit} (not {text})."
        values.append(value)
    return (values[0], values[1]), ""


def _form(row: ReviewItem) -> tuple[str, tuple[float, float] | None, str, str]:
    options = [c.place_id for c in row.candidates] + [COORDINATES, NOT_A_PLACE]
    labels = {c.place_id: candidate_label(c) for c in row.candidates}
    labels[COORDINATES] = "other place: the coordinates below"
    labels[NOT_A_PLACE] = "not a place here (an organisation, a person): drop it"
    # An unresolved mention's candidates were turned down (far namesakes): offering the
    # first as the default would make a slip of the Pin button place it there.
    default = 0 if row.place is not None else options.index(COORDINATES)
    choice = st.radio("Place", options, index=default,
                      format_func=lambda o: safe.markdown_text(labels[o]),
                      key=f"review_choice_{row.key}")
    lat_key, lon_key = f"review_lat_{row.key}", f"review_lon_{row.key}"
    # A placed mention starts on its place; an unplaced one on blank fields, never on a
    # made-up default that one click on Pin would save.
    st.session_state.setdefault(lat_key, f"{row.place.lat:.5f}" if row.place else "")
    st.session_state.setdefault(lon_key, f"{row.place.lon:.5f}" if row.place else "")
    if st.checkbox("Pick on a map", key=f"review_show_map_{row.key}"):
        _map_picker(row, lat_key, lon_key)
    lat = st.text_input("Latitude", key=lat_key, placeholder="e.g. 36.20210")
    lon = st.text_input("Longitude", key=lon_key, placeholder="e.g. 37.13430")
    scope = st.radio("Apply to", SCOPES, index=1, format_func=SCOPE_LABELS.__getitem__,
                     key=f"review_scope_{row.key}")
    point, problem = typed_point(lat, lon)
    return choice, point, scope, problem


def render_review(
    layer: dict[str, Any],
    overrides_path: Path,
    *,
    threshold: float = REVIEW_THRESHOLD,
    rebuild: Callable[[], object] | None = None,
) -> None:
    """The review page: what needs review, and a form that pins the chosen mention.

    With ``rebuild`` (e.g. a call of ``geo.build.build_layer``) a pin is applied at once and
    Streamlit's data cache cleared; without it the user is told to rebuild.
    """
    rows = review_rows(layer, threshold)
    if not rows:
        st.success(f"Nothing to review: every mention is placed with confidence ≥ {threshold}.")
        return
    st.dataframe(table_rows(rows), hide_index=True, key="review_table")
    # A select box shows its options as plain text (no Markdown), so they are not escaped.
    index = st.selectbox("Mention to pin", range(len(rows)), key="review_row",
                         format_func=lambda i: f"{rows[i].mention} — {rows[i].report} "
                                               f"({rows[i].status})")
    row = rows[index]
    st.markdown(quote_html(row), unsafe_allow_html=True)
    choice, point, scope, problem = _form(row)
    typed = choice == COORDINATES
    if typed and point is None:
        st.warning(problem)
    # The label shows what will be saved: a value typed but not yet applied shows the old.
    label = f"Pin at {point[0]:.5f}, {point[1]:.5f}" if typed and point else "Pin"
    if st.button(label, type="primary", key="review_pin", disabled=typed and point is None):
        lat, lon = point if point else (math.nan, math.nan)
        pin = pin_for(row, choice, lat, lon, scope)
        try:
            add_pin(overrides_path, pin)
        except ConflictMapError as err:  # a bad overrides file, a folder not writable
            st.error(safe.markdown_text(f"The pin was not saved: {err}"))
            return
        if rebuild is None:
            where = "as not a place" if pin.place is None else f"to {pin.place.name}"
            st.success(f"Pinned {safe.markdown_text(row.mention)} {safe.markdown_text(where)}."
                       " Rebuild the layer to see it: `python -m geo build`")
            return
        rebuild()
        st.cache_data.clear()
        st.success(f"Pinned {safe.markdown_text(row.mention)} and rebuilt the layer.")
