"""Is the event at this place? Clause scoping of a mention against the sentence's events.

A sentence names places in many roles, and only some of them are where something happened:
"HTS captured Mansoura, five miles from the center of Aleppo" happened at Mansoura; Aleppo
is a reference point. Each rule below names one role that is context, not an event place.
"""

from __future__ import annotations

import functools
import re

from geo.events.caseless import caseless
from geo.events.prefixes import alternation, lowered
from geo.events.reading import Reading, Trigger
from geo.records import Mention

# "five miles from the center of", "10 km south of", "within a few kilometres of": the place
# after it is where a distance is measured from (when another place is the event's).
_DISTANCE = caseless(
    r"(?:\d[\d.,]*|(?<!\w)\w+)\s+(?:miles?|km|kilomet(?:er|re)s?|met(?:er|re)s?)\s+(?:\(\S+\)\s+)?"
    r"(?:(?:to the\s+)?(?:north|south|east|west)\w*\s+)?(?:from|of)\s+"
    r"(?:(?:the\s+)?(?:center|centre|outskirts|edge|heart)\s+of\s+)?$")
# "Kafr Zita, north of Hama": a direction from a place, in apposition to another place.
_DIRECTION_OF = caseless(r",\s*(?:just\s+|about\s+)?(?:north|south|east|west)"
                         r"(?:[- ]?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?$")
# "fled towards Tabqa", "advancing towards Hama": where people or forces are heading.
_DESTINATION = caseless(r"\b(?:towards?|heading (?:for|to)|fled (?:to|into)|"
                        r"flee(?:ing)? (?:to|into)|for the (?:relative )?safety of|"
                        r"arrived (?:in|at))\s+(?:the\s+)?$")
# "SANA- ", "(Reuters) -": a dateline names where the report was filed, not an event.
_DATELINE = re.compile(r"^\s*(?:\([A-Z][\w ]{1,20}\)\s*)?[-–—]|"
                       r"^\s*(?:,\s*)?(?:[A-Z][\w ]{0,20},\s*)?"
                       r"(?:\(?[A-Z][A-Za-z]{1,12}\)?\s*[-–—]|"
                       r"\w{3}\.? \d{1,2}\s*\([A-Z]\w+\)\s*[-–—])")
# "support for Damascus", "backing from Moscow": the place stands for its government.
_METONYM = caseless(r"\b(?:support|backing|help|aid|assistance|loyal)\s+(?:for|to|from|of)\s+"
                    r"(?:the\s+)?$")
#: Event types that can be coded at a whole country ("airstrikes across Syria").
COUNTRY_EVENT_TYPES = frozenset({"Explosions/Remote violence", "Displacement"})
#: Words between a place and event words that are not about it cannot be more than this.
_NEAR_CHARS = 120
_APPOSITION = re.compile(r",\s*(?:about|some|around|roughly|nearly|just|less than|more than|"
                         r"only)?\s*$", re.I)
# "Syria's second-largest city", "Turkey's border": the place describes something else.
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\s")
# "the rebel groups based in Idlib", "the regime in Damascus": who someone is, not an event.
_SEATED = alternation("based stationed headquartered deployed born operating active".split())
_RULERS = alternation("regime government authorities leadership rulers embassy envoy consulate "
                      "delegation official officials ministry".split())
_COMING = alternation("hails hailing fled came".split())
_ORIGIN = caseless(
    rf"(?:{_SEATED}\s+(?:in|at|from)|{_RULERS}\s+in|{_COMING}\s+from|"
    r"(?:visit(?:ed|s)?|flown to|flew to|travel(?:l)?ed to|trip to|talks in|summit in))\s+"
    r"(?:the\s+)?$")
_BASED_AFTER = re.compile(r"^[-‐–]?\s*(?:based|backed|born|led|held|controlled|aligned)\b", re.I)
# "the highway between Aleppo and Damascus", "connects Damascus and Aleppo with Latakia".
_ENDPOINT = caseless(r"\b(?:between|connect(?:s|ing)?|link(?:s|ing)?)\b"
                     r"(?:(?!\b(?:in|at|near|on|around|into)\b)[^;])*$")
# A country is the event's place only when the event words govern it ("strikes in Syria").
_GOVERNS = re.compile(r"^\s*(?:(?:[\w’'-]+\s+){0,3}?(?:in|on|across|into|inside|over|against|"
                      r"including|near|around|outside|at|of)\s+(?:the\s+)?(?:[\w’'-]+\s+)?|"
                      r"(?:[\w’'-]+\s+)?(?:the\s+)?)$", re.I)
# Words and spaces taken whole (possessive: a word is followed by a comma or a space, a
# space by a word or the end), so the search does not retry every shorter split.
_PLACE_OF = caseless(r"\b(?:in|on|at|near|into|across|around|outside|inside|of|towards?|"
                     r"from|over|throughout|within|entering|entered|captured|seized|took|"
                     r"taken|reach(?:ed)?|breaching|liberated)\s++(?:[\w’'-]++,?\s++){0,6}$")


#: How far before a mention the patterns above look (they match words just before it): a
#: bounded window, so that a sentence of thousands of names is not searched whole for each.
_REACH = 300


# A word each pattern above needs: a sentence without it is not searched for that role
# (one search per sentence instead of one per pattern and mention).
_NEEDS = {
    "distance": "mile km kilomet meter metre",
    "direction": "north south east west",
    "origin": "based stationed headquartered deployed born operating active regime government "
              "authorities leadership rulers embassy envoy consulate delegation official "
              "ministry hail fled came visit flown flew travel trip talks summit",
    "based": "based backed born led held controlled aligned",
    "metonym": "support backing help aid assistance loyal",
    "destination": "toward heading fled flee safety arrived",
    "endpoint": "between connect link",
}
_NEEDED = {role: tuple(words.split()) for role, words in _NEEDS.items()}


_LAST_WORD = caseless(r"\b(?:in|at|from|to|of|for|into|towards?|visit(?:ed|s)?)\s+(?:the\s+)?$")


@functools.lru_cache(maxsize=8192)
def _roles(text: str) -> frozenset[str]:
    """The roles of ``_NEEDS`` whose word the sentence has."""
    low = lowered(text)  # once for all the roles
    # ``in`` word by word: for these few short words, quicker than a scan per role.
    return frozenset(role for role, words in _NEEDED.items()
                     if low is None or any(word in low for word in words))


def context_reason(reading: Reading, start: int, end: int, mention: Mention,
                   place_type: str) -> str | None:
    """Why the mention at ``start:end`` (relative to the sentence) is context, or None."""
    text, low = reading.text, reading.low
    lo = max(0, start - _REACH)
    before, after = text[lo:start], text[end:end + _REACH]
    low_before = low[lo:start] if low is not None else None
    if not mention.literal:
        return f"not the place itself ({mention.usage})"
    # The roles below but the end point's all end on one of a few words before the place
    # ("in", "of", "towards", "visited"): without one, none of them is searched for.
    roles = _roles(text) if _LAST_WORD.search(text, low, max(0, start - 40), start) else \
        _roles(text) & {"based", "endpoint"}
    if _POSSESSIVE_AFTER.match(after):
        return "describes something else (possessive)"
    if "distance" in roles and _DISTANCE.search(before, low_before) and _APPOSITION.search(
            _DISTANCE.folding.sub("", before)):
        return "reference point of a distance"
    if "direction" in roles and _DIRECTION_OF.search(before, low_before):
        return "reference point of a direction"
    if ("origin" in roles and _ORIGIN.search(before, low_before)) or (
            "based" in roles and _BASED_AFTER.match(after)) or (
            "metonym" in roles and _METONYM.search(before, low_before)):
        return "origin or seat of an actor"
    if "destination" in roles and _DESTINATION.search(before, low_before):
        return "destination"
    if not before.strip() and _DATELINE.match(after):
        return "dateline"
    clause = reading.clause_at(start)
    if "endpoint" in roles and _ENDPOINT.search(*reading.window(max(clause[0], start - _REACH),
                                                                start)):
        return "end point of a road or link"
    return None


def clear_caches() -> None:
    _roles.cache_clear()


def clause_has_trigger(reading: Reading, start: int) -> bool:
    """The clause holding ``start`` has event words (else nothing happened there)."""
    if not reading.triggers:
        return False
    clause = reading.clause_at(start)
    return bool(reading.triggers_between(clause[0], clause[1]))


def _attached(reading: Reading, trigger: Trigger, start: int) -> bool:
    """The event words govern the place: "strikes on Aleppo", "captured ... Mansoura"."""
    return trigger.end <= start and _GOVERNS.match(reading.text[trigger.end:start]) is not None


def governing_trigger(reading: Reading, start: int, end: int,
                      place_type: str) -> Trigger | None:
    """The event words of the mention's clause that are about this place, if any."""
    clause = reading.clause_at(start)
    start = max(clause[0], reading.list_start(start))  # a list's members share its words
    if not reading.triggers_between(clause[0], clause[1]):
        return None
    # Only triggers close enough to govern the place or stand near it are looked at (the
    # attaching words are a few; near is _NEAR_CHARS): each mention costs its
    # neighbourhood, not its clause's every trigger.
    attached = [t for t in reading.triggers_ending(max(clause[0], start - _REACH), start)
                if t.start >= clause[0] and _attached(reading, t, start)]
    if place_type == "country":
        # A country named in an event's clause is its setting, rarely its place ("troops
        # fighting in Ukraine"): only strikes or flight the words govern ("airstrikes
        # across Syria") are coded there.
        attached = [t for t in attached if t.rule.event_type in COUNTRY_EVENT_TYPES]
        return attached[-1] if attached else None
    if attached:
        return max(attached, key=lambda t: (t.rule.rank > 0, t.end))
    around = reading.triggers_near(max(clause[0], min(start, end) - _NEAR_CHARS),
                                   min(clause[1], max(start, end) + _NEAR_CHARS))
    near = [t for t in around if clause[0] <= t.start < clause[1]
            and min(abs(t.start - end), abs(start - t.end)) <= _NEAR_CHARS]
    # "Aleppo fell to the rebels", "the northwest of Syria was scene to fierce fighting":
    # the place is the subject of the event words.
    opens = _opens_clause(reading, clause, start)
    subject = [t for t in near if t.start >= end and (opens or t.start - end <= 20)]
    pool = near if _PLACE_OF.search(*reading.window(max(clause[0], start - _REACH), start)) \
        else subject
    return max(pool, key=lambda t: (t.rule.rank, -abs(t.start - start)), default=None)


_OPENS = re.compile(r"\W*(?:the\s+)?", re.I)


def _opens_clause(reading: Reading, clause: tuple[int, int], start: int) -> bool:
    return _OPENS.fullmatch(reading.text, clause[0], start) is not None
