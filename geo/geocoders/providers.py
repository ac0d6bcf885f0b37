"""One thin adapter per online provider, each over geopy's own class.

Each says how to build the geopy geocoder (``domain``/``scheme`` let tests point it at a
local server), which parameters keep answers in the theatre where the provider allows it,
and how to read one answer. Usage policies: Nominatim allows one request a second and wants
a user agent naming the application; GeoNames' free accounts 1,000 requests an hour; Photon
(komoot) and ArcGIS ask for fair use.
"""

from __future__ import annotations

from typing import Any

from geo.geocoders.base import OnlineGeocoder, Options, osm_kind, short_id
from geo.records import Place


def _no_retries(proxies: Any, ssl_context: Any) -> Any:
    # geopy's HTTP adapter retries a read timeout twice by itself: a provider that never
    # answers would cost three timeouts. Retries are decided in OnlineGeocoder.geocode.
    from geopy.adapters import RequestsAdapter

    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


def _geopy_options(options: Options) -> dict[str, Any]:
    found: dict[str, Any] = {"timeout": options.timeout, "user_agent": options.user_agent,
                             "adapter_factory": _no_retries}
    if options.domain:
        found["domain"] = options.domain
    if options.scheme:
        found["scheme"] = options.scheme
    return found


class NominatimGeocoder(OnlineGeocoder):
    """OpenStreetMap's Nominatim: restricted by country codes and a bounded viewbox."""

    name = "nominatim"
    min_delay = 1.0

    def _make(self, options: Options) -> Any:
        from geopy.geocoders import Nominatim

        return Nominatim(**_geopy_options(options))

    def _params(self) -> dict[str, Any]:
        return {
            "country_codes": [c.lower() for c in self.restriction.countries],
            "viewbox": self.restriction.box(), "bounded": True, "addressdetails": True,
            "limit": self.options.limit,
        }

    def _place(self, raw: Any, lat: float, lon: float) -> Place:
        kind, precision = osm_kind(raw.get("class", ""), raw.get("type", ""))
        osm = raw["place_id"]
        if "osm_id" in raw:
            osm = f"{raw.get('osm_type', 'x')[:1]}{raw['osm_id']}"
        return Place(
            place_id=self.place_id(osm),
            name=raw.get("name") or raw["display_name"].split(",")[0],
            lat=lat, lon=lon, place_type=kind,
            country=(raw.get("address") or {}).get("country_code", "").upper(),
            precision_km=precision, source=f"Nominatim (OpenStreetMap): {raw['display_name']}",
        )


class PhotonGeocoder(OnlineGeocoder):
    """komoot's Photon (OpenStreetMap data): a bounding box and a bias to the theatre."""

    name = "photon"
    min_delay = 1.0

    def _make(self, options: Options) -> Any:
        from geopy.geocoders import Photon

        return Photon(**_geopy_options(options))

    def _params(self) -> dict[str, Any]:
        box = self.restriction
        return {"bbox": box.box(), "limit": self.options.limit,
                "location_bias": ((box.south + box.north) / 2, (box.west + box.east) / 2)}

    def _place(self, raw: Any, lat: float, lon: float) -> Place:
        props = raw["properties"]
        kind, precision = osm_kind(props.get("osm_key", ""), props.get("osm_value", ""))
        ident = f"{props.get('osm_type', 'x')[:1].lower()}{props['osm_id']}"
        return Place(
            place_id=self.place_id(ident), name=props.get("name", ""), lat=lat, lon=lon,
            place_type=kind, country=props.get("countrycode", "").upper(),
            precision_km=precision, source="Photon (OpenStreetMap)",
        )


class GeoNamesGeocoder(OnlineGeocoder):
    """The GeoNames web service (an account name is required): restricted by country."""

    name = "geonames"
    # Free accounts: 1,000 credits an hour, so no more than one request every 3.6 s.
    min_delay = 3.6

    def _make(self, options: Options) -> Any:
        from geopy.geocoders import GeoNames

        return GeoNames(username=options.username, **_geopy_options(options))

    def _params(self) -> dict[str, Any]:
        return {"country": list(self.restriction.countries)}

    def _place(self, raw: Any, lat: float, lon: float) -> Place:
        from geo.gazetteer.importer import feature_kind

        population = int(raw.get("population") or 0)
        kind = feature_kind(raw.get("fcl", ""), raw.get("fcode", ""), population)
        place_type, precision = kind or ("landmark", 2.0)
        return Place(
            place_id=self.place_id(raw["geonameId"]), name=raw["name"], lat=lat, lon=lon,
            place_type=place_type, country=raw.get("countryCode", ""),
            admin1=raw.get("adminName1", ""), population=population, precision_km=precision,
            source="GeoNames web service",
        )


class ArcGISGeocoder(OnlineGeocoder):
    """Esri's World Geocoding Service: no restriction parameter, answers filtered after."""

    name = "arcgis"
    min_delay = 1.0

    def _make(self, options: Options) -> Any:
        from geopy.geocoders import ArcGIS

        return ArcGIS(**_geopy_options(options))

    def _params(self) -> dict[str, Any]:
        return {"out_fields": ["Type", "CntryName"]}

    def _place(self, raw: Any, lat: float, lon: float) -> Place:
        kind = (raw.get("attributes") or {}).get("Type", "").lower()
        place_type, precision = osm_kind("place", kind) if kind else ("landmark", 2.0)
        return Place(
            place_id=self.place_id(short_id(raw["address"], round(lat, 4), round(lon, 4))),
            name=raw["address"].split(",")[0], lat=lat, lon=lon, place_type=place_type,
            precision_km=precision, source=f"ArcGIS World Geocoding: {raw['address']}",
        )


PROVIDERS: dict[str, type[OnlineGeocoder]] = {
    cls.name: cls
    for cls in (NominatimGeocoder, PhotonGeocoder, GeoNamesGeocoder, ArcGISGeocoder)
}
