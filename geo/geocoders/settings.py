"""Online geocoding settings: one table, read from the environment and validated once.

Online lookup is opt-in: ``python -m geo build --online`` or ``CONFLICT_MAP_GEOCODER``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo.errors import GeocoderError
from geo.geocoders.base import USER_AGENT, Options

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = REPO_ROOT / "data" / "cache" / "geocode.sqlite"
DEFAULT_PROVIDER = "nominatim"
OFF = frozenset({"", "0", "off", "no", "none", "false"})


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS = (
    Setting("provider", "CONFLICT_MAP_GEOCODER", "",
            "online geocoder for names the gazetteer cannot place: nominatim, photon, "
            "geonames or arcgis; unset or 'off' keeps builds offline"),
    Setting("domain", "CONFLICT_MAP_GEOCODER_DOMAIN", "",
            "host[:port] of the provider's API (default: its public service)"),
    Setting("scheme", "CONFLICT_MAP_GEOCODER_SCHEME", "", "http or https (default: https)"),
    Setting("user_agent", "CONFLICT_MAP_GEOCODER_USER_AGENT", USER_AGENT,
            "User-Agent sent with every request; Nominatim asks for one naming the app "
            "and a contact"),
    Setting("username", "CONFLICT_MAP_GEOCODER_USERNAME", "",
            "account name, required by GeoNames"),
    Setting("timeout", "CONFLICT_MAP_GEOCODER_TIMEOUT", "5",
            "seconds to wait for an answer; a provider that does not answer in time is not "
            "asked again in this build"),
    Setting("max_requests", "CONFLICT_MAP_GEOCODER_MAX_REQUESTS", "500",
            "at most this many requests in one build (cached answers are free)"),
    Setting("cache", "CONFLICT_MAP_GEOCODE_CACHE", str(DEFAULT_CACHE),
            "SQLite file of answers already received"),
)


@dataclass(frozen=True)
class GeocoderSettings:
    """Which provider to ask, how, and where its answers are kept."""

    provider: str = DEFAULT_PROVIDER
    options: Options = field(default_factory=Options)
    max_requests: int = 500
    cache: Path = DEFAULT_CACHE


def _number(value: str, setting: Setting) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number <= 0:
        raise GeocoderError(f"{setting.env}={value!r}: give a positive number ({setting.help})")
    return number


def enabled(env: Mapping[str, str] = os.environ) -> bool:
    """Does the environment ask for online lookup?"""
    return env.get("CONFLICT_MAP_GEOCODER", "").strip().lower() not in OFF


def check_provider(name: str) -> str:
    from geo.geocoders.providers import PROVIDERS

    key = name.strip().lower()
    if key not in PROVIDERS:
        raise GeocoderError(f"unknown geocoder {name!r}; choose one of {', '.join(PROVIDERS)}")
    return key


def read_settings(env: Mapping[str, str] = os.environ, *, provider: str | None = None,
                  cache: Path | None = None) -> GeocoderSettings:
    """Settings from the environment (``provider``/``cache`` given by the CLI win)."""
    values = {s.name: env.get(s.env, "").strip() or s.default for s in SETTINGS}
    by_name = {s.name: s for s in SETTINGS}
    chosen = provider or values["provider"]
    name = check_provider(DEFAULT_PROVIDER if chosen.lower() in OFF else chosen)
    if name == "geonames" and not values["username"]:
        raise GeocoderError("GeoNames needs an account name: set CONFLICT_MAP_GEOCODER_USERNAME")
    options = Options(
        domain=values["domain"] or None, scheme=values["scheme"] or None,
        timeout=_number(values["timeout"], by_name["timeout"]),
        user_agent=values["user_agent"], username=values["username"],
    )
    requests = int(_number(values["max_requests"], by_name["max_requests"]))
    return GeocoderSettings(name, options, requests, cache or Path(values["cache"]))


def with_options(settings: GeocoderSettings, **changes: object) -> GeocoderSettings:
    """The same settings with some connection options changed (tests, local mirrors)."""
    return replace(settings, options=replace(settings.options, **changes))  # type: ignore[arg-type]
