"""A polite HTTP client for fetching feeds and pages: it says who it is, gives up after a
timeout, waits between two requests to the same host, and reads no more than a report may
hold. Only ``http``/``https`` addresses are fetched."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from geo import __version__
from geo.errors import FetchError
from geo.limits import MAX_REPORT_BYTES

USER_AGENT = (f"conflict-map/{__version__} (report fetcher for an analyst's conflict map; "
              "fetches only the feeds and pages it is given)")
#: Seconds to wait for a server before giving up on it.
TIMEOUT = 20.0
#: Seconds between two requests to the same host.
HOST_INTERVAL = 1.0


@dataclass(frozen=True)
class Response:
    url: str
    content_type: str
    body: bytes


@dataclass
class PoliteClient:
    timeout: float = TIMEOUT
    host_interval: float = HOST_INTERVAL
    max_bytes: int = MAX_REPORT_BYTES
    _last: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    requests: int = field(default=0, init=False)

    def get(self, url: str) -> Response:
        """The body of ``url``; FetchError (saying what failed) for anything but a 2xx."""
        host = _checked_host(url)
        self._wait_for(host)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       "Accept": "*/*"})
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                body = answer.read(self.max_bytes + 1)
                kind = answer.headers.get("Content-Type", "")
                final = answer.geturl()
        except urllib.error.HTTPError as err:
            raise FetchError(f"{url}: the server answered {err.code} {err.reason}") from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise FetchError(f"{url}: cannot be fetched ({reason})") from err
        if len(body) > self.max_bytes:
            raise FetchError(f"{url}: larger than {self.max_bytes / 1e6:.0f} MB, not read")
        return Response(final, kind.lower(), body)

    def _wait_for(self, host: str) -> None:
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.host_interval
            self._last[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)


def _checked_host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{url}: not an http(s) address")
    return parts.hostname.lower()
