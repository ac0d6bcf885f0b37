"""Which events are shown: what happened, by which side, on whose word, how well attested.

``apply_event_filters`` is the pure core. Every widget keeps its value in the URL
(``bind="query-params"``): a switch per kind (``what-capture``...) and per flag
(``flag-intent``...), each with its count under the date and outlet filters, and pills for
``side``, ``claimant`` and ``status``.
Context mentions and flagged ones (historical, intent, negated, disputed) are off by
default: the first view is what the reports say happened. A version-1 layer has no event
coding: these filters then let every mention through.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.event_columns import FLAG_LABELS, FLAGS, flag_column
from components.event_symbols import EVENT_KINDS, KIND_LABELS, SIDE_LABELS, glyph_svg
from components.layer_members import STATUSES

CLAIMANT_KINDS = ("outlet", "belligerent", "monitor", "media", "local", "official")
CLAIMANT_LABELS = {
    "outlet": "the outlet itself", "belligerent": "a belligerent", "monitor": "a monitor",
    "media": "other media", "local": "locals, witnesses", "official": "an official",
}  # fmt: skip
STATUS_HELP = (
    "Corroborated: two independent outlets, or a claimant who is not fighting. Claimed: one "
    "side's word. Disputed: claims that contradict each other."
)


@dataclass(frozen=True)
class EventFilters:
    """The user's choices; None means "every value" (nothing is filtered on that field)."""

    kinds: frozenset[str] = frozenset(EVENT_KINDS)
    flags: frozenset[str] = frozenset()
    sides: frozenset[str] | None = None
    claimant_kinds: frozenset[str] | None = None
    statuses: frozenset[str] | None = None


def apply_event_filters(mentions: pd.DataFrame, chosen: EventFilters) -> pd.DataFrame:
    """The mentions ``chosen`` keeps; mentions of a layer without event coding always pass."""
    mask = mentions["event_kind"].isin(chosen.kinds)
    flagged = mentions["flagged"]
    allowed = pd.Series(False, index=mentions.index)
    for flag in chosen.flags:
        allowed |= mentions[flag_column(flag)]
    # A mention with several flags shows when any of them is asked for.
    mask &= ~flagged | allowed
    if chosen.sides is not None:
        mask &= mentions["actor1_side"].isin(chosen.sides) | mentions["actor2_side"].isin(
            chosen.sides
        )
    if chosen.claimant_kinds is not None:
        mask &= mentions["claimant_kind"].isin(chosen.claimant_kinds)
    if chosen.statuses is not None:
        mask &= mentions["status"].isin(chosen.statuses)
    return mentions[mask | ~mentions["coded"]]


def describe(chosen: EventFilters) -> dict[str, object]:
    """The event filters as plain JSON values, for exports."""

    def listed(values: Iterable[str] | None) -> list[str] | None:
        return None if values is None else sorted(values)

    return {
        "what_happened": sorted(chosen.kinds),
        "flags_shown": sorted(chosen.flags),
        "actor_sides": listed(chosen.sides),
        "claimant_kinds": listed(chosen.claimant_kinds),
        "statuses": listed(chosen.statuses),
    }


def kind_counts(mentions: pd.DataFrame) -> dict[str, int]:
    """Mentions per event kind, flagged ones aside (they have their own counts)."""
    return mentions.loc[~mentions["flagged"], "event_kind"].value_counts().to_dict()


def flag_counts(mentions: pd.DataFrame) -> dict[str, int]:
    """Mentions carrying each flag."""
    return {flag: int(mentions[flag_column(flag)].sum()) for flag in FLAGS}


def side_counts(mentions: pd.DataFrame) -> dict[str, int]:
    """Event mentions per side, counting a mention once for each side it involves."""
    events = mentions[mentions["event_kind"] != "context"]
    sides = pd.concat([events["actor1_side"], events["actor2_side"].where(
        events["actor2_side"] != events["actor1_side"])])  # fmt: skip
    return sides[sides.isin(SIDE_LABELS)].value_counts().to_dict()


# --- widgets -------------------------------------------------------------------------------


def _kind_toggles(counts: dict[str, int]) -> frozenset[str]:
    """One switch per kind, with its symbol and count (the map's legend, live)."""
    shown = set()
    for kind, label in KIND_LABELS.items():
        symbol, toggle = st.columns([1, 12], gap="small", vertical_alignment="center")
        symbol.html(glyph_svg(kind, size=16))
        on = toggle.toggle(f"{label} · {counts.get(kind, 0)}", value=kind != "context",
                           key=f"what-{kind}", bind="query-params")  # fmt: skip
        if on:
            shown.add(kind)
    return frozenset(shown)


def _flag_toggles(counts: dict[str, int]) -> frozenset[str]:
    shown = set()
    for flag in FLAGS:
        label = f"{FLAG_LABELS[flag]} · {counts.get(flag, 0)}"
        if st.toggle(label, value=False, key=f"flag-{flag}", bind="query-params"):
            shown.add(flag)
    return frozenset(shown)


def _pills(label: str, options: list[str], names: dict[str, str], counts: dict[str, int],
           *, key: str, help: str | None = None) -> frozenset[str] | None:  # fmt: skip
    """Multi-choice pills, all on by default; None when all are on (nothing filtered).

    The URL keeps the options' labels, so a label carries no count (it would change with
    the dates); the counts are written under the pills.
    """
    chosen = st.pills(label, options, selection_mode="multi", default=options,
                      format_func=lambda option: names.get(option, option), key=key,
                      bind="query-params", help=help)  # fmt: skip
    st.caption(" · ".join(f"{names.get(o, o)} {counts.get(o, 0)}" for o in options))
    chosen = frozenset(chosen or ())
    return None if chosen >= set(options) else chosen


def sidebar_event_filters(mentions: pd.DataFrame, *, has_events: bool) -> EventFilters:
    """Draw the event filters (counts from ``mentions``) and return what they say.

    ``has_events``: the layer has cross-report events, so a status filter makes sense.
    """
    st.subheader("What happened", help="Mentions per kind of event under the date and "
                 "outlet filters. Context: the place is named, nothing happens there.")  # fmt: skip
    kinds = _kind_toggles(kind_counts(mentions))
    with st.expander("Flagged mentions (hidden)"):
        flags = _flag_toggles(flag_counts(mentions))
    side_options = [s for s in SIDE_LABELS if s != "none"]
    sides = _pills("Actor side (either actor)", side_options, SIDE_LABELS,
                   side_counts(mentions), key="side")  # fmt: skip
    claimants = _pills("Claimed by", list(CLAIMANT_KINDS), CLAIMANT_LABELS,
                       mentions["claimant_kind"].value_counts().to_dict(), key="claimant",
                       help="Who the sentence attributes the event to.")  # fmt: skip
    statuses = None
    if has_events:
        statuses = _pills("Status", list(STATUSES), {},
                          mentions["status"].value_counts().to_dict(), key="status",
                          help=STATUS_HELP)  # fmt: skip
    return EventFilters(kinds=kinds, flags=flags, sides=sides, claimant_kinds=claimants,
                        statuses=statuses)  # fmt: skip
