"""The words around a place name that change what it means.

Feature words ("Idlib *province*", "Khmeimim *Air Base*"), directions ("the *western
countryside of* Aleppo"), stated distances ("Mansoura, *five miles from the center of*
Aleppo") and road junctions ("the junction of the M5 and M4 highways"). Each cue is a small
regular expression anchored at the name, so reading them costs nothing per report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTION = (
    r"(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central"
)
_FEATURE_AFTER = re.compile(
    r"(?P<poss>['’]s)?\s+(?:(?P<dir>" + _DIRECTION + r")\s+)?"
    r"(?P<feat>provinces?|governorates?|governate|region|countryside|city|district|area|"
    r"outskirts|suburbs|air\s?base|military\s+airport|airport|port)\b",
    re.IGNORECASE,
)
# "the western countryside of Aleppo", "northern Aleppo", "the northwest of Syria"; but not
# "35 km north of Aleppo", where Aleppo is only the point a distance is measured from.
_DIRECTION_BEFORE = re.compile(
    r"(?:\bthe\s+)?\b(?P<dir>" + _DIRECTION + r")\s+"
    r"(?:(?P<feat>countryside|outskirts|suburbs|parts?|side|edge|areas?|reaches)\s+of\s+"
    r"(?:the\s+)?(?:city\s+of\s+)?)?$"
    r"|\bthe\s+(?P<dir2>" + _DIRECTION + r")\s+of\s+$",
    re.IGNORECASE,
)
_FEATURE_BEFORE = re.compile(
    r"\b(?P<feat>outskirts|suburbs|countryside|city|town|village|province|governorate|port)"
    r"\s+of\s+(?:the\s+)?(?:city\s+of\s+)?$",
    re.IGNORECASE,
)
# "strikes across Idlib", "dozens of towns in Idlib and western Aleppo": the name is the
# area the towns are in or the strikes spread over, so its province, not its town, where a
# province of that name exists (the resolver falls back to every namesake where none does).
_AREA_BEFORE = re.compile(
    r"\b(?:across|throughout|(?:towns|villages|settlements|areas|positions|localities|hamlets)"
    r"\s+(?:\w+\s+)?(?:in|of|across|throughout))\s+(?:the\s+)?"
    r"(?:[\w’'-]+(?:\s+(?:province|governorate|countryside))?\s*(?:,\s*and|,|and)\s+){0,3}$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a few": 3, "several": 5, "a dozen": 12,
}
_DISTANCE_AFTER = re.compile(
    r",?\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+|just\s+|only\s+)?"
    r"(?P<num>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")[\s-]+"
    r"(?P<unit>miles?|mi|kilometers?|kilometres?|km)\s+(?:\(\d+\s*\w+\)\s+)?"
    r"(?:(?:" + _DIRECTION + r")\s+)?(?:from|of|outside)\s+(?:the\s+)?"
    r"(?:(?:city\s+)?(?:center|centre|heart)\s+of\s+)?",
    re.IGNORECASE,
)
_ROAD = r"M\d{1,2}"
_JUNCTION = re.compile(
    r"\b(?:the\s+)?(?:junction|intersection|interchange|crossroads)\s+(?:of|between)\s+"
    r"(?:the\s+)?(?P<a>" + _ROAD + r")\s+(?:and|&)\s+(?:the\s+)?(?P<b>" + _ROAD + r")"
    r"(?:\s+(?:highways|motorways|roads|expressways))?"
    r"|\b(?P<c>" + _ROAD + r")\s*[/–-]\s*(?P<d>" + _ROAD + r")\s+"
    r"(?:junction|intersection|interchange|crossroads)",
)
_ROAD_WORD = re.compile(
    r"(?:\s+(?:and|or|&)\s+(?:the\s+)?" + _ROAD + r")?\s+"
    r"(?:international\s+)?(?:highways?|motorways?|roads?|expressways?)\b",
    re.IGNORECASE,
)


# A name the gazetteer may not know, recognised by the words around it: "the village of
# Kafr Halab", "Tell Hadiya village", "the towns of Hader and al-Eis".
_PARTICLE = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|Al|El|Ad|Ar|As|At|Az|An)[-\s])"
_NAME = (
    r"(?P<name>" + _PARTICLE + r"?[A-Z][a-z'’]+(?:[-\s]" + _PARTICLE + r"?[A-Z][a-z'’]+){0,3}"
    r"(?:\s\d{1,2}\b)?)"
)
_KIND = (
    r"villages?|towns?|cities|city|hamlets?|neighbou?rhoods?|districts?|suburbs?|"
    r"air\s?bases?|airports?|military\s+airports?|crossings?"
)
_KIND_OF_NAME = re.compile(r"\b(?P<kind>" + _KIND + r")\s+of\s+" + _NAME)
_NAME_KIND = re.compile(_NAME + r"\s+(?P<kind>village|town|district|neighbou?rhood|air\s?base|"
                        r"airport|military\s+airport|crossing)\b")
_LIST_MORE = re.compile(r"(?:,\s*|,?\s+and\s+|,?\s+or\s+)" + _NAME)


@dataclass(frozen=True)
class NamedByContext:
    """A place name recognised by its feature word, whether or not the gazetteer knows it."""

    start: int
    end: int
    name: str
    feature: str


def _feature_of(kind: str) -> str:
    kind = " ".join(kind.lower().split()).rstrip("s")
    if kind in {"villag", "village", "town", "citie", "city", "hamlet"}:
        return ""
    return {"air base": "air base", "airbase": "air base", "neighborhood": "neighbourhood"}.get(
        kind, kind)


def named_by_context(body: str) -> list[NamedByContext]:
    """Names introduced by a feature word: 'the village of X', 'X air base', 'towns of X and Y'."""
    found = []
    for match in _KIND_OF_NAME.finditer(body):
        feature = _feature_of(match.group("kind"))
        found.append(NamedByContext(match.start("name"), match.end("name"), match["name"], feature))
        position = match.end()
        while (more := _LIST_MORE.match(body, position)) is not None:
            found.append(
                NamedByContext(more.start("name"), more.end("name"), more["name"], feature)
            )
            position = more.end()
    for match in _NAME_KIND.finditer(body):
        found.append(NamedByContext(match.start("name"), match.end(), match["name"],
                                    _feature_of(match.group("kind"))))
    return found


@dataclass(frozen=True)
class Cue:
    """What the words around a name add: a wider span and how to read the name."""

    start: int
    end: int
    feature: str = ""
    qualifier: str = ""


def _normal_feature(word: str) -> str:
    word = " ".join(word.lower().split())
    if word in {"provinces", "governorates", "governate", "governorate", "region"}:
        return "province"
    if word in {"airbase", "air base"}:
        return "air base"
    return word.rstrip("s") if word in {"suburbs", "parts", "areas"} else word


def _direction(word: str) -> str:
    word = word.lower().replace("-", "").replace(" ", "")
    return word[:-3] if word.endswith("ern") else word


def read_cue(body: str, start: int, end: int) -> Cue:
    """The feature word after a name and the direction or feature before it, if any."""
    feature = qualifier = ""
    after = _FEATURE_AFTER.match(body, end)
    if after:
        feature, end = _normal_feature(after.group("feat")), after.end()
        qualifier = _direction(after.group("dir") or "")
    window = body[max(0, start - 60) : start]
    before = _DIRECTION_BEFORE.search(window)
    if before:
        word = "dir" if before.group("dir") else "dir2"
        qualifier = _direction(before.group(word))
        feature = feature or _normal_feature(before.group("feat") or "")
        start -= len(window) - before.start(word)
    elif (plain := _FEATURE_BEFORE.search(window)) is not None:
        feature = feature or _normal_feature(plain.group("feat"))
        start -= len(window) - plain.start("feat")
    if not feature and _AREA_BEFORE.search(body, max(0, start - 80), start):
        feature = "province"
    return Cue(start, end, feature, qualifier)


def stated_distance(body: str, end: int) -> tuple[float, int] | None:
    """A distance stated right after a name ("X, five miles from ..."): (km, where it ends)."""
    match = _DISTANCE_AFTER.match(body, end)
    if not match:
        return None
    raw = match.group("num").lower()
    number = float(_NUMBER_WORDS.get(raw, 0) or raw)
    miles = match.group("unit").lower().startswith("mi")
    return number * (1.609 if miles else 1.0), match.end()


def junctions(body: str) -> list[tuple[int, int, str]]:
    """Road junctions named by their roads: (start, end, "M4/M5 junction")."""
    found = []
    for match in _JUNCTION.finditer(body):
        roads = sorted(filter(None, match.group("a", "b", "c", "d")), key=lambda r: int(r[1:]))
        begin = match.start() + (4 if match.group(0).lower().startswith("the ") else 0)
        found.append((begin, match.end(), f"{roads[0]}/{roads[1]} junction"))
    return found


def road_word_follows(body: str, end: int) -> bool:
    """True when a road number is followed by 'highway', 'road' or 'and M4 highways'."""
    return _ROAD_WORD.match(body, end) is not None


def is_road_number(text: str) -> bool:
    return re.fullmatch(_ROAD, text) is not None
