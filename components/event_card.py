"""What a quote card says happened, in one line, and claims that contradict each other.

"Captured · by HTS-led opposition · claimed by HTS · reported by The War Zone · 4 killed"
comes before the sentence; the words the event was read from (``event_trigger``) and the
attribution ("HTS claimed", ``claim_start``/``claim_end``) are marked in it. Claims about
the same place and day that disagree are laid side by side. Pure functions of layer rows;
every string from a report is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from components import safe
from components.event_columns import FLAGS
from components.event_symbols import SIDE_LABELS, glyph_svg

#: The card's first words per ACLED sub-event type (others: the ACLED string itself).
HEADLINES = {
    "Non-state actor overtakes territory": "Captured",
    "Government regains territory": "Retaken",
    "Non-violent transfer of territory": "Handed over",
    "Armed clash": "Armed clash",
    "Air/drone strike": "Air/drone strike",
    "Shelling/artillery/missile attack": "Shelled",
    "Remote explosive/landmine/IED": "Explosion",
    "Suicide bomb": "Suicide bombing",
    "Attack": "Civilians attacked",
    "Abduction/forced disappearance": "Abduction",
    "Displacement": "People displaced",
    "Disrupted weapons use": "Attack intercepted",
    "Looting/property destruction": "Looting or destruction",
    "Headquarters or base established": "Base established",
}
#: ``claimant_kind`` values whose word is a claim by a party, not a report of it.
_PARTY = frozenset({"belligerent"})


def _text(row: Mapping[str, Any], name: str) -> str:
    value = row.get(name)
    return value if isinstance(value, str) else ""


def _number(value: Any) -> int | None:
    try:
        return None if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return None


def is_event(row: Mapping[str, Any]) -> bool:
    """Whether the mention says something happened at the place (not context, not v1)."""
    return bool(row.get("coded")) and bool(_text(row, "event_type"))


def headline(row: Mapping[str, Any]) -> str:
    """The first words of the summary: what happened, in plain words."""
    sub = _text(row, "sub_event_type")
    return HEADLINES.get(sub, sub or _text(row, "event_type") or "Event")


def claim_phrase(row: Mapping[str, Any]) -> str:
    """``claimed by HTS`` for a party's word, ``according to SOHR`` for others, or ``""``."""
    claimant, kind = _text(row, "claimant"), _text(row, "claimant_kind")
    if not claimant or kind in ("", "outlet"):
        return ""
    return f"{'claimed by' if kind in _PARTY else 'according to'} {claimant}"


def summary_parts(row: Mapping[str, Any]) -> list[str]:
    """The pieces of the one-line summary, as plain text (escape before use as HTML)."""
    parts = [headline(row)]
    if _text(row, "actor1"):
        parts.append(f"by {row['actor1']}")
    if claim := claim_phrase(row):
        parts.append(claim)
    if _text(row, "outlet"):
        parts.append(f"reported by {row['outlet']}")
    killed = _number(row.get("fatalities"))
    if killed is not None:
        parts.append(f"{killed} killed")
    return parts


def summary_text(row: Mapping[str, Any]) -> str:
    """The one-line summary, plain: "Captured · by HTS-led opposition · claimed by HTS · …"."""
    return " · ".join(summary_parts(row))


def _details(row: Mapping[str, Any]) -> str:
    acled = f"{_text(row, 'event_type')} / {_text(row, 'sub_event_type') or '—'}"
    bits = [f"ACLED: {safe.text(acled)}"]
    for n in ("1", "2"):
        actor, side = _text(row, f"actor{n}"), _text(row, f"actor{n}_side")
        if actor or side not in ("", "unknown"):  # an unnamed, unknown actor says nothing
            who = "actor" if n == "1" else "against"
            label = SIDE_LABELS.get(side, side or "unknown side")
            bits.append(f"{who}: {safe.text(actor or 'unnamed')} ({safe.text(label)})")
    if _text(row, "claimant"):
        claimant = f"{row['claimant']} ({_text(row, 'claimant_kind') or 'kind unknown'})"
        bits.append(f"claimant: {safe.text(claimant)}")
    return " · ".join(bits)


def _flags(row: Mapping[str, Any]) -> str:
    flags = [f for f in FLAGS if f in (row.get("event_flags") or ())]
    return "".join(f'<span class="cm-badge cm-flag">{safe.text(f)}</span>' for f in flags)


def summary_html(row: Mapping[str, Any]) -> str:
    """The card's event block as escaped HTML; ``""`` for a mention of a v1 layer."""
    if not row.get("coded"):
        return ""
    if not is_event(row):
        return (
            '<div class="cm-event cm-context">Context: the place is named here, '
            "nothing is reported happening there.</div>"
        )
    kind = str(row.get("event_kind") or "other")
    line = " · ".join(safe.short_html(p, 100) for p in summary_parts(row))
    return (
        f'<div class="cm-event" data-kind="{safe.text(kind)}">{glyph_svg(kind, size=16)} '
        f'<span class="cm-summary">{line}</span>{_flags(row)}'
        f'<div class="cm-event-details">{_details(row)}</div></div>'
    )


def _relative(row: Mapping[str, Any], start: str, end: str) -> tuple[int, int] | None:
    """Body offsets ``row[start]..row[end]`` inside the row's sentence, checked."""
    base, low, high = (_number(row.get(n)) for n in ("quote_start", start, end))
    if base is None or low is None or high is None:
        return None
    quote = _text(row, "quote")
    low, high = low - base, high - base
    return (low, high) if 0 <= low < high <= len(quote) else None


def marks(row: Mapping[str, Any]) -> tuple[tuple[int, int, str], ...]:
    """The trigger and claim words to mark in the sentence, with their CSS class."""
    found = []
    for start, end, css in (("event_trigger_start", "event_trigger_end", "cm-trigger"),
                            ("claim_start", "claim_end", "cm-claim")):  # fmt: skip
        span = _relative(row, start, end)
        if span is not None:
            found.append((*span, css))
    return tuple(found)


#: What the colours in a sentence mean, shown above cards that carry event coding.
MARK_KEY = (
    '<div class="cm-mark-key" style="font-size:12px;color:#555;margin-bottom:6px">'
    "In the sentences: <mark>the place</mark> <mark class=\"cm-trigger\">what happened</mark> "
    '<mark class="cm-claim">who says so</mark></div>'
)
STYLE = """<style>
.cm-event{margin:4px 0 2px 0;font-size:14px}.cm-summary{font-weight:600}
.cm-event img{margin-right:4px}.cm-event-details{color:#555;font-size:12px}
.cm-context{color:#666;font-style:italic;font-size:12px}
.cm-quote mark.cm-trigger,.cm-mark-key .cm-trigger{background:#ffd0c2}
.cm-quote mark.cm-claim,.cm-mark-key .cm-claim{background:#cfe3ff}
.cm-mark-key mark{background:#ffe066;padding:0 2px}
.cm-flag{background:#eee;color:#333}
.cm-dispute{border:1px solid #e0a800;border-radius:6px;padding:6px;margin:0 0 12px 0}
.cm-dispute-day{font-weight:600;font-size:13px;margin-bottom:4px}
.cm-versus{display:flex;gap:10px}.cm-claim-col{flex:1;min-width:0;font-size:13px}
.cm-claim-col blockquote{margin:4px 0;color:#333}
</style>"""
