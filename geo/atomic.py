"""Writing a file so that readers see the old one or the new one, never half of one.

The text goes to a temporary file beside the target (``.<name>.<pid>.<random>.tmp``),
is flushed to disk, takes the target's permissions (a fresh file gets the umask's), and is
renamed over the target. Any failure or interruption (Ctrl-C, SIGTERM through
:func:`geo.cli.main`) removes the temporary file; one left by a killed process (kill -9)
is removed by the next write of the same target, once its process is gone. Every OS error
becomes one :class:`~geo.errors.WriteError` line saying what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from geo.errors import WriteError

_HINTS = {
    errno.ENOSPC: "the disk is full: free some space",
    errno.EDQUOT: "the disk quota is used up: free some space",
    errno.EACCES: "permission denied: choose a folder you can write to",
    errno.EPERM: "permission denied: choose a folder you can write to",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a folder: give a file name",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a part of the path is a file, not a folder",  # from mkdir
}


def _problem(path: Path, err: OSError) -> WriteError:
    hint = _HINTS.get(err.errno or 0, err.strerror or str(err))
    kept = "the old file is left as it was" if path.exists() else "nothing was written"
    return WriteError(f"cannot write {path}: {hint}; {kept}")


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return _umask_mode()


def _prefix(path: Path) -> str:
    return f".{path.name}."


def clean_stale(path: Path) -> list[Path]:
    """Remove the temporary files of ``path`` left by writers that no longer run."""
    removed = []
    try:
        leftovers = list(path.parent.glob(f"{_prefix(path)}*.tmp"))
    except OSError:
        return removed
    for leftover in leftovers:
        pid = leftover.name[len(_prefix(path)):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
            continue  # another build is writing it right now
        try:
            leftover.unlink()
            removed.append(leftover)
        except OSError:
            continue
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _own_prefix(path: Path) -> str:
    # pid and thread: two threads of one process may write the same file (dashboard sessions).
    return f"{_prefix(path)}{os.getpid()}.{threading.get_ident()}."


def _remove_own(path: Path) -> None:
    """Remove this thread's temporary files of ``path``: also one whose name was not known
    yet, when an interruption came inside ``mkstemp``."""
    for leftover in path.parent.glob(f"{_own_prefix(path)}*.tmp"):
        leftover.unlink(missing_ok=True)


def write_atomically(path: Path, pieces: Iterable[str | bytes]) -> None:
    """Write ``pieces`` (text, written as UTF-8, or bytes) to ``path`` atomically; a
    WriteError on any OS failure."""
    encoded = (p.encode("utf-8") if isinstance(p, str) else p for p in pieces)
    with replacing(path) as tmp_name, open(tmp_name, "wb") as handle:
        handle.writelines(encoded)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[str]:
    """A temporary file name beside ``path`` to write in; when the block ends it takes
    ``path``'s permissions and replaces it. On any failure or interruption it is removed
    and ``path`` is untouched (OS errors become one WriteError)."""
    if path.is_dir():
        raise _problem(path, IsADirectoryError(errno.EISDIR, "is a directory"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(path)
    except OSError as err:
        raise _problem(path, err) from err
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_own_prefix(path), suffix=".tmp",
                                        dir=path.parent)
        os.close(fd)
        yield tmp_name
        os.chmod(tmp_name, _mode_for(path))
        os.replace(tmp_name, path)
    except OSError as err:
        _remove_own(path)
        raise _problem(path, err) from err
    except BaseException:
        _remove_own(path)
        raise
