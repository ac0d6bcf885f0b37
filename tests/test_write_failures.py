"""Every write failure is one line, a non-zero exit and the old layer intact; kill -9,
SIGTERM and Ctrl-C during the write leave no temporary file (a stale one is cleaned by
the next build). Real subprocesses, real signals, and a real full disk where root may mount
a tiny tmpfs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from geo import atomic
from geo.cli import main
from geo.errors import WriteError

REPO = Path(__file__).resolve().parents[1]
OLD = '{"old": "layer"}\n'


@pytest.fixture
def one_report(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.md").write_text("---\noutlet: X\npublished: 2024-11-29\n---\n"
                                 + "Shelling hit Saraqib and Hama on Wednesday.\n" * 200)
    return folder


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_out_is_a_folder(tmp_path, one_report, capsys):
    (tmp_path / "folder").mkdir()
    assert main(["build", str(one_report), "--out", str(tmp_path / "folder"),
                 "--no-online"]) == 1
    assert "it is a folder: give a file name" in _one_line_error(capsys)


def test_out_under_a_file(tmp_path, one_report, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["build", str(one_report), "--out", str(tmp_path / "file" / "layer.geojson"),
                 "--no-online"]) == 1
    assert "a part of the path is a file" in _one_line_error(capsys)
    assert (tmp_path / "file").read_text() == "x"


@pytest.mark.parametrize(("errno_name", "words"), [
    ("ENOSPC", "the disk is full"), ("EACCES", "permission denied"),
    ("EROFS", "read-only")])
def test_a_fault_at_the_write_boundary_keeps_the_old_layer(
        tmp_path, one_report, capsys, monkeypatch, errno_name, words):
    import errno

    out = tmp_path / "layer.geojson"
    out.write_text(OLD)
    real_open = open

    class Failing:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def writelines(self, pieces):
            for number, _ in enumerate(pieces):
                if number == 3:
                    code = getattr(errno, errno_name)
                    raise OSError(code, os.strerror(code))

    # The write boundary: the file object geo.atomic writes the layer through.
    monkeypatch.setattr(atomic, "open", lambda *a, **k: Failing(real_open(*a, **k)),
                        raising=False)
    assert main(["build", str(one_report), "--out", str(out), "--no-online"]) == 1
    line = _one_line_error(capsys)
    assert words in line and "the old file is left as it was" in line
    assert out.read_text() == OLD
    assert not list(tmp_path.glob("*.tmp"))


@contextlib.contextmanager
def _tmpfs(size: str, *options: str):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    point = Path(tempfile.mkdtemp(prefix="cm-tmpfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}",
                                                                      *options]),
                              "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)
        point.rmdir()


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *argv], capture_output=True,
                          text=True, cwd=REPO, timeout=300)


def test_a_full_disk_is_one_line_and_the_old_layer_stays(one_report):
    with _tmpfs("64k") as disk:
        out = disk / "layer.geojson"
        out.write_text(OLD)
        done = _cli("build", str(one_report), "--out", str(out), "--no-online")
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and "the disk is full" in done.stderr
        assert out.read_text() == OLD
        assert not [p.name for p in disk.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_that_cannot_be_written(one_report):
    with _tmpfs("1m") as disk:
        (disk / "layer.geojson").write_text(OLD)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = _cli("build", str(one_report), "--out", str(disk / "layer.geojson"),
                    "--no-online")
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and "read-only" in done.stderr
        assert (disk / "layer.geojson").read_text() == OLD


# --- signals during the write -------------------------------------------------------------

@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """Enough reports that writing the layer takes a while (a few MB)."""
    from bench.build_speed import make_corpus

    folder = tmp_path_factory.mktemp("big")
    make_corpus(folder, 300)
    return folder


def _signal_during_write(corpus: Path, out: Path, signum: int) -> subprocess.Popen:
    """Start a build and send ``signum`` once its temporary layer file exists.

    On a busy machine this process can be descheduled between seeing the file and sending
    the signal, and the build may finish its write (and even exit) in that gap: then the
    signal did not come during the write, and the build is tried again. A writer that
    replaced the layer whenever it was interrupted would be caught every time, and fail.
    """
    for _ in range(5):  # the write is short: try again if we missed it
        out.write_text(OLD)
        build = subprocess.Popen([sys.executable, "-m", "geo", "build", str(corpus), "--out",
                                  str(out), "--no-progress", "--no-online"], cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 preexec_fn=_as_from_a_terminal)
        while build.poll() is None:
            if list(out.parent.glob(f".{out.name}.*.tmp")):
                build.send_signal(signum)
                build.wait(timeout=60)
                break
            time.sleep(0.0005)
        if build.returncode not in (None, 0) and out.read_text() == OLD:
            return build
        _clean_after(build, out)
    pytest.fail("never caught the build inside its write of the layer")


def _as_from_a_terminal() -> None:
    # A test run started in the background (``make test &``, some CI runners) has SIGINT
    # ignored, and a child inherits that: its Python then never raises KeyboardInterrupt
    # and finishes the build (exit 0). Ctrl-C in a terminal reaches a build that has the
    # default handling, as here.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _clean_after(build: subprocess.Popen, out: Path) -> None:
    """Forget an attempt whose signal came too late (the write had finished)."""
    build.communicate(timeout=60)
    for stale in out.parent.glob(f".{out.name}.*.tmp"):
        stale.unlink()
    for written in out.parent.glob("layer.parquet"):
        written.unlink()


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "code", "words"), [
    (signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_sigterm_and_ctrl_c_during_the_write_leave_no_temporary_file(
        tmp_path, big_corpus, signum, code, words):
    out = tmp_path / "layer.geojson"
    out.write_text(OLD)
    build = _signal_during_write(big_corpus, out, signum)
    stderr = build.stderr.read()
    assert build.returncode == code, stderr
    assert words in stderr and "Traceback" not in stderr
    assert out.read_text() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layer.geojson"]


@pytest.mark.slow
def test_kill_9_leaves_the_old_layer_and_the_next_build_cleans_up(tmp_path, big_corpus,
                                                                   one_report):
    out = tmp_path / "layer.geojson"
    out.write_text(OLD)
    build = _signal_during_write(big_corpus, out, signal.SIGKILL)
    assert build.returncode == -signal.SIGKILL
    assert out.read_text() == OLD
    assert list(tmp_path.glob(".layer.geojson.*.tmp"))  # what kill -9 leaves
    assert _cli("build", str(one_report), "--out", str(out), "--no-online").returncode == 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert out.read_text() != OLD


def test_a_temporary_file_of_a_running_writer_is_left_alone(tmp_path):
    target = tmp_path / "layer.geojson"
    mine = tmp_path / f".layer.geojson.{os.getppid()}.abc.tmp"  # a live process: our parent
    dead = tmp_path / ".layer.geojson.999999999.abc.tmp"
    mine.write_text("x")
    dead.write_text("x")
    atomic.write_atomically(target, ["new"])
    assert mine.exists() and not dead.exists()
    assert target.read_text() == "new"


def test_write_errors_are_the_projects_own():
    with pytest.raises(WriteError, match="it is a folder"):
        atomic.write_atomically(Path(tempfile.gettempdir()), ["x"])
