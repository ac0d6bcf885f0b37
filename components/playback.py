"""Playback: the date window steps through the layer's days, and the whole page follows.

The pure core (:func:`first_window`, :func:`next_window`, :func:`at_end`,
:func:`start_window`) says where the window goes. The widgets drive the date slider of
``components.filters`` through its session-state key: a timed fragment moves the window one
day per tick and reruns the app, so the map, the counts and the timeline are redrawn from
the slider's new value, exactly as when a user drags it. The slider is bound to the URL, so
pausing leaves the window in the page address; window length and speed are there too
(``play-days``, ``play-speed``). Whether it is playing is not: a shared link never starts
playing by itself.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import filters

Window = tuple[dt.date, dt.date]
PLAYING_KEY = "playback-playing"  # session only: a link opens paused
PENDING_KEY = "playback-pending"
WINDOW_KEY = "playback-window"
_INLINE_KEY = "playback-inline"
DAYS_KEY, SPEED_KEY = "play-days", "play-speed"
MAX_DAYS = 14
#: Seconds per day shown, by label (the URL keeps the label).
SPEEDS = {"slow": 2.0, "normal": 1.0, "fast": 0.5}
_ONE_DAY = dt.timedelta(days=1)
PLAY_HELP = ("Step the date window through the days, a day per tick, and stop at the last "
             "day; the map, the counts and the timeline follow. Pause keeps the window.")


def first_window(bounds: Window, days: int) -> Window:
    """The ``days``-long window that starts on the first day (cut at the last day)."""
    low, high = bounds
    return low, min(low + (days - 1) * _ONE_DAY, high)


def at_end(window: Window, bounds: Window) -> bool:
    """Whether ``window`` already shows the last day: playback stops there."""
    return window[1] >= bounds[1]


def next_window(window: Window, bounds: Window, days: int) -> Window | None:
    """The window one day later (``days`` long, cut at the last day), or None at the end."""
    if at_end(window, bounds):
        return None
    start = max(window[0] + _ONE_DAY, bounds[0])
    return start, min(start + (days - 1) * _ONE_DAY, bounds[1])


def start_window(current: Window | None, bounds: Window, days: int) -> Window:
    """Where Play starts: the first day when the window shows every day or has reached the
    end; otherwise (a paused playback, a range the user chose) the window's own start."""
    if current is None or at_end(current, bounds):
        return first_window(bounds, days)
    start = min(max(current[0], bounds[0]), bounds[1])
    return start, min(start + (days - 1) * _ONE_DAY, bounds[1])


def track_bounds(mentions: pd.DataFrame, chosen: filters.Filters) -> Window | None:
    """The first and last day of the date slider's track (the days playback walks)."""
    # One column, not the whole frame: at 100,000 mentions a frame's row take costs ~40 ms.
    days = mentions[filters.DATE_COLUMNS[chosen.date_basis]]
    if not chosen.include_older:
        days = days[~filters.older_mask(mentions).to_numpy()]
    days = days.dropna()
    return None if days.empty else (days.min().date(), days.max().date())


# --- widgets -------------------------------------------------------------------------------


def _slider_key(chosen: filters.Filters) -> str:
    return f"{chosen.date_basis}-range"  # the key filters._date_widgets gives the slider


def _play(key: str, current: Window | None, bounds: Window) -> None:
    # A callback: it runs before the script, so the slider is drawn with the new window.
    window = start_window(current, bounds, int(st.session_state[DAYS_KEY]))
    st.session_state[key] = st.session_state[WINDOW_KEY] = window
    st.session_state[PLAYING_KEY] = True


def _pause(key: str) -> None:
    # The click comes with the browser's copy of the slider, which may still show an
    # earlier step: the slider stops where playback is.
    st.session_state[PLAYING_KEY] = False
    if WINDOW_KEY in st.session_state:
        st.session_state[key] = st.session_state[WINDOW_KEY]


def _tick(key: str, bounds: Window, days: int) -> None:
    """One timed run: move the window a day on and rerun the page, or stop at the end."""
    # The fragment also runs inside every full run of the page, right after a step: only
    # the timer's runs move the window.
    if not st.session_state.get(PLAYING_KEY) or st.session_state.get(_INLINE_KEY):
        return
    # The window is playback's own, not the slider's value: a timer run carries the
    # browser's copy of the slider, which can lag a step (or still be the whole track).
    current = st.session_state.get(WINDOW_KEY)
    window = next_window(current, bounds, days) if current else None
    if window is None:
        st.session_state[PLAYING_KEY] = False
    # The slider was drawn by the last full run: its key can only be set before the next
    # one draws it (apply_step, at the top of the page). At the end it is set again.
    st.session_state[PENDING_KEY] = (key, window or current)
    st.rerun(scope="app")


def apply_step() -> None:
    """Move the date slider to the window the last tick chose; call before the filters."""
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None and pending[1] is not None:
        key, window = pending
        st.session_state[key] = st.session_state[WINDOW_KEY] = window


def _status(window: Window, bounds: Window, playing: bool) -> str:
    total = (bounds[1] - bounds[0]).days + 1
    if not playing and window[0] <= bounds[0] and at_end(window, bounds):
        return f"{total} days: {bounds[0]:%d %b} – {bounds[1]:%d %b %Y}"
    shown = f"{window[0]:%d %b %Y}" if window[0] == window[1] else (
        f"{window[0]:%d %b} – {window[1]:%d %b %Y}")
    day = min((window[1] - bounds[0]).days + 1, total)
    last = " (the last)" if at_end(window, bounds) else ""
    return f"{'Playing · ' if playing else ''}{shown} · day {day} of {total}{last}"


def render_playback(mentions: pd.DataFrame, chosen: filters.Filters) -> None:
    """Play/Pause, window length and speed, in one row above the map (after the filters)."""
    bounds = track_bounds(mentions, chosen)
    if bounds is None or chosen.date_range is None:
        return
    key, playing = _slider_key(chosen), bool(st.session_state.get(PLAYING_KEY))
    button, length, speed, status = st.columns([1.1, 2, 2.2, 4], vertical_alignment="bottom")
    days = length.number_input("Window (days)", min_value=1, max_value=MAX_DAYS, value=1,
                               step=1, key=DAYS_KEY, bind="query-params")  # fmt: skip
    pace = speed.segmented_control("Speed", list(SPEEDS), default="normal", key=SPEED_KEY,
                                   bind="query-params", help="Seconds per day: slow 2, "
                                   "normal 1, fast 0.5.") or "normal"  # fmt: skip
    current = chosen.date_range
    if playing:
        button.button("⏸ Pause", key="playback-pause", on_click=_pause, args=(key,),
                      width="stretch")
    else:
        button.button("▶ Play", key="playback-play", on_click=_play, width="stretch",
                      args=(key, current, bounds), help=PLAY_HELP)
    status.caption(_status(current, bounds, playing))
    seconds = SPEEDS[pace]
    st.session_state[_INLINE_KEY] = True
    try:
        st.fragment(_tick, run_every=seconds if playing else None)(key, bounds, int(days))
    finally:
        st.session_state[_INLINE_KEY] = False
