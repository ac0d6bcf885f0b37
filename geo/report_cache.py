"""The per-report cache: an unchanged report is not parsed again.

An entry is one report's piece of the layer (JSON, see ``geo.report_jobs.parse_one``),
stored under a key made of everything the piece depends on: the file's bytes and path, the
gazetteer's names (``Gazetteer.fingerprint``), the analyst's pins, the online geocoder asked
(if any) and the geoparser's own code. Change any of them and the key changes, so a stale
entry is never read; it is simply not found. Entries are written atomically, so two builds
at once, or a build stopped half-way, leave only whole entries.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

from geo import __version__

PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_version() -> str:
    """The geoparser's version: the release and a digest of the ``geo`` package's source,
    so any change to the code (a new rule, a fix) parses every report again."""
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(PACKAGE).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def file_digest(path: Path | None) -> str:
    """A digest of a file's bytes; 'none' when there is no such file."""
    if path is None or not path.is_file():
        return "none"
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ReportCache:
    """Pieces of the layer by key, one small file each, under ``folder``."""

    def __init__(self, folder: Path, context: str) -> None:
        #: Everything but the report itself: names, pins, geocoder, code.
        self.folder = folder
        self.context = context
        self.hits = 0
        self.misses = 0
        self._folders: dict[Path, Path] = {}

    def key(self, path: Path) -> str:
        digest = hashlib.sha256(self.context.encode())
        digest.update(str(self._resolved(path)).encode())
        digest.update(path.read_bytes())
        return digest.hexdigest()

    def _resolved(self, path: Path) -> Path:
        """``path.resolve()``, with each folder resolved once: resolving walks every part
        of the path, which for 10,000 reports of one folder was a twentieth of a warm build."""
        if path.is_symlink():
            return path.resolve()
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        return folder / path.name

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> bytes | None:
        try:
            data = self._entry(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, piece: bytes) -> None:
        entry = self._entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(piece)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def cache_context(gazetteer_fingerprint: str, overrides: Path, geocoder: str) -> str:
    """The part of every key that is not the report: names, pins, geocoder, code and the
    event lexicons (data/events/*.csv: a new actor or trigger codes every report again)."""
    from geo.events.lexicon import lexicon_fingerprint

    return "|".join(
        (gazetteer_fingerprint, file_digest(overrides), geocoder or "offline", code_version(),
         lexicon_fingerprint())
    )
