"""The event coder: one mention and its sentence in, its ``EventCoding`` out.

This is the stage's one interface (``code_event``); the rules behind it read the sentence
once (``geo.events.reading``) and then decide for the mention whether its place is where
something happened (``scope``), what (the trigger's ACLED type), who did it (``actors``),
who says so (``claims``), how many died (``fatalities``) and how the text qualifies it
(``flags``). A learned classifier could replace it behind the same signature.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace

from geo.events import actors, claims, facts, flags, scope
from geo.events.fatalities import count_deaths
from geo.events.lexicon import KILLED, TERRITORY, Actor
from geo.events.reading import Reading, Trigger, read_sentence
from geo.records import CONTEXT, EventCoding, EventDate, Mention

REMOTE_VIOLENCE = facts.REMOTE_VIOLENCE
_GOVERNMENT_SIDES = frozenset({"government", "russia", "iran"})
# The next sentence may say who is blamed: "Syrian state media blamed the deaths on HTS".
_BLAME = re.compile(r"\b(?:blam(?:ed|es)|attribut(?:ed|es)|held\s+\w+\s+responsible)\b", re.I)
_NEXT_SENTENCE = re.compile(r"^\s*([^\n]{1,400}?[.!?])(?=\s|$)")


@dataclass(frozen=True)
class _Source:
    """Where the claim and the follow-up reading live, for body offsets."""

    claim: claims.Claim | None
    offset: int  # body offset of the text the claim's offsets are relative to


def clear_caches() -> None:
    """Forget every sentence read so far (a benchmark's round reads its text afresh)."""
    read_sentence.cache_clear()
    count_deaths.cache_clear()
    scope.clear_caches()
    facts.clear_caches()
    actors.clear_caches()


def _sub_event(trigger: Trigger, actor1: Actor | None, actor2: Actor | None) -> tuple[str, str]:
    rule = trigger.rule
    if rule.sub_event_type == TERRITORY:
        side = actor1.side if actor1 else ""
        if side in _GOVERNMENT_SIDES:
            return "Battles", "Government regains territory"
        return "Battles", "Non-state actor overtakes territory"
    if rule.sub_event_type == KILLED:
        if actor2 is not None and actor2.side == "civilians":
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    return rule.event_type, rule.sub_event_type


def _blame(after: str, offset: int) -> tuple[_Source, Reading | None]:
    """A claim in the next sentence that blames someone for this sentence's event."""
    nxt = _NEXT_SENTENCE.match(after)
    if not nxt or not _BLAME.search(nxt.group(1)):
        return _Source(None, offset), None
    found = facts.of_sentence(nxt.group(1)).claims
    return _Source(found[0] if found else None, offset + nxt.start(1)), read_sentence(
        nxt.group(1))


def code_event(mention: Mention, *, place_type: str = "", when: EventDate | None = None,
               published: dt.date | None = None, outlet: str = "",
               after: str = "", before: str = "") -> EventCoding:
    """What the mention's sentence says happened at its place (``CONTEXT`` if nothing).

    ``place_type`` is the resolved place's kind ("country" is scoped more strictly),
    ``when`` the mention's event date (for the ``historical`` flag), ``outlet`` the voice of
    an unattributed sentence, ``after`` the body text that follows the sentence (a following
    "X blamed the deaths on Y" attributes this sentence's event), ``before`` the text before
    it (whose last sentence says who "they" are in "they had taken control of Aleppo").
    """
    if not mention.literal:
        return CONTEXT  # "Moscow's troops": its sentence need not even be read
    sentence = mention.sentence
    reading = read_sentence(sentence.text)
    start, end = mention.start - sentence.start, mention.end - sentence.start
    when = when or EventDate(None, None, "undated")
    if not scope.clause_has_trigger(reading, start):
        return CONTEXT  # most mentions: the cheap answers first
    if scope.context_reason(reading, start, end, mention, place_type):
        return CONTEXT
    trigger = scope.governing_trigger(reading, start, end, place_type)
    if trigger is None:
        return CONTEXT
    clause = reading.clause_at(trigger.start)
    said = facts.of_sentence(sentence.text)
    source = _Source(_resolved(said.claim_for(trigger.start, clause), before), sentence.start)
    follow = None
    if source.claim is None:
        source, follow = _blame(after, sentence.end)
    parties = actors.find_parties(said.cast, trigger, clause)
    actor1, actor2 = parties.actor1, parties.actor2
    if actor1 is not None and actor1.side == "civilians" and not _done_by_civilians(trigger):
        actor1, actor2 = None, actor1  # civilians are who it was done to ("were killed when")
    if follow is not None:
        actor1 = actor1 or _blamed_actor(follow)
        trigger_type = _blamed_trigger(follow)
        if trigger_type is not None and trigger_type.rule.rank >= trigger.rule.rank:
            trigger = Trigger(trigger.start, trigger.end, trigger.text, trigger_type.rule)
    if actor1 is None and actors.pronoun_subject(reading.text, clause[0], trigger.start):
        actor1 = _previous_party(before)
    if actor1 is None and source.claim and source.claim.kind == "belligerent":
        actor1 = source.claim.actor  # "HTS claimed that it had captured ..."
    if trigger.rule.needs_party and not _war_party(said, actor1, actor2, source.claim):
        return CONTEXT  # "police seized drugs", "inmates captured", "one woman has died"
    if trigger.rule.sub_event_type == KILLED:
        trigger = _weapon(reading, trigger)
    event_type, sub_event_type = _sub_event(trigger, actor1, actor2)
    if sub_event_type == "Armed clash" and actor1 is None and actor2 is not None:
        actor1, actor2 = actor2, None  # a clash's one named side ("before the regime forces")
    text = reading.text
    told = facts.of_clause(text, clause)
    if event_type == "Battles" and sub_event_type != "Armed clash" and told.unopposed:
        # ACLED: a place taken "without fighting" changed hands without violence.
        event_type, sub_event_type = "Strategic developments", "Non-violent transfer of territory"
    return EventCoding(
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_flags=flags.event_flags(text, clause, trigger.end, when, published,
                                      said.contested or told.disputed, low=reading.low),
        actor1=actor1.name if actor1 else None,
        actor2=actor2.name if actor2 else None,
        actor1_side=actor1.side if actor1 else "unknown",
        actor2_side=actor2.side if actor2 else "unknown",
        **_claim_fields(source, outlet),
        fatalities=told.deaths,
        event_trigger=trigger.text,
        event_trigger_start=sentence.start + trigger.start,
        event_trigger_end=sentence.start + trigger.end,
    )


def _weapon(reading: Reading, killed: Trigger) -> Trigger:
    """The remote weapon that did a killing the sentence tells ("four civilians had been
    killed ... after student accommodation was hit by projectiles"): ACLED codes deaths by
    shelling, air strikes or explosions as that remote violence, not as a clash or an attack,
    so the weapon's words govern the type (the nearest, if several; the earlier of two as
    near). Found by bisection among the sentence's weapons, not by scanning its triggers."""
    said = facts.of_sentence(reading.text)
    at = bisect.bisect_left(said.weapon_starts, killed.start)
    near = said.weapons[max(0, at - 1):at + 1]  # the nearest is beside the killing
    return min(near, key=lambda t: abs(t.start - killed.start), default=killed)


def _claim_fields(source: _Source, outlet: str) -> dict[str, object]:
    claim = source.claim
    if claim is None:  # the report's own voice
        return {"claimant": outlet or None, "claimant_kind": "outlet",
                "claim_start": None, "claim_end": None}
    kind = claim.kind
    if kind == "media" and outlet and claim.claimant.casefold() in outlet.casefold():
        kind = "outlet"  # "Enab Baladi's correspondent" in Enab Baladi's own report
    # The report's own correspondent speaks in its voice.
    claimant = (outlet or None) if kind == "outlet" else claim.claimant
    return {"claimant": claimant, "claimant_kind": kind,
            "claim_start": source.offset + claim.start, "claim_end": source.offset + claim.end}


def _resolved(claim: claims.Claim | None, before: str) -> claims.Claim | None:
    """An anaphoric claim ("the source added") as the source the sentence before names:
    its last attribution to a known source; unknown when it names none."""
    if claim is None or not claim.anaphor:
        return claim
    last = (_last_sentence(before) or "").strip()
    earlier = facts.of_sentence(last).claims if last else ()
    # "the official said": the earlier source called an official, else the last known one.
    stem = claim.claimant.rstrip("s")
    named = [c for c in earlier if stem in last[c.start:c.end].lower()]
    known = named or [c for c in earlier if c.kind]
    if not known:
        return replace(claim, claimant="unnamed source")
    return replace(claim, claimant=known[-1].claimant, kind=known[-1].kind,
                   actor=known[-1].actor, anaphor=False)


def _last_sentence(before: str) -> str | None:
    """The sentence ``before`` ends with: at most 400 characters back to the previous
    sentence end, ending on ".", "!" or "?" and perhaps a closing quote. Worked out from
    the end (a regular expression anchored there tried every start of the text)."""
    body = before.rstrip()
    end = len(body) - 1 if body and body[-1] in "\"”’'" else len(body)
    if end < 1 or body[end - 1] not in ".!?":
        return None
    stop = end - 1  # the sentence's final mark
    start = max(max(body.rfind(c, 0, stop) for c in ".!?\n") + 1, stop - 400)
    return body[start:len(body)] if start < stop else None


def _previous_party(before: str) -> Actor | None:
    last = _last_sentence(before)
    return actors.first_party(read_sentence(last.strip())) if last else None


def _war_party(said: facts.SentenceFacts, actor1: Actor | None, actor2: Actor | None,
               claim: claims.Claim | None) -> bool:
    """A party of the war is in the event or its sentence (or claims it)."""
    return facts.fighting(actor1) or facts.fighting(actor2) or bool(
        claim and claim.kind == "belligerent") or said.names_a_fighter


def _done_by_civilians(trigger: Trigger) -> bool:
    # People protest, riot, gather; violence and flight are done to them.
    rule = trigger.rule
    return rule.event_type in ("Protests", "Riots") or rule.sub_event_type == "Other"


def _blamed_actor(follow: Reading) -> Actor | None:
    blamed = [n for n in follow.names if (n.acting() and n.speaking() is None)
              or (n.acting() and _BLAME.search(follow.text[:n.start]))]
    return blamed[-1].acting() if blamed else None


def _blamed_trigger(follow: Reading) -> Trigger | None:
    return max(follow.triggers, key=lambda t: t.rule.rank, default=None)
