"""Reading a report's front matter as YAML, at a cost bounded by its size.

YAML can make a small header expensive: aliases of aliases expand a 1 KB header into
gigabytes once a value is turned into text ("billion laughs"), and deep nesting costs
recursion. Front matter is a few ``key: value`` lines, so anything else YAML offers is
refused before a document is built: anchors and aliases, explicit tags, nesting deeper than
:data:`~geo.limits.MAX_HEADER_DEPTH`, more than :data:`~geo.limits.MAX_HEADER_NODES` values,
and headers over :data:`~geo.limits.MAX_HEADER_BYTES`. The check walks libyaml's event
stream once, in time linear in the header's bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from geo.errors import ReportError
from geo.limits import MAX_HEADER_BYTES, MAX_HEADER_DEPTH, MAX_HEADER_NODES

# BaseLoader keeps every value a string: dates are checked by us, not guessed by YAML.
# libyaml's version of it when PyYAML was built with libyaml.
_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_OPENERS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSERS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_VALUES = (yaml.ScalarEvent, *_OPENERS)


def _line(event: yaml.Event) -> int:
    # +2: the header's first line is the file's second (after the opening '---').
    mark = getattr(event, "start_mark", None)
    return mark.line + 2 if mark is not None else 2


def _refusal(event: yaml.Event, depth: int) -> str | None:
    """Why ``event`` is refused in front matter, or None when it is plain."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return "front matter uses YAML anchors or aliases (& or *); write the values out"
    if getattr(event, "tag", None):  # the parser reports only tags written in the text
        return "front matter uses a YAML tag (!...); write plain values"
    if depth > MAX_HEADER_DEPTH:
        return f"front matter nests deeper than {MAX_HEADER_DEPTH} levels; use 'key: value' lines"
    return None


def check_size(path: Path, header: str) -> None:
    """Refuse a header over MAX_HEADER_BYTES."""
    size = len(header.encode("utf-8"))
    if size > MAX_HEADER_BYTES:
        raise ReportError(path, f"front matter is {size:,} bytes, over the limit of "
                          f"{MAX_HEADER_BYTES:,}; keep it to a few 'key: value' lines", line=2)


def check_cost(path: Path, header: str) -> None:
    """Refuse a header that is too big or uses YAML that can expand; one ReportError."""
    check_size(path, header)
    depth = values = 0
    for event in yaml.parse(header, Loader=_YAML_LOADER):
        if isinstance(event, _OPENERS):
            depth += 1
        elif isinstance(event, _CLOSERS):
            depth -= 1
        values += isinstance(event, _VALUES)
        problem = _refusal(event, depth)
        if problem is None and values > MAX_HEADER_NODES:
            problem = f"front matter holds more than {MAX_HEADER_NODES:,} values"
        if problem:
            raise ReportError(path, problem, line=_line(event))


def load_header(path: Path, header: str) -> Any:
    """The header's YAML document (strings, lists and maps) once it passed the checks."""
    try:
        check_cost(path, header)
        return yaml.load(header, Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err)
        raise ReportError(path, f"front matter is not valid YAML: {problem}", line=line) from err
