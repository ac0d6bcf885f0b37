"""Shared fixtures: the real gazetteer, the real seed reports, small report files, Chromium."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_REPORTS = REPO / "data" / "reports"


@pytest.fixture(scope="session")
def geoparser():
    """The geoparser on the bundled gazetteer (built once if missing)."""
    from geo.pipeline import open_geoparser

    return open_geoparser()


@pytest.fixture(scope="session")
def seed_layer(tmp_path_factory: pytest.TempPathFactory, geoparser) -> dict[str, Any]:
    """The layer built from the bundled seed reports, as written to disk."""
    from geo.build import build_layer

    out = tmp_path_factory.mktemp("layer") / "layer.geojson"
    build_layer([SEED_REPORTS], out, geoparser=geoparser)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def write_report(tmp_path: Path) -> Callable[..., Path]:
    """Write a report file with front matter; returns its path."""

    def write(
        name: str, body: str, *, outlet: str = "Test Wire", published: str = "2024-11-29",
        extra: str = "",
    ) -> Path:
        path = tmp_path / name
        path.write_text(
            f"---\noutlet: {outlet}\npublished: {published}\n{extra}---\n{body}", encoding="utf-8"
        )
        return path

    return write


def _require_chromium() -> None:
    from bench.browser import CHROMIUM

    reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session; each test opens its own context.

    One Playwright for every browser test: a second ``sync_playwright()`` cannot start while
    this one's event loop runs.
    """
    _require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    from bench.browser import launch_chromium

    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
