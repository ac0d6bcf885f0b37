"""Places a sentence names only as "the city": definite descriptions and what they stand for.

A report that has named Aleppo goes on: "four civilians had been killed in the city itself".
That sentence reports an event, but names no place, so without this step the event is not
on the map and an event told by two outlets counts one. Here such a description ("the city",
"the town itself", "the air base") is linked to the nearest place of a fitting kind named
before it in the same part of the report.

The rule is deliberately narrow, because a wrong link puts an event in the wrong town:
- only in a sentence that names no place of its own (where it names one, that is the
  sentence's place, and "the city" is most often that same place or a reference point);
- only to a place named at most ``LOOKBACK_CHARS`` before, in the same report part, with a
  kind that fits the noun ("the city" is a city, "the base" a base or an airport), never a
  derived area or a non-literal use ("Moscow's troops");
- and the pipeline keeps the link only when the event coder finds an event in the sentence:
  "the city’s residents are afraid" stays off the map.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo.records import Mention, Report, ResolvedMention, Sentence

#: How far back (characters) the place a description stands for may be named: a few
#: sentences. Farther, the reader has likely moved on to another place.
LOOKBACK_CHARS = 1500

#: The nouns and the kinds of place each may stand for.
_KINDS: dict[str, frozenset[str]] = {
    "city": frozenset({"city"}),
    "town": frozenset({"town", "city", "village"}),
    "village": frozenset({"village", "town"}),
    "base": frozenset({"base", "airport"}),
    "air base": frozenset({"base", "airport"}),
    "airbase": frozenset({"base", "airport"}),
    "airport": frozenset({"airport", "base"}),
    "port": frozenset({"port", "city", "town"}),
}
# "the city itself", "the town’s outskirts"; not "the city of Hama" (a name follows: the
# spotter's business) nor "the capital" (which capital is a fact about the world, not the text).
_DESCRIPTION = re.compile(
    r"\b[Tt]he\s+(air\s?base|city|town|village|base|airport|port)\b(?:\s+itself\b)?"
    r"(?!\s+of\s+[A-Z])"
)


@dataclass(frozen=True)
class Reference:
    """A description in a sentence with no place name, and the mention it stands for."""

    mention: Mention
    antecedent: ResolvedMention


def _noun(match: re.Match[str]) -> str:
    return re.sub(r"\s+", " ", match.group(1).lower())


def _fits(item: ResolvedMention, kinds: frozenset[str]) -> bool:
    place = item.resolution.place
    return (
        place is not None
        and place.place_type in kinds
        and item.mention.literal
        and item.resolution.method not in {"derived", "antecedent"}
    )


def find_references(
    report: Report, sentences: Sequence[Sentence], found: Sequence[ResolvedMention]
) -> list[Reference]:
    """The descriptions of ``sentences`` that stand for a place of ``found`` (sorted by
    offset), at most one per sentence: the first description with a fitting antecedent."""
    by_start = sorted(found, key=lambda item: item.mention.start)
    starts = [item.mention.start for item in by_start]
    references: list[Reference] = []
    cursor = 0
    for sentence in sentences:
        while cursor < len(starts) and starts[cursor] < sentence.start:
            cursor += 1
        if cursor < len(starts) and starts[cursor] < sentence.end:
            continue  # the sentence names a place of its own
        part = report.part_at(sentence.start)
        for match in _DESCRIPTION.finditer(sentence.text):
            start = sentence.start + match.start()
            antecedent = _antecedent(by_start, cursor, start, part.start,
                                     _KINDS[_noun(match)])
            if antecedent is None:
                continue
            mention = Mention(
                report_id=report.report_id, start=start, end=sentence.start + match.end(),
                text=match.group(0), name=antecedent.mention.name, sentence=sentence,
                antecedent=(antecedent.mention.start, antecedent.mention.end),
            )
            references.append(Reference(mention, antecedent))
            break
    return references


def _antecedent(
    found: Sequence[ResolvedMention], before: int, offset: int, part_start: int,
    kinds: frozenset[str],
) -> ResolvedMention | None:
    """The nearest fitting mention of ``found[:before]`` within the lookback and the part
    (walked back from the end: the lookback bounds the walk, not the report's length)."""
    floor = max(part_start, offset - LOOKBACK_CHARS)
    for index in range(before - 1, -1, -1):
        item = found[index]
        if item.mention.start < floor:
            return None
        if _fits(item, kinds):
            return item
    return None
