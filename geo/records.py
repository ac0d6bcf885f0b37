"""The records that flow through the pipeline.

``Report -> Mention -> Resolution -> Feature``: each stage is a frozen dataclass that keeps
its provenance (report id, character offsets into the report's body), so a point on the map
can always be traced back to the exact sentence that put it there.

Coordinates are held as named ``lat``/``lon`` fields, never as bare tuples: GeoJSON wants
``[lon, lat]`` and Leaflet ``[lat, lon]``, and the two conversions live in ``geo.layer`` and
``components.map_view`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DatePrecision = Literal["day", "month", "year"]
DateBasis = Literal["explicit", "relative", "publication", "undated"]

#: The method of a mention an analyst said is not a place (a pin with no place): the layer
#: lists it under ``dismissed``, never as a feature or as unresolved.
NOT_A_PLACE = "not a place"

#: Kinds of place the layer distinguishes; the dashboard draws each kind differently.
PLACE_TYPES = (
    "city",
    "town",
    "village",
    "neighbourhood",
    "landmark",
    "base",
    "airport",
    "port",
    "road",
    "junction",
    "crossing",
    "region",
    "country",
    "water",
)


@dataclass(frozen=True)
class ReportPart:
    """A stretch of a report's body that speaks for one outlet on one day.

    Most reports are one part. An aggregator page that quotes several outlets, each under its
    own header, is split so every quote keeps the outlet and date of the excerpt it is in.
    """

    start: int
    end: int
    outlet: str
    published: dt.date | None
    header: str = ""


@dataclass(frozen=True)
class Report:
    """One news report: its metadata and its body text (offsets index into ``body``)."""

    report_id: str
    path: Path
    outlet: str
    published: dt.date | None
    body: str
    title: str = ""
    url: str = ""
    author: str = ""
    metadata_note: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    parts: tuple[ReportPart, ...] = ()

    def part_at(self, offset: int) -> ReportPart:
        """The part that holds character ``offset`` (the whole report if it has no parts)."""
        for part in self.parts:
            if part.start <= offset < part.end:
                return part
        return ReportPart(0, len(self.body), self.outlet, self.published)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A place name found in a report, with where it stands and how it is used.

    ``name`` is the form looked up in the gazetteer (``"Idlib"`` for the span
    ``"Idlib province"``); ``feature`` is the feature word that came with it (``"province"``,
    ``"air base"``, ``"highway"``) and steers the choice among namesakes. ``literal`` is False
    for uses that are not about the place itself ("Moscow's troops", "Iran-backed").
    """

    report_id: str
    start: int
    end: int
    text: str
    name: str
    sentence: Sentence
    feature: str = ""
    qualifier: str = ""
    literal: bool = True
    usage: str = "literal"
    related_names: tuple[str, ...] = ()
    distance_km: float | None = None
    distance_from: str = ""
    #: For a description that stands for a place named before it ("the city itself"), the
    #: offsets of that earlier name (``geo.anaphora``); None for a place name.
    antecedent: tuple[int, int] | None = None


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: where a place is and how exactly that is known."""

    place_id: str
    name: str
    lat: float
    lon: float
    place_type: str
    country: str = ""
    admin1: str = ""
    population: int = 0
    precision_km: float = 5.0
    source: str = ""


@dataclass(frozen=True)
class Resolution:
    """The place chosen for a mention (or none), how sure we are, and what else was weighed."""

    place: Place | None
    confidence: float
    method: str
    candidates: tuple[Place, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class EventDate:
    """When the event a sentence reports happened, and how that was worked out."""

    date: dt.date | None
    precision: DatePrecision | None
    basis: DateBasis
    expression: str = ""


#: The flags an event can carry (``EventCoding.event_flags``).
EVENT_FLAGS = ("historical", "intent", "negated", "disputed")
#: Who an actor fights for (``actor1_side``/``actor2_side``); ``unknown`` is an honest answer.
SIDES = ("opposition", "government", "russia", "iran", "sdf", "israel", "turkey", "usa",
         "islamic_state", "civilians", "unknown")
#: Who a claim comes from (``claimant_kind``); ``outlet`` is the report's own voice.
CLAIMANT_KINDS = ("outlet", "belligerent", "monitor", "media", "local", "official")


@dataclass(frozen=True)
class EventCoding:
    """What a mention's sentence says happened at that place, who did it, who says so.

    Field names are the layer's per-mention properties (docs/layer-schema.md). A context
    mention (a description, a reference point, an actor's name) has ``event_type`` None and
    every other field empty; offsets index into the report's body like a mention's.
    """

    event_type: str | None = None
    sub_event_type: str | None = None
    event_flags: tuple[str, ...] = ()
    actor1: str | None = None
    actor2: str | None = None
    actor1_side: str | None = None
    actor2_side: str | None = None
    claimant: str | None = None
    claimant_kind: str | None = None
    fatalities: int | None = None
    event_trigger: str | None = None
    event_trigger_start: int | None = None
    event_trigger_end: int | None = None
    claim_start: int | None = None
    claim_end: int | None = None

    @property
    def is_event(self) -> bool:
        return self.event_type is not None


#: The coding of a mention that is context, not where something happened.
CONTEXT = EventCoding()


@dataclass(frozen=True)
class ResolvedMention:
    """A mention with its place, its event date and what happened there.

    One feature (or one unresolved row).
    """

    mention: Mention
    resolution: Resolution
    event_date: EventDate
    part: ReportPart = field(default_factory=lambda: ReportPart(0, 0, "", None))
    event: EventCoding = CONTEXT
