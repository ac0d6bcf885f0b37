"""The load test's own arithmetic and its reading of Streamlit's messages (the run itself,
ten browsers for two minutes, is a benchmark: python -m bench.load_test)."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load_test import _script_finished, _stats


def test_the_end_of_a_run_is_read_from_the_websocket_frame():
    finished, delta = ForwardMsg(), ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    delta.delta.new_element.markdown.body = "text"
    assert _script_finished(finished.SerializeToString())
    assert not _script_finished(delta.SerializeToString())
    assert not _script_finished("a text frame") and not _script_finished(b"\xff\x00garbage")


def test_stats_give_median_p95_and_max():
    figures = _stats([float(n) for n in range(1, 101)])
    assert figures == {"n": 100, "median": 50.5, "p95": 95.0, "max": 100.0}
    assert _stats([]) == {"n": 0, "median": None, "p95": None, "max": None}
