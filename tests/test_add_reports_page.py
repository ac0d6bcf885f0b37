"""The Add reports page under AppTest: a pasted text is saved and mapped; a second paste of
the same title is not saved over it; "Fetch now" fetches the feeds list from a local
server (127.0.0.1) and the new reports are on the layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.local_site import local_site


def _page() -> None:
    from components import add_reports

    add_reports.page()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "reports").mkdir()
    monkeypatch.setenv("CONFLICT_MAP_LAYER", str(tmp_path / "layer.geojson"))
    monkeypatch.setenv("CONFLICT_MAP_REPORTS", str(tmp_path / "reports"))
    monkeypatch.setenv("CONFLICT_MAP_FEEDS", str(tmp_path / "feeds.txt"))
    monkeypatch.setenv("CONFLICT_MAP_OVERRIDES", str(tmp_path / "overrides.json"))
    return tmp_path


def _places(workspace: Path) -> set[tuple[str, str]]:
    layer = json.loads((workspace / "layer.geojson").read_text(encoding="utf-8"))
    return {(f["properties"]["outlet"], f["properties"]["place"]) for f in layer["features"]}


def _paste(app: AppTest, outlet: str, title: str, body: str) -> AppTest:
    fields = dict(zip(("Outlet (required)", "Publication date", "Title", "URL"),
                      (outlet, "2024-12-01", title, "https://example.org/a"), strict=True))
    for widget in app.text_input:
        if widget.label in fields:
            widget.input(fields[widget.label])
    next(w for w in app.text_area if w.label == "Text of the report").input(body)
    next(b for b in app.button if b.label == "Save the report and update the map").click()
    return app.run()


def test_a_pasted_text_is_saved_and_mapped_and_never_saved_over(workspace):
    app = AppTest.from_function(_page, default_timeout=60).run()
    assert not app.exception
    app = _paste(app, "Enab Baladi", "Clashes near Saraqib", "Clashes were reported in Saraqib.")
    assert not app.exception, app.exception
    saved = workspace / "reports" / "Clashes_near_Saraqib.md"
    assert saved.exists() and 'outlet: "Enab Baladi"' in saved.read_text(encoding="utf-8")
    assert ("Enab Baladi", "Saraqib") in _places(workspace)
    assert any("Saved 1 report(s)" in s.value for s in app.success)

    app = _paste(app, "Other Wire", "Clashes near Saraqib", "Shelling hit Hama.")
    assert any("exists" in w.value for w in app.warning)
    assert "Other Wire" not in saved.read_text(encoding="utf-8")


def test_fetch_now_fetches_the_feeds_list_and_updates_the_layer(workspace):
    with local_site() as site:
        (workspace / "feeds.txt").write_text(f"# feeds\n{site}/atom.xml\n{site}/error.xml\n",
                                             encoding="utf-8")
        app = AppTest.from_function(_page, default_timeout=60).run()
        assert next(w for w in app.text_area if w.label == "Feeds and pages").value == (
            f"{site}/atom.xml\n{site}/error.xml")
        next(b for b in app.button if b.label == "Fetch now").click()
        app = app.run()
    assert not app.exception, app.exception
    lines = " ".join(h.value for h in app.html)
    assert "2 new report(s)" in lines and "FAILED" in lines and "answered 500" in lines
    assert ("Levant Atom", "Khan Shaykhun") in _places(workspace)
