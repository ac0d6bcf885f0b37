"""The project's exceptions, in one place.

Every error a user can meet derives from :class:`ConflictMapError`, and each leaf also
inherits the built-in it refines, so callers that only know ``ValueError`` or ``OSError``
still catch it. Messages name the file (and line) and say what to do.
"""

from __future__ import annotations

from pathlib import Path


class ConflictMapError(Exception):
    """Root of every error raised on purpose by this project."""


class ReportError(ConflictMapError, ValueError):
    """A report file cannot be read or its metadata is wrong."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class DuplicateReportError(ReportError):
    """Two report files would share one report id."""


class GazetteerError(ConflictMapError, ValueError):
    """The gazetteer data or an imported dump is unusable."""


class GeocoderError(ConflictMapError, RuntimeError):
    """An online geocoder failed (timeout, refusal, malformed answer)."""


class GeocoderUnreachable(GeocoderError):
    """The provider cannot be reached at all (no network, refused, no answer in time): no
    other name is worth asking it in this build."""


class OverridesError(ConflictMapError, ValueError):
    """The analyst's overrides file (pins) is unreadable or holds a bad pin."""


class LexiconError(ConflictMapError, ValueError):
    """An event lexicon (data/events/*.csv: actors, triggers) is unreadable or malformed."""


class LayerError(ConflictMapError, ValueError):
    """A layer file is missing, unreadable, invalid or of an unsupported schema."""


class SettingError(ConflictMapError, ValueError):
    """An environment setting holds a value this program cannot use."""


class MissingExtraError(ConflictMapError, RuntimeError):
    """An optional feature was asked for without its optional dependency installed."""


class FetchError(ConflictMapError, RuntimeError):
    """A feed or page could not be fetched or read (the others go on)."""


class BuildError(ConflictMapError, RuntimeError):
    """A layer build was stopped; the previous layer is left untouched."""

    def __init__(self, problems: list[ConflictMapError]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"{len(problems)} report(s) could not be read; nothing was written:\n{lines}\n"
            "Fix them, or pass --skip-bad to build the layer from the others."
        )


class WriteError(ConflictMapError, OSError):
    """A file could not be written (disk full, folder not writable, a folder in the way);
    the previous file, if any, is left as it was."""
