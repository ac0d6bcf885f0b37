"""Online geocoding with no network, or a provider that accepts and never answers: the
build finishes within seconds of the offline one, says what was not asked, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VILLAGES = ["Qurqania", "Kafr Taalil", "Tell Aar", "Basratun", "Kafr Naha", "Urum Sughra",
            "Khirbet Jouz", "Ain Lailun"]
TIMEOUT = 2


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    body = " ".join(f"Fighters entered the village of {v} near Idlib." for v in VILLAGES)
    (folder / "r.md").write_text(f"---\noutlet: X\npublished: 2024-11-29\n---\n{body}\n",
                                 encoding="utf-8")
    return folder


@pytest.fixture
def silent_server():
    """A local server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield server.getsockname()[1]
    server.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed once we leave: connections are refused


def _build(reports: Path, out: Path, *extra: str, env: dict[str, str] | None = None):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "geo", "build", str(reports), "--out",
                           str(out), "--no-progress", *extra], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=300)
    return done, time.perf_counter() - started


@pytest.mark.parametrize("kind", ["never answers", "no network"])
def test_a_dead_provider_costs_one_timeout_not_one_per_name(
        tmp_path, reports, silent_server, kind):
    port = silent_server if kind == "never answers" else _closed_port()
    offline, offline_seconds = _build(reports, tmp_path / "off.geojson", "--no-online")
    assert offline.returncode == 0
    env = {"CONFLICT_MAP_GEOCODER_DOMAIN": f"127.0.0.1:{port}",
           "CONFLICT_MAP_GEOCODER_SCHEME": "http",
           "CONFLICT_MAP_GEOCODER_TIMEOUT": str(TIMEOUT),
           "CONFLICT_MAP_GEOCODE_CACHE": str(tmp_path / "cache.sqlite")}
    online, seconds = _build(reports, tmp_path / "on.geojson", "--online", env=env)
    assert online.returncode == 0, online.stderr
    assert "Traceback" not in online.stderr + online.stdout
    # One timeout at most (before: a timeout and two retries per name, 5 s apart).
    assert seconds - offline_seconds < TIMEOUT + 4
    summary = online.stdout
    assert "could not be reached" in summary
    assert "name(s) not asked online" in summary and "rebuild when the provider" in summary
