"""A real Streamlit server per layer, and headless Chromium, for the end-to-end tests.

The real layer is built from ``data/reports`` into a temporary folder, so the repository's
``data/layer.geojson`` is never touched. Without ``/usr/bin/chromium`` the tests are
skipped, except on CI (``CI=true``), where a missing browser is a failure (the ``browser``
fixture lives in ``tests/conftest.py``, shared with the other browser tests).

``CONFLICT_MAP_E2E_APP`` points the servers at another checkout's ``app.py`` (to check that
a deliberately broken copy makes these tests fail).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import Server, streamlit_server

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "e2e"
VIEWPORT = {"width": 1500, "height": 1300}
APP = Path(os.environ.get("CONFLICT_MAP_E2E_APP") or REPO / "app.py")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own cookies, cache and session) with a desktop-sized window."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def shoot(page: Any):
    """Save a screenshot as ``artifacts/e2e/<name>.png`` (gitignored) to look at after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(name: str, target: Any = None) -> Path:
        """``target``: the page (default, whole page), another page, or an element."""
        path = ARTIFACTS / f"{name}.png"
        if target is None or hasattr(target, "goto"):
            (target or page).screenshot(path=str(path), full_page=True)
        else:
            target.screenshot(path=str(path))
        return path

    return save


@pytest.fixture(scope="session")
def real_layer(tmp_path_factory: pytest.TempPathFactory, geoparser) -> Path:
    """The layer built from the seed reports, in a temporary folder."""
    from geo.build import build_layer

    out = tmp_path_factory.mktemp("real") / "layer.geojson"
    build_layer([REPO / "data" / "reports"], out, geoparser=geoparser)
    return out


@pytest.fixture(scope="session")
def real_features(real_layer: Path) -> list[dict[str, Any]]:
    """The properties of every mention of the real layer, to compute expected counts."""
    layer = json.loads(real_layer.read_text(encoding="utf-8"))
    return [feature["properties"] for feature in layer["features"]]


@pytest.fixture(scope="session")
def app_script() -> Path:
    """The ``app.py`` the servers run (``CONFLICT_MAP_E2E_APP`` or this checkout's)."""
    return APP


@pytest.fixture(scope="session")
def real_server(real_layer: Path) -> Iterator[Server]:
    with streamlit_server(real_layer, app=APP) as server:
        yield server


@pytest.fixture(scope="session")
def broken_layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A path with no file yet: the error test writes bad content there itself."""
    return tmp_path_factory.mktemp("broken") / "layer.geojson"


@pytest.fixture(scope="session")
def broken_server(broken_layer: Path) -> Iterator[Server]:
    with streamlit_server(broken_layer, app=APP) as server:
        yield server
