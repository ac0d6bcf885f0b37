"""The build's clock: what "now" and "today" are for a build.

Reproducible builds set ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC): the layer's
``generated_at`` and the day against which report dates are checked then come from it, so
two builds of the same reports are byte-identical and a test can choose the build day.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from geo.errors import SettingError

ENV_EPOCH = "SOURCE_DATE_EPOCH"


def build_now(env: Mapping[str, str] = os.environ) -> dt.datetime:
    """Now in UTC, to the second, or ``SOURCE_DATE_EPOCH``'s time when it is set."""
    epoch = env.get(ENV_EPOCH, "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError) as err:
        raise SettingError(
            f"{ENV_EPOCH}={epoch!r} is not a time: give whole seconds since 1970-01-01 UTC "
            "(date +%s), or unset it"
        ) from err


def build_day(env: Mapping[str, str] = os.environ) -> dt.date:
    """The build's day (UTC): report dates after it are warned about."""
    return build_now(env).date()
