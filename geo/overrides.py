"""The analyst's corrections: what needs review, and the pins that fix it.

A pin puts a name where the analyst says, whatever the gazetteer thinks. Its scope is one
mention (report, start, end), a name within one report, or a name everywhere; the narrowest
pin that fits a mention wins. Pins live in ``data/overrides.json`` (documented in
``docs/gazetteer-and-geocoding.md``): versioned, human-editable, written atomically, and
applied by every build through ``Geoparser.pins``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from geo.atomic import write_atomically
from geo.errors import OverridesError
from geo.records import NOT_A_PLACE, Mention, Place, Report, Resolution
from geo.text import fold_name

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OVERRIDES = REPO_ROOT / "data" / "overrides.json"
ENV_OVERRIDES = "CONFLICT_MAP_OVERRIDES"
SCHEMA_NAME = "conflict-map/overrides"
SCHEMA_VERSION = 1
ABOUT = ("Analyst pins: each puts a name where the analyst says, or (place null) says it is "
         "not a place. scope is 'mention' (report, start, end), 'report' (the name within one "
         "report) or 'everywhere'. See docs/gazetteer-and-geocoding.md.")

# Below this confidence a placed mention is listed for review.
REVIEW_THRESHOLD = 0.7

Scope = Literal["mention", "report", "everywhere"]
SCOPES: tuple[Scope, ...] = ("mention", "report", "everywhere")


@dataclass(frozen=True)
class PinnedPlace:
    """Where a pin puts its name."""

    name: str
    lat: float
    lon: float
    place_type: str = "village"
    country: str = ""
    precision_km: float = 1.0


@dataclass(frozen=True)
class Pin:
    """One override: a name (in a scope) and the place it means; no place: not a place."""

    name: str
    scope: Scope
    place: PinnedPlace | None
    report: str = ""
    start: int | None = None
    end: int | None = None
    source: str = "coordinates"
    note: str = ""
    pinned_at: str = ""

    @property
    def pin_id(self) -> str:
        """Stable for a scope and target: pinning the same thing again replaces the pin."""
        target = f"{self.scope}|{self.report}|{self.start}|{self.end}|{fold_name(self.name)}"
        return hashlib.sha1(target.encode()).hexdigest()[:10]


def overrides_path(path: Path | None = None) -> Path:
    """Where the overrides live: ``path``, else $CONFLICT_MAP_OVERRIDES, else the default."""
    if path is not None:
        return path
    env = os.environ.get(ENV_OVERRIDES)
    return Path(env) if env else DEFAULT_OVERRIDES


def make_pin(*, name: str, place: PinnedPlace | None, report: str = "", start: int | None = None,
             end: int | None = None, everywhere: bool = False, source: str = "coordinates",
             note: str = "") -> Pin:
    """A checked pin; its scope follows from what is given."""
    scope: Scope = "everywhere" if everywhere else "mention" if start is not None else "report"
    pin = Pin(name=name, scope=scope, place=place, report=report, start=start, end=end,
              source=source, note=note,
              pinned_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())
    _check(pin, "the new pin")
    return pin


def _check(pin: Pin, where: str) -> None:
    problems = []
    if not fold_name(pin.name):
        problems.append("it has no name")
    if pin.scope != "everywhere" and not pin.report:
        problems.append(f"scope {pin.scope!r} needs a report id")
    if pin.scope == "mention" and (pin.start is None or pin.end is None):
        problems.append("scope 'mention' needs start and end")
    if pin.place is not None and not (-90 <= pin.place.lat <= 90 and -180 <= pin.place.lon <= 180):
        problems.append(f"coordinates out of range ({pin.place.lat}, {pin.place.lon})")
    if problems:
        raise OverridesError(f"{where}: {'; '.join(problems)}")


def _pin_from(data: Any, where: str) -> Pin:
    try:
        place = None if data["place"] is None else PinnedPlace(**data["place"])
        if place is not None:
            place = replace(place, lat=float(place.lat), lon=float(place.lon))
        fields = {k: v for k, v in data.items() if k not in {"id", "place"}}
        pin = Pin(place=place, **fields)
    except (KeyError, TypeError, ValueError) as err:
        raise OverridesError(f"{where}: not a pin ({err!r}); see the file's 'about'") from err
    if pin.scope not in SCOPES:
        raise OverridesError(f"{where}: scope {pin.scope!r} is not one of {', '.join(SCOPES)}")
    _check(pin, where)
    return pin


def read_pins(path: Path) -> tuple[Pin, ...]:
    """The pins of the overrides file; none when there is no file yet. One bad pin raises
    an OverridesError naming it (see :func:`read_good_pins` to keep the others)."""
    pins, problems = read_good_pins(path)
    if problems:
        raise problems[0]
    return pins


def read_good_pins(path: Path) -> tuple[tuple[Pin, ...], list[OverridesError]]:
    """The readable pins of the overrides file, and one error per pin that is not (or for
    the whole file when it cannot be read): a bad pin must not cost the others."""
    try:
        return _read_all(path)
    except OverridesError as err:
        return (), [err]


def _read_all(path: Path) -> tuple[tuple[Pin, ...], list[OverridesError]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return (), []
    except (OSError, ValueError) as err:
        raise OverridesError(
            f"{path}: cannot read the overrides ({err}); fix or remove it"
        ) from err
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_NAME:
        raise OverridesError(f"{path}: not a conflict-map overrides file (schema {SCHEMA_NAME})")
    if not isinstance(data.get("version"), int) or data["version"] > SCHEMA_VERSION:
        raise OverridesError(
            f"{path}: overrides version {data.get('version')!r} is not one this program knows "
            f"(up to {SCHEMA_VERSION}); update conflict-map"
        )
    pins, problems = [], []
    for number, item in enumerate(data.get("pins", []), 1):
        try:
            pins.append(_pin_from(item, f"{path}, pin {number}"))
        except OverridesError as err:
            problems.append(OverridesError(f"{err}. {_how_to_fix(path, item)}"))
    return tuple(pins), problems


def _how_to_fix(path: Path, item: Any) -> str:
    pin_id = item.get("id") if isinstance(item, dict) else None
    remove = (f"or remove it: python -m geo review unpin {pin_id} --overrides {path}"
              if isinstance(pin_id, str) and pin_id else "or delete it from the file")
    return f"Fix it in {path} (coordinates are lat -90..90, lon -180..180), {remove}"


def _pin_json(pin: Pin) -> dict[str, Any]:
    return {"id": pin.pin_id, **asdict(pin)}


def write_pins(path: Path, pins: Iterable[Pin]) -> None:
    """Write the overrides atomically: readers see the old file or the new one."""
    data = {"schema": SCHEMA_NAME, "version": SCHEMA_VERSION, "about": ABOUT,
            "pins": [_pin_json(p) for p in sorted(pins, key=lambda p: (p.report, p.name))]}
    write_atomically(path, [json.dumps(data, ensure_ascii=False, indent=2), "\n"])


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the overrides' lock: one read-modify-write at a time, across threads and
    processes (flock on a lock file beside it; each open is its own lock holder)."""
    lock = path.with_name(f".{path.name}.lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a")
    except OSError as err:
        raise OverridesError(f"{path}: cannot lock the overrides ({err.strerror or err}); "
                             "choose a folder you can write to") from err
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def add_pin(path: Path, pin: Pin) -> Pin:
    """Save a pin, replacing any earlier pin of the same scope and target; pins saved at
    the same time by other sessions or processes are all kept."""
    with _locked(path):
        kept = [p for p in read_pins(path) if p.pin_id != pin.pin_id]
        write_pins(path, [*kept, pin])
    return pin


def remove_pin(path: Path, pin_id: str) -> bool:
    """Delete a pin by id; False when there was none."""
    with _locked(path):
        pins = read_pins(path)
        kept = [p for p in pins if p.pin_id != pin_id]
        if len(kept) != len(pins):
            write_pins(path, kept)
    return len(kept) != len(pins)


class PinIndex:
    """A ``Geoparser.pins``: the analyst's place for a mention, if one is pinned."""

    def __init__(self, pins: Iterable[Pin], problems: Iterable[OverridesError] = ()) -> None:
        self.pins = tuple(pins)
        #: Pins of the file that could not be read: left out, and said in the summary.
        self.problems = tuple(problems)
        self.applied = 0

    def __call__(self, mention: Mention, report: Report) -> Resolution | None:
        names = {fold_name(mention.name), fold_name(mention.text)}
        fitting = [p for p in self.pins if fold_name(p.name) in names and _fits(p, mention)]
        if not fitting:
            return None
        pin = min(fitting, key=lambda p: SCOPES.index(p.scope))
        self.applied += 1
        if pin.place is None:
            return Resolution(None, 1.0, NOT_A_PLACE, reason=f"not a place, by an analyst "
                                                             f"({pin.scope})")
        return Resolution(_place(pin), 1.0, "pin", reason=f"pinned by an analyst ({pin.scope})")

    def summary_line(self) -> str:
        lines = [f"pins: {len(self.pins)} in the overrides, applied to {self.applied} "
                 "mention(s)"] if self.pins else []
        lines += [f"pin ignored: {problem}" for problem in self.problems]
        return "\n".join(lines)


def _fits(pin: Pin, mention: Mention) -> bool:
    if pin.scope == "everywhere":
        return True
    if pin.report != mention.report_id:
        return False
    return pin.scope == "report" or (pin.start, pin.end) == (mention.start, mention.end)


def _place(pin: Pin) -> Place:
    spot = pin.place
    assert spot is not None  # a not-a-place pin never gets here
    return Place(place_id=f"pin:{pin.pin_id}", name=spot.name, lat=spot.lat, lon=spot.lon,
                 place_type=spot.place_type, country=spot.country,
                 precision_km=spot.precision_km,
                 source=f"analyst pin ({pin.source}, {pin.pinned_at})")


def load_pins(path: Path | None = None) -> PinIndex:
    """The pins of the overrides file (see :func:`overrides_path`) as a ``Geoparser.pins``;
    a bad pin is left out and named in the build's summary, the good ones still apply."""
    return PinIndex(*read_good_pins(overrides_path(path)))


@dataclass(frozen=True)
class Candidate:
    """A place an analyst may pin a mention to."""

    place_id: str
    name: str
    lat: float
    lon: float
    place_type: str = ""
    country: str = ""


@dataclass(frozen=True)
class ReviewItem:
    """A mention that needs an analyst: unresolved, or placed with little confidence."""

    report: str
    start: int
    end: int
    mention: str
    quote: str
    status: Literal["unresolved", "low confidence"]
    reason: str
    confidence: float
    place: Candidate | None
    candidates: tuple[Candidate, ...]

    @property
    def key(self) -> str:
        return f"{self.report}:{self.start}-{self.end}"


def _candidate(row: dict[str, Any]) -> Candidate:
    return Candidate(row["place_id"], row.get("place", ""), float(row["lat"]), float(row["lon"]),
                     row.get("place_type", ""), row.get("country", ""))


def _unresolved_item(row: dict[str, Any]) -> ReviewItem:
    return ReviewItem(
        row["report"], row["start"], row["end"], row["mention"], row.get("quote", ""),
        "unresolved", row.get("reason", ""), 0.0, None,
        tuple(_candidate(c) for c in row.get("candidates", [])),
    )


def _feature_item(feature: dict[str, Any]) -> ReviewItem:
    props = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    here = Candidate(props["place_id"], props.get("place", ""), lat, lon,
                     props.get("place_type", ""), props.get("country", ""))
    return ReviewItem(
        props["report"], props["start"], props["end"], props["mention"], props.get("quote", ""),
        "low confidence", f"placed by {props.get('resolution', '?')}",
        float(props.get("confidence", 0.0)), here,
        (here, *(_candidate(c) for c in props.get("candidates", []))),
    )



def review_items(layer: dict[str, Any], threshold: float = REVIEW_THRESHOLD) -> list[ReviewItem]:
    """Every unresolved mention and every placed one below ``threshold``: the unresolved
    first, then the least sure, each in report order (where an analyst's time helps most).

    Pinned mentions are settled and left out.
    """
    items = [_unresolved_item(row) for row in layer.get("unresolved", [])]
    items += [
        _feature_item(f) for f in layer.get("features", [])
        if f["properties"].get("resolution") != "pin"
        and float(f["properties"].get("confidence", 1.0)) < threshold
    ]
    return sorted(items, key=lambda i: (i.status != "unresolved", i.confidence, i.report, i.start))
