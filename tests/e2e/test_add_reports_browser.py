"""Add reports in Chromium: an uploaded report's places appear on the map; bad files are
named with their errors and nothing of them is saved.

The server runs on a copy of four seed reports in a temporary folder; the fifth seed is the
"new" report an analyst uploads, so the test touches nothing in the repository.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import PLACES_JS, Server, map_frame, streamlit_server

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "data" / "reports").glob("*.txt"))
HELD_OUT = SEEDS[-1]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("add")
    (root / "reports").mkdir()
    for seed in SEEDS[:-1]:
        shutil.copy(seed, root / "reports" / seed.name)
    return root


@pytest.fixture(scope="module")
def add_server(workspace: Path) -> Iterator[Server]:
    env = {"CONFLICT_MAP_REPORTS": str(workspace / "reports"),
           "CONFLICT_MAP_OVERRIDES": str(workspace / "overrides.json")}
    with streamlit_server(workspace / "layer.geojson", env=env) as server:
        yield server


def _place_ids(workspace: Path, report: str) -> set[str]:
    """The report's places the map shows under the default filters (news, literal, events)."""
    from components.event_filters import EventFilters, apply_event_filters
    from components.filters import Filters, apply_filters
    from components.layer_data import mentions_frame

    layer = json.loads((workspace / "layer.geojson").read_text(encoding="utf-8"))
    mentions = apply_filters(mentions_frame(layer["features"])[0], Filters())
    shown = apply_event_filters(mentions, EventFilters())  # context is off by default
    return set(shown.loc[shown["report"] == report, "place_id"])


def _open_add_page(page: Any, server: Server) -> Any:
    page.goto(f"{server.url}/add")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Add reports")).to_be_visible(timeout=60_000)
    return main


def test_an_uploaded_report_is_saved_and_its_places_appear_on_the_map(
    page, add_server, workspace, shoot
):
    page.goto(add_server.url)
    before = set(map_frame(page).evaluate(PLACES_JS))
    main = _open_add_page(page, add_server)
    main.locator("input[type=file]").set_input_files(str(HELD_OUT))
    expect(main.locator(".cm-upload-ok")).to_contain_text(HELD_OUT.name)
    main.get_by_role("button", name="Save 1 report(s) and update the map").click()
    expect(main.get_by_text("The map is up to date.")).to_be_visible(timeout=90_000)
    shoot("add-report-saved")
    assert (workspace / "reports" / HELD_OUT.name).read_bytes() == HELD_OUT.read_bytes()

    new_places = _place_ids(workspace, HELD_OUT.stem)
    assert len(new_places - before) >= 3, "the held-out seed names places the others do not"
    page.goto(add_server.url)
    frame = map_frame(page)
    page.wait_for_timeout(500)
    shown = set(frame.evaluate(PLACES_JS))
    assert new_places <= shown
    shoot("add-report-on-map")


def test_a_non_utf8_file_and_a_report_without_outlet_are_refused_and_not_saved(
    page, add_server, workspace, shoot
):
    saved_before = sorted(p.name for p in (workspace / "reports").iterdir())
    main = _open_add_page(page, add_server)
    latin = "---\noutlet: Wire\npublished: 2024-12-01\n---\nBombardement à Idlib.\n"
    files = [
        {"name": "latin1.md", "mimeType": "text/markdown", "buffer": latin.encode("latin-1")},
        {"name": "no_outlet.md", "mimeType": "text/markdown",
         "buffer": b"---\npublished: 2024-12-01\n---\nClashes in Hama.\n"},
    ]
    main.locator("input[type=file]").set_input_files(files)
    bad = main.locator(".cm-upload-bad")
    expect(bad).to_have_count(2)
    expect(bad.filter(has_text="latin1.md")).to_contain_text("is not UTF-8 text")
    expect(bad.filter(has_text="no_outlet.md")).to_contain_text("front matter has no 'outlet:'")
    expect(main.get_by_role("button", name="Save 0 report(s) and update the map")).to_be_disabled()
    shoot("add-report-errors")
    assert sorted(p.name for p in (workspace / "reports").iterdir()) == saved_before
