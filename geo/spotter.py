"""Finding the place names of a report: gazetteer names that are really used as places.

A name in the gazetteer is not yet a toponym. It may be an English word ("Most"), part of a
person's name ("Vladimir Putin", "Dareen Khalifa") or of an organisation's ("Kyiv Post",
"Middle East Eye", "Turkestan Islamic Party"), or a road number used for a rifle. Each rule
below turns one such reading down; what survives becomes a :class:`Mention` with its
sentence, its feature word and any stated distance.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from geo import cues
from geo.gazetteer import COMMON_WORD_ZIPF, MAJOR_POPULATION
from geo.matcher import NameMatch, NameMatcher
from geo.records import Mention, Place, Report, Sentence
from geo.text import fold, sentence_at, split_sentences

# Capitalised words that may stand before a place name without making it part of a longer
# proper name ("In Aleppo", "Meanwhile Damascus", "Sunday Homs").
_OPENERS = frozenset(
    """the a an in at on from to by near of and or but as with for across into outside inside
    around between both while after before since until via toward towards meanwhile today
    yesterday earlier already currently recently back like unlike beyond within throughout
    through against over under along including besides despite among amid where when if then
    also even only just now here there either neither not all some many most several its their
    his her our this that these those regaining leaving entering reaching besieged rebel rebels
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec greater northern southern eastern western central north south east west
    northeast northwest southeast southwest northeastern northwestern southeastern
    southwestern rural upper lower old new""".split()
)
_FEATURE_WORDS = frozenset(
    """province provinces governorate governorates governate region countryside city district
    area airport air airbase base port highway motorway road border crossing strip heights
    valley river sea mountains mountain desert plain plains lake gulf bay island islands
    coast countryside camp dam bridge square mosque citadel county state""".split()
)
# A name followed by one of these is an outlet or an organisation: "Kyiv Post", "KYIV POST",
# "Middle East Eye", "Turkestan Islamic Party", "Aleppo Media Center".
_ORGANISATION_WORDS = frozenset(
    """post times news eye party observatory council agency institute university daily press
    network radio television tv ministry brigade brigades movement committee organization
    organisation office company bank airlines airways federation league club fc journal
    gazette herald tribune telegraph guardian monitor review channel media foundation corps
    regiment division front union islamic liberation democratic national""".split()
)
_GENERIC_LEADS = _FEATURE_WORDS | {"of", "the", "al", "el"}
_DIRECTION_WORDS = frozenset(
    """north south east west northern southern eastern western northeast northwest southeast
    southwest northeastern northwestern southeastern southwestern central upper lower""".split()
)
# Words after a name that leave it a place: titles of its officials, its people.
_AFTER_PLACE = frozenset(
    """gov gov. governor mayor police sheriff authorities officials residents municipality
    council's""".split()
)
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)['’-]", re.IGNORECASE)
_TOKEN_BEFORE = re.compile(r"([^\s]+)\s+$")
_TOKEN_AFTER = re.compile(r"^\s+([^\s]+)")
_SPEECH = re.compile(r"\s+(?:said|says|told|added|stated|wrote|argued|noted)\b")
_WEB = ("@", "://", "www.", ".com", ".org", ".net")
_LIST_SEPARATORS = frozenset({"and", "or", ",", ", and", ", or", "and the", "the", "&"})


@dataclass
class _ReportState:
    """What reading one report has learned so far (names seen as people)."""

    body: str
    folded: str
    sentences: list[Sentence]
    keys_by_start: dict[int, str]
    match_ends: set[int]
    person_keys: set[str] = field(default_factory=set)


def _word_before(body: str, start: int, sentence: Sentence) -> tuple[str, int] | None:
    window = body[max(sentence.start, start - 40) : start]
    found = _TOKEN_BEFORE.search(window)
    if not found or found.end() - found.start() > len(window):
        return None
    return found.group(1), start - len(window) + found.start(1)


def _word_after(body: str, end: int, sentence: Sentence) -> tuple[str, int] | None:
    found = _TOKEN_AFTER.match(body[end : min(sentence.end, end + 40)])
    return (found.group(1), end + found.start(1)) if found else None


def _capitalised(token: str) -> bool:
    core = token.strip("\"“”‘’'()[]")
    return bool(core) and core[0].isupper()


@functools.lru_cache(maxsize=1024)
def _looks_like_headline(sentence: Sentence) -> bool:
    """Title Case without a closing full stop: capitals there say nothing about names.

    Once per sentence (cached), not per name: a sentence may name thousands of places.
    """
    if sentence.text.rstrip("\"”’' ").endswith((".", "!", "?")):
        return False
    words = [w for w in sentence.text.split() if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _proper_name_before(state: _ReportState, match: NameMatch, sentence: Sentence) -> bool:
    previous = _word_before(state.body, match.start, sentence)
    if previous is None:
        return False
    token, _ = previous
    clean = token.strip("\"“”‘’'()[]").lower()
    if token[-1] in ",;:." or not _capitalised(token) or clean in _OPENERS:
        return False
    # "Syria's Aleppo": a possessive place before is geography, not a longer name.
    return not clean.endswith(("'s", "’s"))


def _proper_name_after(state: _ReportState, match: NameMatch, sentence: Sentence) -> bool:
    following = _word_after(state.body, match.end, sentence)
    if following is None or state.body[match.end] not in " \t":
        return False
    token, _ = following
    if token.startswith("("):  # "BEIRUT (AP)": a dateline, not a longer name
        return False
    clean = token.strip("\"“”‘’'()[].,;:").lower()
    return (_capitalised(token) and clean not in _OPENERS and clean not in _FEATURE_WORDS
            and clean not in _AFTER_PLACE)


def _names_an_organisation(state: _ReportState, match: NameMatch, sentence: Sentence) -> bool:
    following = re.findall(r"[A-Za-z]+", state.body[match.end : min(sentence.end, match.end + 40)])
    capitals = [w for w in following[:3] if w[0].isupper()]
    run = capitals[: next((i for i, w in enumerate(following[:3]) if not w[0].isupper()), 3)]
    return any(w.lower() in _ORGANISATION_WORDS for w in run) and state.body[match.end] == " "


def _in_web_address(body: str, start: int, end: int) -> bool:
    left = body.rfind(" ", 0, start) + 1
    right = body.find(" ", end)
    token = body[left : right if right >= 0 else len(body)]
    return any(marker in token for marker in _WEB)


def _written_as_name(text: str, key: str) -> bool:
    # "port of Latakia", "citadel of Aleppo": the generic words lead, the name is capitalised.
    words = text.split()
    while len(words) > 1 and words[0].lower() in _GENERIC_LEADS:
        words = words[1:]
    core = _ARTICLE.sub("", " ".join(words)) or text
    if len(key) <= 3 and key.replace(".", "").isalpha():
        return text.isupper() or (len(key) == 3 and text.istitle())
    return not core[0].isalpha() or core[0].isupper() or not core[0].islower()


Lookup = Callable[[str], tuple[Place, ...]]


def _significant(candidates: tuple[Place, ...], key: str) -> bool:
    """A place worth a name that is also common English: a big one, a country, a curated
    one, or a region named in several words ("New Jersey", as iter_name_keys keeps it)."""
    return any(
        p.population >= MAJOR_POPULATION or p.place_type == "country"
        or not p.place_id.startswith("geonames:")
        or (p.place_type == "region" and " " in key)
        for p in candidates
    )


def _rejection(
    state: _ReportState, match: NameMatch, sentence: Sentence, lookup: Lookup
) -> str | None:
    """Why this gazetteer match is not a place name here (None when it is one)."""
    text = state.body[match.start : match.end]
    if not _written_as_name(text, match.key):
        return "not written as a name"
    if " " in text and text.split()[0].lower() in _DIRECTION_WORDS and text[0].islower():
        return "a direction before a name"  # "east London" is London, not East London
    if _in_web_address(state.body, match.start, match.end):
        return "part of a web or e-mail address"
    candidates = lookup(match.key)
    only_roads = bool(candidates) and all(p.place_type == "road" for p in candidates)
    bare_number = cues.is_road_number(text) and not cues.road_word_follows(state.body, match.end)
    if only_roads and bare_number:
        return "a road number with no road word"
    if match.commonness >= COMMON_WORD_ZIPF and not _significant(candidates, match.key):
        return "an English word"
    if _names_an_organisation(state, match, sentence):
        return "part of an organisation's name"
    if match.key in state.person_keys and _SPEECH.match(state.body, match.end):
        return "a person named earlier"
    if not _looks_like_headline(sentence):
        if _proper_name_before(state, match, sentence):
            state.person_keys.add(match.key)
            return "part of a longer proper name"
        if _proper_name_after(state, match, sentence):
            return "part of an organisation's or person's name"
    return None


def _accepted(
    state: _ReportState, match: NameMatch, sentence: Sentence, lookup: Lookup
) -> list[NameMatch]:
    """The match if it is a place name here, else the place names inside it, if any."""
    if _rejection(state, match, sentence, lookup) is None:
        return [match]
    accepted: list[NameMatch] = []
    for inner in match.inner:  # longest first
        if inner.start > match.start and not state.body[inner.start - 1].isspace():
            continue  # "Sham" of "al-Sham" is part of the word, not a name of its own
        clear = all(inner.end <= a.start or inner.start >= a.end for a in accepted)
        if clear and _rejection(state, inner, sentence, lookup) is None:
            accepted.append(inner)
    return sorted(accepted, key=lambda m: m.start)


def _mention(state: _ReportState, report_id: str, match: NameMatch, sentence: Sentence) -> Mention:
    cue = cues.read_cue(state.body, match.start, match.end)
    distance = cues.stated_distance(state.body, cue.end)
    origin = _origin_after(state, distance[1]) if distance else ""
    return Mention(
        report_id=report_id,
        start=cue.start,
        end=cue.end,
        text=state.body[cue.start : cue.end],
        name=state.body[match.start : match.end],
        sentence=sentence,
        feature=cue.feature,
        qualifier=cue.qualifier,
        distance_km=distance[0] if distance and origin else None,
        distance_from=origin,
    )


def _origin_after(state: _ReportState, offset: int) -> str:
    """The name a stated distance is measured from: the place named right after it."""
    for position in range(offset, min(offset + 20, len(state.body))):
        if position in state.keys_by_start:
            return state.keys_by_start[position]
    return ""


def _junction_mentions(state: _ReportState, report_id: str) -> list[Mention]:
    found = []
    for start, end, name in cues.junctions(state.body):
        sentence = sentence_at(state.sentences, start)
        found.append(Mention(
            report_id=report_id, start=start, end=end, text=state.body[start:end],
            name=name, sentence=sentence, feature="junction",
        ))
    return found


def listed_together(first: Mention, second: Mention, body: str) -> bool:
    """Whether two consecutive mentions are items of one list ("Idlib and Hama", "Hader,
    al-Eis"): they share a plural feature word, and a date."""
    between = body[first.end : second.start].strip().lower()
    return first.sentence.start == second.sentence.start and between in _LIST_SEPARATORS


def _share_plural_features(mentions: list[Mention], body: str) -> list[Mention]:
    """'Idlib and western Aleppo provinces', 'the Aleppo, Hama, and Latakia provinces': every
    name of the list is a province."""
    shared = list(mentions)
    chain = ""
    for index in range(len(shared) - 1, -1, -1):
        current = shared[index]
        text = body[current.start : current.end].lower()
        if text.endswith(("provinces", "governorates")):
            chain = current.feature
            continue
        following = shared[index + 1] if index + 1 < len(shared) else None
        listed = following is not None and listed_together(current, following, body)
        if chain and not current.feature and listed:
            shared[index] = _replace(current, feature=chain)
        else:
            chain = ""
    return shared


def _replace(mention: Mention, **changes: object) -> Mention:
    from dataclasses import replace

    return replace(mention, **changes)  # type: ignore[arg-type]


def spot_mentions(report: Report, matcher: NameMatcher, lookup: Lookup) -> list[Mention]:
    """Every place name of the report, as mentions in body order."""
    body = report.body
    folded = fold(body)
    sentences = split_sentences(body)
    matches = matcher.find(folded)
    state = _ReportState(
        body, folded, sentences, {m.start: m.key for m in matches}, {m.end for m in matches}
    )
    found = _junction_mentions(state, report.report_id)
    taken = [(m.start, m.end) for m in found]
    for match in matches:
        if any(s <= match.start < e for s, e in taken):
            continue
        sentence = sentence_at(sentences, match.start)
        for accepted in _accepted(state, match, sentence, lookup):
            found.append(_mention(state, report.report_id, accepted, sentence))
    found.extend(_unknown_names(state, report.report_id, found))
    found.sort(key=lambda m: m.start)
    return _share_plural_features(found, body)


def _unknown_names(state: _ReportState, report_id: str, known: list[Mention]) -> list[Mention]:
    """Names the gazetteer lacks but the text marks as places ("the village of X"): they are
    kept, so the layer lists them as unresolved instead of silently dropping them."""
    found: list[Mention] = []
    for named in cues.named_by_context(state.body):
        overlaps = any(m.start < named.end and named.start < m.end for m in [*known, *found])
        first_word = named.name.split()[0].strip("-").lower()
        if overlaps or first_word in _OPENERS or first_word in _ORGANISATION_WORDS:
            continue
        sentence = sentence_at(state.sentences, named.start)
        found.append(Mention(
            report_id=report_id, start=named.start, end=named.end,
            text=state.body[named.start : named.end], name=named.name, sentence=sentence,
            feature=named.feature,
        ))
    return found
