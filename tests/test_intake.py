"""Taking reports in: safe names, the build's checks, and saving inside the reports folder."""

from __future__ import annotations

import pytest

from geo.errors import ReportError
from geo.intake import Checked, check_upload, pasted_report, safe_name, save_report
from geo.limits import MAX_UPLOAD_BYTES

GOOD = "---\noutlet: Test Wire\npublished: 2024-12-02\ntitle: Hama\n---\nClashes in Hama.\n"


@pytest.mark.parametrize(("original", "safe"), [
    ("../../etc/passwd.md", "passwd.md"),
    ("..\\..\\boot.ini.TXT", "boot.ini.txt"),
    (".hidden.md", "hidden.md"),
    ("a b<script>.html", "a_b_script.html"),
    ("تقرير.md", "report.md"),
    ("Idlib – 29 Nov.md", "Idlib_29_Nov.md"),
])
def test_uploaded_names_become_plain_base_names(original, safe):
    assert safe_name(original) == safe


def test_a_good_upload_is_read_as_the_build_reads_it():
    checked = check_upload("hama.md", GOOD.encode())
    assert checked.ok and (checked.outlet, checked.published, checked.title) == (
        "Test Wire", "2024-12-02", "Hama")


@pytest.mark.parametrize(("data", "error"), [
    (GOOD.replace("Hama.", "Hama \xe9.").encode("latin-1"), "line 6: is not UTF-8 text"),
    (b"---\npublished: 2024-12-02\n---\nClashes in Hama.\n",
     "line 2: front matter has no 'outlet:'"),
    (b"Clashes in Hama.\n", "line 1: has no front matter"),
])
def test_a_bad_upload_gets_the_builds_one_line_error(data, error):
    checked = check_upload("bad.md", data)
    assert not checked.ok and checked.error.startswith(error) and checked.data == b""
    assert "\n" not in checked.error and "/tmp" not in checked.error


def test_other_kinds_and_oversized_files_are_refused_with_the_limit():
    assert "use .md, .txt or .html" in check_upload("run.sh", b"echo").error
    big = check_upload("big.md", GOOD.encode() + b"x" * MAX_UPLOAD_BYTES)
    assert f"the largest report accepted is {MAX_UPLOAD_BYTES / 1e6:.0f} MB" in big.error


def test_a_pasted_text_keeps_its_metadata_exactly():
    title = 'HTS says: "we took Saraqib" # not a comment'
    checked = pasted_report(outlet="Enab Baladi", published="2024-11-30", title=title,
                            url="https://example.org/a?b=1", body="Fighting in Saraqib.")
    assert checked.ok, checked.error
    assert checked.title == title and checked.outlet == "Enab Baladi"
    assert checked.name == "HTS_says_we_took_Saraqib_not_a_comment.md"
    assert not pasted_report(outlet="", published="", title="t", url="", body="x").ok


def test_saving_never_overwrites_unless_asked(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "hama.txt").write_text(GOOD, encoding="utf-8")
    checked = check_upload("hama.md", GOOD.replace("Hama.", "Homs.").encode())
    with pytest.raises(ReportError, match="a report with id 'hama' exists"):
        save_report(checked, folder)
    assert (folder / "hama.txt").read_text(encoding="utf-8") == GOOD
    saved = save_report(checked, folder, overwrite=True)
    assert saved == (folder / "hama.md").resolve()
    assert sorted(p.name for p in folder.iterdir()) == ["hama.md"]


def test_nothing_is_written_outside_the_folder_or_for_a_bad_file(tmp_path):
    folder = tmp_path / "reports"
    sneaky = Checked("x", "../escape.md", GOOD.encode())
    with pytest.raises(ReportError, match="outside the reports folder"):
        save_report(sneaky, folder)
    with pytest.raises(ReportError):
        save_report(check_upload("bad.md", b"no front matter"), folder)
    assert not (tmp_path / "escape.md").exists() and list(folder.iterdir()) == []
