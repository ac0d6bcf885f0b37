"""Online geocoders: geopy's real classes against a local server that speaks each API.

Nothing here leaves 127.0.0.1. The server answers like Nominatim, Photon, GeoNames and
ArcGIS, counts the requests, and can fail the way real services do (a slow answer, 429,
500, malformed JSON).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.build import build_layer
from geo.errors import GeocoderError
from geo.gazetteer import CURATED_CSV, Gazetteer, store
from geo.gazetteer.bundled import _keys, bundle_fingerprint
from geo.geocoders.base import Options, Restriction
from geo.geocoders.cache import CachedGeocoder, GeocodeCache
from geo.geocoders.fallback import OnlineFallback, open_fallback
from geo.geocoders.offline import GazetteerGeocoder
from geo.geocoders.providers import PROVIDERS
from geo.geocoders.settings import GeocoderSettings, read_settings
from geo.pipeline import Geoparser
from geo.records import Place
from geo.text import fold_name

# Places the fake services know: (lat, lon, country). Qurqania is a real village of Idlib's
# Harem district; the local test gazetteer does not have it.
KNOWN = {
    "qurqania": (36.0567, 36.5553, "SY"),
    "montmartre": (48.8867, 2.3431, "FR"),
}
ARCGIS_PATH = "/arcgis/rest/services/World/GeocodeServer/findAddressCandidates"


def _answer(path: str, hits: list[tuple[str, tuple[float, float, str]]]) -> Any:
    if path == "/search":
        return [{"place_id": 7000 + i, "osm_type": "node", "osm_id": 1000 + i, "lat": str(lat),
                 "lon": str(lon), "display_name": f"{name.title()}, Somewhere", "class": "place",
                 "type": "village", "name": name.title(), "address": {"country_code": cc.lower()}}
                for i, (name, (lat, lon, cc)) in enumerate(hits)]
    if path == "/api":
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": {"osm_id": 1000 + i, "osm_type": "N", "osm_key": "place",
                            "osm_value": "village", "name": name.title(), "countrycode": cc}}
            for i, (name, (lat, lon, cc)) in enumerate(hits)]}
    if path == "/searchJSON":
        return {"totalResultsCount": len(hits), "geonames": [
            {"geonameId": 9000 + i, "name": name.title(), "lat": str(lat), "lng": str(lon),
             "countryCode": cc, "fcl": "P", "fcode": "PPL", "population": 0}
            for i, (name, (lat, lon, cc)) in enumerate(hits)]}
    return {"candidates": [
        {"address": f"{name.title()}, Somewhere", "location": {"x": lon, "y": lat},
         "score": 100, "attributes": {"Type": "Village"}}
        for name, (lat, lon, cc) in hits]}


@dataclass
class FakeService:
    """What the local server does and saw."""

    mode: str = "ok"
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"


def _handler(service: FakeService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = parse_qs(url.query)
            service.requests.append({"path": url.path, "params": params,
                                     "agent": self.headers.get("User-Agent", "")})
            if service.mode == "timeout":
                time.sleep(0.6)
            if service.mode in {"429", "500"}:
                self.send_error(int(service.mode))
                return
            query = (params.get("q") or params.get("singleLine") or [""])[0].lower()
            hits = [(k, v) for k, v in KNOWN.items() if k in query]
            body = b"{not json" if service.mode == "malformed" else json.dumps(
                _answer(url.path, hits)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def service() -> Iterator[FakeService]:
    state = FakeService()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    server.block_on_close = False
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _settings(service: FakeService, provider: str, cache: Path) -> GeocoderSettings:
    # No pause between requests and no retries: the policy delays are tested separately.
    options = Options(domain=service.domain, scheme="http", timeout=0.3, username="tester",
                      min_delay=0.0, max_retries=0)
    return GeocoderSettings(provider, options, 100, cache)


def _online(service: FakeService, provider: str) -> Any:
    return PROVIDERS[provider](_settings(service, provider, Path()).options, Restriction())


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_every_provider_places_a_known_name(service, provider):
    (place,) = _online(service, provider).geocode("Qurqania")
    assert place.place_id.startswith(f"online:{provider}:")
    assert (round(place.lat, 4), round(place.lon, 4)) == (36.0567, 36.5553)
    assert place.name == "Qurqania" and place.place_type == "village"
    assert service.requests[0]["agent"].startswith("conflict-map/")


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_every_provider_answers_nothing_for_an_unknown_name(service, provider):
    assert _online(service, provider).geocode("Nowhere-at-all") == ()


# The parameter through which each provider lets us keep answers in the theatre.
THEATRE_PARAMS = {
    "nominatim": {"countrycodes": "sy,lb,tr,iq,jo,il,ps,cy", "bounded": "1"},
    "photon": {"bbox": "32.0,29.0,48.8,38.5"},
    "geonames": {"country": "SY"},
    "arcgis": {},  # no such parameter: answers are filtered afterwards
}


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_every_provider_is_restricted_to_the_theatre_where_it_allows(service, provider):
    assert set(THEATRE_PARAMS) == set(PROVIDERS), "say how a new provider is restricted"
    _online(service, provider).geocode("Qurqania")
    params = service.requests[0]["params"]
    for name, value in THEATRE_PARAMS[provider].items():
        assert value in params[name], (name, params.get(name))


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
@pytest.mark.parametrize(
    ("mode", "words"),
    [("timeout", "timed out"), ("429", "rate limited"), ("500", "failed"),
     ("malformed", "malformed")],
)
def test_every_provider_fault_becomes_one_geocoder_error(service, provider, mode, words):
    service.mode = mode
    with pytest.raises(GeocoderError, match=words) as caught:
        _online(service, provider).geocode("Qurqania")
    assert provider in str(caught.value) and "Qurqania" in str(caught.value)


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_policy_delay_is_the_providers(provider):
    delays = {"nominatim": 1.0, "photon": 1.0, "geonames": 3.6, "arcgis": 1.0}
    geocoder = PROVIDERS[provider](Options(username="x"), Restriction())
    assert geocoder._call.min_delay_seconds == delays[provider]


def test_settings_come_from_the_environment_and_are_checked(tmp_path):
    env = {"CONFLICT_MAP_GEOCODER": "Photon", "CONFLICT_MAP_GEOCODER_DOMAIN": "localhost:2322",
           "CONFLICT_MAP_GEOCODE_CACHE": str(tmp_path / "c.sqlite")}
    settings = read_settings(env)
    assert (settings.provider, settings.options.domain) == ("photon", "localhost:2322")
    assert settings.cache == tmp_path / "c.sqlite"
    with pytest.raises(GeocoderError, match="unknown geocoder 'bing'"):
        read_settings({"CONFLICT_MAP_GEOCODER": "bing"})
    with pytest.raises(GeocoderError, match="CONFLICT_MAP_GEOCODER_USERNAME"):
        read_settings({"CONFLICT_MAP_GEOCODER": "geonames"})


# --- through the geoparser and the build -------------------------------------------------

TINY = [  # (id, name, lat, lon, type, population)
    ("geonames:170063", "Aleppo", 36.2021, 37.1343, "city", 1_600_000),
    ("geonames:169389", "Idlib", 35.9306, 36.6339, "city", 130_000),
    ("geonames:173012", "Harem", 36.2118, 36.5208, "town", 20_000),
]


@pytest.fixture
def tiny_gazetteer(tmp_path: Path) -> Gazetteer:
    """A gazetteer of three places: fast, and without the village the reports name."""
    connection = store.connect(tmp_path / "index.sqlite")
    with connection:
        store.insert_places(connection, (
            (Place(pid, name, lat, lon, kind, "SY", population=pop, source="test"), "test", "",
             _keys([name], {}))
            for pid, name, lat, lon, kind, pop in TINY))
        # Marked as up to date, so that nothing rebuilds the bundled data into it.
        store.set_meta(connection, "bundle", bundle_fingerprint(CURATED_CSV))
    connection.close()
    return Gazetteer(tmp_path / "index.sqlite")


REPORT = ("Rebels captured the village of Qurqania near Harem on Monday, "
          "and shelled Idlib the next day.\n")


def _build(write_report, tiny_gazetteer, fallback, out: Path):
    path = write_report("201_qurqania.txt", REPORT)
    geoparser = Geoparser(tiny_gazetteer, fallback=fallback)
    summary = build_layer([path], out, geoparser=geoparser)
    return summary, json.loads(out.read_text(encoding="utf-8"))


def _fallback(service, tmp_path, gazetteer, provider="nominatim") -> OnlineFallback:
    return open_fallback(_settings(service, provider, tmp_path / "cache" / "geocode.sqlite"),
                         lookup=lambda name: gazetteer.lookup(fold_name(name)))


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_a_name_unknown_locally_is_placed_online_once(
    service, tmp_path, write_report, tiny_gazetteer, provider
):
    fallback = _fallback(service, tmp_path, tiny_gazetteer, provider)
    summary, layer = _build(write_report, tiny_gazetteer, fallback, tmp_path / "a.geojson")
    (feature,) = [f for f in layer["features"] if f["properties"]["mention"].endswith("Qurqania")]
    assert feature["properties"]["resolution"] == f"online:{provider}"
    assert feature["properties"]["place_id"].startswith(f"online:{provider}:")
    assert feature["geometry"]["coordinates"] == [36.5553, 36.0567]
    assert len(service.requests) == 1
    assert "1 placed, 1 requests sent" in summary.line()
    # The next build, with a new fallback on the same cache file, asks nothing.
    again = _fallback(service, tmp_path, tiny_gazetteer, provider)
    summary, layer = _build(write_report, tiny_gazetteer, again, tmp_path / "b.geojson")
    assert len(service.requests) == 1
    assert "0 requests sent, 1 answered from the cache" in summary.line()
    assert any(f["properties"]["resolution"] == f"online:{provider}" for f in layer["features"])


@pytest.mark.parametrize("mode", ["timeout", "429", "500", "malformed"])
def test_a_failing_service_never_stops_the_build(
    service, tmp_path, write_report, tiny_gazetteer, mode
):
    service.mode = mode
    fallback = _fallback(service, tmp_path, tiny_gazetteer)
    summary, layer = _build(write_report, tiny_gazetteer, fallback, tmp_path / "a.geojson")
    assert {f["properties"]["mention"] for f in layer["features"]} >= {"Harem", "Idlib"}
    (row,) = layer["unresolved"]
    assert row["mention"].endswith("Qurqania")
    assert "online lookup failed: nominatim" in row["reason"]
    assert "1 failed" in summary.line()
    # A failure is not an answer: it is asked again next time.
    service.mode = "ok"
    again = _fallback(service, tmp_path, tiny_gazetteer)
    _, layer = _build(write_report, tiny_gazetteer, again, tmp_path / "b.geojson")
    assert not layer["unresolved"]


def test_answers_outside_the_theatre_are_turned_down(tmp_path, tiny_gazetteer):
    class Faraway:  # an online geocoder that knows only a Paris namesake
        name = "faraway"

        def geocode(self, query: str) -> tuple[Place, ...]:
            return (Place("online:faraway:1", "Qurqania", 48.88, 2.34, "village", "FR"),)

    cached = CachedGeocoder(Faraway(), GeocodeCache(tmp_path / "c.sqlite"), "any")
    fallback = OnlineFallback(cached, Restriction())
    from geo.records import Mention, Report, Sentence

    sentence = Sentence(0, 20, "Qurqania was shelled.")
    mention = Mention("r", 0, 8, "Qurqania", "Qurqania", sentence)
    report = Report("r", tmp_path / "r.txt", "Wire", None, sentence.text)
    resolution = fallback(mention, report)
    assert resolution is not None and resolution.place is None
    assert "outside the theatre" in resolution.reason
    assert resolution.candidates[0].country == "FR"


def test_after_repeated_failures_the_provider_is_left_alone(service, tmp_path, tiny_gazetteer):
    service.mode = "500"
    fallback = _fallback(service, tmp_path, tiny_gazetteer)
    from geo.records import Mention, Report, Sentence

    sentence = Sentence(0, 10, "Somewhere.")
    report = Report("r", tmp_path / "r.txt", "Wire", None, sentence.text)
    reasons = [fallback(Mention("r", 0, 9, f"Name{i}", f"Name{i}", sentence), report).reason
               for i in range(5)]
    assert len(service.requests) == 3
    assert "failed 3 times in a row" in reasons[-1]


@pytest.mark.parametrize("geocoder_kind", ["gazetteer", *sorted(PROVIDERS)])
def test_every_geocoder_answers_the_same_interface(service, tiny_gazetteer, geocoder_kind):
    if geocoder_kind == "gazetteer":
        geocoder: Any = GazetteerGeocoder(tiny_gazetteer)
        known = "Harem"
    else:
        geocoder, known = _online(service, geocoder_kind), "Qurqania"
    assert isinstance(geocoder.name, str)
    found = geocoder.geocode(known)
    assert found and all(isinstance(p, Place) for p in found)
    assert geocoder.geocode("Nowhere-at-all") == ()


def test_build_online_is_wired_from_the_environment(
    service, tmp_path, write_report, tiny_gazetteer, monkeypatch
):
    from geo.build import make_geoparser

    monkeypatch.setenv("CONFLICT_MAP_GEOCODER_DOMAIN", service.domain)
    monkeypatch.setenv("CONFLICT_MAP_GEOCODER_SCHEME", "http")
    monkeypatch.setenv("CONFLICT_MAP_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    monkeypatch.setenv("CONFLICT_MAP_GEOCODER", "photon")
    geoparser = make_geoparser(gazetteer=tiny_gazetteer.path,
                               overrides=tmp_path / "no-overrides.json")
    summary, layer = _build(write_report, tiny_gazetteer, geoparser.fallback, tmp_path / "l.json")
    assert "online (photon): 1 names looked up, 1 placed" in summary.line()
    assert service.requests[0]["path"] == "/api"
    assert any(f["properties"]["resolution"] == "online:photon" for f in layer["features"])
    offline = make_geoparser(online=False, gazetteer=tiny_gazetteer.path)
    assert offline.fallback is None
