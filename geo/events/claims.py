"""Who says so: the innermost source a sentence attributes its event to.

"The Associated Press said that residents reported hearing missiles": two attributions, and
the one nearest the event words is the claimant (residents). A sentence with none speaks in
the report's own voice (``outlet``). Sources are the lexicon's names that can speak
(``claimant_kind``), or unknown speakers, whose kind stays unknown.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from geo.events.caseless import Caseless, caseless
from geo.events.lexicon import Actor
from geo.events.prefixes import alternation, has_any
from geo.events.reading import Name, Reading, covering

_VERB_WORDS = (r"said|says|say|saying|reported|reports|report|reporting|claimed|claims|claim|"
          r"told|tells|stated|states|announced|announces|added|adding|blamed|blames|"
          r"confirmed|confirms|denied|denies|cited|cites|noted|notes|broadcast|showed|shows|"
          r"show|suggest|suggests|accused|accuses|quoted|wrote|posted|published|alleged|"
          r"alleges|warned|documented|recorded|estimated|insisted|vowed|announcing|declared|declares|"
               r"declaring")
# As a tree of letters: every pattern below tries the verbs at many positions.
_VERBS = alternation(_VERB_WORDS.split("|"))
# A source and its verb, a few words apart ("Turkish media on Friday broadcast").
_NAME_THEN_VERB = caseless(rf"\)?(?:\s+\([^)]{{1,20}}\))?(?:,[^,;:“”\"]{{1,60}},)?"
                           rf"(?:\s+[^,;:“”\"]{{0,30}}?)??\s+(?:{_VERBS})\b")
# A verb after the quote it closes, or "according to": the source follows it.
_VERB_THEN_NAME = caseless(rf"(?:(?:[,”\"]\s*|^)(?:{_VERBS})|according to)\s+"
                           r"(?:the\s+|an?\s+)?(?!that\b)(?:[\w.-]+\s+)?$")
# Attribution to nobody in particular ("it was reported", "reportedly", "is said to").
_UNNAMED = caseless(r"\b(?:it (?:was|is|has been) (?:reported|claimed|said)|reportedly|"
                    r"(?:is|are|was|were) said to|allegedly|were reported|was reported)\b")
# Every attribution above has one of these words: a sentence without any has no claim, and
# is not searched further (most sentences).
_CUES = (*_VERB_WORDS.split("|"), "according to", "reportedly", "allegedly")
#: How far before a name its attribution ("according to the", "..., said the") can start.
_VERB_REACH = 80
# "The source added", "according to the sources": the source of the sentence before.
_NOUNS = (r"sources?|officials?|monitor|spokes(?:man|woman|person)|ministry|statement|agency|"
          r"correspondent")
_DEFINITE = r"(?:the|these|those|this|that)\s+(?:same\s+)?"
_ANAPHOR = caseless(rf"\b{_DEFINITE}(?P<noun>{_NOUNS})\s+(?:{_VERBS})\b|"
                    rf"\baccording to {_DEFINITE}(?P<noun2>{_NOUNS})\b")
# Words every match of the two patterns above has ("reportedly" holds "reported").
_UNNAMED_WORDS = ("reported", "claimed", "said", "allegedly")
_NOUN_WORDS = ("source", "official", "monitor", "spokes", "ministry", "statement", "agency",
               "correspondent")
# "she said", "he added": a speaker named elsewhere; who it is stays unknown here.
_PRONOUN_SPEAKER = caseless(rf"\b(?:he|she|they)\s+(?:{_VERBS})\b")
# Words taken whole (``++``): a space follows each, never a letter given back. The word
# boundary before the first capital is a look-behind after it ("no word letter before"):
# the same matches, and the scan skips to the capitals instead of trying every character.
_UNKNOWN_SPEAKER = re.compile(rf"([A-Z](?<!\w[A-Z])[\w’'-]++(?:\s[A-Z][\w’'-]++){{0,3}})\s+"
                              rf"(?:{_VERBS})\b")


@dataclass(frozen=True)
class Claim:
    start: int  # the attribution's words ("HTS claimed"), relative to the sentence
    end: int
    claimant: str
    kind: str | None  # None: a speaker the lexicon does not know
    actor: Actor | None = None  # the party that speaks, when the source is one
    #: "The source added", "according to the sources": a source named in the sentence
    #: before (the coder looks it up there).
    anaphor: bool = False


def _as_claim(name: Name, start: int, end: int) -> Claim | None:
    source = name.speaking()
    if source is None:
        return None
    claimant = source.claimant or re.sub(r"^(?:the|a|an)\s+", "", name.text, flags=re.I)
    return Claim(start, end, claimant, source.claimant_kind, name.acting())


# "SOHR activists", "AFP's correspondent": a source's own people speak for it.
_OWN_PEOPLE = re.compile(r"(?:['’]s)?\s+")


def _named_claims(reading: Reading) -> list[Claim]:
    text, low, claims = reading.text, reading.low, []
    previous: Name | None = None
    for name in reading.names:
        source = name
        if previous is not None and previous.speaking() and _OWN_PEOPLE.fullmatch(
                text, previous.end, name.start):
            source = previous
        previous = name
        if source.speaking() is None:
            continue  # a name that cannot speak makes no claim: its verbs are not looked for
        after = _NAME_THEN_VERB.match(text, low, name.end)
        verb = _VERB_THEN_NAME.search(text, low, max(0, name.start - _VERB_REACH), name.start)
        if after and not _starts_a_name(reading, name.end, after.end()):
            claim = _as_claim(source, source.start, after.end())
        elif verb:
            claim = _as_claim(source, verb.start(), name.end)
        else:
            continue
        if claim is not None:
            claims.append(claim)
    return claims


def _starts_a_name(reading: Reading, start: int, end: int) -> bool:
    # "Rebel leader ... told MEE": the verb belongs to the nearer name, not this one.
    return any(n.end < end and n.speaking() for n in reading.names_between(start + 1, end))


def _other_claims(reading: Reading, named: list[Claim]) -> list[Claim]:
    text, claims = reading.text, []
    for m in _matches(_UNNAMED, reading, _UNNAMED_WORDS):
        claims.append(Claim(m.start(), m.end(), "unnamed reports", "media"))
    for m in _PRONOUN_SPEAKER.finditer(text, reading.low):  # groups in lower case
        claims.append(Claim(m.start(), m.end(), m.group(0).split()[0].lower(), None))
    covered = covering((c.start, c.end) for c in named)
    for m in _matches(_ANAPHOR, reading, _NOUN_WORDS):  # the noun, to find its source before
        if not covered(m.start()) and not covered(m.end() - 1):
            noun = (m.group("noun") or m.group("noun2")).lower()
            claims.append(Claim(m.start(), m.end(), noun, None, anaphor=True))
    known = covering((n.start, n.end) for n in reading.names)
    for m in _UNKNOWN_SPEAKER.finditer(text):
        # "The SNA said": the speaker is the name inside, whose claim is already made.
        holds_a_name = bool(reading.names_between(m.start(1), m.end(1)))
        if not covered(m.start(1)) and not known(m.start(1)) and not holds_a_name:
            claims.append(Claim(m.start(), m.end(), m.group(1), None))
    return claims


def _matches(pattern: Caseless, reading: Reading,
             words: tuple[str, ...]) -> Iterator[re.Match[str]]:
    # Every match of ``pattern`` needs one of ``words``: without them, no scan at all.
    text = reading.text
    return pattern.finditer(text, reading.low) if has_any(text, words) else iter(())


def find_claims(reading: Reading) -> tuple[Claim, ...]:
    """Every attribution of the sentence, in order."""
    if not has_any(reading.text, _CUES):
        return ()
    named = _named_claims(reading)
    claims = sorted(named + _other_claims(reading, named), key=lambda c: (c.start, -c.end))
    # "According to the United Nations Office for ... (OCHA)": one claim, the longest;
    # "Reports suggest that the rebels": the source's own verb, not a later name's.
    kept: list[Claim] = []
    for claim in claims:
        if kept and claim.start < kept[-1].end:
            continue
        kept.append(claim)
    return tuple(kept)


# The words between a comma or closing quote and the source (", a war monitor said", '," Dareen
# Khalifa of the International Crisis Group told'); not a new clause (", where residents said").
_SPEAKER_LEAD = re.compile(r"[,”\"’—–(]\s*(?P<lead>[^,;.”\"’]{0,60})$")
_NEW_CLAUSE = re.compile(r"\b(?:where|which|who|while|whereas|after|before|when|as|because|but|"
                         r"and|since|until)\b", re.I)
# Nothing after the attribution but when and how it was said (", the army said on Friday.").
_ENDS_THERE = re.compile(r"(?:\s+(?:on|in|late|early|at|to|earlier|later)\b[^,;.]{0,40})?"
                         r"\s*[.!?\"”’]*\s*")


def trailing(text: str, claim: Claim) -> bool:
    """The claim is an attribution after what it attributes (", the observatory said",
    "according to residents"), not a new statement ("after the rebels announced that")."""
    head = text[claim.start:claim.start + 12].lower()
    if head[:1] in ",”\"" or head.startswith("according to"):
        return True
    lead = _SPEAKER_LEAD.search(text, max(0, claim.start - 62), claim.start)
    if lead and len(lead.group("lead").split()) <= 6 and not _NEW_CLAUSE.search(lead.group("lead")):
        return True
    return _ENDS_THERE.fullmatch(text, claim.end) is not None


def innermost(claims: tuple[Claim, ...], starts: tuple[int, ...], trailing_at: tuple[int, ...],
              trigger_start: int, clause: tuple[int, int]) -> Claim | None:
    """The claim the event words stand under: the nearest before them, in their clause
    first; else the first attribution after them that trails what it attributes ("...,
    the observatory said"). ``starts`` are the claims' starts and ``trailing_at`` the
    indexes of the trailing ones, both in order: found by bisection, not by scanning."""
    def pick(lo: int, hi: int) -> Claim | None:
        at = max(lo, min(hi, bisect.bisect_right(starts, trigger_start)))
        if at > lo:  # the nearest claim at or before the event words
            return claims[at - 1]
        after = bisect.bisect_left(trailing_at, at)
        return claims[trailing_at[after]] if after < len(trailing_at) and \
            trailing_at[after] < hi else None

    inside = pick(bisect.bisect_left(starts, clause[0]), bisect.bisect_left(starts, clause[1]))
    return inside or pick(0, len(claims))
