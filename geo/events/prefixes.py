"""The letters a trigger pattern can start with, so a sentence is scanned word by word.

One alternation of every trigger row, searched at every character of every sentence, was
the event coder's largest cost. A word can only start a trigger whose pattern can start
with the word's first two letters; these are read off each row's parsed pattern, so the
rows stay plain regular expressions and the answer stays exactly the alternation's.
"""

from __future__ import annotations

import functools
import re

try:  # the standard library's own pattern parser (private, so guarded)
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: scan with the alternation
    _sre = _parse = None

#: How many leading letters index a rule.
WIDTH = 4
_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
_SMALL_RANGE = 40

# A prefix and whether the pattern part it came from ends there (else more may follow).
_Prefixes = set[tuple[str, bool]]
_ANY: _Prefixes = {("", False)}


def _char(code: int) -> str | None:
    char = chr(code).lower()
    return char if char.isascii() and len(char) == 1 else None


def _in_set(items: list) -> _Prefixes:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and _char(av) is not None:
            chars.add(_char(av) or "")
        elif name == "RANGE" and av[1] - av[0] <= _SMALL_RANGE:
            chars.update(_char(c) or "" for c in range(av[0], av[1] + 1))
        else:  # a category, a negated set or a wide range: anything
            return _ANY
    return _ANY if "" in chars else {(c, True) for c in chars}


def _atom(op: object, av: object, width: int) -> _Prefixes:
    name = str(op)
    if name == "LITERAL":
        char = _char(av)  # type: ignore[arg-type]
        return {(char, True)} if char else _ANY
    if name == "IN":
        return _in_set(av)  # type: ignore[arg-type]
    if name == "SUBPATTERN":
        return _sequence(list(av[-1]), width)  # type: ignore[index]
    if name == "BRANCH":
        return set().union(*(_sequence(list(b), width) for b in av[1]))  # type: ignore[index]
    if name in _REPEATS:
        low, high, body = av  # type: ignore[misc]
        once = _sequence(list(body), width)
        found = once if high == 1 else {(p, False) for p, _ in once}
        return found | ({("", True)} if low == 0 else set())
    return _ANY


def _sequence(items: list, width: int) -> _Prefixes:
    if width <= 0 or not items:
        return {("", True)}
    op, av = items[0]
    if str(op) in _ZERO_WIDTH:  # a look-around or boundary adds no letter
        return _sequence(items[1:], width)
    found: _Prefixes = set()
    for prefix, whole in _atom(op, av, width):
        if whole and len(prefix) < width:
            found |= {(prefix + rest, done) for rest, done in
                      _sequence(items[1:], width - len(prefix))}
        else:
            found.add((prefix[:width], False))
    return found


def starts(pattern: str) -> frozenset[str] | None:
    """The lower-case beginnings (``WIDTH`` letters, or fewer when the pattern allows
    anything after them) every match of ``pattern`` starts with; None when a match may
    start with anything, or with something that is not a letter or digit."""
    if _parse is None:
        return None
    try:
        parsed = _parse.parse(pattern, re.I)
    except (re.error, TypeError, ValueError):
        return None
    found = frozenset(prefix for prefix, _ in _sequence(list(parsed), WIDTH))
    if not found or any(not p or not p[0].isalnum() for p in found):
        return None
    return found


def alternation(words: list[str]) -> str:
    """One regular expression for a list of lower-case words, as a tree of their letters
    ("sa(?:id|ys?)" for said, say, says): the engine tries a few letters at each position
    instead of every word. Followed by a word boundary it matches what the plain
    alternation matches."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(tree)


def _branch(node: dict) -> str:
    parts = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" in node:  # a word ends here, and longer ones go on
        return ("(?:" + body + ")?") if len(parts) > 1 or len(body) > 1 else body + "?"
    return body


# Letters that re.IGNORECASE matches to an ASCII letter but ``str.lower`` does not turn
# into it (dotless i, long s, capital I with a dot).
_ODD_CASES = frozenset("ıſİ")


def lowered(text: str) -> str | None:
    """``text`` in lower case for ``in`` tests standing for case-insensitive patterns, or
    None when it holds a letter for which such a test could say no where re.I says yes."""
    if not text.isascii() and any(c in text for c in _ODD_CASES):  # three ``in``, not a set
        return None
    return text.lower()


def has_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of the lower-case ``words`` in any case: a quick test
    that a case-insensitive pattern needing one of them cannot match when it is False."""
    low = lowered(text)
    return low is None or contains_any(low, words)


def contains_any(low: str, words: tuple[str, ...]) -> bool:
    """Whether the lower-case ``low`` holds one of ``words`` (anywhere, as ``in`` would)."""
    return _any_of(words).search(low) is not None


@functools.lru_cache(maxsize=64)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    # One scan for all the words (a tree of their letters) instead of one ``in`` per word:
    # the same answer, since a word found anywhere is a match.
    return re.compile(alternation(sorted(set(words))))
