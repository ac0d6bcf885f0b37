"""Mentions per day per outlet, for the current filters, as stacked bars in plain HTML.

Plain HTML and CSS, not a Vega chart: Streamlit loads Vega (about 1 MB of JavaScript) when a
chart first appears, and on a two-core machine parsing it delays the map
(docs/performance.md). Each bar segment carries its day, outlet and count as its title (a
tooltip, and its accessible name); outlet names come from reports and are escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import streamlit as st

from components import safe
from components.filters import DATE_COLUMNS, DATE_LABELS, DateBasis

Bucket = Literal["day", "week", "month"]
#: Up to this many days a bar is a day; up to the second, a week; beyond, a month.
DAYS_UP_TO, WEEKS_UP_TO = 92, 731
CHART_HEIGHT_PX = 180
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FALLBACK_COLOUR = "#888888"

_STYLE = """<style>
.cm-tl-wrap{display:flex;gap:6px;font:12px/1.3 "Source Sans",sans-serif;color:#555}
.cm-tl-y{display:flex;flex-direction:column;justify-content:space-between;text-align:right;
 height:@Hpx;min-width:2.5em}
.cm-tl-main{flex:1;min-width:0}
.cm-tl{display:flex;align-items:flex-end;gap:1px;height:@Hpx;border-left:1px solid #999;
 border-bottom:1px solid #999;background:repeating-linear-gradient(to top,transparent 0,
 transparent calc(50% - 1px),#eee calc(50% - 1px),#eee 50%)}
.cm-tl-col{flex:1 1 0;min-width:1px;height:100%;display:flex;flex-direction:column-reverse;
 padding:0 2px;box-sizing:border-box}
/* A few px, not a percentage: padding in % is of the whole chart's width, which pushed
   each bar off the label under its column's left edge. */
.cm-tl-seg{width:100%;min-height:1px}
.cm-tl-seg:hover{filter:brightness(0.8)}
.cm-tl-x{display:flex;gap:1px;margin-top:3px;height:1.4em;border-left:1px solid transparent}
.cm-tl-x span{flex:1 1 0;min-width:1px;white-space:nowrap;overflow:visible}
.cm-tl-axis{text-align:center;margin-top:2px}
</style>""".replace("@H", str(CHART_HEIGHT_PX))


@dataclass(frozen=True)
class Bar:
    """One bar: the period it counts, its label, and (outlet, mentions) from the bottom up."""

    start: dt.date
    label: str
    segments: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.segments)


def daily_counts(mentions: pd.DataFrame, basis: DateBasis) -> pd.DataFrame:
    """Columns ``day``, ``outlet``, ``mentions``: one row per dated day and outlet."""
    days = mentions[DATE_COLUMNS[basis]]
    dated = mentions.assign(day=days)[days.notna()]
    counts = dated.groupby(["day", "outlet"]).size().reset_index(name="mentions")
    return counts.sort_values(["day", "outlet"]).reset_index(drop=True)


def bucket_for(first: dt.date, last: dt.date) -> Bucket:
    """Days for a campaign, weeks for a season, months for years (older events shown)."""
    span = (last - first).days + 1
    return "day" if span <= DAYS_UP_TO else "week" if span <= WEEKS_UP_TO else "month"


def _period_start(day: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())  # Monday
    if bucket == "month":
        return day.replace(day=1)
    return day


def _next_period(start: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "day":
        return start + dt.timedelta(days=1)
    if bucket == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _label(start: dt.date, bucket: Bucket) -> str:
    day = f"{start:%b} {start.day}, {start.year}"
    return {"day": day, "week": f"week of {day}", "month": f"{start:%b %Y}"}[bucket]


def bars(counts: pd.DataFrame, outlet_order: list[str]) -> tuple[list[Bar], Bucket]:
    """One bar per period from the first dated mention to the last, empty periods included
    (a gap in the reporting is information), segments in ``outlet_order``."""
    if counts.empty:
        return [], "day"
    days = pd.to_datetime(counts["day"]).dt.date
    bucket = bucket_for(days.min(), days.max())
    rank = {outlet: index for index, outlet in enumerate(outlet_order)}
    totals: dict[dt.date, dict[str, int]] = {}
    for day, outlet, count in zip(days, counts["outlet"], counts["mentions"], strict=True):
        period = totals.setdefault(_period_start(day, bucket), {})
        period[outlet] = period.get(outlet, 0) + int(count)
    result, start, last = [], _period_start(days.min(), bucket), _period_start(days.max(), bucket)
    while start <= last:
        by_outlet = totals.get(start, {})
        order = sorted(by_outlet, key=lambda o: (rank.get(o, len(rank)), o))
        result.append(Bar(start, _label(start, bucket), tuple((o, by_outlet[o]) for o in order)))
        start = _next_period(start, bucket)
    return result, bucket


def _colour(colours: Mapping[str, str], outlet: str) -> str:
    colour = colours.get(outlet, _FALLBACK_COLOUR)
    return colour if _HEX_COLOUR.match(colour) else _FALLBACK_COLOUR


def _segment(bar: Bar, outlet: str, count: int, top: int, slot: Mapping[str, int]) -> str:
    # The title is the tooltip and, with role="img", the accessible name: one attribute, as
    # a long campaign has hundreds of segments.
    text = safe.text(f"{bar.label}; outlet: {outlet}; Mentions: {count}")
    return (f'<div class="cm-tl-seg cm-tl-o{slot[outlet]}" style="height:{100 * count / top:.2f}%"'
            f' title="{text}" role="img"></div>')


def _outlet_classes(bar_list: list[Bar], colours: Mapping[str, str]) -> tuple[dict[str, int], str]:
    """A CSS class per outlet charted (its colour), so that segments do not repeat it."""
    slot: dict[str, int] = {}
    for bar in bar_list:
        for outlet, _ in bar.segments:
            slot.setdefault(outlet, len(slot))
    rules = "".join(f".cm-tl-o{index}{{background:{_colour(colours, outlet)}}}"
                    for outlet, index in slot.items())
    return slot, f"<style>{rules}</style>"


def _tick_every(count: int) -> int:
    """Label about eight bars, whatever their number."""
    return max(1, -(-count // 8))


def timeline_html(
    bar_list: list[Bar], colours: Mapping[str, str], axis_title: str, bucket: Bucket
) -> str:
    """The chart as HTML: y labels, stacked bars, x labels every few bars, the axis title."""
    top = max((bar.total for bar in bar_list), default=0) or 1
    slot, outlet_style = _outlet_classes(bar_list, colours)
    columns = "".join(
        '<div class="cm-tl-col">'
        + "".join(_segment(bar, outlet, count, top, slot) for outlet, count in bar.segments)
        + "</div>"
        for bar in bar_list
    )
    every = _tick_every(len(bar_list))
    short = {"day": "%b %d", "week": "%b %d", "month": "%b %Y"}[bucket]
    ticks = "".join(
        f"<span>{bar.start.strftime(short) if index % every == 0 else ''}</span>"
        for index, bar in enumerate(bar_list)
    )
    return (
        f'{_STYLE}{outlet_style}<div class="cm-tl-wrap"><div class="cm-tl-y"><span>{top}</span>'
        f'<span>{top / 2:g}</span><span>0</span></div>'
        f'<div class="cm-tl-main"><div class="cm-tl" role="group" '
        f'aria-label="Mentions per {bucket}">{columns}</div>'
        f'<div class="cm-tl-x">{ticks}</div>'
        f'<div class="cm-tl-axis">{safe.text(axis_title)}, one bar per {bucket}</div></div></div>'
    )


def render_timeline(mentions: pd.DataFrame, colours: Mapping[str, str], basis: DateBasis) -> None:
    """Draw the chart (or say why there is none)."""
    counts = daily_counts(mentions, basis)
    undated = int(mentions[DATE_COLUMNS[basis]].isna().sum())
    note = f" · {undated} undated mention(s) not charted" if undated else ""
    bar_list, bucket = bars(counts, list(colours))
    st.subheader(f"Mentions per {bucket}", anchor=False)
    st.caption(f"By {DATE_LABELS[basis].lower()}, stacked by outlet (colours as on the map); "
               f"hover a bar for its count{note}")
    if not bar_list:
        st.info("No dated mention under the current filters.")
        return
    st.html(timeline_html(bar_list, colours, DATE_LABELS[basis], bucket))
