"""Claims about one place and day that disagree, to be read side by side.

"Syrian state media: offensive repelled" / "Turkish media: rebels reached the city centre":
on one day, at one place, two claimants whose codings differ (another kind of event, or
another side doing it), or a mention the coder flagged ``disputed``. Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components import safe
from components.event_card import summary_text


@dataclass(frozen=True)
class Claim:
    """One claimant's version: who, what (the summary line), the sentence and its outlet."""

    claimant: str
    summary: str
    quote: str
    outlet: str


@dataclass(frozen=True)
class Dispute:
    """The versions of what happened at a place on one day."""

    day: str
    claims: tuple[Claim, ...]


def _version(row: pd.Series) -> tuple[str, str]:
    return str(row["event_kind"]), str(row["actor1_side"])


def _claim(row: pd.Series) -> Claim:
    claimant = row["claimant"] or row["outlet"]
    return Claim(str(claimant), summary_text(row), str(row["quote"]), str(row["outlet"]))


def _dispute(day: str, rows: pd.DataFrame) -> Dispute | None:
    by_claimant = rows.assign(_who=rows["claimant"].where(rows["claimant"] != "", rows["outlet"]))
    firsts = by_claimant.drop_duplicates("_who")
    versions = {_version(row) for _, row in firsts.iterrows()}
    if len(firsts) < 2 or (len(versions) < 2 and not rows["flag_disputed"].any()):
        return None
    return Dispute(day, tuple(_claim(row) for _, row in firsts.iterrows()))


def disputes(place_mentions: pd.DataFrame) -> list[Dispute]:
    """The place's days on which claimants disagree, newest first."""
    events = place_mentions[place_mentions["coded"] & (place_mentions["event_kind"] != "context")]
    events = events.dropna(subset=["event_day"])
    found = []
    for day, rows in events.groupby("event_day", sort=True):
        dispute = _dispute(day.date().isoformat(), rows)
        if dispute is not None:
            found.append(dispute)
    return found[::-1]


def _claim_html(claim: Claim) -> str:
    return (
        f'<div class="cm-claim-col"><b>{safe.short_html(claim.claimant)}</b>'
        f'<div class="cm-summary">{safe.text(claim.summary)}</div>'
        f"<blockquote>{safe.text(claim.quote)}</blockquote></div>"
    )


def disputes_html(found: list[Dispute]) -> str:
    """The disputes as escaped HTML: one row of side-by-side claims per day."""
    blocks = "".join(
        f'<div class="cm-dispute"><div class="cm-dispute-day">Contradicting claims on '
        f'{safe.text(d.day)}</div><div class="cm-versus">'
        + "".join(_claim_html(c) for c in d.claims)
        + "</div></div>"
        for d in found
    )
    return blocks
