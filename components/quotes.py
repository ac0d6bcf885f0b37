"""The sources of a place: every sentence that put it on the map, under the current filters.

A sentence carried by several reports (same ``quote_key``) is shown once, with the other
reports listed as "also carried by". The place name is highlighted from the mention's
offsets; every piece of report text is escaped before it becomes HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from components import event_card, safe

#: Cards drawn per page: a big city can have thousands of quotes.
PAGE_SIZE = 25


@dataclass(frozen=True)
class Source:
    """A report that carries a sentence."""

    report: str
    outlet: str
    published: str | None
    title: str
    url: str


@dataclass(frozen=True)
class QuoteCard:
    """One sentence, the mentions to highlight in it, who said it and who repeated it."""

    quote: str
    spans: tuple[tuple[int, int], ...]
    source: Source
    event_date: str | None
    date_basis: str
    date_expression: str
    event_age_days: float | None
    literal: bool
    usage: str
    confidence: float
    also: tuple[Source, ...]
    #: How the place was found: "gazetteer", "online", "pin" (an analyst's, from review)...
    resolution: str = ""
    #: The quote is a cut of a longer sentence, before and/or after the mention.
    cut_before: bool = False
    cut_after: bool = False
    #: What happened, as escaped HTML (``event_card.summary_html``); "" for a v1 layer.
    event: str = ""
    #: Trigger and claim words to mark besides the place name: (start, end, CSS class).
    marks: tuple[tuple[int, int, str], ...] = ()
    #: For a description ("the city itself"): the earlier name it stands for.
    refers_to: str = ""


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def _span(row: pd.Series, quote: str, base: object) -> tuple[int, int] | None:
    """The mention's offsets inside ``quote`` (which starts at body offset ``base``),
    checked against the text."""
    mention = row["mention"]
    if _known(base):
        start, end = int(row["start"] - base), int(row["end"] - base)
        if 0 <= start < end <= len(quote) and quote[start:end] == mention:
            return start, end
        if _known(row["quote_start"]):
            return None  # exact offsets, outside this card's cut of the sentence
    # Offsets missing or off (a re-extracted page): fall back to the first occurrence.
    found = quote.find(mention) if mention else -1
    return (found, found + len(mention)) if found >= 0 else None


def highlight(
    quote: str,
    spans: Sequence[tuple[int, int]],
    marks: Sequence[tuple[int, int, str]] = (),
) -> str:
    """``quote`` as escaped HTML with each span wrapped in ``<mark>`` (``marks`` with a class)."""
    parts, cursor = [], 0
    for start, end, css in sorted({*((s, e, "") for s, e in spans), *marks}):
        if start < cursor:  # overlapping spans: keep the first
            continue
        tag = f'<mark class="{safe.text(css)}">' if css else "<mark>"
        parts += [safe.text(quote[cursor:start]), f"{tag}{safe.text(quote[start:end])}</mark>"]
        cursor = end
    parts.append(safe.text(quote[cursor:]))
    return "".join(parts)


def _source(row: pd.Series) -> Source:
    return Source(row["report"], row["outlet"], row["published"], row["title"], row["url"])


def _card(group: pd.DataFrame) -> QuoteCard:
    """The card of one sentence; ``group`` is sorted, first publisher first."""
    first = group.iloc[0]
    own = group[group["report"] == first["report"]]
    quote, base = first["quote"], first["quote_start"]
    spans = tuple(s for s in (_span(row, quote, base) for _, row in own.iterrows()) if s)
    others = group[group["report"] != first["report"]].drop_duplicates("report")
    return QuoteCard(
        quote=first["quote"],
        spans=spans,
        source=_source(first),
        event_date=first["event_date"],
        date_basis=first["date_basis"] or "",
        date_expression=first["date_expression"] or "",
        event_age_days=first["event_age_days"],
        literal=bool(first["literal"]),
        usage=first["usage"] or "",
        confidence=float(first["confidence"]),
        also=tuple(_source(row) for _, row in others.iterrows()),
        resolution=first["resolution"] or "",
        cut_before=_cut(first["sentence_start"], base),
        cut_after=_cut(first["quote_end"], first["sentence_end"]),
        event=event_card.summary_html(first),
        marks=event_card.marks(first),
        refers_to=first["refers_to"] or "",
    )


def _cut(low: Any, high: Any) -> bool:
    """True when the quote stops short of its sentence (schema 2 cuts long sentences)."""
    return _known(low) and _known(high) and int(low) < int(high)


def _sentence_keys(mentions: pd.DataFrame) -> pd.Series:
    # A layer without quote keys still groups the mentions of one sentence of one report.
    fallback = mentions["report"] + "\x00" + mentions["quote"]
    return mentions["quote_key"].fillna("").where(mentions["quote_key"] != "", fallback)


def quote_cards(
    place_mentions: pd.DataFrame, *, page: int = 1, page_size: int = PAGE_SIZE
) -> tuple[list[QuoteCard], int]:
    """Cards for one page of a place's distinct sentences, and how many sentences in all.

    Newest event first, undated last. The first report to publish a sentence stands for
    it; the others are its "also carried by". Only the page's cards are built, so a city
    with thousands of quotes costs no more than a village.
    """
    if place_mentions.empty:
        return [], 0
    # The first to publish a sentence stands for it; ties broken by report id.
    frame = place_mentions.assign(_key=_sentence_keys(place_mentions)).sort_values(
        ["published_day", "report", "start"], na_position="last"
    )
    firsts = frame.drop_duplicates("_key").sort_values(
        ["event_day", "published_day"], ascending=False, na_position="last"
    )
    keys = firsts["_key"].iloc[(page - 1) * page_size : page * page_size]
    groups = {key: group for key, group in frame[frame["_key"].isin(keys)].groupby("_key")}
    return [_card(groups[key]) for key in keys], len(firsts)


def _when(card: QuoteCard) -> str:
    published = card.source.published or "undated"
    if not card.event_date:
        return f"published {safe.text(published)} · event date unknown"
    said = f" (“{safe.text(card.date_expression)}”)" if card.date_expression else ""
    return f"published {safe.text(published)} · event {safe.text(card.event_date)}{said}"


def _badges(card: QuoteCard) -> str:
    badges = []
    if not card.literal:
        badges.append(f"not literal: {safe.text(card.usage or 'figurative')}")
    if card.event_age_days is not None and card.event_age_days > 7:
        badges.append(f"older event: told {int(card.event_age_days)} days later")
    if card.resolution == "antecedent" and card.refers_to:
        badges.append(f"place named earlier in the report: {safe.text(card.refers_to)}")
    if card.resolution == "pin":
        badges.append("placed by an analyst's pin")
    elif card.confidence < 0.6:
        badges.append(f"doubtful placement ({card.confidence:.2f})")
    return "".join(f'<span class="cm-badge">{b}</span>' for b in badges)


def _source_line(source: Source) -> str:
    title = source.title or source.report
    return f"<b>{safe.short_html(source.outlet)}</b> · {safe.link(source.url, title)}"


def card_html(card: QuoteCard) -> str:
    """One quote card as HTML; every string from the reports is escaped."""
    also = ""
    if card.also:
        items = "".join(
            f"<li>{_source_line(s)} · {safe.text(s.published or 'undated')}</li>" for s in card.also
        )
        also = f'<div class="cm-also">Also carried by:<ul>{items}</ul></div>'
    return (
        f'<div class="cm-quote" data-report="{safe.text(card.source.report)}">'
        f'<div class="cm-source">{_source_line(card.source)}</div>'
        f'<div class="cm-when">{_when(card)} {_badges(card)}</div>{card.event}'
        f"<blockquote>{'… ' if card.cut_before else ''}"
        f"{highlight(card.quote, card.spans, card.marks)}"
        f"{' …' if card.cut_after else ''}</blockquote>{also}</div>"
    )


_STYLE = """<style>
.cm-quote{border-left:4px solid #4e79a7;padding:4px 10px;margin:0 0 12px 0;font-size:14px;
  overflow-wrap:anywhere}
.cm-quote blockquote{margin:4px 0;font-style:normal;color:inherit}
.cm-quote mark{background:#ffe066;padding:0 2px;border-radius:2px}
.cm-when{color:#666;font-size:12px}
.cm-badge{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;
  background:#fde2e1;color:#8a1c1c;font-size:11px}
.cm-also{font-size:12px;color:#444}.cm-also ul{margin:0 0 0 18px;padding:0}
.cm-nolink{color:#666}
</style>""" + event_card.STYLE


def render_quotes(place_mentions: pd.DataFrame, place_name: str | None, before: str = "") -> None:
    """Draw the quote panel for one place (or a hint when none is selected).

    ``before``: escaped HTML shown above the cards (control history, contradicting claims).
    """
    if place_name is None:
        st.info("Click a place on the map, or a row of the table, to read what was said.")
        return
    st.subheader(f"Sources for {safe.label(place_name)}", anchor=False)
    page = st.session_state.get("quote-page", 1)
    cards, total = quote_cards(place_mentions, page=page)
    if total == 0:
        st.warning("No mention of this place under the current filters.")
        return
    pages = (total - 1) // PAGE_SIZE + 1
    if page > pages:  # the filters shrank the list under the page the user was on
        st.session_state["quote-page"] = page = 1
        cards, _ = quote_cards(place_mentions, page=page)
    st.caption(f"{len(place_mentions)} mention(s) in {total} distinct sentence(s)")
    if pages > 1:
        st.number_input("Page", min_value=1, max_value=pages, value=1, key="quote-page")
    key = event_card.MARK_KEY if any(card.event for card in cards) else ""
    st.html(_STYLE + key + before + "".join(card_html(card) for card in cards))
