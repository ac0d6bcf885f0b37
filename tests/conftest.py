"""Shared fixtures: the real gazetteer, the real seed reports, small report files."""

from __future__ import annotations

import json
from collections.abc import Callable
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


