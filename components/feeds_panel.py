"""The "Feeds" tab of Add reports: the list of feeds in a settings file, and "Fetch now".

The list lives in ``data/feeds.txt`` (or ``$CONFLICT_MAP_FEEDS``), one URL a line, the same
file ``python -m geo fetch --feeds`` reads. Fetching goes online: it is only ever started by
the button. Every line shown comes from outside and is escaped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components import safe
from components.settings import Settings
from geo.feeds import DEFAULT_FEEDS, SourceResult, fetch_sources, read_feed_list, write_feed_list

ENV_FEEDS = "CONFLICT_MAP_FEEDS"


def feeds_file() -> Path:
    """Where the dashboard keeps its feeds list."""
    value = os.environ.get(ENV_FEEDS, "").strip()
    return Path(value) if value else DEFAULT_FEEDS


def render_feeds(settings: Settings, rebuild: Callable[[], None]) -> None:
    path = feeds_file()
    st.caption(f"One feed (RSS/Atom) or article page a line, kept in `{path}`. Fetching goes "
               "online; a URL fetched before is skipped.")
    text = st.text_area("Feeds and pages", value="\n".join(read_feed_list(path)), height=150,
                        key="feeds_list")
    urls = [line.strip() for line in text.splitlines() if line.strip()]
    save, fetch = st.columns(2)
    if save.button("Save the list", key="feeds_save"):
        write_feed_list(path, urls)
        st.success(f"Saved {len(urls)} URL(s) in {safe.markdown_text(path.name)}")
    if fetch.button("Fetch now", type="primary", disabled=not urls, key="feeds_fetch"):
        _fetch(urls, settings, rebuild)


def _fetch(urls: list[str], settings: Settings, rebuild: Callable[[], None]) -> None:
    assert settings.reports is not None
    bar = st.progress(0.0, text="Fetching…")
    done: list[SourceResult] = []

    def shown(result: SourceResult) -> None:
        done.append(result)
        bar.progress(len(done) / len(urls), text=f"Fetched {len(done)} of {len(urls)} sources")
        kind = "cm-fetch-bad" if result.failed else "cm-fetch-ok"
        lines = "<br>".join(safe.text(line) for line in result.line().splitlines())
        st.html(f'<div class="{kind}">{lines}</div>')

    results = fetch_sources(urls, settings.reports, on_source=shown)
    if sum(len(r.saved) for r in results):
        rebuild()
