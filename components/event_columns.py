"""Columns derived once from a mention's event coding, so that filters stay vectorised.

Computed when the layer is read (``layer_data.mentions_frame``), never per rerun.
"""

from __future__ import annotations

import pandas as pd

from components.event_symbols import kind_column, side_column

#: The layer's ``event_flags`` values: each hides a mention until the user asks for it.
FLAGS = ("historical", "intent", "negated", "disputed")
FLAG_LABELS = {
    "historical": "historical (long before the report)",
    "intent": "intent or threat (not done)",
    "negated": "negated (“did not reach”)",
    "disputed": "disputed",
}


def flag_column(flag: str) -> str:
    """The name of the boolean column that says a mention carries ``flag``."""
    return f"flag_{flag}"


def add_event_columns(frame: pd.DataFrame) -> None:
    """Add ``event_kind``, ``side``, one ``flag_*`` column per flag, ``flagged``, ``status``."""
    frame["event_kind"] = kind_column(frame)
    frame["side"] = side_column(frame)
    flags = frame["event_flags"].map(frozenset)
    for flag in FLAGS:
        frame[flag_column(flag)] = flags.map(lambda found, flag=flag: flag in found).astype(bool)
    frame["flagged"] = flags.map(bool).astype(bool)
    frame["fatalities"] = pd.to_numeric(frame["fatalities"], errors="coerce")
    frame["status"] = ""


def add_status(mentions: pd.DataFrame, events: pd.DataFrame) -> None:
    """Each mention's ``status``: its event's (``""`` for a mention in no event)."""
    if events.empty:
        return
    status = dict(zip(events["event_id"], events["status"], strict=True))
    mentions["status"] = mentions["event_id"].map(status).fillna("")
