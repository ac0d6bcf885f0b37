"""Syndicated copies: which report (or aggregator excerpt) carries another's text.

The unit compared is a *text unit*: a whole report, or one excerpt of an aggregator page
(``Report.parts``), because an aggregator repeats other outlets piece by piece. Two
detectors find the pairs, both cheap enough for tens of thousands of reports:

- **Republications** (the same story, lightly edited, under another name): MinHash over
  word 5-shingles (datasketch's ``affine32`` scheme, fixed seed and hashing, so every build
  finds the same pairs) banded as datasketch's MinHash LSH bands them; a candidate is kept
  when its estimated Jaccard similarity reaches ``REPUBLISHED_JACCARD``. Both are done here
  in numpy, on every unit at once: the tests check the signatures and bands are
  datasketch's own, which a build no longer imports (it brought scipy: seconds of start-up
  for an incremental build).
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

from geo.records import Report, ReportPart

SHINGLE_WORDS = 5
NUM_PERM = 128
MINHASH_SEED = 1
#: Candidates of the LSH; below this estimated Jaccard similarity a pair is not looked at.
LSH_THRESHOLD = 0.5
#: The LSH's bands and rows per band: datasketch's optimum for LSH_THRESHOLD and NUM_PERM
#: (equal weights of false positives and negatives; tests/test_syndication.py checks it).
LSH_BANDS, LSH_ROWS = 25, 5
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
    #: The MinHash signature of those shingles: NUM_PERM little-endian uint32 values.
    signature: bytes
    #: Each long-enough sentence (a hash of its words) and its word count.
    sentences: Mapping[int, int]
    #: The unit's opening says it is republished ("Originally published by ...").
    credit: bool
    #: The unit's first LEAD_CHARS characters (curly quotes folded, case kept: an outlet's
    #: name is a proper noun, "Dawn" is not "at dawn"): where a wire's name stands.
    lead: str

    def to_json(self) -> dict[str, Any]:
        return {"words": self.words, "shingles": self.shingles,
                "signature": self.signature.hex(),
                "sentences": [[key, count] for key, count in self.sentences.items()],
                "credit": self.credit, "lead": self.lead}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> UnitPrint:
        return cls(data["words"], data["shingles"], bytes.fromhex(data["signature"]),
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
    signature = minhash_signature(hashes).astype("<u4").tobytes()
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


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations h -> a * h + b (mod 2**32, ``a`` odd: a bijection),
    drawn as datasketch draws them for its seed."""
    draw = np.random.RandomState(MINHASH_SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def minhash_signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32) of a set of 32-bit hashes.

    Each hash is first mixed by MurmurHash3's 32-bit finalizer (a bijection that spreads
    structured input), then every permutation keeps its least value. An empty set keeps
    the largest value everywhere.
    """
    signature = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    mixed = hashes.astype(np.uint32)
    mixed ^= mixed >> np.uint32(16)
    mixed *= np.uint32(0x85EBCA6B)
    mixed ^= mixed >> np.uint32(13)
    mixed *= np.uint32(0xC2B2AE35)
    mixed ^= mixed >> np.uint32(16)
    a, b = _permutations()
    for low in range(0, len(mixed), 4096):  # bounded memory for a very long unit
        block = mixed[low:low + 4096, None] * a + b
        np.minimum(signature, block.min(axis=0), out=signature)
    return signature


class _Shingler:
    """Word 5-shingles as 32-bit hashes.

    Words are hashed with crc32 (the same in every process, unlike Python's ``hash``), each
    distinct word once.
    """

    def __init__(self) -> None:
        self.word_hashes: dict[str, int] = {}

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
        count = len(self.prints)
        self.signatures = np.frombuffer(b"".join(p.signature for p in self.prints),
                                        dtype="<u4").reshape(count, NUM_PERM)
        self.shingles = np.array([p.shingles for p in self.prints], dtype=np.float64)
        self.words = np.array([p.words for p in self.prints], dtype=np.float64)

    def republished_pairs(self) -> np.ndarray:
        """Pairs (a < b) whose signatures agree on every row of at least one band, as
        codes ``a * count + b``."""
        count = len(self.prints)
        codes = [np.zeros(0, np.int64)]
        for band in range(LSH_BANDS):
            rows = np.ascontiguousarray(
                self.signatures[:, band * LSH_ROWS:(band + 1) * LSH_ROWS])
            keys = rows.view(np.dtype((np.void, rows.itemsize * LSH_ROWS))).ravel()
            _, bucket, sizes = np.unique(keys, return_inverse=True, return_counts=True)
            order = np.argsort(bucket, kind="stable")  # members of a bucket in unit order
            starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
            for bucket_start, size in zip(starts[sizes > 1].tolist(),
                                          sizes[sizes > 1].tolist(), strict=True):
                members = order[bucket_start:bucket_start + size]
                a, b = np.triu_indices(size, 1)
                codes.append(members[a].astype(np.int64) * count + members[b])
        return np.unique(np.concatenate(codes))

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

    def copies(self) -> list[Copy]:
        """Every candidate pair judged, all at once (there are a million at 10,000 units
        of one war's reporting): the estimates are vectors, only the kept pairs are
        objects."""
        count = len(self.prints)
        shared = self.shared_sentences()
        pairs = sorted(shared)
        shared_codes = np.array([a * count + b for a, b in pairs], dtype=np.int64)
        shared_words = np.array([shared[pair] for pair in pairs], dtype=np.float64
                                ).reshape(-1, 2)
        codes = np.union1d(self.republished_pairs(), shared_codes)
        found = []
        for low in range(0, len(codes), 65536):
            found += self._judge(codes[low:low + 65536], shared_codes, shared_words)
        return found

    def _judge(self, codes: np.ndarray, shared_codes: np.ndarray, shared_words: np.ndarray
               ) -> list[Copy]:
        count = len(self.prints)
        a, b = codes // count, codes % count
        agree = np.count_nonzero(self.signatures[a] == self.signatures[b], axis=1)
        jaccard = agree.astype(np.float64) / float(NUM_PERM)
        size_a, size_b = self.shingles[a], self.shingles[b]
        common = jaccard * (size_a + size_b) / (1 + jaccard)
        a_in_b, b_in_a = common / size_a, common / size_b
        if len(shared_codes):  # words in shared sentences: exact, better for small excerpts
            at = np.minimum(np.searchsorted(shared_codes, codes), len(shared_codes) - 1)
            words = np.where((shared_codes[at] == codes)[:, None], shared_words[at], 0.0)
            a_in_b = np.maximum(a_in_b, words[:, 0] / self.words[a])
            b_in_a = np.maximum(b_in_a, words[:, 1] / self.words[b])
        republished = jaccard >= REPUBLISHED_JACCARD
        kept = republished | (np.maximum(a_in_b, b_in_a) >= EXCERPT_CONTAINMENT)
        found = []
        for i in np.flatnonzero(kept).tolist():
            unit_a, unit_b = self.units[a[i]], self.units[b[i]]
            basis = "republished" if republished[i] else "excerpt"
            similarity, ab, ba = float(jaccard[i]), float(a_in_b[i]), float(b_in_a[i])
            if _is_copy_of(unit_a, unit_b, ab, ba):
                found.append(Copy(unit_a, unit_b, round(similarity, 3),
                                  round(min(ab, 1.0), 3), basis))
            else:
                found.append(Copy(unit_b, unit_a, round(similarity, 3),
                                  round(min(ba, 1.0), 3), basis))
        return found


def find_copies(units: Sequence[TextUnit]) -> list[Copy]:
    """Every pair of units where one carries the other's text, sorted by the copy's key."""
    copies = _Detector(units).copies()
    found = [c for c in copies if c.copy.report_id != c.source.report_id]
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
