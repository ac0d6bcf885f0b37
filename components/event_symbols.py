"""What happened, drawn: one symbol kind per ACLED sub-event type, side colours, the legend.

The layer codes events in ACLED's own strings (``sub_event_type``); the map groups them into
a few kinds an analyst tells apart at a glance, each drawn as an offline SVG glyph (no icon
font, no CDN) on a disc filled by outlet or by side. ``event_kind`` is the pure core.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

import pandas as pd

from components import safe

#: Event kinds in legend order (and the order ties are broken in); ``context`` is last.
KIND_LABELS: dict[str, str] = {
    "capture": "capture",
    "clash": "clash",
    "air_strike": "air strike",
    "shelling": "shelling",
    "explosion": "explosion",
    "civilians": "civilians attacked",
    "displacement": "displacement",
    "other": "other event",
    "context": "context (no event)",
}
EVENT_KINDS = tuple(k for k in KIND_LABELS if k != "context")
_KIND_OF_SUB_EVENT = {
    "Non-state actor overtakes territory": "capture",
    "Government regains territory": "capture",
    "Non-violent transfer of territory": "capture",
    "Armed clash": "clash",
    "Air/drone strike": "air_strike",
    "Shelling/artillery/missile attack": "shelling",
    "Remote explosive/landmine/IED": "explosion",
    "Suicide bomb": "explosion",
    "Grenade": "explosion",
    "Chemical weapon": "explosion",
    "Displacement": "displacement",
}
#: White glyphs in a unit box (-1..1), drawn over the marker's disc.
GLYPHS: dict[str, str] = {
    "capture": "M-.42-.62H-.24V.66H-.42ZM-.24-.62L.6-.34L-.24-.04Z",
    "clash": "M-.64-.5L-.5-.64L.64.5L.5.64ZM.5-.64L.64-.5L-.5.64L-.64.5Z",
    "air_strike": "M-.08-.62Q0-.76.08-.62V-.2L.66.14V.3L.08.12V.44L.28.58V.68L0 .6L-.28.68"
    "V.58L-.08.44V.12L-.66.3V.14L-.08-.2Z",
    "shelling": "M-.22.62V-.18Q-.22-.56 0-.7Q.22-.56.22-.18V.62ZM-.32.44H.32V.62H-.32Z",
    "explosion": "M0-.7L.15-.3L.5-.5L.32-.14L.7 0L.32.14L.5.5L.15.3L0 .7L-.15.3L-.5.5"
    "L-.32.14L-.7 0L-.32-.14L-.5-.5L-.15-.3Z",
    "civilians": "M0-.68A.2.2 0 1 1 0-.28A.2.2 0 1 1 0-.68ZM-.36.66V-.06Q-.36-.2-.22-.2H.22"
    "Q.36-.2.36-.06V.66Z",
    "displacement": "M-.64-.16H.08V-.46L.66 0L.08.46V.16H-.64Z",
    "other": "M-.12-.64H.12L.08.2H-.08ZM-.13.34H.13V.6H-.13Z",
}
#: Sides of the layer schema, their colours (distinct from one another) and labels.
SIDE_COLOURS: dict[str, str] = {
    "opposition": "#2e8b3a",
    "government": "#c0392b",
    "russia": "#7b2d8b",
    "iran": "#e67e22",
    "sdf": "#f1c40f",
    "israel": "#2c6fbb",
    "turkey": "#17a2b8",
    "usa": "#1f3a93",
    "islamic_state": "#222222",
    "civilians": "#e88fb3",
    "unknown": "#9e9e9e",
    "none": "#d0d0d0",
}
SIDE_LABELS: dict[str, str] = {
    "opposition": "opposition", "government": "government", "russia": "Russia",
    "iran": "Iran and allies", "sdf": "SDF", "israel": "Israel", "turkey": "Turkey",
    "usa": "USA and coalition", "islamic_state": "Islamic State", "civilians": "civilians",
    "unknown": "unknown", "none": "no actor (context)",
}  # fmt: skip


def event_kind(event_type: object, sub_event_type: object) -> str:
    """The map's kind for one coding: ``context`` when there is no event."""
    if not isinstance(event_type, str) or not event_type:
        return "context"
    if event_type == "Violence against civilians":
        return "civilians"
    sub = sub_event_type if isinstance(sub_event_type, str) else ""
    return _KIND_OF_SUB_EVENT.get(sub, "other")


def kind_column(mentions: pd.DataFrame) -> pd.Series:
    """``event_kind`` of every row (one Python call per distinct coding, not per row)."""
    types = mentions["event_type"].astype(object).where(mentions["event_type"].notna(), "")
    subs = mentions["sub_event_type"].astype(object).where(mentions["sub_event_type"].notna(), "")
    pairs = types.astype(str) + "\x00" + subs.astype(str)
    kinds = {pair: event_kind(*pair.partition("\x00")[::2]) for pair in pairs.unique()}
    return pairs.map(kinds)


def side_column(mentions: pd.DataFrame) -> pd.Series:
    """The side a marker is coloured by: actor 1's, ``unknown`` if unsaid, ``none`` for context."""
    sides = mentions["actor1_side"].where(mentions["actor1_side"].isin(SIDE_COLOURS), "unknown")
    return sides.where(mentions["event_kind"] != "context", "none")


#: Kinds by index: the map's features carry the index, not the name (bytes per place).
KIND_KEYS = tuple(KIND_LABELS)
#: Kinds listed in a place's tooltip at most (the rest are "+ n more").
TOOLTIP_KINDS = 3


def place_kinds(mentions: pd.DataFrame) -> dict[str, list[list[int]]]:
    """Per place: ``[kind index, mentions]`` pairs, most frequent first (ties in legend order).

    The marker shows the first; context comes last, so a place shows ``context`` only when
    nothing is reported happening there. At most ``TOOLTIP_KINDS`` pairs are kept.
    """
    counts = mentions.groupby(["place_id", "event_kind"], sort=False).size()
    order = {kind: i for i, kind in enumerate(KIND_KEYS)}
    result: dict[str, list[list[int]]] = {}
    for place_id, per_kind in counts.groupby(level=0, sort=False):
        ranked = sorted(
            ([order.get(kind, order["other"]), int(n)] for (_, kind), n in per_kind.items()),
            key=lambda pair: (KIND_KEYS[pair[0]] == "context", -pair[1], pair[0]),
        )
        result[place_id] = ranked[:TOOLTIP_KINDS]
    return result


def kinds_text(pairs: list[list[int]]) -> str:
    """``place_kinds``' pairs as the tooltip says them: "air strike 2, clash 1"."""
    return ", ".join(f"{KIND_LABELS[KIND_KEYS[i]]} {n}" for i, n in pairs)


def glyph_svg(kind: str, *, fill: str = "#5b6270", size: int = 18) -> str:
    """A legend symbol: the map's disc and glyph for ``kind``, as a data-URI image."""
    glyph = GLYPHS.get(kind)
    if glyph is None:  # context: the plain place marker
        inner = f'<circle r="1" fill="{fill}" stroke="#1d1d1d" stroke-width=".12"/>'
    else:
        inner = (
            f'<circle r="1" fill="{fill}" stroke="#1d1d1d" stroke-width=".12"/>'
            f'<path d="{glyph}" fill="#fff" stroke="#1d1d1d" stroke-width=".06"/>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="-1.15 -1.15 2.3 2.3">{inner}</svg>'
    )
    # An image: st.html's sanitiser drops inline <svg> but keeps data: images.
    return (
        f'<img alt="" width="{size}" height="{size}" style="vertical-align:middle" '
        f'src="data:image/svg+xml;charset=utf-8,{quote(svg)}">'
    )


def _item(symbol: str, label: str) -> str:
    return (
        f'<span class="cm-legend-item" style="margin-right:14px;white-space:nowrap">'
        f"{symbol} {safe.text(label)}</span>"
    )


def events_legend_html(kinds: list[str], side_colours: Mapping[str, str] | None) -> str:
    """The legend of event symbols shown (and of side colours when markers use them)."""
    symbols = "".join(
        _item(glyph_svg(k), KIND_LABELS.get(k, k)) for k in KIND_LABELS if k in kinds
    )
    rows = [f"<div><b>What happened</b> {symbols or '<i>none shown</i>'}</div>"]
    if side_colours is not None:
        sides = "".join(
            _item(glyph_svg("context", fill=c, size=14), SIDE_LABELS.get(s, s))
            for s, c in side_colours.items()
        )
        rows.append(f"<div><b>Sides</b> (actor 1, who did it) {sides}</div>")
    style = "font-size:13px;line-height:1.9"
    return f'<div class="cm-legend cm-events-legend" style="{style}">{"".join(rows)}</div>'
