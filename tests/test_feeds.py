"""Feeds and pages into reports, against a local HTTP server on 127.0.0.1 (never the
internet): good RSS and Atom, broken XML, 404 and 500, a slow answer, duplicates."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.build import build_layer
from geo.feeds import LEDGER, fetch_sources, read_feed_list, write_feed_list
from geo.http_client import PoliteClient
from geo.reports import read_report
from tests.local_site import _Site, local_site

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def site() -> Iterator[str]:
    with local_site() as base:
        yield base


def _client() -> PoliteClient:
    return PoliteClient(timeout=0.5, host_interval=0.0)


def test_feeds_and_pages_become_reports_and_failures_do_not_stop_the_others(site, tmp_path):
    sources = [f"{site}/broken.xml", f"{site}/rss.xml", f"{site}/error.xml",
               f"{site}/slow.xml", f"{site}/atom.xml", f"{site}/a4.html", f"{site}/none.html"]
    results = {r.source.rsplit("/", 1)[1]: r for r in fetch_sources(sources, tmp_path,
                                                                      client=_client())}
    assert "not a readable RSS/Atom feed" in results["broken.xml"].failed
    assert "answered 500" in results["error.xml"].failed
    assert "timed out" in results["slow.xml"].failed
    assert "answered 404" in results["none.html"].failed
    rss, atom, page = results["rss.xml"], results["atom.xml"], results["a4.html"]
    # a1, a2 and the gone page's summary; a1 listed twice is fetched once.
    assert (len(rss.saved), rss.skipped) == (3, 1)
    assert (len(atom.saved), atom.skipped) == (1, 1)  # a2 came with the RSS feed
    assert len(page.saved) == 1 and not page.problems

    reports = {read_report(p).url.rsplit("/", 1)[1]: read_report(p) for p in tmp_path.glob("*.md")}
    assert sorted(reports) == ["a1.html", "a2.html", "a3.html", "a4.html", "gone.html"]
    hama = reports["a1.html"]
    assert (hama.outlet, hama.title, str(hama.published)) == (
        "Syria Wire", "Clashes in Hama", "2024-12-01")
    assert "pushed into the eastern districts" in hama.body and "Home | World" not in hama.body
    assert reports["a4.html"].outlet == "Local Wire"
    assert "answered 404" in reports["gone.html"].metadata_note
    assert "Morek" in reports["gone.html"].body
    assert all(agent.startswith("conflict-map/") for agent in _Site.agents)


def test_a_second_fetch_skips_every_url_fetched_before(site, tmp_path):
    sources = [f"{site}/rss.xml", f"{site}/a4.html"]
    fetch_sources(sources, tmp_path, client=_client())
    files = sorted(tmp_path.glob("*.md"))
    again = fetch_sources(sources, tmp_path, client=_client())
    assert [len(r.saved) for r in again] == [0, 0] and [r.skipped for r in again] == [4, 1]
    assert sorted(tmp_path.glob("*.md")) == files
    assert len((tmp_path / LEDGER).read_text(encoding="utf-8").splitlines()) == 4


def test_a_build_after_a_fetch_shows_the_new_reports(site, tmp_path):
    fetch_sources([f"{site}/atom.xml"], tmp_path / "reports", client=_client())
    out = tmp_path / "layer.geojson"
    build_layer([tmp_path / "reports"], out, cache=None)
    layer = json.loads(out.read_text(encoding="utf-8"))
    places = {(f["properties"]["outlet"], f["properties"]["place"]) for f in layer["features"]}
    assert ("Levant Atom", "Khan Shaykhun") in places and ("Levant Atom", "Saraqib") in places


def test_requests_to_one_host_are_spaced_out(site, tmp_path):
    client = PoliteClient(timeout=2, host_interval=0.3)
    started = time.monotonic()
    for name in ("a1", "a2", "a3"):
        client.get(f"{site}/{name}.html")
    assert time.monotonic() - started >= 0.6


def test_the_command_reports_each_source_and_fails_if_one_did(site, tmp_path):
    feeds = tmp_path / "feeds.txt"
    write_feed_list(feeds, [f"{site}/error.xml", f"{site}/a4.html"])
    assert read_feed_list(feeds) == [f"{site}/error.xml", f"{site}/a4.html"]
    result = subprocess.run(
        [sys.executable, "-m", "geo", "fetch", f"{site}/atom.xml", "--feeds", str(feeds),
         "--into", str(tmp_path / "reports"), "--host-interval", "0"],
        capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"FAILED {site}/error.xml: {site}/error.xml: the server answered 500" in result.stdout
    assert "3 new report(s)" in result.stdout and "Traceback" not in result.stderr
