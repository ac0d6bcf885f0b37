"""The event lexicons: trigger words and actors, read from ``data/events/*.csv``.

Data, not code, so that a user following another war extends a file: ``triggers.csv`` maps
words to ACLED event and sub-event types, ``actors.csv`` names the parties (with aliases,
their side and, when they speak, the kind of claimant they are). Each row cites a source.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import LexiconError
from geo.events import prefixes, trigger_index
from geo.events.trigger_index import TriggerIndex

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "events"
#: ``sub_event_type`` of trigger rows whose ACLED type follows from the actor's side.
TERRITORY = "territory"
#: ``sub_event_type`` of bare deaths ("were killed"): the type follows from who died.
KILLED = "killed"


@dataclass(frozen=True)
class TriggerRule:
    event_type: str
    sub_event_type: str
    rank: int
    #: The words are war words only beside a party of the war ("captured", "assault",
    #: "arrested", "died"): with none, a sentence is crime, sport or a road accident.
    needs_party: bool = False


@dataclass(frozen=True)
class Actor:
    """A party, a source, or both: ``side`` when it fights, ``claimant_kind`` when it speaks."""

    name: str
    side: str
    claimant_kind: str
    claimant: str  # the normalised claimant name; "" means "as written"


@dataclass(frozen=True)
class NameEntry:
    """An alias as the word-by-word scan tests it, worked out once."""

    alias: str
    folded: str  # ``fold_for_names(alias)``
    acronym: bool
    actors: tuple[Actor, ...]


@dataclass(frozen=True)
class NameGroup:
    """The aliases that begin with one word: the longest that fits is the name there."""

    entries: tuple[NameEntry, ...]  # longest first
    #: The non-acronyms' folded aliases, longest first, as whole words (on folded text).
    words: re.Pattern[str]
    by_folded: dict[str, int]  # folded alias -> its index in ``entries``
    acronyms: tuple[int, ...]  # the indexes of the acronyms (matched in their case)


def _name_group(entries: tuple[NameEntry, ...]) -> NameGroup:
    plain = [e.folded for e in entries if not e.acronym]
    body = "|".join(re.escape(f) for f in plain) or "(?!)"
    by_folded: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if not entry.acronym:
            by_folded.setdefault(entry.folded, index)
    return NameGroup(entries, re.compile(rf"(?:{body})(?![\w-])"), by_folded,
                     tuple(i for i, e in enumerate(entries) if e.acronym))


@dataclass(frozen=True)
class Lexicon:
    triggers: re.Pattern[str]
    rules: dict[str, TriggerRule]  # by the trigger pattern's group name
    names: tuple[re.Pattern[str], ...]  # the actors' aliases (case-sensitive, then not)
    actors: dict[str, tuple[Actor, ...]]  # by folded alias
    #: Aliases by their first word (folded), longest first: a sentence is scanned word by
    #: word with dictionary look-ups, not with one 500-way regular expression.
    by_first_word: dict[str, NameGroup] = dataclasses.field(default_factory=dict)
    #: Where a word may start a trigger, and which rules can match there, by its first
    #: letters (see ``geo.events.trigger_index``). None: every position must be tried.
    trigger_index: TriggerIndex | None = None
    #: The words ``by_first_word`` knows, as whole words of folded text: a sentence's
    #: scan stops only at them, not at each of its words.
    first_words: re.Pattern[str] = re.compile(r"(?!)")

    def actors_for(self, alias: str) -> tuple[Actor, ...]:
        return self.actors.get(_key(alias), ())


def _key(alias: str) -> str:
    return alias.casefold().replace("’", "'")


def fold_for_names(text: str) -> str:
    """Lower case with one apostrophe, the same length as ``text`` (or ``text`` itself)."""
    folded = text.lower().replace("’", "'")
    return folded if len(folded) == len(text) else text


FIRST_WORD = re.compile(r"[\w]+")


def _by_first_word(aliases: list[str],
                   actors: dict[str, tuple[Actor, ...]]) -> dict[str, NameGroup]:
    index: dict[str, set[str]] = {}
    for alias in aliases:
        first = FIRST_WORD.match(fold_for_names(alias))
        if first:
            index.setdefault(first.group(), set()).add(alias)
    return {word: _name_group(tuple(
        NameEntry(a, fold_for_names(a), is_acronym(a), actors.get(_key(a), ()))
        for a in sorted(found, key=len, reverse=True))) for word, found in index.items()}


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = set(columns) - set(reader.fieldnames or ())
            if missing:
                raise LexiconError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            rows = list(reader)
    except OSError as err:
        raise LexiconError(f"Cannot read the event lexicon {path}: {err}") from err
    for number, row in enumerate(rows, start=2):
        if not all((row.get(c) or "").strip() for c in ("source", columns[0])):
            raise LexiconError(f"{path}:{number}: every row needs {columns[0]} and a source")
    return rows


def _trigger_pattern(rows: list[dict[str, str]],
                     path: Path) -> tuple[re.Pattern[str], dict, list[tuple[str, str]]]:
    parts, rules, named = [], {}, []
    for number, row in enumerate(rows, start=2):
        group = f"t{number}"
        try:
            re.compile(row["pattern"])
        except re.error as err:
            raise LexiconError(f"{path}:{number}: bad pattern: {err}") from err
        parts.append(f"(?P<{group}>{row['pattern']})")
        named.append((group, row["pattern"]))
        rules[group] = TriggerRule(row["event_type"], row["sub_event_type"], int(row["rank"]),
                                   (row.get("needs_party") or "").strip() == "yes")
    # Case-insensitive, whole words: "IEDs" but not "Assad's bombast".
    return re.compile(_WHOLE_WORDS.format("|".join(parts)), re.I), rules, named


_WHOLE_WORDS = r"(?<![\w-])(?:{})(?![\w-])"


def is_acronym(alias: str) -> bool:
    # "IS", "AP", "WHO": as words they would match "is", "ap", "who".
    return len(alias) <= 5 and alias.upper() == alias


def _name_patterns(aliases: list[str]) -> tuple[re.Pattern[str], ...]:
    ordered = sorted(set(aliases), key=len, reverse=True)  # the longest alias wins

    def alternation(words: list[str], flags: int) -> re.Pattern[str]:
        body = "|".join(re.escape(w).replace("'", "['’]") for w in words) or "(?!)"
        return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", flags)

    return (alternation([a for a in ordered if is_acronym(a)], 0),
            alternation([a for a in ordered if not is_acronym(a)], re.I))


def lexicon_fingerprint(directory: Path = DATA_DIR) -> str:
    """A digest of the lexicon files: it changes when a row does (a cache key part)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def load_lexicon(directory: Path = DATA_DIR) -> Lexicon:
    """The lexicons of ``directory`` (read once per process)."""
    trigger_path, actor_path = directory / "triggers.csv", directory / "actors.csv"
    trigger_rows = _rows(trigger_path, ("pattern", "event_type", "sub_event_type", "rank"))
    triggers, rules, named = _trigger_pattern(trigger_rows, trigger_path)
    actors: dict[str, list[Actor]] = {}
    aliases: list[str] = []
    for row in _rows(actor_path, ("name", "aliases", "side", "claimant_kind", "claimant")):
        actor = Actor(row["name"], row["side"], row["claimant_kind"], row["claimant"])
        for alias in filter(None, (a.strip() for a in row["aliases"].split("|"))):
            aliases.append(alias)
            actors.setdefault(_key(alias), []).append(actor)
    by_alias = {k: tuple(v) for k, v in actors.items()}
    by_first_word = _by_first_word(aliases, by_alias)
    return Lexicon(triggers, rules, _name_patterns(aliases), by_alias, by_first_word,
                   trigger_index.build(named, triggers, _WHOLE_WORDS), _first_words(by_first_word))


def _first_words(by_first_word: dict[str, NameGroup]) -> re.Pattern[str]:
    # A whole word (the scan's ``(?<![\w-])\w+``) that is one of the keys: the tree of the
    # keys' letters, then no word letter.
    if not by_first_word:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w-])(?:{prefixes.alternation(sorted(by_first_word))})(?!\w)")
