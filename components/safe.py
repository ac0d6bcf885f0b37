"""Untrusted text in, inert HTML or Markdown out.

Every string that comes from a report (quote, mention, place, outlet, title, url) may hold
markup. These are the only helpers that turn such text into HTML or Markdown; anything that
ends up in folium tooltips, ``st.html`` or a widget label goes through one of them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

# Markdown's inline syntax (emphasis, code, links, images, HTML, entities, tables,
# strikethrough) and Streamlit's own (``:red[...]``, ``:material/x:``, ``$math$``):
# CommonMark lets a backslash escape each of these characters.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]()<>#|~:$!&{}])")
# What starts a block only at the start of a line: a list item, a setext underline, "1.".
_LINE_START = re.compile(r"^([ \t]*)([-+=])", re.MULTILINE)
_ORDERED_DOT = re.compile(r"^([ \t]*\d+)\.", re.MULTILINE)
# GitHub's literal autolinks (http://..., www...., a@b.c) are found in the text after the
# escapes are read, so escaping cannot stop them: an invisible word joiner after the first
# "/" of "//", the first "w" of "www." and before "@" does.
_AUTOLINK = re.compile(r"/(?=/)|(?i:w(?=ww\.))|(?=@)")
_JOINER = "\u2060"
_SAFE_SCHEMES = frozenset({"http", "https"})
# Controls, zero-width characters and bidirectional overrides: invisible, and able to make
# a short label look like another text; dropped from one-line labels.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")
#: The longest report text (outlet, title, url, place) shown whole in a label, a legend,
#: a card's source line or a map tooltip; a longer one is cut with "…", the full value
#: in the element's title (its tooltip), the table and the downloads.
SHORT_CHARS = 60


def text(value: object) -> str:
    """``value`` as HTML text: every ``<``, ``>``, ``&`` and quote escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def markdown_text(value: object) -> str:
    """``value`` as Markdown that renders literally (for widget labels, captions, alerts):
    no emphasis, link, image, HTML or autolink comes out of it."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", "" if value is None else str(value))
    escaped = _ORDERED_DOT.sub(r"\1\\.", _LINE_START.sub(r"\1\\\2", escaped))
    return _AUTOLINK.sub(lambda found: found[0] + _JOINER, escaped)


def one_line(value: object) -> str:
    """``value`` as one line: runs of white space (newlines too) become one space, and
    invisible controls are dropped."""
    plain = _INVISIBLE.sub("", "" if value is None else str(value))
    return _SPACES.sub(" ", plain).strip()


def _width(char: str) -> float:
    """A character's width in average letters: what a line of text costs on screen."""
    if unicodedata.east_asian_width(char) in "WF":
        return 2.0
    if char in "MWmw@%":
        return 1.6
    if char in " .,:;'!|()[]iljftI":
        return 0.55
    return 1.25 if char.isupper() else 1.0


def shorten(value: object, limit: int = SHORT_CHARS) -> str:
    """``value`` on one line, no wider than ``limit`` average letters (a wide letter or an
    East Asian character counts more), ending in "…" when cut."""
    line = one_line(value)
    if len(line) * 2 <= limit:  # no character is wider than two
        return line
    widths = [_width(char) for char in line]
    if sum(widths) <= limit:
        return line
    used, end = 1.0, 0  # the ellipsis takes one letter
    while end < len(line) and used + widths[end] <= limit:
        used += widths[end]
        end += 1
    return line[: max(end, 1)].rstrip() + "…"


def label(value: object, limit: int = SHORT_CHARS) -> str:
    """Report text for a widget label or help (Markdown): one line, shortened, literal."""
    return markdown_text(shorten(value, limit))


def label_help(value: object, limit: int = SHORT_CHARS) -> str | None:
    """The whole of ``value`` as literal Markdown, for the help (tooltip) of a widget whose
    ``label`` cut it; None when the label shows it all."""
    whole = one_line(value)
    return markdown_text(whole) if shorten(whole, limit) != whole else None


def short_html(value: object, limit: int = SHORT_CHARS) -> str:
    """Report text as inert HTML, shortened; when cut, the full value is the title (the
    tooltip) of a ``<span>``."""
    short = shorten(value, limit)
    if short == one_line(value):
        return text(short)
    return f'<span class="cm-cut" title="{text(one_line(value))}">{text(short)}</span>'


def safe_url(url: object) -> str | None:
    """``url`` if it is an http(s) address, else None (``javascript:`` and friends)."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return candidate


def link(url: object, label: object) -> str:
    """An ``<a>`` to ``url`` showing ``label``, or the escaped label and url as plain text."""
    target = safe_url(url)
    if target is None:
        shown = short_html(label)
        if url:
            shown += f" ({short_html(url)}, not linked)"
        return f'<span class="cm-nolink">{shown}</span>'
    # The tooltip gives the whole label (it may be cut) and where the link goes.
    tip = text(f"{one_line(label)}\n{one_line(target)}")
    return (
        f'<a href="{text(target)}" title="{tip}" target="_blank" '
        f'rel="noopener noreferrer nofollow">{text(shorten(label))}</a>'
    )
