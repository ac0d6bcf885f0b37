"""Who holds each place on a chosen day, drawn from the layer's ``control`` member.

``holders_on`` is the pure core: per place the last holder change on or before the day.
Places are coloured by the holder's side; a claimed (or disputed) holding is drawn pale and
dashed, a corroborated one solid; a place that changed hands since the day before is ringed
and listed under the map. The quote card of a place lists its control history with sources.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from components import safe
from components.event_symbols import SIDE_COLOURS, SIDE_LABELS
from components.layer_data import geojson_point
from components.place_layer import SHAPE_OF_TYPE

CONTROL_RADIUS = 11
DAY_KEY = "control-day"


def holders_on(control: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Per place, the holder change in force on ``day`` (columns of ``control_frame``).

    Two changes on the same last day that disagree give the place no sure holder: the row
    kept is the first, with status ``disputed``.
    """
    known = control[control["day"] <= pd.Timestamp(day)]
    if known.empty:
        return known.assign(changed=pd.Series(dtype=bool))
    last = known.groupby("place_id")["day"].transform("max")
    latest = known[known["day"] == last]
    holders = latest.groupby("place_id")["holder"].transform("nunique")
    latest = latest.assign(status=latest["status"].where(holders == 1, "disputed"))
    latest = latest.drop_duplicates("place_id")
    # Changed hands since the day before: a change dated on the chosen day itself.
    return latest.assign(changed=latest["day"] == pd.Timestamp(day))


def control_days(control: pd.DataFrame, mentions: pd.DataFrame) -> list[dt.date]:
    """The days to pick from: the reports' days (a week before the first publication to
    the last holder change), not years back to a change told as history."""
    if control.empty:
        return []
    published = mentions["published_day"].dropna()
    first = control["day"].min()
    if len(published):
        first = max(first, published.min() - pd.Timedelta(days=7))
    last = max(control["day"].max(), published.max() if len(published) else first)
    first, last = first.date(), last.date()
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def legend_html(sides: dict[str, str]) -> str:
    """The control view's legend: holder colours, and how claimed and changed look."""
    swatch = (
        '<span style="display:inline-block;width:14px;height:14px;border-radius:50%;'
        'vertical-align:middle;background:{c};border:1px {b} #1d1d1d;opacity:{o}"></span>'
    )
    items = "".join(
        f'<span style="margin-right:14px">{swatch.format(c=c, b="solid", o=1)} '
        f"{safe.text(label)}</span>"
        for label, c in sorted(sides.items())
    )
    grey = "#8a8f98"
    reading = (
        f"{swatch.format(c=grey, b='solid', o=1)} corroborated · "
        f"{swatch.format(c=grey, b='dashed', o=0.45)} claimed or disputed · "
        '<span style="display:inline-block;width:14px;height:14px;border-radius:50%;'
        'vertical-align:middle;border:3px solid #111"></span> changed hands since the day before'
    )
    return (
        '<div class="cm-legend cm-control-legend" style="font-size:13px;line-height:1.9">'
        f"<div><b>Held by</b> {items or '<i>no known holder</i>'}</div>"
        f"<div><b>Reading</b> {reading}</div></div>"
    )


def _feature(row: Any, place: Any) -> dict[str, Any]:
    side = row.holder if row.holder in SIDE_COLOURS else "unknown"
    label = f"held by {SIDE_LABELS.get(side, side)} since {row.date} ({row.status})"
    props = {
        "k": SHAPE_OF_TYPE.get(place["place_type"], "other"), "r": CONTROL_RADIUS, "n": 1,
        "pie": [[list(SIDE_COLOURS).index(side), 1]],
        "name": safe.text(safe.shorten(place["place"])),
        "t": safe.text(label), "o": 0, "rp": 0, "pk": round(float(place["precision_km"]), 1),
        "c": 1.0, "v": 1,
    }  # fmt: skip
    if row.status != "corroborated":
        props["low"] = 1  # claimed or disputed: pale and dashed
    if row.changed:
        props["sel"] = 1  # changed hands since the day before: ringed
    return {"type": "Feature", "id": row.place_id,
            "geometry": geojson_point(place["lat"], place["lon"]), "properties": props}  # fmt: skip


def control_features(holders: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, Any]:
    """The places with a known holder as the map's FeatureCollection (pie = holder's side)."""
    places = mentions.drop_duplicates("place_id").set_index("place_id")
    features = [_feature(row, places.loc[row.place_id])
                for row in holders.itertuples() if row.place_id in places.index]  # fmt: skip
    legend = [[SIDE_LABELS[s], c] for s, c in SIDE_COLOURS.items()]
    return {"type": "FeatureCollection", "outlets": legend, "features": features,
            "places_total": len(features)}  # fmt: skip


def _sources(change: Any, events: pd.DataFrame) -> str:
    found = events[events["event_id"] == change.event_id] if change.event_id else events.iloc[0:0]
    if found.empty:
        return ""
    claimants = ", ".join(
        f"{c.get('claimant')} ({c.get('kind') or c.get('claimant_kind') or '?'})"
        for c in found["claimants"].iloc[0]
    )
    outlets = ", ".join(found["outlet_list"].iloc[0])
    return f" · claimed by {claimants}" * bool(claimants) + f" · reported by {outlets}" * bool(
        outlets
    )


def history_html(control: pd.DataFrame, events: pd.DataFrame, place_id: str | None) -> str:
    """The place's control history, oldest first, with sources (escaped HTML, or "")."""
    changes = control[control["place_id"] == place_id] if place_id else control.iloc[0:0]
    if changes.empty:
        return ""
    items = "".join(
        f"<li><b>{safe.text(c.date)}</b>: {safe.text(SIDE_LABELS.get(c.holder, c.holder))}"
        + (f" took it from {safe.text(SIDE_LABELS.get(c.previous, c.previous))}"
           if isinstance(c.previous, str) and c.previous else " took it")
        + f' <span class="cm-badge">{safe.text(c.status)}</span>'
        + safe.text(_sources(c, events))
        + "</li>"
        for c in changes.itertuples()
    )
    return f'<div class="cm-control"><b>Control of this place</b><ul>{items}</ul></div>'


def changes_text(holders: pd.DataFrame, mentions: pd.DataFrame) -> list[str]:
    """What changed hands since the day before, one plain line per place."""
    names = mentions.drop_duplicates("place_id").set_index("place_id")["place"]
    return [
        f"{names.get(r.place_id, r.place_id)}: {SIDE_LABELS.get(r.holder, r.holder)} "
        f"on {r.date} ({r.status})"
        for r in holders[holders["changed"]].itertuples()
    ]


def pick_day(control: pd.DataFrame, mentions: pd.DataFrame) -> dt.date | None:
    """The "Control on" day picker (kept in the URL); None when the layer has no control."""
    days = control_days(control, mentions)
    if not days:
        return None
    return st.select_slider(
        "Control on", options=days, value=days[-1], key=DAY_KEY, bind="query-params",
        format_func=lambda day: day.strftime("%d %b %Y"),
        help="Places with a known holder on this day, coloured by side; solid: corroborated, "
        "pale and dashed: claimed or disputed; ringed: changed hands since the day before.",
    )  # fmt: skip
