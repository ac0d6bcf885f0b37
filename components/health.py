"""What is wrong around a layer that still shows: points it cannot draw, pins it ignores.

A problem that leaves a valid layer must not take the map down: the map shows, and a
warning above it says what was left out and how to fix it. ``health_warnings`` is the pure
core; ``render_health`` draws them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from components import safe
from geo.overrides import overrides_path, read_good_pins


def health_warnings(skipped_features: int, pins_path: Path) -> list[str]:
    """One line per problem: features not drawn, pins of the overrides file not applied."""
    lines = []
    if skipped_features:
        lines.append(
            f"{skipped_features} feature(s) of the layer are not drawn: not points, or "
            "coordinates that are not numbers within WGS 84 (latitude -90..90, longitude "
            "-180..180). Rebuild the layer: python -m geo build")
    _, problems = read_good_pins(pins_path)
    lines += [f"A pin is not applied: {problem}" for problem in problems]
    return lines


def render_health(layer: Any) -> None:
    """Warnings above the page; the layer itself is shown as it is."""
    for line in health_warnings(layer.skipped_features, overrides_path()):
        st.warning(safe.markdown_text(line))
