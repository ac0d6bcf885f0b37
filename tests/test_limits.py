"""Hostile or oversized report files are refused fast, with the file's one line."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from geo import limits
from geo.errors import ReportError
from geo.reports import read_report

# Nine aliases of nine aliases of ...: a 400-byte header that expands to 9**9 strings.
_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
) + "title: [*i, *i, *i, *i, *i, *i, *i, *i, *i]\n"

HOSTILE_HEADERS = {
    "aliases": (_LAUGHS, "anchors or aliases"),
    "alias of a scalar": ("author: &w Someone\nnote: *w\n", "anchors or aliases"),
    "deep nesting": ("tags: " + "[" * 400 + "]" * 400 + "\n", "nests deeper"),
    "python tag": ("title: !!python/object/apply:os.system [ls]\n", "YAML tag"),
    "custom tag": ("title: !secret x\n", "YAML tag"),
    "too many values": ("tags: [" + ",".join(["t"] * 1500) + "]\n", "more than 1,000 values"),
    "too big": ("title: " + "y" * (limits.MAX_HEADER_BYTES + 10) + "\n", "over the limit"),
    "too big, quoted": ('title: "' + "y" * (limits.MAX_HEADER_BYTES + 10) + '"\n',
                        "over the limit"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_HEADERS))
def test_a_hostile_front_matter_is_refused_fast_with_one_line(tmp_path, name):
    header, problem = HOSTILE_HEADERS[name]
    path = tmp_path / "hostile.md"
    path.write_text(f"---\noutlet: X\n{header}---\nFighting in Aleppo.\n", encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ReportError) as caught:
        read_report(path)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = str(caught.value)
    assert problem in message
    assert message.startswith(f"{path}:") and "\n" not in message
    assert seconds < 0.5 and peak < 5_000_000  # before the guard: 104 s and 4.5 GB


def test_a_plain_header_with_lists_still_reads(tmp_path):
    path = tmp_path / "ok.md"
    path.write_text("---\noutlet: 'X: Y'\npublished: 2024-11-29\ntags: [a, b]\n---\nBody\n",
                    encoding="utf-8")
    report = read_report(path)
    assert report.outlet == "X: Y"
    assert ("tags", "['a', 'b']") in report.extra


def test_a_report_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_REPORT_BYTES", 1000)
    path = tmp_path / "huge.md"
    path.write_text("---\noutlet: X\n---\n" + "Fighting near Hama. " * 100, encoding="utf-8")
    with pytest.raises(ReportError, match=r"huge.md: is 2,01\d bytes, over the 1,000-byte limit"):
        read_report(path)


def test_the_size_limit_holds_for_html_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_REPORT_BYTES", 1000)
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>Fighting near Hama.</p>" * 100 + "</body></html>")
    with pytest.raises(ReportError, match="over the 1,000-byte limit for one report"):
        read_report(path)


def test_a_line_over_the_limit_is_named_by_its_number(tmp_path):
    path = tmp_path / "oneline.md"
    line = "Fighting near Hama " * (limits.MAX_LINE_CHARS // 19 + 1)
    path.write_text(f"---\noutlet: X\n---\nFirst line.\n{line}\n", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        read_report(path)
    assert str(caught.value).startswith(f"{path}:5: has a line of ")
    assert "over the limit of 200,000" in str(caught.value)


def test_the_limits_are_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in ("MAX_REPORT_BYTES", "MAX_UPLOAD_BYTES", "MAX_LINE_CHARS", "MAX_HEADER_BYTES"):
        assert name in readme
