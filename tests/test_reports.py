"""Reading report files, and the clear one-line errors for bad ones."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from geo.errors import DuplicateReportError, ReportError
from geo.reports import find_report_files, read_report, read_reports, scan_report_files


def test_front_matter_gives_metadata_and_the_body_starts_after_it(write_report):
    path = write_report(
        "r1.md", "Shelling hit Saraqib.\n", outlet="Enab Baladi",
        extra='title: "Saraqib shelled"\nurl: https://example.org/a\nauthor: A. Writer\nlang: en\n',
    )
    report = read_report(path)
    assert report.report_id == "r1"
    assert report.outlet == "Enab Baladi"
    assert report.published == dt.date(2024, 11, 29)
    assert (report.title, report.url, report.author) == (
        "Saraqib shelled", "https://example.org/a", "A. Writer")
    assert report.body == "Shelling hit Saraqib.\n"
    assert ("lang", "en") in report.extra


def test_unknown_publication_date_is_allowed(write_report):
    report = read_report(write_report("r.txt", "Text.", published="unknown"))
    assert report.published is None


@pytest.mark.parametrize(
    ("content", "problem", "line"),
    [
        ("no front matter here\n", "has no front matter", 1),
        ("---\noutlet: X\npublished: 2024-11-29\nbody without closing\n", "never closed", 1),
        ("---\npublished: 2024-11-29\n---\nbody\n", "no 'outlet:'", 2),
        ("---\noutlet: X\npublished: 2024-02-30\n---\nbody\n", "not a real date", 3),
        ("---\noutlet: X\ntitle: x\npublished: 29/11/2024\n---\nbody\n", "not YYYY-MM-DD", 4),
        ("---\noutlet: [unclosed\npublished: 2024-11-29\n---\nbody\n", "not valid YAML", 3),
    ],
)
def test_malformed_reports_name_the_file_line_and_problem(tmp_path, content, problem, line):
    path = tmp_path / "bad.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        read_report(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert problem in message
    assert "\n" not in message


def test_non_utf8_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"---\noutlet: X\npublished: 2024-11-29\n---\nCaf\xe9 in Aleppo\n")
    with pytest.raises(ReportError, match=r"latin1.txt:5: is not UTF-8 text \(byte 0xe9\)"):
        read_report(path)


def test_unsupported_extension_is_refused(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ReportError, match="not a report"):
        read_report(path)


def test_two_reports_with_one_id_are_refused(tmp_path, write_report):
    first = write_report("same.md", "One.")
    (tmp_path / "sub").mkdir()
    second = tmp_path / "sub" / "same.txt"
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DuplicateReportError, match="same report id 'same'"):
        list(read_reports(find_report_files([tmp_path])))


def test_collecting_errors_keeps_reading_the_others(tmp_path, write_report):
    write_report("good.md", "Fighting near Hama.")
    (tmp_path / "bad.md").write_text("no front matter", encoding="utf-8")
    errors: list[ReportError] = []
    good = list(read_reports(find_report_files([tmp_path]), errors=errors))
    assert [r.report_id for r in good] == ["good"]
    assert [e.path.name for e in errors] == ["bad.md"]


def test_missing_input_path_is_an_error(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        find_report_files([tmp_path / "nowhere"])


def test_aggregator_page_is_split_into_its_outlets_excerpts(tmp_path):
    body = (
        "BBC NEWS | Published December 1, 2024\nRebels reached Hama.\nREAD FULL ARTICLE\n"
        "RELATED: Assault on Aleppo\nFighting in Aleppo.\n"
        "KYIV POST | Published December 2, 2024\nMore fighting near Idlib.\n"
    )
    path = tmp_path / "agg.md"
    path.write_text(f"---\noutlet: Aggregator\npublished: 2024-12-03\n---\n{body}", "utf-8")
    report = read_report(path)
    at = report.part_at
    assert (at(body.index("Hama")).outlet, at(body.index("Hama")).published) == (
        "BBC News", dt.date(2024, 12, 1))
    # The RELATED headline opens the Kyiv Post excerpt even though its header comes later.
    assert at(body.index("Fighting in Aleppo")).outlet == "Kyiv Post"
    assert at(body.index("Idlib")).published == dt.date(2024, 12, 2)


HTML = """<html><head><title>Rebels take Saraqib | Levant Monitor</title>
<meta property="og:site_name" content="Levant Monitor">
<meta property="og:title" content="Rebels take Saraqib">
<meta property="article:published_time" content="2024-12-01T09:00:00Z">
<link rel="canonical" href="https://levant.example/saraqib"></head>
<body><nav>Home | World | Opinion</nav><article><h1>Rebels take Saraqib</h1>
<p>Rebels said on Saturday they had taken Saraqib, the town where the M5 and M4 meet.</p>
<p>Government forces withdrew towards Hama, residents said, as shelling hit Idlib.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def test_html_page_metadata_and_main_text(tmp_path):
    path = tmp_path / "levant-saraqib.html"
    path.write_text(HTML, encoding="utf-8")
    report = read_report(path)
    assert report.outlet == "Levant Monitor"
    assert report.published == dt.date(2024, 12, 1)
    assert report.url == "https://levant.example/saraqib"
    assert "they had taken Saraqib" in report.body
    assert "Subscribe" not in report.body and "Opinion" not in report.body


def test_html_page_without_text_is_refused(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body></body></html>", "utf-8")
    with pytest.raises(ReportError, match="no main text"):
        read_report(Path(path))


@pytest.mark.parametrize(
    "front_matter",
    [
        "outlet: The War Zone          # required\npublished: 2024-11-29\n",
        "outlet: SANA\npublished: unknown\nurl: https://sana.sy/en/?p=1\n\n# note\n",
        'outlet: "Quoted: Outlet"\npublished: 2024-11-29\n',
        "outlet: C# Weekly\npublished: 2024-11-29\ntags: [a, b]\n",
        "outlet: Enab Baladi\npublished: 2024-11-29\ntitle: >\n  Folded\n  title\n",
    ],
)
def test_front_matter_reads_as_yaml_would(tmp_path, front_matter):
    import yaml

    path = tmp_path / "r.md"
    path.write_text(f"---\n{front_matter}---\nBody.\n", encoding="utf-8")
    report = read_report(path)
    expected = yaml.load(front_matter, Loader=yaml.BaseLoader)
    assert report.outlet == expected["outlet"]
    assert report.title == (expected.get("title") or "").strip()
    assert dict(report.extra) == {k: str(v) for k, v in expected.items()
                                  if k not in {"outlet", "published", "title", "url"}}


@pytest.fixture
def links(tmp_path, write_report):
    """A reports folder with one good report and every kind of entry that cannot be read:
    a dangling link, a link to itself, two links to each other, a folder named like a
    report, a link to a folder, and a named pipe."""
    write_report("good.md", "Clashes were reported in Hama.")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "gone.md")
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    (tmp_path / "ping.md").symlink_to(tmp_path / "pong.md")
    (tmp_path / "pong.md").symlink_to(tmp_path / "ping.md")
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "to-folder.txt").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(tmp_path / "pipe.md")
    return tmp_path


def test_entries_that_cannot_be_read_are_named_apart(links):
    found = scan_report_files([links])
    assert found.paths == [links / "good.md"]
    problems = {err.path.name: err.problem for err in found.unreadable}
    assert problems == {
        "dangling.md": f"is a symbolic link to {links / 'gone.md'}, which does not exist; "
                       "remove the link or restore its file",
        "self.md": "is a symbolic link that loops back on itself; remove it or repoint it",
        "ping.md": "is a symbolic link that loops back on itself; remove it or repoint it",
        "pong.md": "is a symbolic link that loops back on itself; remove it or repoint it",
        "folder.md": "is a folder, not a report file (reports inside it are read); rename it",
        "to-folder.txt": "is a folder, not a report file (reports inside it are not read); "
                         "rename it",
        "pipe.md": "is not a regular file (a pipe, socket or device); only files are read",
    }
    assert all(str(err).startswith(f"{err.path}: ") for err in found.unreadable)
    assert all("\n" not in str(err) for err in found.unreadable)


def test_a_link_to_a_report_is_read_like_the_report(links):
    (links / "alias.md").symlink_to(links / "good.md")
    assert scan_report_files([links]).paths == [links / "alias.md", links / "good.md"]


def test_a_dangling_link_given_by_name_is_named_not_fatal(links):
    found = scan_report_files([links / "dangling.md", links / "good.md"])
    assert found.paths == [links / "good.md"]
    assert [err.path.name for err in found.unreadable] == ["dangling.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_a_report_without_read_permission_is_named(links):
    locked = links / "locked.md"
    locked.write_text("---\noutlet: X\npublished: 2024-11-29\n---\nText\n", encoding="utf-8")
    locked.chmod(0)
    try:
        problems = {e.path.name: e.problem for e in scan_report_files([links]).unreadable}
    finally:
        locked.chmod(0o644)
    assert problems["locked.md"] == "cannot be read (permission denied); let this user read it"
