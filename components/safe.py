"""Untrusted text in, inert HTML or Markdown out.

Every string that comes from a report (quote, mention, place, outlet, title, url) may hold
markup. These are the only helpers that turn such text into HTML or Markdown; anything that
ends up in folium tooltips, ``st.html`` or a widget label goes through one of them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]()<>#|~:$])")
_SAFE_SCHEMES = frozenset({"http", "https"})


def text(value: object) -> str:
    """``value`` as HTML text: every ``<``, ``>``, ``&`` and quote escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def markdown_text(value: object) -> str:
    """``value`` as Markdown that renders literally (for widget labels)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", "" if value is None else str(value))


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
        shown = text(label) if not url else f"{text(label)} ({text(url)}, not linked)"
        return f'<span class="cm-nolink">{shown}</span>'
    return (
        f'<a href="{text(target)}" target="_blank" rel="noopener noreferrer nofollow">'
        f"{text(label)}</a>"
    )
