"""Who did it, and to whom: the parties around an event's words, with their sides.

Subject before the words, object after ("rebels captured Mansoura from regime forces"),
the agent of a passive after "by" ("were ambushed ... by Hayat Tahrir al-Sham fighters"),
and a demonym on the words themselves ("Russian strikes", "Israeli airstrikes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.events.lexicon import Actor
from geo.events.reading import Name, Reading, Trigger, asides

_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+){0,3}$", re.I)
# A passive needs a participle: "were ambushed", "was hit", not "was assaulting".
_PARTICIPLE = re.compile(r"(?:ed|en|wn|ck|ot|it|ht)$", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# "the Kurdish-led Syrian Democratic Forces (SDF) opposition group": one party, named
# thrice; the first name says who it is.
_SAME_PARTY = re.compile(r"^\s*(?:\(|\)\s*)?$")
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


_CONTINUES = re.compile(r"^\W*(?:after|before|while|when|as|by|then|and)\s+\w+ing\b|^\W*(?:the\s+)?"
                        r"[\w -]{0,40}\b(?:was|were|is)\s+(?:the\s+)?scene\b", re.I)


def _continued_subject(reading: Reading, clause: tuple[int, int],
                       skip: tuple[tuple[int, int], ...]) -> Actor | None:
    if clause[0] == 0 or not _CONTINUES.search(reading.text[clause[0]:clause[1]]):
        return None
    earlier = [n for n in reading.names if n.end <= clause[0]
               and not any(a <= n.start < b for a, b in skip)]
    parties = _acting(earlier, reading.text)
    return parties[0][1] if parties else None


_PRONOUN_SUBJECT = re.compile(r"^\W*(?:by \w+,\s*)?(?:they|it|its forces|their forces|the group)\b",
                              re.I)


def pronoun_subject(clause_text: str) -> bool:
    """The clause's doer is a pronoun ("By Sunday, they had taken control of Aleppo")."""
    return _PRONOUN_SUBJECT.search(clause_text) is not None


def first_party(reading: Reading) -> Actor | None:
    """The first party a sentence names as a doer (for a pronoun in the next one)."""
    parties = [a for _, a in _acting(list(reading.names), reading.text) if a.side != "civilians"]
    return parties[0] if parties else None


@dataclass(frozen=True)
class Parties:
    actor1: Actor | None
    actor2: Actor | None


def _acting(names: list[Name], text: str) -> list[tuple[Name, Actor]]:
    parties: list[tuple[Name, Actor]] = []
    for name in names:
        actor = name.acting()
        if actor is None:
            continue
        if parties and _SAME_PARTY.match(text[parties[-1][0].end:name.start]):
            first = parties[-1]
            parties[-1] = (Name(first[0].start, name.end, first[0].text, first[0].actors),
                           first[1])
            continue
        parties.append((name, actor))
    return parties


def find_parties(reading: Reading, trigger: Trigger, clause: tuple[int, int],
                 skip: tuple[tuple[int, int], ...] = ()) -> Parties:
    """The actors of the event read from ``trigger`` in ``clause``; ``skip`` holds the
    spans of the sentence's claims ("HTS claimed"): a source is not a party unless nothing
    else is. The subject is the first party before the words ("Russian and Syrian
    warplanes struck"); a clause with none takes the sentence's opening subject when it
    continues it ("Syrian rebels have entered Aleppo, after launching an attack")."""
    aside = asides(reading.text)
    names = [n for n in reading.names if clause[0] <= n.start < clause[1]
             and not any(a <= n.start < b for a, b in (*skip, *aside))]
    text = reading.text
    before = _acting([n for n in names if n.end <= trigger.start], text)
    after = _acting([n for n in names if n.start >= trigger.end], text)
    actor1 = actor2 = None
    # Both patterns end where the name or trigger starts: search only just before it (a
    # sentence of thousands of names was searched whole once per name, for each mention).
    agent = next((a for n, a in after if _BY.search(text, max(0, n.start - 40), n.start)),
                 None)
    paired = [a for n, a in after if _BETWEEN.search(text, max(0, n.start - 40), n.start)]
    passive = _PASSIVE.search(text, max(clause[0], trigger.start - 80), trigger.start) and \
        _PARTICIPLE.search(
        trigger.text)
    if agent is not None or passive:
        actor1 = agent
        actor2 = before[-1][1] if before else next((a for _, a in after if a != agent), None)
    elif not before and paired:  # "skirmishes between the rebels and government troops"
        actor1 = paired[0]
        actor2 = next((a for _, a in after if a != actor1), None)
    else:
        doers = [a for _, a in before if a.side != "civilians"] or [a for _, a in before]
        actor1 = doers[0] if doers else _continued_subject(reading, clause, skip)
        actor2 = next((a for _, a in after if a != actor1), None)
    demonym = _DEMONYM.search(text[max(clause[0], trigger.start - 30):trigger.start]) or \
        _DEMONYM.search(text[trigger.start:trigger.end].rsplit(" ", 1)[0] + " ")
    if actor1 is None and demonym:
        actor1 = _DEMONYMS[demonym.group(1).lower()]
    if actor2 is not None and actor2 == actor1:
        actor2 = None
    return Parties(actor1, actor2)
