"""The legend: what colour, shape, size, dashes and shaded circles mean on the map."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

import streamlit as st

from components import safe
from components.palette import OTHER_COLOUR
from components.place_layer import SHAPE_LABELS, SHAPES

_GREY = "#8a8f98"


def symbol_svg(
    shape: str, *, fill: str = _GREY, dashed: bool = False, size: int = 18, pale: bool = False
) -> str:
    """A legend symbol drawn with the map's own shape paths."""
    spec = SHAPES[shape]
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    dot = (
        '<circle r=".3" fill="#fff" stroke="#1d1d1d" stroke-width="1" '
        'vector-effect="non-scaling-stroke"/>'
        if spec["dot"]
        else ""
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="-1.15 -1.15 2.3 2.3"><path d="{spec["d"]}" fill="{fill}" '
        f'fill-opacity="{0.35 if pale else 0.9}" stroke="#1d1d1d" stroke-width="1.3" '
        f'vector-effect="non-scaling-stroke"{dash}/>{dot}</svg>'
    )
    # As an image: st.html's sanitiser drops inline <svg> but keeps data: images.
    return (
        f'<img alt="" width="{size}" height="{size}" style="vertical-align:middle" '
        f'src="data:image/svg+xml;charset=utf-8,{quote(svg)}">'
    )


def _pie_symbol(colours: list[str]) -> str:
    slices = colours[:3] or [OTHER_COLOUR]
    stops = ", ".join(
        f"{c} {i * 100 // len(slices)}% {(i + 1) * 100 // len(slices)}%"
        for i, c in enumerate(slices)
    )
    return (
        '<span style="display:inline-block;width:16px;height:16px;border-radius:50%;'
        f'vertical-align:middle;border:2px solid #1d1d1d;background:conic-gradient({stops})">'
        "</span>"
    )


def _item(symbol: str, label: str) -> str:
    # Inline blocks: a line may break between two items (adjacent inline spans with no
    # space between them would run on past the legend's edge), never inside one.
    style = "display:inline-block;margin-right:14px;white-space:nowrap"
    return f'<span class="cm-legend-item" style="{style}">{symbol} {label}</span>'


def legend_html(outlet_colours: Mapping[str, str]) -> str:
    """The legend for the outlets shown (``outlet -> colour``), as escaped HTML."""
    outlets = "".join(
        _item(symbol_svg("settlement", fill=colour, size=14), safe.short_html(outlet, 40))
        for outlet, colour in outlet_colours.items()
    )
    shapes = "".join(_item(symbol_svg(k), text) for k, text in SHAPE_LABELS.items())
    reading = "".join(
        (
            _item(_pie_symbol(list(outlet_colours.values())), "several outlets (pie by share)"),
            _item(symbol_svg("settlement", dashed=True, pale=True), "doubtful placement"),
            _item(
                '<span style="display:inline-block;width:16px;height:16px;border-radius:50%;'
                'vertical-align:middle;border:1px dashed #555;background:#5552"></span>',
                "could be anywhere in the circle (areas up to 300 km; countries and wider "
                "regions have no circle)",
            ),
            _item("size", "grows with mentions (or outlets)"),
            _item(
                '<span style="display:inline-block;padding:0 5px;border-radius:9px;'
                'background:#2d2d3c;color:#fff;font-size:11px">12</span>',
                "cluster: mentions in nearby places",
            ),
        )
    )
    return (
        '<div class="cm-legend" style="font-size:13px;line-height:1.9">'
        f"<div><b>Outlets</b> {outlets or '<i>none shown</i>'}</div>"
        f"<div><b>Kind</b> {shapes}</div><div><b>Reading</b> {reading}</div></div>"
    )


def render_legend(outlet_colours: Mapping[str, str]) -> None:
    """Draw the legend under the map."""
    st.html(legend_html(outlet_colours))
