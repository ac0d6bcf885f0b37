"""A local website on 127.0.0.1 for the feed tests: RSS and Atom feeds, article pages,
broken XML, a 500, a slow answer and duplicate entries. Never the internet."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar


def _article(title: str, place: str) -> bytes:
    paragraphs = "".join(
        f"<p>{text}</p>" for text in (
            f"Fighting was reported on Sunday in {place}, where opposition factions said they "
            "had pushed into the eastern districts after a night of heavy shelling.",
            f"Residents of {place} described long queues at bakeries and the sound of "
            "artillery through the night, while local councils asked for help.",
            "A war monitor said at least a dozen fighters were killed on both sides in the "
            "clashes, a figure that could not be independently verified.",
        ))
    return (f"<html><head><title>{title}</title><meta property='og:site_name' "
            f"content='Local Wire'></head><body><nav>Home | World</nav><article><h1>{title}"
            f"</h1>{paragraphs}</article><footer>(c) Local Wire</footer></body></html>"
            ).encode()


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Sun, 01 Dec 2024 08:00:00 GMT</pubDate><description>{summary}"
        "</description></item>"
        for title, path, summary in (
            ("Clashes in Hama", "/a1.html", "Clashes in Hama."),
            ("Shelling near Saraqib", "/a2.html", "Shelling near Saraqib."),
            ("Clashes in Hama", "/a1.html#again", "The same article, listed twice."),
            ("Gone", "/gone.html", "Government forces withdrew from Morek on Saturday, a "
             "monitor said, after two days of fighting around the town."),
        ))
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Syria Wire</title>"
            f"<link>{base}</link>{items}</channel></rss>").encode()


def _atom(base: str) -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Levant Atom</title><updated>2024-12-02T10:00:00Z</updated>"
            f"<entry><title>Fighting in Khan Shaykhun</title><link href='{base}/a3.html'/>"
            f"<updated>2024-12-02T10:00:00Z</updated><id>a3</id></entry>"
            f"<entry><title>Shelling near Saraqib</title><link href='{base}/a2.html'/>"
            f"<updated>2024-12-02T10:00:00Z</updated><id>a2</id></entry></feed>").encode()


class _Site(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes, float]]] = {}
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.agents.append(self.headers.get("User-Agent", ""))
        status, kind, body, delay = self.routes.get(self.path, (404, "text/html", b"no", 0))
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def local_site() -> Iterator[str]:
    """Serve the site until the block ends; yields its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_port}"
    _Site.agents = []
    _Site.routes = {
        "/rss.xml": (200, "application/rss+xml", _rss(base), 0),
        "/atom.xml": (200, "application/atom+xml", _atom(base), 0),
        "/broken.xml": (200, "application/rss+xml", b"<?xml version='1.0'?><rss><chan", 0),
        "/error.xml": (500, "text/plain", b"boom", 0),
        "/slow.xml": (200, "application/rss+xml", _rss(base), 2.0),
        "/a1.html": (200, "text/html; charset=utf-8", _article("Clashes in Hama", "Hama"), 0),
        "/a2.html": (200, "text/html", _article("Shelling near Saraqib", "Saraqib"), 0),
        "/a3.html": (200, "text/html", _article("Fighting in Khan Shaykhun", "Khan Shaykhun"),
                     0),
        "/a4.html": (200, "text/html", _article("Battle for Manbij", "Manbij"), 0),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()
