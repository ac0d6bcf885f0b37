"""Reading HTML pages as reports, with trafilatura.

The body is the page's main text as trafilatura extracts it (navigation, footers and
comments left out), and offsets index into that text. Outlet, title, URL, author and date
come from the page's metadata (Open Graph, schema.org, ``<meta>``); a page that names no
outlet falls back to its URL's host, and the report says so in ``metadata_note``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.errors import ReportError
from geo.limits import read_bounded
from geo.records import Report
from geo.reports import parse_published
from geo.sections import split_parts


def _decode(path: Path) -> str:
    raw = read_bounded(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReportError(
            path, f"is not UTF-8 (byte 0x{raw[err.start]:02x}); save the page as UTF-8", line=line
        ) from err


def _outlet(document: object) -> tuple[str, str]:
    """The outlet and, when it had to be guessed, a note saying how."""
    sitename = (getattr(document, "sitename", None) or "").strip()
    if sitename:
        return sitename, ""
    host = (getattr(document, "hostname", None) or "").strip()
    if host:
        return host, f"outlet taken from the page's address ({host}): the page names none"
    return "", ""


def read_html_report(path: Path) -> Report:
    """Read an ``.html`` page as a report."""
    import trafilatura  # slow to import; only HTML reports need it

    document = trafilatura.bare_extraction(
        _decode(path), with_metadata=True, include_comments=False, include_tables=False
    )
    body = (getattr(document, "text", None) or "").strip() if document else ""
    if not body:
        raise ReportError(path, "has no main text that could be extracted (is it an article?)")
    outlet, note = _outlet(document)
    if not outlet:
        raise ReportError(
            path, "names no outlet: add <meta property=\"og:site_name\" content=\"...\">"
        )
    published = _published(path, getattr(document, "date", None))
    return Report(
        report_id=path.stem, path=path, outlet=outlet, published=published, body=body,
        title=(getattr(document, "title", None) or "").strip(),
        url=(getattr(document, "url", None) or "").strip(),
        author=(getattr(document, "author", None) or "").strip(),
        metadata_note=note, parts=split_parts(body, outlet, published),
    )


def _published(path: Path, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_published(value[:10])
    except ValueError as err:
        raise ReportError(path, f"page metadata has an unusable date: {err}") from err
