"""Taking reports in from outside (the dashboard's uploads and pasted text, fetched feeds):
check each one with the very rules of the build, and save the good ones into the reports
folder.

Everything here treats names and contents as untrusted: a file name is reduced to a safe
base name (no folders, no dot-files, no odd characters), every write goes inside the
reports folder and nowhere else, nothing is overwritten unless asked, and sizes are capped.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geo.errors import ReportError
from geo.limits import MAX_UPLOAD_BYTES
from geo.reports import REPORT_SUFFIXES, read_report

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Longest file stem kept from an uploaded name or a title.
MAX_STEM = 80


@dataclass(frozen=True)
class Checked:
    """An incoming report after the build's checks: its safe file name, its bytes, and
    either what the build will read (outlet, title, places to come) or its one-line error."""

    original: str
    name: str
    data: bytes
    error: str = ""
    outlet: str = ""
    title: str = ""
    published: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def report_id(self) -> str:
        return Path(self.name).stem


def safe_name(original: str) -> str:
    """A plain base name for an uploaded file: no folders, ASCII letters, digits, '.', '_'
    and '-' only, not hidden, the suffix lower-case. '../../etc/passwd' becomes 'passwd'."""
    base = re.split(r"[\\/]", original)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem, dot, suffix = _UNSAFE.sub("_", base).rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = stem.strip("._-")[:MAX_STEM] or "report"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def check_upload(original: str, data: bytes) -> Checked:
    """Check one uploaded file exactly as a build would read it."""
    name = safe_name(original)
    suffix = Path(name).suffix
    if suffix not in REPORT_SUFFIXES:
        shown = suffix or "no extension"
        return Checked(original, name, b"", f"is not a report ({shown}): use .md, .txt or .html")
    if len(data) > MAX_UPLOAD_BYTES:
        return Checked(original, name, b"", f"is {len(data) / 1e6:.1f} MB: the largest report "
                       f"accepted is {MAX_UPLOAD_BYTES / 1e6:.0f} MB")
    with tempfile.TemporaryDirectory(prefix="conflict-map-upload-") as folder:
        trial = Path(folder) / name
        trial.write_bytes(data)
        try:
            report = read_report(trial)
        except ReportError as err:
            where = f"line {err.line}: " if err.line else ""
            return Checked(original, name, b"", f"{where}{err.problem}")
    published = report.published.isoformat() if report.published else "unknown"
    return Checked(original, name, data, outlet=report.outlet, title=report.title,
                   published=published)


def pasted_report(*, outlet: str, published: str, title: str, url: str, body: str) -> Checked:
    """A pasted text as a report file with front matter, then checked like an upload."""
    text = report_text({"outlet": outlet, "published": published or "unknown",
                        "title": title, "url": url}, body)
    stem = safe_name(title or f"{outlet} {published}").removesuffix(".") or "pasted"
    return check_upload(f"{stem}.md", text.encode("utf-8"))


def report_text(fields: dict[str, str], body: str) -> str:
    """A report file's text: front matter of the non-empty ``fields``, then the body."""
    # JSON strings are YAML double-quoted scalars: any text is safe as a value.
    header = "".join(f"{key}: {json.dumps(_one_line(value), ensure_ascii=False)}\n"
                     for key, value in fields.items() if value.strip())
    return f"---\n{header}---\n{body.strip()}\n"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def existing_report(folder: Path, report_id: str) -> Path | None:
    """The report in ``folder`` that already has this id (any suffix), if there is one."""
    for suffix in sorted(REPORT_SUFFIXES):
        candidate = folder / f"{report_id}{suffix}"
        if candidate.exists():
            return candidate
    return None


def save_report(checked: Checked, folder: Path, *, overwrite: bool = False) -> Path:
    """Write a checked report into ``folder``; never outside it, never over another report
    unless ``overwrite`` (then the same-id file it replaces is removed)."""
    if not checked.ok:
        raise ReportError(checked.original, checked.error)
    folder.mkdir(parents=True, exist_ok=True)
    target = (folder / checked.name).resolve()
    if target.parent != folder.resolve():
        raise ReportError(checked.original, "would be saved outside the reports folder")
    clash = existing_report(folder, checked.report_id)
    if clash is not None and not overwrite:
        raise ReportError(checked.original, f"a report with id {checked.report_id!r} exists "
                          f"({clash.name}): replace it, or rename the file")
    _write_atomically(target, checked.data)
    if clash is not None and clash.resolve() != target:
        clash.unlink()
    return target


def _write_atomically(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".upload.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
