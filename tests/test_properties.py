"""Property-based tests: random and hostile input to report reading, front matter, dates,
the spotter and the layer writer. Nothing but the project's own errors (geo/errors.py) may
escape, and every run is bounded (derandomized, few examples, a deadline per example)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.dates import find_dates
from geo.errors import ConflictMapError
from geo.layer import assemble_layer, write_layer
from geo.records import Report
from geo.reports import read_report

BOUNDED = settings(max_examples=60, deadline=2000, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])
YAMLISH = st.sampled_from(["&a", "*a", "!!python/object", "[", "]", "{", "}", ":", "- ",
                           "\n", "  ", "'", '"', "#", "|", ">", "---", "...", "outlet: X",
                           "published: 2024-11-29", "\x00", "\ufeff", "é", "\t"])
HEADER = st.lists(st.one_of(YAMLISH, st.text(max_size=20)), max_size=40).map("".join)
WORDS = st.sampled_from(["Aleppo", "Hama", "Idlib", "on", "Wednesday", "Nov.", "27", "since",
                         "2015", "a day earlier", "captured", ",", ".", "\n", "the village of",
                         "five miles from", "yesterday", "Kafr", "’s", "-backed", "U.S."])
BODY = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=60).map(" ".join)
DAY = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))


def _read(raw: bytes, suffix: str = ".md") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"r{suffix}"
        path.write_bytes(raw)
        try:
            report = read_report(path)
        except ConflictMapError:
            return
        assert report.body in raw.decode("utf-8-sig")


@BOUNDED
@given(st.binary(max_size=2000))
def test_any_bytes_are_a_report_or_one_of_our_errors(raw):
    _read(raw)


@BOUNDED
@given(HEADER, BODY)
def test_any_front_matter_is_read_or_refused_with_our_error(header, body):
    _read(f"---\n{header}\n---\n{body}".encode())


@BOUNDED
@given(BODY, DAY)
def test_dates_are_found_inside_the_sentence_or_not_at_all(text, published):
    for found in find_dates(text, 100, published):
        assert 100 <= found.start < found.end <= 100 + len(text)


@BOUNDED
@given(BODY, DAY)
def test_the_spotter_and_the_layer_writer_take_any_body(geoparser, tmp_path_factory, body,
                                                        published):
    report = Report("r", Path("r.md"), "Outlet <b>", published, body)
    resolved = geoparser.parse(report)
    for item in resolved:
        assert body[item.mention.start:item.mention.end] == item.mention.text
    layer = assemble_layer([report], resolved)
    out = tmp_path_factory.mktemp("p") / "layer.geojson"
    write_layer(layer, out)
    back = json.loads(out.read_text(encoding="utf-8"))
    for feature in back["features"]:
        p = feature["properties"]
        assert body[p["quote_start"]:p["quote_end"]] == p["quote"]
