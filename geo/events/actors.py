"""Who did it, and to whom: the parties around an event's words, with their sides.

Subject before the words, object after ("rebels captured Mansoura from regime forces"),
the agent of a passive after "by" ("were ambushed ... by Hayat Tahrir al-Sham fighters"),
and a demonym on the words themselves ("Russian strikes", "Israeli airstrikes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.lexicon import Actor
from geo.events.reading import Name, Reading, Trigger

_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+){0,3}$", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_DEMONYMS = {
    "russian": Actor("Russian armed forces", "russia", "belligerent", "Russian government"),
    "israeli": Actor("Israeli armed forces", "israel", "belligerent", "Israeli military"),
    "turkish": Actor("Turkish armed forces", "turkey", "belligerent", "Turkish military"),
    "iranian": Actor("Iranian forces and allies", "iran", "belligerent", ""),
    "american": Actor("US forces", "usa", "belligerent", "US military"),
    "u.s.": Actor("US forces", "usa", "belligerent", "US military"),
    "us": Actor("US forces", "usa", "belligerent", "US military"),
    "coalition": Actor("US forces", "usa", "belligerent", "US military"),
}
# A demonym right before the event words or inside them ("the first Russian strikes").
_DEMONYM = re.compile(r"\b(russian|israeli|turkish|iranian|american|u\.s\.|US|coalition)\s+"
                      r"(?:[\w-]+\s+){0,2}$", re.I)


@dataclass(frozen=True)
class Parties:
    actor1: Actor | None
    actor2: Actor | None


def _acting(names: list[Name]) -> list[tuple[Name, Actor]]:
    return [(n, a) for n in names if (a := n.acting()) is not None]


def find_parties(reading: Reading, trigger: Trigger, clause: tuple[int, int],
                 skip: tuple[int, int] | None = None) -> Parties:
    """The actors of the event read from ``trigger`` in ``clause``; ``skip`` is the span
    of the claim's source ("HTS claimed"), which is not a party unless nothing else is."""
    names = [n for n in reading.names if clause[0] <= n.start < clause[1]
             and not (skip and skip[0] <= n.start < skip[1])]
    before = _acting([n for n in names if n.end <= trigger.start])
    after = _acting([n for n in names if n.start >= trigger.end])
    text = reading.text
    actor1 = actor2 = None
    # Both patterns end where the name or trigger starts: search only just before it (a
    # sentence of thousands of names was searched whole once per name, for each mention).
    agent = next((a for n, a in after if _BY.search(text, max(0, n.start - 16), n.start)),
                 None)
    if agent is not None or _PASSIVE.search(text, max(clause[0], trigger.start - 80),
                                            trigger.start):
        actor1 = agent
        actor2 = before[-1][1] if before else None
    else:
        actor1 = before[-1][1] if before else None
        actor2 = next((a for _, a in after if a != actor1), None)
    demonym = _DEMONYM.search(text[max(clause[0], trigger.start - 30):trigger.start]) or \
        _DEMONYM.search(text[trigger.start:trigger.end].rsplit(" ", 1)[0] + " ")
    if actor1 is None and demonym:
        actor1 = _DEMONYMS[demonym.group(1).lower()]
    if actor2 is not None and actor2 == actor1:
        actor2 = None
    return Parties(actor1, actor2)
