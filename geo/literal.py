"""Is a place name about the place, or about those who act in its name?

"Fighting in Aleppo" is about Aleppo. "Moscow's troops", "Tehran's support", "Iran-backed
militias", "Russia responded" are about governments and armies: the map can hide them
(``literal: false``). The rules read only the words next to the name, as GeoWebNews'
taxonomy does (possessive, modifier, agent).
"""

from __future__ import annotations

import functools
import json
import re

from geo.records import Mention, Place

# After "X's", these nouns keep X a place: "Syria's second-biggest city", "Turkey's border".
_GEOGRAPHIC_HEADS = frozenset(
    """city cities capital border borders north south east west northwest northeast southwest
    southeast northern southern eastern western coast coastline outskirts countryside province
    provinces region regions territory territories soil airspace citadel airport port ports
    streets street centre center suburbs villages towns frontier side part parts areas area
    governorate governate mountains desert heartland interior neighbourhoods neighborhoods
    district districts old""".split()
)
# After "X's", these nouns make X the state acting: "Moscow's troops", "Tehran's support".
_AGENTIVE_HEADS = frozenset(
    """government regime military army forces troops soldiers troop support backing backers
    allies ally proxies patrons president leader leaders leadership minister ministry
    intelligence war offensive campaign strikes attacks attack airstrikes focus interests
    interest policy policies sovereignty influence role response decision position stance
    efforts plan plans relations ties elite guards outcome envoy ambassador embassy media
    spokesman spokeswoman officials authorities navy aggression involvement""".split()
)
_MODIFIER = re.compile(
    r"\s*(?:and\s+\w+\s*)?[-‐–]\s*(?:backed|led|aligned|supported|sponsored|funded|"
    r"allied|affiliated|controlled|linked|made|owned|friendly|leaning|trained|armed|run)\b",
    re.IGNORECASE,
)
_AGENT_VERB = re.compile(
    r",?\s+(?:(?:and|or)\s+[A-Z][\w’'-]+\s+)?(?:,?\s*which\s+|who\s+)?"
    r"(?:also\s+|both\s+|has\s+|have\s+|had\s+|is\s+|was\s+|were\s+|will\s+|would\s+|could\s+|"
    r"might\s+|may\s+|must\s+|should\s+|did\s+|does\s+|reportedly\s+|recently\s+|now\s+|"
    r"then\s+|itself\s+|not\s+|be\s+|been\s+|being\s+|more\s+|less\s+|still\s+|already\s+|"
    r"never\s+|just\s+|\w+ly\s+)*"
    r"(?:said|says|responded|denied|accused|announced|warned|called|urged|claimed|insisted|"
    r"backs|backed|supports|supported|contacted|launched|sent|deployed|gained|agreed|refused|"
    r"condemned|vowed|threatened|wants|sought|seeks|hopes|plans|planned|rejected|demanded|"
    r"stepped|struck|pledged|offered|recognised|recognized|remains|remained|appears|continues|"
    r"continued|began|helped|tried|needs|made|been|preparing|using|willing|defeated|trying|"
    r"bogged|distracted|invested|focused|focusing|expected|a\s+player|a\s+bystander|"
    r"responsible|behind|intervened|intervenes|retaliated|attacked|bombed|carried|fired|"
    r"shelled|hit|killed|captured|seized|took|invaded|annexed|imposed|sanctioned|targeted|"
    r"signed|voted|approved|views|sees|considers|insists|believes|argues|faced|has\s+faced|"
    r"did\s+not|does\s+not|will\s+not|would\s+not)\b",
)
_SUPPORT_BEFORE = re.compile(
    r"(?:backed|supported|sponsored|armed|funded|aided|helped|patrons?|allies|ally|backers?)\s+"
    r"(?:by|from|of|in)\s+(?:\w+\s+and\s+)?$|"
    r"(?:backing|support|assistance|help|aid|pressure|approval|blessing)\s+(?:from|of)\s+"
    r"(?:\w+\s+and\s+)?$|"
    r"\bby\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_GOVERNMENT_AFTER = re.compile(
    r"\s+(?:government|regime|officials?|spokes(?:man|woman|person)|military|army|"
    r"authorities|leadership|ministry|administration)\b",
    re.IGNORECASE,
)


# After a country or capital, these nouns make it a nationality, not a location:
# "U.S. troops", "Russian-made" aside, "Turkey sanctions", "Iran state media".
_STATE_NOUN_AFTER = re.compile(
    r"\s+(?:troops|forces|soldiers|diplomats?|envoys?|ambassadors?|president|leaders?|"
    r"navy|air\s+force|jets|warplanes|drones|airstrikes|sanctions|intelligence|"
    r"(?:state\s+)?media|embassy|delegation|backing|interests|policy|officials?|"
    r"prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|army|military)\b",
    re.IGNORECASE,
)


@functools.cache
def _capital_names() -> frozenset[str]:
    from geo.gazetteer.bundled import geonames_file

    with geonames_file("countries.json").open(encoding="utf-8") as handle:
        countries = json.load(handle)
    return frozenset(c["capital"].lower() for c in countries.values() if c.get("capital"))


def _acts_for_a_state(place: Place | None, name: str) -> bool:
    """Countries and capitals are the names that stand for governments."""
    if place is None:
        return False
    return place.place_type == "country" or name.lower() in _capital_names() or (
        place.name.lower() in _capital_names() and place.place_type == "city"
    )


def _possessive_usage(body: str, end: int) -> str | None:
    """'literal' for "Syria's second city", 'possessive' for "Tehran's support", None when
    not a possessive. Geography wins when it comes first; a thing in the place is literal."""
    if body[end : end + 2] not in {"'s", "’s"}:
        return None
    for word in (w.lower() for w in re.findall(r"[\w-]+", body[end + 2 : end + 60])[:4]):
        if word in _GEOGRAPHIC_HEADS or word.rstrip("s") in _GEOGRAPHIC_HEADS:
            return "literal"
        if word in _AGENTIVE_HEADS:
            return "possessive"
    return "literal"


def classify_usage(body: str, mention: Mention, place: Place | None) -> tuple[bool, str]:
    """(literal, usage) for a mention; usage is literal, possessive, modifier or agent."""
    name_end = mention.start + len(mention.text) if mention.text.endswith(mention.name) else (
        body.find(mention.name, mention.start) + len(mention.name)
    )
    if _MODIFIER.match(body, name_end):
        return False, "modifier"
    possessive = _possessive_usage(body, name_end)
    if possessive == "literal" or mention.feature:
        return True, "literal"
    if possessive is not None:
        return False, possessive
    if _GOVERNMENT_AFTER.match(body, name_end):
        return False, "agent"
    if _acts_for_a_state(place, mention.name):
        if _STATE_NOUN_AFTER.match(body, name_end):
            return False, "modifier"
        if _AGENT_VERB.match(body, name_end):
            return False, "agent"
        if _SUPPORT_BEFORE.search(body[max(0, mention.start - 40) : mention.start]):
            return False, "agent"
    return True, "literal"
