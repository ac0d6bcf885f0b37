"""Reading report files: text or Markdown with YAML front matter, or HTML pages.

A text report looks like::

    ---
    outlet: The War Zone          # required
    published: 2024-11-29         # YYYY-MM-DD, or 'unknown'
    title: ...                    # optional, like url, author, metadata_note, any extra key
    ---
    body text

Its id is the file name without the extension, and its body is everything after the line
that closes the front matter. Every problem is a :class:`ReportError` naming the file (and
line) and what to fix.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import DuplicateReportError, ReportError
from geo.front_matter import check_size, load_header
from geo.limits import check_lines, read_bounded
from geo.records import Report
from geo.sections import split_parts

TEXT_SUFFIXES = frozenset({".md", ".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
REPORT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

_FENCE = re.compile(r"^---[ \t]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "key: value  # comment", with a value YAML would read as a plain string, or a blank line.
_PLAIN_LINE = re.compile(
    r"^(?:(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>[^\s'\"\[\]{}&*!|>%@`#,?:-][^#]*?)"
    r"(?:[ \t]+#.*)?|[ \t]*(?:#.*)?)\r?\n?$"
)
_KNOWN_KEYS = frozenset({"outlet", "published", "title", "url", "author", "metadata_note"})


def _read_text(path: Path) -> str:
    raw = read_bounded(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReportError(
            path, f"is not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8", line=line
        ) from err


def _split_front_matter(path: Path, text: str) -> tuple[list[str], str]:
    """The front matter's lines and the body after its closing fence."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        raise ReportError(
            path, "has no front matter: start the file with '---', 'outlet: ...', '---'", line=1
        )
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            return lines[1:index], "".join(lines[index + 1 :])
    raise ReportError(path, "front matter is never closed: add a line '---' after it", line=1)


def _plain_pairs(lines: list[str]) -> dict[str, str] | None:
    """Front matter of plain ``key: value`` lines, read without YAML (ten times faster);
    None when any line needs a YAML parser (quotes, lists, blocks, anchors...)."""
    data: dict[str, str] = {}
    for line in lines:
        match = _PLAIN_LINE.match(line)
        if match is None:
            return None
        if match["key"]:
            value = match["value"].strip()
            if ": " in value or match["key"] in data:
                return None
            data[match["key"]] = value
    return data


def _parse_yaml(path: Path, lines: list[str]) -> dict[str, Any]:
    header = "".join(lines)
    plain = _plain_pairs(lines)
    if plain is not None:
        check_size(path, header)  # plain lines cannot expand, but the limit holds
        return plain
    data = load_header(path, header)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReportError(path, "front matter must be 'key: value' lines", line=2)
    return data


def _key_line(lines: list[str], key: str) -> int:
    for index, line in enumerate(lines):
        if line.split(":", 1)[0].strip() == key:
            return index + 2
    return 1


def parse_published(value: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None for 'unknown'; ValueError for anything else."""
    value = value.strip()
    if value.lower() in {"unknown", ""}:
        return None
    if not _ISO_DATE.match(value):
        raise ValueError(f"published date {value!r} is not YYYY-MM-DD (or 'unknown')")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"published date {value!r} is not a real date ({err})") from err


def _metadata(path: Path, data: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    outlet = data.get("outlet")
    if not isinstance(outlet, str) or not outlet.strip():
        raise ReportError(path, "front matter has no 'outlet:' (who published it?)", line=2)
    try:
        published = parse_published(str(data.get("published", "unknown")))
    except ValueError as err:
        raise ReportError(path, str(err), line=_key_line(lines, "published")) from err
    extra = tuple(
        (str(k), str(v)) for k, v in data.items() if k not in _KNOWN_KEYS and v is not None
    )
    return {
        "outlet": outlet.strip(),
        "published": published,
        "title": str(data.get("title", "") or "").strip(),
        "url": str(data.get("url", "") or "").strip(),
        "author": str(data.get("author", "") or "").strip(),
        "metadata_note": str(data.get("metadata_note", "") or "").strip(),
        "extra": extra,
    }


def read_text_report(path: Path) -> Report:
    """Read a ``.md``/``.txt`` report with front matter."""
    lines, body = _split_front_matter(path, _read_text(path))
    check_lines(path, body, first_line=len(lines) + 3)
    meta = _metadata(path, _parse_yaml(path, lines), lines)
    parts = split_parts(body, meta["outlet"], meta["published"])
    return Report(report_id=path.stem, path=path, body=body, parts=parts, **meta)


def read_report(path: Path) -> Report:
    """Read one report of any supported kind."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text_report(path)
    if suffix in HTML_SUFFIXES:
        from geo.html_reports import read_html_report  # trafilatura is slow to import

        return read_html_report(path)
    raise ReportError(path, f"is not a report ({suffix or 'no extension'}): use .md, .txt or .html")


@dataclass(frozen=True)
class ReportFiles:
    """The report files found, and the entries named like reports that cannot be read."""

    paths: list[Path]
    #: Dangling or looping links, folders, pipes, files without read permission: one
    #: error each; the build names them and goes on with the others.
    unreadable: list[ReportError]


def unreadable_problem(path: Path) -> str | None:
    """Why ``path``, named like a report, cannot be read as one; None when it can.

    Only ``stat`` is asked, never ``open``: opening a named pipe would wait forever.
    """
    try:
        info = path.stat()  # follows links: a dangling or looping link fails here
    except OSError as err:
        if not path.is_symlink():
            return f"cannot be read ({err.strerror or err})"
        if err.errno == errno.ELOOP:
            return "is a symbolic link that loops back on itself; remove it or repoint it"
        return (f"is a symbolic link to {os.readlink(path)}, which does not exist; remove "
                "the link or restore its file")
    if stat.S_ISDIR(info.st_mode):
        inside = "not read" if path.is_symlink() else "read"
        return f"is a folder, not a report file (reports inside it are {inside}); rename it"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a pipe, socket or device); only files are read"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied); let this user read it"
    return None


def _named_like_a_report(path: Path) -> bool:
    return (path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith(".")
            and path.name.lower() != "readme.md")


def scan_report_files(inputs: Iterable[Path]) -> ReportFiles:
    """Report files under the given files and folders, sorted, each once; entries named
    like reports that cannot be read are listed apart. A missing input is an error."""
    found: set[Path] = set()
    problems: dict[Path, str] = {}
    for item in inputs:
        if item.is_dir():
            entries = [p for p in item.rglob("*") if _named_like_a_report(p)]
        elif item.exists() or item.is_symlink():
            entries = [item]
        else:
            raise ReportError(item, "does not exist")
        for entry in entries:
            problem = unreadable_problem(entry)
            if problem is None:
                found.add(entry)
            else:
                problems[entry] = problem
    return ReportFiles(sorted(found), [ReportError(p, problems[p]) for p in sorted(problems)])


def find_report_files(inputs: Iterable[Path]) -> list[Path]:
    """Report files under the given files and folders, sorted, each once."""
    return scan_report_files(inputs).paths


def read_reports(
    paths: Iterable[Path], *, errors: list[ReportError] | None = None
) -> Iterator[Report]:
    """Read reports in order; with ``errors`` given, bad files are collected, not raised."""
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            report = read_report(path)
            if report.report_id in seen:
                raise DuplicateReportError(
                    path, f"has the same report id {report.report_id!r} as {seen[report.report_id]}"
                    "; rename one of them"
                )
            seen[report.report_id] = path
        except ReportError as err:
            if errors is None:
                raise
            errors.append(err)
            continue
        yield report
