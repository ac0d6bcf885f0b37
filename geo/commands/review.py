"""``python -m geo review``: what needs an analyst, and pinning the right place.

``review`` lists every unresolved and low-confidence mention with the candidates that were
weighed; ``review pin`` saves the analyst's choice in the overrides file, which every later
build applies; ``review pins`` and ``review unpin`` show and remove pins.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.build import DEFAULT_LAYER
from geo.errors import OverridesError
from geo.layer import read_layer
from geo.overrides import (
    REVIEW_THRESHOLD,
    Candidate,
    PinnedPlace,
    ReviewItem,
    add_pin,
    make_pin,
    overrides_path,
    read_pins,
    remove_pin,
    review_items,
)
from geo.records import PLACE_TYPES


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("review", help="list what needs review; pin places")
    _common(parser)
    parser.add_argument("--threshold", type=float, default=REVIEW_THRESHOLD,
                        help=f"list placed mentions below this confidence ({REVIEW_THRESHOLD})")
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    pin = actions.add_parser("pin", help="pin a name to a candidate or to coordinates")
    _common(pin, inherited=True)
    _pin_options(pin)
    pin.set_defaults(run=run_pin)
    pins = actions.add_parser("pins", help="list the pins of the overrides file")
    _common(pins, inherited=True)
    pins.set_defaults(run=run_pins)
    unpin = actions.add_parser("unpin", help="remove a pin by its id")
    _common(unpin, inherited=True)
    unpin.add_argument("pin_id")
    unpin.set_defaults(run=run_unpin)


def _common(parser: argparse.ArgumentParser, *, inherited: bool = False) -> None:
    # An action's copy of an option has no default of its own (SUPPRESS): argparse would
    # otherwise overwrite `review --layer X pin` with the default. `review` sets them.
    keep = {"default": argparse.SUPPRESS} if inherited else {}
    parser.add_argument("--layer", type=Path, **(keep or {"default": DEFAULT_LAYER}),
                        help=f"the layer to review (default: {DEFAULT_LAYER})")
    parser.add_argument("--overrides", type=Path, **(keep or {"default": None}),
                        help="the pins file (default: $CONFLICT_MAP_OVERRIDES, else "
                        "data/overrides.json)")


def _pin_options(pin: argparse.ArgumentParser) -> None:
    pin.add_argument("--name", required=True, help="the name as the report writes it")
    pin.add_argument("--report", default="", help="scope: the name within this report")
    pin.add_argument("--start", type=int, help="scope: only the mention at these offsets")
    pin.add_argument("--end", type=int)
    pin.add_argument("--everywhere", action="store_true", help="scope: the name in every report")
    where = pin.add_mutually_exclusive_group(required=True)
    where.add_argument("--candidate", help="a place_id among the candidates listed by review")
    where.add_argument("--lat", type=float, help="latitude (with --lon)")
    where.add_argument("--not-a-place", action="store_true",
                       help="the name is not a place here (an organisation, a person): drop it")
    pin.add_argument("--lon", type=float, help="longitude (with --lat)")
    pin.add_argument("--place-name", default="", help="name to show for typed coordinates")
    pin.add_argument("--type", default="village", choices=PLACE_TYPES,
                     help="place type for typed coordinates")
    pin.add_argument("--note", default="", help="why: the source that settles it")


def _format(item: ReviewItem) -> list[str]:
    here = f"-> {item.place.name} ({item.place.place_id})" if item.place else ""
    lines = [f"{item.key}  {item.mention!r}  [{item.status}: {item.reason or '-'}"
             f"{f', confidence {item.confidence:.2f}' if item.place else ''}] {here}",
             f"    “{item.quote[:160]}”"]
    lines += [f"    {n}. {c.place_id}  {c.name} ({c.place_type or '?'}, {c.country or '?'}) "
              f"{c.lat:.4f}, {c.lon:.4f}" for n, c in enumerate(item.candidates, 1)]
    return lines


def run_list(args: argparse.Namespace) -> int:
    items = review_items(read_layer(args.layer), args.threshold)
    for item in items:
        print("\n".join(_format(item)))
    print(f"{len(items)} mention(s) to review in {args.layer}; pin one with: python -m geo "
          "review pin --name NAME --report REPORT (--candidate ID | --lat .. --lon .. | "
          "--not-a-place)")
    return 0


def _candidate(args: argparse.Namespace) -> Candidate:
    """The candidate ``--candidate`` names, as the layer lists it."""
    layer = read_layer(args.layer)
    for item in review_items(layer, threshold=1.01):
        for candidate in item.candidates:
            if candidate.place_id == args.candidate:
                return candidate
    raise OverridesError(
        f"{args.candidate!r} is not a candidate in {args.layer}; run `python -m geo review` "
        "to see the candidates, or give --lat and --lon"
    )


def _place(args: argparse.Namespace) -> tuple[PinnedPlace | None, str]:
    if args.not_a_place:
        return None, "analyst"
    if args.candidate:
        c = _candidate(args)
        return PinnedPlace(c.name, c.lat, c.lon, c.place_type or "village", c.country), c.place_id
    if args.lon is None:
        raise OverridesError("--lat needs --lon")
    name = args.place_name or args.name
    return PinnedPlace(name, args.lat, args.lon, args.type), "coordinates"


def _where(place: PinnedPlace | None) -> str:
    if place is None:
        return "as not a place"
    return f"to {place.name} at {place.lat:.5f}, {place.lon:.5f}"


def run_pin(args: argparse.Namespace) -> int:
    if not args.report and not args.everywhere:
        raise OverridesError("say where the pin applies: --report ID (with --start/--end for "
                             "one mention) or --everywhere")
    if (args.start is None) != (args.end is None):
        raise OverridesError("--start and --end go together")
    place, source = _place(args)
    pin = make_pin(name=args.name, place=place, report=args.report, start=args.start,
                   end=args.end, everywhere=args.everywhere, source=source, note=args.note)
    path = overrides_path(args.overrides)
    add_pin(path, pin)
    print(f"pinned {pin.name!r} ({pin.scope}) {_where(place)} as pin:{pin.pin_id} in {path}")
    print("rebuild the layer to apply it: python -m geo build")
    return 0


def run_pins(args: argparse.Namespace) -> int:
    path = overrides_path(args.overrides)
    pins = read_pins(path)
    for pin in pins:
        where = pin.report + (f":{pin.start}-{pin.end}" if pin.scope == "mention" else "")
        print(f"pin:{pin.pin_id}  {pin.name!r} ({pin.scope} {where}) {_where(pin.place)}  "
              f"[{pin.source}] {pin.note}")
    print(f"{len(pins)} pin(s) in {path}")
    return 0


def run_unpin(args: argparse.Namespace) -> int:
    path = overrides_path(args.overrides)
    pin_id = args.pin_id.removeprefix("pin:")
    if not remove_pin(path, pin_id):
        raise OverridesError(
            f"no pin {pin_id!r} in {path}; list them with: python -m geo review pins"
        )
    print(f"removed pin:{pin_id} from {path}; rebuild the layer to apply it")
    return 0
