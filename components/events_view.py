"""Events instead of mentions: one marker per event, sized by independent outlets.

``event_features`` is the pure core (the map's FeatureCollection, in the shape
``place_layer.PlaceLayer`` draws); ``event_card_html`` lists every supporting sentence of
an event grouped by claimant, under "3 outlets, 2 independent: X carries Y's text".
Events come from the layer's ``events`` member (see docs/layer-schema.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from components import safe
from components.event_card import HEADLINES
from components.event_symbols import KIND_KEYS, event_kind
from components.layer_data import geojson_point
from components.palette import OTHER_COLOUR
from components.place_layer import SHAPE_OF_TYPE
from components.quotes import highlight

MIN_RADIUS, MAX_RADIUS = 10, 24


def shown_events(events: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """The events at least one of whose supporting mentions the filters keep."""
    return events[events["event_id"].isin(set(shown["event_id"]))]


def _radius(independent: int, largest: int) -> int:
    # Area grows with the count of independent outlets, as the mention markers do.
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(independent / max(largest, 1)))


def _pie(event: Any, index: Mapping[str, int], colour_by: str) -> list[list[int]]:
    if colour_by == "side":
        side = event.actor1_side if event.actor1_side in index else "unknown"
        return [[index.get(side, -1), 1]]
    return [[index.get(outlet, -1), 1] for outlet in event.outlet_list] or [[-1, 1]]


def _properties(
    event: Any, radius: int, pie: list[list[int]], place_type: str, placing: tuple[float, float]
) -> dict:
    what = HEADLINES.get(event.sub_event_type or "", event.sub_event_type or "event")
    day = event.event_date if isinstance(event.event_date, str) else "undated"
    kind = KIND_KEYS.index(event_kind(event.event_type, event.sub_event_type))
    return {
        "k": SHAPE_OF_TYPE.get(place_type, "other"), "r": radius, "n": len(event.mentions),
        "pie": pie, "name": safe.text(safe.shorten(event.place)),
        "t": safe.text(f"{what} · {day} · {event.status}"),
        "o": int(event.outlets), "rp": len({m.get("report") for m in event.mentions}),
        "pk": round(placing[0], 1), "c": round(placing[1], 2), "ek": [[kind, len(event.mentions)]],
        "ind": int(event.independent_outlets),
    }  # fmt: skip


def _placing(mentions: pd.DataFrame | None) -> dict[str, tuple[float, float]]:
    """Per event: how far its place may lie (the widest) and how sure (the mean), from its
    mentions, so the tooltip tells the truth about the placement."""
    if mentions is None or mentions.empty:
        return {}
    per_event = mentions[mentions["event_id"] != ""].groupby("event_id").agg(
        km=("precision_km", "max"), sure=("confidence", "mean")
    )
    return {eid: (float(r.km), float(r.sure)) for eid, r in per_event.iterrows()}


def event_features(
    events: pd.DataFrame,
    colours: Mapping[str, str],
    *,
    colour_by: str = "outlet",
    mentions: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """One feature per event (id: its ``event_id``), sized by independent outlets.

    ``mentions`` (the layer's) give each event's placement precision and confidence.
    """
    placing = _placing(mentions)
    names = list(colours)
    index = {name: i for i, name in enumerate(names)}
    placed = events.dropna(subset=["lat", "lon"])
    largest = int(placed["independent_outlets"].max()) if len(placed) else 1
    features = [
        {
            "type": "Feature",
            "id": event.event_id,
            "geometry": geojson_point(event.lat, event.lon),
            "properties": _properties(
                event, _radius(int(event.independent_outlets), largest),
                _pie(event, index, colour_by), event.place_type or "",
                placing.get(event.event_id, (5.0, 1.0)),
            ),
        }
        for event in placed.itertuples()
    ]
    legend = [[safe.text(safe.shorten(name, 40)), colours.get(name, OTHER_COLOUR)]
              for name in names]
    return {"type": "FeatureCollection", "outlets": legend, "features": features,
            "places_total": len(placed)}  # fmt: skip


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def outlets_line(event: Mapping[str, Any]) -> str:
    """"3 outlets, 2 independent: Dawn carries Reuters' text" (plain text)."""
    outlets, independent = int(event["outlets"]), int(event["independent_outlets"])
    line = f"{outlets} outlet{'s' * (outlets != 1)}, {independent} independent"
    copies = [
        f"{c.get('outlet')} carries {_possessive(str(c.get('carries')))} text"
        for c in event.get("copies") or ()
        if c.get("outlet") and c.get("carries")
    ]
    return line + (": " + "; ".join(copies) if copies else "")


def _claimant(row: Mapping[str, Any]) -> str:
    name = row.get("claimant") or row.get("outlet") or "unknown"
    kind = row.get("claimant_kind") or "kind unknown"
    return f"{name} ({kind})"


def _sentence(row: pd.Series) -> str:
    span = (int(row["start"] - row["quote_start"]), int(row["end"] - row["quote_start"]))
    ok = 0 <= span[0] < span[1] <= len(row["quote"])
    quote = highlight(row["quote"], [span] if ok else [])
    link = safe.link(row["url"], row["title"] or row["report"])
    return (f'<li><b>{safe.short_html(row["outlet"])}</b> · {link}'
            f"<blockquote>{quote}</blockquote></li>")



def event_card_html(event: Mapping[str, Any], mentions: pd.DataFrame) -> str:
    """The event's card: what, where, when, status, outlets, then sentences by claimant."""
    rows = mentions[mentions["event_id"] == event["event_id"]].sort_values(["report", "start"])
    groups = "".join(
        f'<div class="cm-claimant"><b>{safe.short_html(who, 100)}</b><ul>'
        + "".join(_sentence(row) for _, row in group.iterrows())
        + "</ul></div>"
        for who, group in rows.groupby(rows.apply(_claimant, axis=1), sort=True)
    ) if len(rows) else "<i>No supporting sentence in this layer.</i>"  # fmt: skip
    what = HEADLINES.get(event.get("sub_event_type") or "", event.get("sub_event_type") or "")
    killed = event.get("fatalities")
    killed = "" if killed is None or pd.isna(killed) else f" · {int(killed)} killed"
    day = event.get("event_date") if isinstance(event.get("event_date"), str) else "undated"
    return (
        f'<div class="cm-quote cm-event-card" data-event="{safe.text(event["event_id"])}">'
        f'<div class="cm-summary">{safe.text(what)} · {safe.text(event.get("place"))} · '
        f"{safe.text(day)}{safe.text(killed)}"
        f' <span class="cm-badge">{safe.text(event.get("status"))}</span></div>'
        f'<div class="cm-outlets">{safe.short_html(outlets_line(event), 300)}</div>'
        f"{groups}</div>"
    )


@st.cache_resource(max_entries=24, show_spinner=False)
def cached_event_features(
    layer_key: str,
    ids_key: str,
    colour_by: str,
    _events: pd.DataFrame,
    _shown: pd.DataFrame,
    _colours: Mapping[str, str],
) -> dict[str, Any]:
    """:func:`event_features` of the shown events, once per layer version, events shown
    (``ids_key``) and colouring. Shared between sessions: never modify the result."""
    return event_features(shown_events(_events, _shown), _colours, colour_by=colour_by,
                          mentions=_shown)  # fmt: skip


def find_event(events: pd.DataFrame, event_id: str | None) -> dict[str, Any] | None:
    """The event record with ``event_id`` (a clicked event marker), or None."""
    if not event_id or events.empty:
        return None
    found = events[events["event_id"] == event_id]
    return found.iloc[0].to_dict() if len(found) else None


def render_event(event: Mapping[str, Any], mentions: pd.DataFrame) -> None:
    """The panel beside the map for one event."""
    st.subheader(f"Event at {safe.label(event.get('place'))}", anchor=False)
    st.html(STYLE + event_card_html(event, mentions))


STYLE = """<style>
.cm-event-card{border-left:4px solid #4e79a7;padding:4px 10px;font-size:14px}
.cm-event-card blockquote{margin:4px 0;color:inherit}.cm-event-card mark{background:#ffe066}
.cm-outlets{color:#444;font-size:13px;margin:2px 0 6px 0}
.cm-claimant ul{margin:0 0 8px 18px;padding:0}
.cm-badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;
  background:#e3ecf7;color:#1f3a5f;font-size:11px}.cm-summary{font-weight:600}
</style>"""
