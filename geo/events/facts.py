"""What a sentence and each of its clauses say once, whatever places they name.

A sentence naming hundreds of places ("rebels captured A, rebels captured B, ...") asks the
same questions for each: its claims, its parties, whether a clause denies or gives deaths.
Asked per mention they made the coder's cost grow with the square of the sentence; here
each is answered once per sentence or clause and cached by its text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geo.events import claims, flags
from geo.events.actors import Cast
from geo.events.fatalities import count_deaths
from geo.events.lexicon import Actor
from geo.events.prefixes import has_any
from geo.events.reading import Trigger, read_sentence

REMOTE_VIOLENCE = "Explosions/Remote violence"
_CONTRAST = re.compile(r"\b(?:while|whereas|but|however|contrary)\b", re.I)
_UNOPPOSED = re.compile(r"\bwithout (?:a |any )?(?:fight|fighting|resistance|a shot|clashes|"
                        r"bloodshed)\b|\bunopposed\b|\bhanded over\b", re.I)
_UNOPPOSED_WORDS = ("without", "unopposed", "handed over")  # one is in every match


@dataclass(frozen=True)
class SentenceFacts:
    claims: tuple[claims.Claim, ...]
    claim_starts: tuple[int, ...]
    trailing: tuple[int, ...]  # the indexes of the claims that trail what they attribute
    cast: Cast
    #: Two sources disagree ("X said ..., while Y said ..."), one of them a party.
    contested: bool
    #: A party of the war is named (a government that is not fighting does not count).
    names_a_fighter: bool
    #: The remote weapons the sentence names (shelling, strikes, explosives), in order.
    weapons: tuple[Trigger, ...] = ()
    weapon_starts: tuple[int, ...] = ()

    def claim_for(self, trigger_start: int, clause: tuple[int, int]) -> claims.Claim | None:
        """The claim the event words stand under (``claims.innermost``, by bisection)."""
        return claims.innermost(self.claims, self.claim_starts, self.trailing, trigger_start,
                                clause)


@dataclass(frozen=True)
class ClauseFacts:
    unopposed: bool  # "without fighting", "handed over"
    disputed: bool  # "denied", "could not be verified"
    deaths: int | None


def fighting(actor: Actor | None) -> bool:
    """A party of the war: a side, not civilians, and not a government that only speaks
    ("Washington", "Turkish officials")."""
    return actor is not None and actor.side not in ("", "civilians", "unknown") and (
        actor.claimant_kind != "official")


@functools.lru_cache(maxsize=8192)
def of_sentence(text: str) -> SentenceFacts:
    """The facts of a sentence (cached by its text)."""
    reading = read_sentence(text)
    found = claims.find_claims(reading)
    speakers = {(c.claimant, c.kind) for c in found if c.kind}
    contested = len(speakers) > 1 and _CONTRAST.search(text) is not None and any(
        c.kind == "belligerent" for c in found)
    return SentenceFacts(
        claims=found,
        claim_starts=tuple(c.start for c in found),
        trailing=tuple(i for i, c in enumerate(found) if claims.trailing(text, c)),
        cast=Cast(reading, tuple((c.start, c.end) for c in found)),
        contested=contested,
        names_a_fighter=any(fighting(n.acting()) for n in reading.names),
        weapons=(weapons := tuple(t for t in reading.triggers
                                  if t.rule.event_type == REMOTE_VIOLENCE)),
        weapon_starts=tuple(t.start for t in weapons),
    )


@functools.lru_cache(maxsize=8192)
def of_clause(text: str, clause: tuple[int, int]) -> ClauseFacts:
    """The facts of ``text[clause[0]:clause[1]]`` (cached by the sentence and the clause)."""
    words = text[clause[0]:clause[1]]
    unopposed = has_any(words, _UNOPPOSED_WORDS) and _UNOPPOSED.search(words) is not None
    return ClauseFacts(unopposed, flags.disputed(words), count_deaths(words))


def clear_caches() -> None:
    of_sentence.cache_clear()
    of_clause.cache_clear()
