"""Size limits on what the geoparser reads, and the checks that enforce them.

Every limit is here so the command line, the build and the dashboard's upload page refuse
the same things with the same words. They bound what one file can cost: a build's time and
memory grow with the bytes read, so a limit on bytes is a limit on cost. Each is generous
for real reports (the longest seed report is 8 KB, its longest line 614 characters, its
front matter under 500 bytes) and documented in the README's "Limits" section.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import ReportError

#: Largest report file read, in bytes (text or HTML): a long aggregator page is ~1 MB.
MAX_REPORT_BYTES = 8 * 1024 * 1024
#: Largest file the dashboard accepts as an upload: one report, so the same as above.
MAX_UPLOAD_BYTES = MAX_REPORT_BYTES
#: Longest line of a text report's body, in characters (HTML is one line when minified, so
#: this applies to .md/.txt only). A whole long article pasted as one line fits.
MAX_LINE_CHARS = 200_000
#: Largest front matter (the lines between the two '---'), in bytes.
MAX_HEADER_BYTES = 16 * 1024
#: Front matter may nest lists or maps this deep (``tags: [a, b]`` is depth 2).
MAX_HEADER_DEPTH = 4
#: Front matter may hold this many values (keys, list items) in all.
MAX_HEADER_NODES = 1_000


def _mib(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MiB"
    return f"{size // 1024} KiB" if size >= 1024 else f"{size:,}-byte"


def too_big(size: int, limit: int | None = None) -> str | None:
    """The problem with a file of ``size`` bytes, or None when it is within ``limit``
    (default: MAX_REPORT_BYTES)."""
    limit = MAX_REPORT_BYTES if limit is None else limit
    if size <= limit:
        return None
    return f"is {size:,} bytes, over the {_mib(limit)} limit for one report; split it"


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path``, refused with a ReportError when it is over ``limit``
    (default: MAX_REPORT_BYTES).

    The size on disk is checked before reading, and the read stops after ``limit + 1``
    bytes, so a huge file (or one that grows while read) costs no more than the limit.
    """
    limit = MAX_REPORT_BYTES if limit is None else limit
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limit else handle.read(min(size, limit) + 1)
    except OSError as err:
        raise ReportError(path, f"cannot be read ({err.strerror or err})") from err
    if size > limit or len(raw) > limit:
        raise ReportError(path, too_big(max(size, len(raw)), limit) or "is too big")
    return raw


def check_lines(path: Path, text: str, first_line: int = 1) -> None:
    """Refuse a text whose longest line is over MAX_LINE_CHARS, naming that line."""
    lengths = [len(line) for line in text.split("\n")]
    longest = max(lengths, default=0)
    if longest > MAX_LINE_CHARS:
        number = first_line + lengths.index(longest)
        raise ReportError(
            path, f"has a line of {longest:,} characters, over the limit of "
            f"{MAX_LINE_CHARS:,}; break it into paragraphs", line=number,
        )
