"""Review in Chromium: an analyst pins a name the gazetteer lacks, and the map shows it.

The server runs on a copy of the seed reports plus one report naming a village no gazetteer
here knows, with its own layer and overrides files in a temporary folder, so that the pin
and the rebuild it triggers touch nothing in the repository.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.browser import PLACES_JS, Server, map_frame, show_place, streamlit_server

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
VILLAGE = "Kafr Zaytoun al-Gharbi"  # made up: in no gazetteer, so left unresolved
SENTENCE = f"Fighters entered the village of {VILLAGE} west of Saraqib on Thursday"
PINNED_AT = (35.861, 36.702)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review")
    reports = root / "reports"
    shutil.copytree(REPO / "data" / "reports", reports)
    (reports / "900_local_wire.md").write_text(
        f"---\noutlet: Idlib Local Wire\npublished: 2024-11-30\n---\n{SENTENCE}, "
        "residents said.\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def review_server(workspace: Path) -> Iterator[Server]:
    # The layer does not exist yet: the app builds it from the reports on the first visit.
    env = {
        "CONFLICT_MAP_REPORTS": str(workspace / "reports"),
        "CONFLICT_MAP_OVERRIDES": str(workspace / "overrides.json"),
    }
    with streamlit_server(workspace / "layer.geojson", env=env) as server:
        yield server


def _wait_idle(page: Any) -> None:
    """Until Streamlit has finished its current run (its "running" status is gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    page.wait_for_timeout(200)


def _layer_features(workspace: Path) -> list[dict[str, Any]]:
    layer = json.loads((workspace / "layer.geojson").read_text(encoding="utf-8"))
    return layer["features"]


def test_a_pin_made_in_review_is_saved_rebuilt_and_shown_on_the_map(
    page, review_server, workspace, shoot
):
    page.goto(f"{review_server.url}/review")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Review")).to_be_visible(timeout=60_000)
    assert not [f for f in _layer_features(workspace) if f["properties"]["mention"] == VILLAGE]

    # Pick the village's row, then "other place" with typed coordinates.
    main.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=f"{VILLAGE} — 900_local_wire (unresolved)").click()
    expect(main.locator("blockquote mark")).to_have_text(VILLAGE)
    # An unresolved mention starts on "other place", with blank coordinates: Pin is off.
    expect(main.get_by_role("radio", name="other place: the coordinates below")).to_be_checked()
    # While the page reruns, Streamlit keeps the previous form's fields beside the new ones.
    _wait_idle(page)
    expect(main.get_by_label("Latitude")).to_have_value("")
    expect(main.get_by_role("button", name="Pin")).to_be_disabled()
    expect(main.get_by_text("Type a latitude and a longitude")).to_be_visible()
    # A latitude off the globe keeps it off, with a message.
    _wait_idle(page)
    main.get_by_label("Latitude").fill("95")
    main.get_by_label("Latitude").press("Enter")
    main.get_by_label("Longitude").fill("36.7")
    main.get_by_label("Longitude").press("Enter")
    expect(main.get_by_text("Latitude must be between -90 and 90")).to_be_visible()
    expect(main.get_by_role("button", name="Pin")).to_be_disabled()
    for label, value in zip(("Latitude", "Longitude"), PINNED_AT, strict=True):
        _wait_idle(page)  # a value typed while the page reruns would be drawn over
        field = main.get_by_label(label)
        field.fill(str(value))
        field.press("Enter")
        expect(field).to_have_value(str(value))
    _wait_idle(page)
    pin = main.get_by_role("button", name=f"Pin at {PINNED_AT[0]:.5f}, {PINNED_AT[1]:.5f}")
    expect(pin).to_be_enabled()
    shoot("review-before-pin")
    pin.click()
    expect(main.get_by_text("rebuilt the layer")).to_be_visible(timeout=60_000)
    shoot("review-pinned")

    # Saved in the overrides, applied by the rebuild...
    pins = json.loads((workspace / "overrides.json").read_text(encoding="utf-8"))["pins"]
    assert [(p["name"], p["report"]) for p in pins] == [(VILLAGE, "900_local_wire")]
    (feature,) = [f for f in _layer_features(workspace) if f["properties"]["mention"] == VILLAGE]
    assert feature["geometry"]["coordinates"] == [PINNED_AT[1], PINNED_AT[0]]
    assert feature["properties"]["resolution"] == "pin"

    # ... and on the map, with its quote marked as pinned.
    page.goto(review_server.url)
    frame = map_frame(page)
    place_id = feature["properties"]["place_id"]
    assert place_id in frame.evaluate(PLACES_JS)
    show_place(frame, place_id).click()
    card = page.locator(".cm-quote").filter(has_text=SENTENCE)
    expect(card).to_have_count(1)
    expect(card.locator("mark:not([class])")).to_have_text(VILLAGE)  # the place, not the event
    expect(card).to_contain_text("placed by an analyst's pin")
    shoot("review-pin-on-map")
