"""Syndicated copies: which report (or aggregator excerpt) carries another's text.

The unit compared is a *text unit*: a whole report, or one excerpt of an aggregator page
(``Report.parts``), because an aggregator repeats other outlets piece by piece. Two
detectors find the pairs, both cheap enough for tens of thousands of reports:

- **Republications** (the same story, lightly edited, under another name): MinHash over
  word 5-shingles (``datasketch``, fixed seed and hashing, so every build finds the same
  pairs) indexed in a MinHash LSH; a candidate is kept when its estimated Jaccard
  similarity reaches ``REPUBLISHED_JACCARD``.
- **Excerpts** (a few paragraphs of a longer article): an excerpt is too small a part of
  the article for Jaccard to see, so units that share whole sentences are compared by
  containment: the share of the smaller unit's words that stand in sentences of the other.

Direction: the copy is the later publication; on the same day (or undated), the unit that
credits the other (its opening names the other's outlet, "DUBAI (Reuters) -", or says it is
republished: "Originally published by", "Republished from"), then the unit that is
contained in the other (an excerpt is the copy of its article), then an aggregator's excerpt
before a standalone report, then the later report id, so the result never depends on the
order reports were read.

What the detector needs of a unit (its word count, MinHash signature, sentence keys and
credit) is its :class:`UnitPrint`, computed from that unit alone: a build computes it in the
per-report job (in parallel, and cached with the report's piece), so the cross-report step
never reads a report's text again.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from geo.records import Report, ReportPart

SHINGLE_WORDS = 5
NUM_PERM = 128
MINHASH_SEED = 1
#: Candidates of the LSH; below this estimated Jaccard similarity a pair is not looked at.
LSH_THRESHOLD = 0.5
#: A pair is a republication from this estimated Jaccard similarity of their shingles.
REPUBLISHED_JACCARD = 0.5
#: The smaller unit is an excerpt of the other when this share of its words stands in
#: sentences the other carries word for word.
EXCERPT_CONTAINMENT = 0.6
#: Units shorter than this (in words) are too short to call a copy: "Be the first to comment".
MIN_WORDS = 40
#: A sentence of fewer words is boilerplate-prone ("Read more."), not evidence.
MIN_SENTENCE_WORDS = 8
#: A sentence carried by more units than this is boilerplate (a sign-off), not a copy.
MAX_SENTENCE_SPREAD = 25

#: How much of a unit's start is kept to look for a credit to another outlet.
LEAD_CHARS = 400

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# Words that say a text is someone else's, in its opening (casefolded).
_CREDIT = re.compile(
    r"\b(?:republished|reprinted|syndicated|(?:originally|first) (?:published|appeared)"
    r"|from our partners?|from a partner|courtesy of|reproduced (?:from|with))\b")
# Odd multipliers that mix the hashes of a shingle's words into one 32-bit value.
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)


@dataclass(frozen=True)
class TextUnit:
    """A stretch of one report that speaks for one outlet: the report, or one excerpt."""

    report_id: str
    start: int
    end: int
    outlet: str
    published: dt.date | None
    text: str
    excerpt: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.report_id, self.start)

    #: The unit's print when it was computed elsewhere (the per-report job); else from text.
    known_print: UnitPrint | None = field(default=None, compare=False, repr=False)

    @cached_property
    def fingerprint(self) -> UnitPrint:
        return self.known_print or unit_print(self.text)


def _fold_quotes(text: str) -> str:
    # Four replaces instead of str.translate: translate with a mapping walks a non-ASCII
    # text character by character in Python's slow path (a fifth of the detector's time).
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


@dataclass(frozen=True)
class UnitPrint:
    """What the copy detector needs of a text unit, from that unit alone."""

    words: int
    #: How many distinct word 5-shingles the unit has.
    shingles: int
    #: The MinHash signature of those shingles (NUM_PERM values).
    signature: tuple[int, ...]
    #: Each long-enough sentence (a hash of its words) and its word count.
    sentences: Mapping[int, int]
    #: The unit's opening says it is republished ("Originally published by ...").
    credit: bool
    #: The unit's first LEAD_CHARS characters (curly quotes folded, case kept: an outlet's
    #: name is a proper noun, "Dawn" is not "at dawn"): where a wire's name stands.
    lead: str

    def to_json(self) -> dict[str, Any]:
        return {"words": self.words, "shingles": self.shingles,
                "signature": list(self.signature),
                "sentences": [[key, count] for key, count in self.sentences.items()],
                "credit": self.credit, "lead": self.lead}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UnitPrint:
        return cls(data["words"], data["shingles"], tuple(data["signature"]),
                   dict(map(tuple, data["sentences"])), data["credit"], data["lead"])

    def credits(self, outlet: str, own: str) -> bool:
        """Does this unit (of outlet ``own``) say it is republished, or does its opening
        name ``outlet``, another outlet ("DUBAI (Reuters) -", "according to Reuters")?"""
        return self.credit or (bool(outlet) and outlet != own
                               and _names(self.lead, outlet))


def _names(text: str, name: str) -> bool:
    at = text.find(name)
    while at >= 0:  # a whole-word match: "AP" is not in "captured"
        end = at + len(name)
        if (at == 0 or not text[at - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(name, at + 1)
    return False


def unit_print(text: str) -> UnitPrint:
    """The print of a unit's text (see :class:`UnitPrint`)."""
    quoted = _fold_quotes(text)
    folded = quoted.casefold()
    words = _WORD.findall(folded)
    shingler = _shingler()
    hashes = shingler.hashes(words) if words else np.zeros(0, np.uint64)
    signature = tuple(int(v) for v in shingler.signature(hashes).hashvalues)
    lead = quoted[:LEAD_CHARS]
    return UnitPrint(len(words), len(hashes), signature, _sentence_keys(folded),
                     bool(_CREDIT.search(folded[:LEAD_CHARS])), lead)


@dataclass(frozen=True)
class Copy:
    """``copy`` carries ``source``'s text."""

    copy: TextUnit
    source: TextUnit
    similarity: float
    containment: float
    basis: str


@functools.cache
def _shingler() -> _Shingler:
    # One per process: its permutations and word hashes are the same for every unit.
    return _Shingler()


def report_units(report: Report) -> list[TextUnit]:
    """The text units of a report: its excerpts when it is an aggregator page, else itself."""
    parts = report.parts or (ReportPart(0, len(report.body), report.outlet, report.published),)
    return [
        TextUnit(report.report_id, p.start, p.end, p.outlet, p.published,
                 report.body[p.start:p.end], excerpt=bool(p.header))
        for p in parts
    ]


def unit_key_at(report: Report, offset: int) -> tuple[str, int]:
    """The key of the text unit that holds ``offset`` of ``report``'s body."""
    return (report.report_id, report.part_at(offset).start)


class _Shingler:
    """Word 5-shingles as 32-bit hashes, and MinHash signatures of them.

    Words are hashed with crc32 (the same in every process, unlike Python's ``hash``), each
    distinct word once; the permutations are drawn once and shared by every signature.
    """

    def __init__(self) -> None:
        self.word_hashes: dict[str, int] = {}
        self.template = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32")

    def hashes(self, words: Sequence[str]) -> np.ndarray:
        known = self.word_hashes
        if len(known) > 200_000:  # a process that reads many reports: keep it bounded
            known.clear()
        for word in set(words).difference(known):
            known[word] = zlib.crc32(word.encode())
        hashes = np.fromiter(map(known.__getitem__, words), np.uint64, len(words))
        span = min(SHINGLE_WORDS, len(words))
        count = len(words) - span + 1
        mixed = np.zeros(count, dtype=np.uint64)
        for offset in range(span):
            mixed ^= hashes[offset:offset + count] * _MIX[offset]
        return np.unique(mixed & np.uint64(0xFFFFFFFF))

    def signature(self, hashes: np.ndarray) -> MinHash:
        signature = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=int,
                            scheme="affine32", permutations=self.template.permutations)
        signature.update_batch(hashes.tolist())
        return signature


def _sentence_keys(folded: str) -> dict[int, int]:
    """Each long-enough sentence of the folded text (by a hash of its words) and its word
    count."""
    keys: dict[int, int] = {}
    for sentence in _SENTENCE_END.split(folded):
        words = _WORD.findall(sentence)
        if len(words) >= MIN_SENTENCE_WORDS:
            keys[zlib.crc32(" ".join(words).encode())] = len(words)
    return keys


def _is_copy_of(a: TextUnit, b: TextUnit, contained: float, contains: float) -> bool:
    """Is ``a`` the copy of ``b``? ``contained``: share of a in b, ``contains``: of b in a."""
    if a.published and b.published and a.published != b.published:
        return a.published > b.published
    # What a text says of itself comes first: a republication that adds a byline and a
    # note contains its original, so containment alone would point the wrong way.
    a_credits = a.fingerprint.credits(b.outlet, a.outlet)
    if a_credits != b.fingerprint.credits(a.outlet, b.outlet):
        return a_credits
    if abs(contained - contains) > 0.1:
        return contained > contains
    if a.excerpt != b.excerpt:
        return a.excerpt
    return a.key > b.key


class _Detector:
    def __init__(self, units: Sequence[TextUnit]) -> None:
        self.units = [u for u in units if u.fingerprint.words >= MIN_WORDS]
        self.prints = [u.fingerprint for u in self.units]
        self.signatures = [
            MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32",
                    hashvalues=np.array(p.signature, dtype=np.uint64))
            for p in self.prints]

    def republished_pairs(self) -> set[tuple[int, int]]:
        lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        with lsh.insertion_session() as session:
            for number, signature in enumerate(self.signatures):
                session.insert(number, signature)
        pairs = set()
        for number, signature in enumerate(self.signatures):
            pairs.update((min(number, o), max(number, o)) for o in lsh.query(signature)
                         if o != number)
        return pairs

    def shared_sentences(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Per pair sharing sentences: words of each unit in sentences the other also has."""
        sentences = [p.sentences for p in self.prints]
        carriers: dict[int, list[int]] = defaultdict(list)
        for number, keys in enumerate(sentences):
            for key in keys:
                carriers[key].append(number)
        shared: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
        for key, holders in carriers.items():
            if 1 < len(holders) <= MAX_SENTENCE_SPREAD:
                for a, b in combinations(holders, 2):
                    shared[a, b][0] += sentences[a][key]
                    shared[a, b][1] += sentences[b][key]
        return {pair: (words[0], words[1]) for pair, words in shared.items()}

    def judge(self, a: int, b: int, shared: tuple[int, int] | None) -> Copy | None:
        jaccard = float(self.signatures[a].jaccard(self.signatures[b]))
        size_a, size_b = self.prints[a].shingles, self.prints[b].shingles
        common = jaccard * (size_a + size_b) / (1 + jaccard)
        a_in_b, b_in_a = common / size_a, common / size_b
        if shared:  # words in shared sentences: exact, and better for small excerpts
            a_in_b = max(a_in_b, shared[0] / self.prints[a].words)
            b_in_a = max(b_in_a, shared[1] / self.prints[b].words)
        if jaccard >= REPUBLISHED_JACCARD:
            basis = "republished"
        elif max(a_in_b, b_in_a) >= EXCERPT_CONTAINMENT:
            basis = "excerpt"
        else:
            return None
        unit_a, unit_b = self.units[a], self.units[b]
        if _is_copy_of(unit_a, unit_b, a_in_b, b_in_a):
            return Copy(unit_a, unit_b, round(jaccard, 3), round(min(a_in_b, 1.0), 3), basis)
        return Copy(unit_b, unit_a, round(jaccard, 3), round(min(b_in_a, 1.0), 3), basis)


def find_copies(units: Sequence[TextUnit]) -> list[Copy]:
    """Every pair of units where one carries the other's text, sorted by the copy's key."""
    detector = _Detector(units)
    shared = detector.shared_sentences()
    candidates = detector.republished_pairs() | set(shared)
    copies = (detector.judge(a, b, shared.get((a, b))) for a, b in sorted(candidates))
    found = [c for c in copies if c is not None and c.copy.report_id != c.source.report_id]
    return sorted(found, key=lambda c: (c.copy.key, c.source.key))


class CopyGraph:
    """Which unit's text each unit carries, and the originals behind each one."""

    def __init__(self, units: Iterable[TextUnit], copies: Iterable[Copy]) -> None:
        self.outlets = {unit.key: unit.outlet for unit in units}
        self.sources: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        for found in copies:
            self.sources[found.copy.key].append(found.source.key)
        self._roots: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}

    def outlet(self, key: tuple[str, int]) -> str:
        return self.outlets.get(key, "")

    def originals(self, key: tuple[str, int]) -> tuple[tuple[str, int], ...]:
        """The units with no source of their own that ``key``'s text comes from (itself if none).

        The copy relation points to an earlier unit, so chains are short and end.
        """
        if key not in self._roots:
            parents = self.sources.get(key)
            # Provisional answer first: a loop of same-day copies ends here, not in recursion.
            self._roots[key] = (key,)
            if parents:
                roots = {root for parent in parents for root in self.originals(parent)}
                self._roots[key] = tuple(sorted(roots))
        return self._roots[key]


def _unit_row(unit: TextUnit) -> dict[str, Any]:
    return {
        "report": unit.report_id, "start": unit.start, "end": unit.end, "outlet": unit.outlet,
        "published": unit.published.isoformat() if unit.published else None,
        "excerpt": unit.excerpt,
    }


def syndication_member(copies: Sequence[Copy]) -> dict[str, Any]:
    """The layer's ``syndication`` member: how copies were found, and every copy found."""
    return {
        "method": {
            "shingle_words": SHINGLE_WORDS, "num_perm": NUM_PERM, "seed": MINHASH_SEED,
            "republished_jaccard": REPUBLISHED_JACCARD,
            "excerpt_containment": EXCERPT_CONTAINMENT, "min_words": MIN_WORDS,
        },
        "copies": [
            {"copy": _unit_row(c.copy), "source": _unit_row(c.source),
             "similarity": c.similarity, "containment": c.containment, "basis": c.basis}
            for c in copies
        ],
    }
