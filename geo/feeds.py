"""Feeds and pages in, report files out: ``python -m geo fetch`` and the dashboard's
"Fetch now".

A source is an RSS/Atom feed (read with feedparser: every entry's article page is fetched
and its main text extracted with trafilatura, or the entry's own text used when the page
fails) or an article page itself. Each article becomes a ``.md`` report with its outlet,
date, title and url in front matter, checked with the build's rules before it is saved. A
URL fetched once is noted in the folder's ledger (``.fetched.tsv``) and skipped afterwards.
A failing source is reported and the others go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from geo.errors import ConflictMapError, FetchError
from geo.http_client import PoliteClient, Response
from geo.intake import check_upload, report_text, safe_name, save_report

LEDGER = ".fetched.tsv"
#: The dashboard's list of feeds, one URL a line ('#' starts a comment).
DEFAULT_FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds.txt"
_FEED_TYPES = ("rss", "atom", "xml")


@dataclass(frozen=True)
class Article:
    url: str
    outlet: str
    published: str
    title: str
    body: str
    note: str = ""


@dataclass
class SourceResult:
    """What one feed or page gave: files saved, URLs skipped as already fetched, problems."""

    source: str
    saved: list[Path] = field(default_factory=list)
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    failed: str = ""

    def line(self) -> str:
        if self.failed:
            return f"FAILED {self.source}: {self.failed}"
        text = f"{self.source}: {len(self.saved)} new report(s), {self.skipped} already fetched"
        return text + "".join(f"\n  - {p}" for p in self.problems)


class Ledger:
    """The URLs already fetched into a folder, kept in a small tab-separated file."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER
        lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        self.urls = {line.split("\t", 1)[0] for line in lines if line.strip()}

    def __contains__(self, url: str) -> bool:
        return _normal(url) in self.urls

    def add(self, url: str, saved: Path | None) -> None:
        self.urls.add(_normal(url))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(f"{_normal(url)}\t{saved.name if saved else ''}\n")


def _normal(url: str) -> str:
    return urldefrag(url.strip())[0]


def fetch_sources(
    sources: Iterable[str], into: Path, *, client: PoliteClient | None = None,
    on_source: Callable[[SourceResult], None] | None = None,
) -> list[SourceResult]:
    """Fetch every source into ``into``; one result per source, failures included."""
    client = client or PoliteClient()
    ledger = Ledger(into)
    results = []
    for source in sources:
        result = SourceResult(source)
        try:
            _fetch_source(source, into, client, ledger, result)
        except ConflictMapError as err:
            result.failed = str(err)
        results.append(result)
        if on_source is not None:
            on_source(result)
    return results


def _fetch_source(source: str, into: Path, client: PoliteClient, ledger: Ledger,
                  result: SourceResult) -> None:
    if source in ledger:  # an article page fetched before (feeds are never in the ledger)
        result.skipped += 1
        return
    response = client.get(source)
    if _is_feed(response):
        for article_url, fallback in _feed_entries(response):
            _take(article_url, fallback, into, client, ledger, result)
    else:
        _save(_article_from_page(response), into, ledger, result)


def _is_feed(response: Response) -> bool:
    if any(kind in response.content_type for kind in _FEED_TYPES):
        return "html" not in response.content_type
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def _feed_entries(response: Response) -> list[tuple[str, Article]]:
    """Each entry's link and the article the feed itself gives for it."""
    import feedparser

    feed = feedparser.parse(response.body, response_headers={
        "content-location": response.url, "content-type": response.content_type})
    if feed.bozo and not feed.entries:
        raise FetchError(f"{response.url}: not a readable RSS/Atom feed "
                         f"({feed.get('bozo_exception', 'malformed')})")
    outlet = feed.feed.get("title", "") or urlsplit(response.url).hostname or ""
    return [(entry.get("link", ""), _entry_article(entry, outlet)) for entry in feed.entries]


def _entry_article(entry: dict, outlet: str) -> Article:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = dt.date(*when[:3]).isoformat() if when else "unknown"
    content = entry.get("content") or [{}]
    text = _plain(content[0].get("value", "") or entry.get("summary", ""))
    return Article(url=entry.get("link", ""), outlet=outlet.strip(), published=published,
                   title=entry.get("title", "").strip(), body=text)


def _plain(html_text: str) -> str:
    import trafilatura

    if "<" not in html_text:
        return html_text.strip()
    return (trafilatura.extract(f"<html><body><article>{html_text}</article></body></html>")
            or "").strip()


def _take(url: str, fallback: Article, into: Path, client: PoliteClient, ledger: Ledger,
          result: SourceResult) -> None:
    if not url:
        result.problems.append(f"an entry ({fallback.title or 'untitled'}) has no link")
        return
    if url in ledger:
        result.skipped += 1
        return
    try:
        article = _article_from_page(client.get(url), fallback)
    except FetchError as err:
        if not fallback.body:
            result.problems.append(str(err))
            return
        article = Article(**{**fallback.__dict__,
                             "note": f"text from the feed: the page failed ({err})"})
    _save(article, into, ledger, result)


def _article_from_page(response: Response, feed: Article | None = None) -> Article:
    """The page's main text and metadata; the feed's values win where it has them."""
    import trafilatura

    text = response.body.decode("utf-8", errors="replace")
    document = trafilatura.bare_extraction(text, url=response.url, with_metadata=True,
                                           include_comments=False, include_tables=False)
    body = (getattr(document, "text", None) or "").strip()
    if not body:
        raise FetchError(f"{response.url}: no article text found in the page")
    host = urlsplit(response.url).hostname or ""
    meta = {
        "outlet": (getattr(document, "sitename", None) or host).strip(),
        "published": (getattr(document, "date", None) or "unknown")[:10],
        "title": (getattr(document, "title", None) or "").strip(),
    }
    if feed is not None:
        meta.update({k: v for k, v in (("outlet", feed.outlet), ("title", feed.title),
                                       ("published", feed.published)) if v and v != "unknown"})
    return Article(url=feed.url if feed and feed.url else response.url, body=body, **meta)


def _save(article: Article, into: Path, ledger: Ledger, result: SourceResult) -> None:
    text = report_text({"outlet": article.outlet, "published": article.published,
                        "title": article.title, "url": article.url,
                        "metadata_note": article.note}, article.body)
    checked = check_upload(_file_name(article), text.encode("utf-8"))
    if not checked.ok:
        result.problems.append(f"{article.url}: {checked.error} (not saved)")
        return
    try:
        saved = save_report(checked, into)
    except ConflictMapError as err:
        result.problems.append(str(err))
        return
    ledger.add(article.url, saved)
    result.saved.append(saved)


def _file_name(article: Article) -> str:
    """host_title_hash.md: readable, and one per URL (the hash tells two titles apart)."""
    host = (urlsplit(article.url).hostname or "page").removeprefix("www.")
    digest = hashlib.sha1(_normal(article.url).encode()).hexdigest()[:8]
    stem = safe_name(f"{host} {article.title}"[:60]).rstrip(".")
    return f"{stem}_{digest}.md"


def read_feed_list(path: Path) -> list[str]:
    """The URLs of a feeds file, in order, without comments, blanks or repeats."""
    if not path.exists():
        return []
    urls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        url = line.strip()
        if url and not url.startswith("#") and url not in urls:
            urls.append(url)
    return urls


def write_feed_list(path: Path, urls: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Feeds and pages for 'Fetch now' (python -m geo fetch --feeds this file)"]
    path.write_text("\n".join([*lines, *urls]) + "\n", encoding="utf-8")
