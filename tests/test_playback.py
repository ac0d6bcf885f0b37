"""Playback's stepping: where Play starts, one day per step, and the stop at the last day."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from components.filters import Filters
from components.layer_data import mentions_frame
from components.playback import at_end, first_window, next_window, start_window, track_bounds

D = dt.date
SEEDS = (D(2024, 11, 27), D(2024, 12, 2))  # the seeds' news days


def walk(bounds, days):
    """Every window from Play on the whole track to the stop."""
    window = start_window(bounds, bounds, days)
    seen = [window]
    while (window := next_window(window, bounds, days)) is not None:
        seen.append(window)
    return seen


def test_one_day_window_visits_every_day_once_and_stops_on_the_last():
    windows = walk(SEEDS, 1)
    assert [w[0] for w in windows] == [D(2024, 11, 27) + dt.timedelta(days=i) for i in range(6)]
    assert all(start == end for start, end in windows)
    assert at_end(windows[-1], SEEDS)
    assert next_window(windows[-1], SEEDS, 1) is None


def test_a_longer_window_slides_a_day_at_a_time_until_its_end_reaches_the_last_day():
    windows = walk(SEEDS, 3)
    assert windows == [(D(2024, 11, 27), D(2024, 11, 29)), (D(2024, 11, 28), D(2024, 11, 30)),
                       (D(2024, 11, 29), D(2024, 12, 1)), (D(2024, 11, 30), D(2024, 12, 2))]


def test_a_window_longer_than_the_track_is_cut_and_ends_at_once():
    assert first_window(SEEDS, 14) == SEEDS
    assert walk(SEEDS, 14) == [SEEDS]


def test_play_resumes_a_paused_window_but_restarts_from_the_end_or_the_whole_track():
    paused = (D(2024, 11, 29), D(2024, 11, 29))
    assert start_window(paused, SEEDS, 1) == paused
    assert start_window(paused, SEEDS, 2) == (D(2024, 11, 29), D(2024, 11, 30))
    assert start_window((D(2024, 12, 2), D(2024, 12, 2)), SEEDS, 1) == (SEEDS[0], SEEDS[0])
    # The slider's track is one day longer on a one-day layer: still the whole track.
    assert start_window((SEEDS[0], D(2024, 12, 3)), SEEDS, 2) == (SEEDS[0], D(2024, 11, 28))
    assert start_window(None, SEEDS, 1) == (SEEDS[0], SEEDS[0])


def test_a_window_before_the_track_is_pulled_inside():
    early = (D(2024, 11, 1), D(2024, 11, 2))
    assert start_window(early, SEEDS, 1) == (SEEDS[0], SEEDS[0])
    assert next_window(early, SEEDS, 1) == (SEEDS[0], SEEDS[0])


@pytest.mark.parametrize("days", [1, 2, 5, 14])
def test_every_step_is_one_day_and_no_window_leaves_the_track(days):
    bounds = (D(2024, 10, 1), D(2024, 11, 30))
    windows = walk(bounds, days)
    assert all(bounds[0] <= s <= e <= bounds[1] for s, e in windows)
    assert all((b[0] - a[0]).days == 1 for a, b in itertools.pairwise(windows))
    assert windows[-1][1] == bounds[1] and len(windows) == max(1, 61 - days + 1)


def test_the_track_is_the_sliders_older_events_aside_unless_shown(seed_layer):
    seeds_mentions, _ = mentions_frame(seed_layer["features"])
    assert track_bounds(seeds_mentions, Filters()) == SEEDS
    older = track_bounds(seeds_mentions, Filters(include_older=True))
    assert older is not None and older[0].year == 2011 and older[1] == SEEDS[1]


def test_play_in_the_app_moves_the_slider_to_the_first_day_and_pause_keeps_it(monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("CONFLICT_MAP_LAYER", str(root / "tests" / "data" / "layer_small.geojson"))
    monkeypatch.delenv("CONFLICT_MAP_REPORTS", raising=False)
    app = AppTest.from_file(str(root / "app.py"), default_timeout=60).run()
    low, _ = app.slider(key="event-range").value
    app.button(key="playback-play").click().run()
    assert not app.exception
    assert app.slider(key="event-range").value == (low, low)
    assert any(c.value.startswith("Playing · ") for c in app.caption)
    app.button(key="playback-pause").click().run()
    assert app.slider(key="event-range").value == (low, low)
    assert app.button(key="playback-play").label == "▶ Play"
    assert app.query_params["event-range"]  # the paused window is in the URL
