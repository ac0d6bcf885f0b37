"""One colour per outlet, the same everywhere (map, legend, toggles, timeline).

Colours are given to outlets in order of their share of the whole layer (not of the
current filter), so hiding an outlet or moving the date slider never repaints the others.
"""

from __future__ import annotations

import colorsys
import hashlib
from collections.abc import Iterable

# Tableau 10 plus two Dark2 colours: distinct for most colour-blind viewers, none of them
# grey, which is kept for "other outlets" in the pie markers.
BASE_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#1b9e77", "#d95f02", "#7570b3",
)  # fmt: skip
OTHER_COLOUR = "#9e9e9e"


def _hashed_colour(name: str) -> str:
    """A stable, mid-light colour for outlets beyond the base palette."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    hue, light = digest[0] / 255, 0.45 + digest[1] / 255 * 0.15
    red, green, blue = colorsys.hls_to_rgb(hue, light, 0.65)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def outlet_colours(outlets_by_share: Iterable[str]) -> dict[str, str]:
    """Map each outlet (most mentioned first) to its colour."""
    colours: dict[str, str] = {}
    for rank, outlet in enumerate(outlets_by_share):
        colours[outlet] = BASE_COLOURS[rank] if rank < len(BASE_COLOURS) else _hashed_colour(outlet)
    return colours
