"""What is wrong around a layer that still shows: points it cannot draw, pins it ignores,
reports dated after the layer was built.

A problem that leaves a valid layer must not take the map down: the map shows, and a
warning above it says what was left out and how to fix it. ``health_warnings`` is the pure
core; ``render_health`` draws them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from components import safe
from geo.future_dates import build_day_of, future_dates
from geo.overrides import overrides_path, read_good_pins

#: Reports dated after the build day shown one by one; the rest are counted in one line.
FUTURE_LINES_SHOWN = 5


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


def future_date_warnings(mentions: pd.DataFrame, generated_at: str) -> list[str]:
    """One line per report of ``mentions`` dated after the day the layer was built (the
    build's own rule and words, geo.future_dates)."""
    day = pd.Timestamp(build_day_of({"generated_at": generated_at}))
    late = mentions[(mentions["published_day"] > day) | (mentions["event_day"] > day)]
    if late.empty:
        return []
    records = late[["report", "published", "event_date"]].to_dict("records")
    lines = future_dates(records, records, day.date())
    shown = [f"A report is dated after the day the layer was built: {line}"
             for line in lines[:FUTURE_LINES_SHOWN]]
    if len(lines) > FUTURE_LINES_SHOWN:  # a wrong clock would date every report: one line
        shown.append(f"{len(lines) - FUTURE_LINES_SHOWN} more report(s) are dated after the "
                     "day the layer was built; the build's output lists them all.")
    return shown


@st.cache_data(max_entries=4, show_spinner=False)
def _future_lines(key: str, _mentions: pd.DataFrame, generated_at: str) -> list[str]:
    # ``key`` changes with the layer file: the check runs once per layer, not per rerun.
    return future_date_warnings(_mentions, generated_at)


def render_health(layer: Any) -> None:
    """Warnings above the page; the layer itself is shown as it is."""
    lines = health_warnings(layer.skipped_features, overrides_path())
    lines += _future_lines(layer.key, layer.mentions, layer.generated_at)
    for line in lines:
        st.warning(safe.markdown_text(line))
