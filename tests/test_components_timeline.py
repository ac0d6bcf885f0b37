"""The timeline's bars: periods, gaps, stacking order, escaping."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from components.timeline import bars, bucket_for, timeline_html

HOSTILE = '<img src=x onerror="alert(1)">'


def _counts(*rows: tuple[str, str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"day": pd.to_datetime([r[0] for r in rows]), "outlet": [r[1] for r in rows],
         "mentions": [r[2] for r in rows]}
    )  # fmt: skip


def test_one_bar_per_day_gaps_included_segments_in_legend_order():
    counts = _counts(("2024-11-27", "BBC", 2), ("2024-11-27", "The War Zone", 5),
                     ("2024-11-29", "BBC", 1))  # fmt: skip
    bar_list, bucket = bars(counts, ["The War Zone", "BBC"])
    assert bucket == "day"
    assert [b.label for b in bar_list] == ["Nov 27, 2024", "Nov 28, 2024", "Nov 29, 2024"]
    assert [b.segments for b in bar_list] == [
        (("The War Zone", 5), ("BBC", 2)), (), (("BBC", 1),)]
    assert [b.total for b in bar_list] == [7, 0, 1]


@pytest.mark.parametrize(
    ("first", "last", "bucket"),
    [("2024-11-27", "2024-12-02", "day"), ("2024-09-01", "2024-12-31", "week"),
     ("2016-12-01", "2024-12-02", "month")],
)
def test_longer_spans_get_weeks_then_months(first, last, bucket):
    assert bucket_for(dt.date.fromisoformat(first), dt.date.fromisoformat(last)) == bucket


def test_older_events_fall_into_monthly_bars_that_add_up():
    counts = _counts(("2016-12-10", "BBC", 3), ("2016-12-22", "BBC", 1),
                     ("2024-11-29", "BBC", 4))  # fmt: skip
    bar_list, bucket = bars(counts, ["BBC"])
    assert bucket == "month"
    assert bar_list[0].label == "Dec 2016" and bar_list[0].total == 4
    assert bar_list[-1].label == "Nov 2024" and bar_list[-1].total == 4
    assert len(bar_list) == 8 * 12  # Dec 2016 .. Nov 2024, empty months kept
    assert sum(b.total for b in bar_list) == 8


def test_weeks_start_on_monday():
    counts = _counts(("2024-08-07", "BBC", 1), ("2024-12-01", "BBC", 2))  # a Wednesday, a Sunday
    bar_list, bucket = bars(counts, ["BBC"])
    assert bucket == "week"
    assert bar_list[0].start == dt.date(2024, 8, 5) and bar_list[-1].start == dt.date(2024, 11, 25)
    assert bar_list[-1].label == "week of Nov 25, 2024"


def test_html_heights_are_shares_of_the_tallest_bar():
    counts = _counts(("2024-11-27", "A", 1), ("2024-11-28", "A", 3), ("2024-11-28", "B", 1))
    html = timeline_html(*_bars_and_colours(counts), "Event date", "day")
    heights = [float(h) for h in re.findall(r'cm-tl-seg [^"]*" style="height:([\d.]+)%"', html)]
    assert heights == [25.0, 75.0, 25.0]


def _bars_and_colours(counts):
    bar_list, _ = bars(counts, ["A", "B"])
    return bar_list, {"A": "#4e79a7", "B": "#f28e2b"}


def test_outlet_names_are_escaped_and_colours_must_be_hex():
    counts = _counts(("2024-11-27", HOSTILE, 2))
    bar_list, _ = bars(counts, [HOSTILE])
    html = timeline_html(bar_list, {HOSTILE: "red;background:url(javascript:x)"}, "Event", "day")
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "javascript" not in html and ".cm-tl-o0{background:#888888}" in html
