"""Reports dated after the build day: one warning per report, the build goes on, and the
dashboard says the same; the build day comes from SOURCE_DATE_EPOCH when it is set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from components.health import FUTURE_LINES_SHOWN, future_date_warnings
from components.layer_data import mentions_frame
from geo.build import build_layer
from geo.cli import main
from geo.clock import build_day, build_now
from geo.errors import SettingError
from geo.future_dates import future_dates

REPO = Path(__file__).resolve().parents[1]
# 2024-11-30 20:53:20 UTC: the seeds' offensive, so some dates are "tomorrow".
EPOCH = "1733000000"
DAY = dt.date(2024, 11, 30)


def test_the_lines_name_the_report_and_only_the_dates_after_the_day():
    reports = [
        {"report": "a", "path": "in/a.md", "published": "2042-11-29"},
        {"report": "b", "path": "in/b.md", "published": "2024-11-29",
         "parts": [{"published": "2024-12-05"}, {"published": "2024-11-01"}]},
        {"report": "c", "path": "in/c.md", "published": "2024-11-30"},
        {"report": "d", "path": "in/d.md", "published": None},
    ]
    mentions = [
        {"report": "c", "event_date": f"2024-12-0{n}"} for n in range(1, 6)
    ] + [{"report": "c", "event_date": "2024-11-30"}, {"report": "d", "event_date": "garbage"},
         {"report": "a", "event_date": None}]
    assert future_dates(reports, mentions, DAY) == [
        "in/a.md: published 2042-11-29, after the build day 2024-11-30; check the dates",
        "in/b.md: published 2024-12-05, after the build day 2024-11-30; check the dates",
        "in/c.md: events dated 2024-12-01, 2024-12-02, 2024-12-03 and 2 more, after the "
        "build day 2024-11-30; check the dates",
    ]


def test_the_clock_is_source_date_epoch_or_now():
    assert build_now({"SOURCE_DATE_EPOCH": EPOCH}).isoformat() == "2024-11-30T20:53:20+00:00"
    assert build_day({"SOURCE_DATE_EPOCH": EPOCH}) == DAY
    assert build_day({}) == dt.datetime.now(dt.UTC).date()
    with pytest.raises(SettingError, match=r"SOURCE_DATE_EPOCH='soon' is not a time"):
        build_now({"SOURCE_DATE_EPOCH": "soon"})


@pytest.fixture
def dated(write_report, tmp_path):
    """Three reports: one published after the build day, one that dates an event after
    it, one of the past."""
    write_report("typo.md", "Clashes were reported in Hama.", published="2042-11-29")
    write_report("ahead.md", "Shelling hit Idlib on Dec. 3.", published="2024-11-29")
    write_report("fine.md", "Fighting near Aleppo.", published="2024-11-28")
    return tmp_path


def test_the_build_warns_once_per_report_and_still_writes_every_report(
    dated, tmp_path, geoparser, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out" / "layer.geojson"
    summary = build_layer([dated], out, geoparser=geoparser)
    assert summary.reports == 3
    assert list(summary.warnings) == [
        f"{dated / 'ahead.md'}: an event dated 2024-12-03, after the build day 2024-11-30; "
        "check the dates",
        f"{dated / 'typo.md'}: published 2042-11-29 and an event dated 2042-11-29, after the "
        "build day 2024-11-30; check the dates",
    ]
    shown = summary.line().splitlines()
    assert [line for line in shown if line.startswith("warning: ")] == [
        f"warning: {w}" for w in summary.warnings]
    layer = json.loads(out.read_text(encoding="utf-8"))
    assert {r["report"] for r in layer["reports"]} == {"typo", "ahead", "fine"}


def test_the_warnings_leave_the_layer_byte_identical(dated, tmp_path, geoparser, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, second = tmp_path / "1.geojson", tmp_path / "2.geojson"
    build_layer([dated], first, geoparser=geoparser)
    build_layer([dated], second, geoparser=geoparser)
    assert first.read_bytes() == second.read_bytes()
    assert b"check the dates" not in first.read_bytes()


def test_the_build_day_is_the_epochs(dated, tmp_path, geoparser, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2050, 1, 1).timestamp())))
    summary = build_layer([dated], tmp_path / "l.geojson", geoparser=geoparser)
    assert summary.warnings == ()


def test_the_command_prints_the_warnings_and_succeeds(dated, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "layer.geojson"
    code = main(["build", str(dated), "--out", str(out), "--no-cache", "--no-progress",
                 "--workers", "1"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    warnings = [line for line in printed.out.splitlines() if line.startswith("warning: ")]
    assert [w.split(": ")[1] for w in warnings] == [
        str(dated / "ahead.md"), str(dated / "typo.md")]
    assert "2042-11-29" in warnings[1] and "2024-12-03" in warnings[0]
    assert out.exists()


def test_a_bad_epoch_is_one_line(dated, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    code = main(["build", str(dated), "--out", str(tmp_path / "l.geojson"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: SOURCE_DATE_EPOCH='tomorrow' is not a time")
    assert len(err.strip().splitlines()) == 1


def test_the_dashboard_warns_about_the_same_reports(dated, tmp_path, geoparser, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "layer.geojson"
    build_layer([dated], out, geoparser=geoparser)
    layer = json.loads(out.read_text(encoding="utf-8"))
    frame, _ = mentions_frame(layer["features"])
    lines = future_date_warnings(frame, layer["generated_at"])
    assert lines == [
        "A report is dated after the day the layer was built: ahead: an event dated "
        "2024-12-03, after the build day 2024-11-30; check the dates",
        "A report is dated after the day the layer was built: typo: published 2042-11-29 and "
        "an event dated 2042-11-29, after the build day 2024-11-30; check the dates",
    ]
    # A layer built later has nothing to say.
    assert future_date_warnings(frame, "2050-01-01T00:00:00+00:00") == []


def test_the_dashboard_counts_what_it_does_not_list():
    rows = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.1, 36.2]},
             "properties": {"report": f"r{n}", "published": "2042-01-01"}} for n in range(9)]
    frame, _ = mentions_frame(rows)
    lines = future_date_warnings(frame, "2024-11-30T00:00:00+00:00")
    assert len(lines) == FUTURE_LINES_SHOWN + 1
    assert lines[-1].startswith(f"{9 - FUTURE_LINES_SHOWN} more report(s) are dated after")


def test_the_page_shows_the_warning(dated, tmp_path, geoparser, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "layer.geojson"
    build_layer([dated], out, geoparser=geoparser)
    monkeypatch.setenv("CONFLICT_MAP_LAYER", str(out))
    monkeypatch.delenv("CONFLICT_MAP_REPORTS", raising=False)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not app.exception
    warned = [w.value for w in app.warning if "dated after the day" in w.value]
    assert len(warned) == 2 and "typo" in warned[1] and "2042" in warned[1]


def test_a_date_shared_by_many_mentions_is_judged_for_each_report():
    # The build reads each date text once; every report that uses it is still named.
    reports = [{"report": r, "path": f"in/{r}.md", "published": "2024-11-29"} for r in "xyz"]
    mentions = [{"report": r, "event_date": day} for r in "xyz"
                for day in ("2024-12-01", "2024-11-29", "2024-12-01")]
    mentions.append({"report": "z", "event_date": dt.date(2024, 12, 3)})  # a date, not text
    assert future_dates(reports, mentions, DAY) == [
        "in/x.md: an event dated 2024-12-01, after the build day 2024-11-30; check the dates",
        "in/y.md: an event dated 2024-12-01, after the build day 2024-11-30; check the dates",
        "in/z.md: events dated 2024-12-01, 2024-12-03, after the build day 2024-11-30; "
        "check the dates",
    ]
