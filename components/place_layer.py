"""The folium element that draws the places: one GeoJSON layer, SVG icons, clustered.

Each place arrives as a small GeoJSON feature (see ``map_view.place_features``) and is
drawn in the browser as an SVG ``divIcon``: the shape says the kind of place, the fill is a
pie of the outlets that name it, a dashed, paler icon means a doubtful placement, and a
translucent circle shows how far a vague place (a region) may extend. Building the icons in
the browser keeps the payload at about 200 bytes per place. No CDN asset, no Font Awesome.
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from components.event_symbols import GLYPHS, KIND_KEYS, KIND_LABELS
from components.offline_map import MARKERCLUSTER_CSS, MARKERCLUSTER_JS
from components.palette import OTHER_COLOUR

#: Icon shapes in a unit box (-1..1), shared with the legend. ``dot``: a white centre.
SHAPES: dict[str, dict[str, Any]] = {
    "city": {"d": "M-1 0A1 1 0 1 0 1 0A1 1 0 1 0-1 0Z", "dot": True},
    "settlement": {"d": "M-1 0A1 1 0 1 0 1 0A1 1 0 1 0-1 0Z", "dot": False},
    "site": {"d": "M-.85-.85H.85V.85H-.85Z", "dot": False},
    "route": {"d": "M0-1L1 0L0 1L-1 0Z", "dot": False},
    "area": {"d": "M1 0L.5 .87L-.5 .87L-1 0L-.5-.87L.5-.87Z", "dot": False},
    "other": {"d": "M0-1L.95 .8L-.95 .8Z", "dot": False},
}
#: Which shape each ``place_type`` of the layer schema gets.
SHAPE_OF_TYPE = {
    "city": "city",
    "town": "settlement", "village": "settlement", "neighbourhood": "settlement",
    "base": "site", "airport": "site", "port": "site",
    "road": "route", "junction": "route", "crossing": "route",
    "region": "area", "country": "area",
    "landmark": "other", "water": "other",
}  # fmt: skip
#: Legend text per shape, in legend order.
SHAPE_LABELS = {
    "city": "city",
    "settlement": "town, village, neighbourhood",
    "site": "base, airport, port",
    "route": "road, junction, crossing",
    "area": "region, country",
    "other": "landmark, water, other",
}


def script_json(value: Any) -> str:
    """JSON safe to paste into a script: no ``</script>``, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


class PlaceLayer(JSCSSMixin, MacroElement):
    """The places FeatureCollection drawn as clustered SVG markers plus precision areas.

    ``places`` is ``map_view.place_features``'s output; its strings are already escaped.
    Places vaguer than ``wide_km`` are described as "approximate area" in their tooltip.
    """

    default_js = MARKERCLUSTER_JS
    default_css = MARKERCLUSTER_CSS

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data_json }};
  var shapes = {{ this.shapes_json }};
  var glyphs = {{ this.glyphs_json }};
  var kinds = {{ this.kinds_json }};
  // The marker's kind: the first of the place's [kind index, mentions] pairs.
  function kindOf(p) { return p.ek ? kinds[p.ek[0][0]][0] : ""; }
  var other = {{ this.other_json }};
  var seq = 0;
  function colour(slice) { return slice[0] < 0 ? other : data.outlets[slice[0]][1]; }
  // Every string used here was escaped in Python (map_view._properties); the numbers are
  // numbers. The text after "id: " is what st_folium returns on a click.
  function tip(feature) {
    var p = feature.properties;
    var top = p.pie.slice(0, 3).map(function (s) {
      return (s[0] < 0 ? "others" : data.outlets[s[0]][0]) + " " + s[1]; }).join(", ");
    // A holder on the map's day (control view, ``v``) has no counts to give.
    if (p.v) { return "<b>" + p.name + "</b> · " + p.t + '<br><i>Click for the sources</i>'
      + ' <span class="cm-id">id: ' + (p.eid || feature.id) + "</span>"; }
    return "<b>" + p.name + "</b> · " + p.t + "<br>" + p.n + " mention" + (p.n === 1 ? "" : "s")
      + " · " + p.o + " outlet(s)" + (p.ind ? ", " + p.ind + " independent" : "")
      + " · " + p.rp + " report(s)<br>" + top
      + (p.o > 3 ? ", +" + (p.o - 3) + " more" : "") + "<br>" + reach(p)
      + " · confidence " + p.c.toFixed(2) + (p.low ? " (low)" : "")
      + (p.ek ? "<br>What happened: " + p.ek.map(function (x) {
        return kinds[x[0]][1] + " " + x[1]; }).join(", ") : "")
      + '<br><i>Click for the quotes</i> <span class="cm-id">id: ' + (p.eid || feature.id)
      + "</span>";
  }
  // Countries and wider places get no circle (map_view.AREA_UP_TO_KM): say it in words.
  function reach(p) {
    if (p.t === "country") { return "country-level"; }
    return p.pk > {{ this.wide_km }} ? "approximate area" : "within ±" + p.pk + " km";
  }
  function pt(angle) {
    return (2 * Math.cos(angle)).toFixed(3) + " " + (2 * Math.sin(angle)).toFixed(3);
  }
  function fill(pie) {
    if (pie.length === 1) { return '<path d="M-2-2H2V2H-2Z" fill="' + colour(pie[0]) + '"/>'; }
    var total = pie.reduce(function (s, x) { return s + x[1]; }, 0);
    var out = "", from = -Math.PI / 2;
    pie.forEach(function (slice) {
      var to = from + 2 * Math.PI * slice[1] / total;
      out += '<path d="M0 0L' + pt(from) + "A2 2 0 " + (to - from > Math.PI ? 1 : 0)
        + " 1 " + pt(to) + 'Z" fill="' + colour(slice) + '"/>';
      from = to;
    });
    return out;
  }
  // An event marker is a disc with the white glyph of what happened (event_symbols.py).
  function glyph(p) {
    var d = glyphs[kindOf(p)];
    return d ? '<path d="' + d + '" fill="#fff" stroke="#1d1d1d" stroke-width=".06"/>' : "";
  }
  function svg(p) {
    var shape = glyphs[kindOf(p)] ? shapes.city : (shapes[p.k] || shapes.other);
    var clip = "cm-clip-" + (seq++);
    var size = 2 * p.r + 4, dash = p.low ? ' stroke-dasharray="3 2"' : "";
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + size + '" height="' + size
      + '" viewBox="-1.15 -1.15 2.3 2.3"><clipPath id="' + clip + '"><path d="' + shape.d
      + '"/></clipPath><g clip-path="url(#' + clip + ')" fill-opacity="' + (p.low ? 0.35 : 0.9)
      + '">' + fill(p.pie) + '</g><path d="' + shape.d + '" fill="none" stroke="#1d1d1d"'
      + ' stroke-width="' + (p.pie.length > 1 ? 2 : 1.3) + '" vector-effect="non-scaling-stroke"'
      + dash + "/>" + (glyphs[kindOf(p)] ? glyph(p) : shape.dot ? '<circle r=".3" fill="#fff"'
      + ' stroke="#1d1d1d" stroke-width="1" vector-effect="non-scaling-stroke"/>' : "")
      + "</svg>";
  }
  // Every marker and cluster is placed with left/top, not with Leaflet's 3D transform: each
  // element so transformed is a compositing layer of its own, and the browser's layerizing
  // of a few hundred of them took about 0.3-0.9 s of every filter change at 100,000
  // mentions. The cost: markers jump to their places instead of gliding when clusters split.
  function flatPos(pos) {
    [this._icon, this._shadow].forEach(function (el) {
      if (!el) return;
      el._leaflet_pos = pos;
      el.style.left = pos.x + "px";
      el.style.top = pos.y + "px";
    });
    this._zIndex = pos.y + this.options.zIndexOffset;
    this._resetZIndex();
  }
  var FlatMarker = L.Marker.extend({_setPos: flatPos});
  function marker(feature, latlng) {
    var p = feature.properties, el = document.createElement("div");
    el.innerHTML = svg(p);
    el.className = "cm-place-icon";
    el.dataset.placeId = feature.id;
    el.dataset.eventKind = kindOf(p);
    var size = 2 * p.r + 4;
    return new FlatMarker(latlng, {
      icon: L.divIcon({html: el, className: "cm-place", iconSize: [size, size]}),
      riseOnHover: true, zIndexOffset: p.n
    });
  }
  var cluster = L.markerClusterGroup({
    maxClusterRadius: 32, showCoverageOnHover: false, chunkedLoading: true,
    // Events at one place share its point and open as a spider; its default spacing (25 px)
    // is narrower than a large marker, which then covers its neighbours' centres.
    spiderfyDistanceMultiplier: 2,
    iconCreateFunction: function (c) {
      var n = c.getAllChildMarkers().reduce(function (s, m) {
        return s + m.feature.properties.n; }, 0);
      var size = Math.round(28 + 8 * Math.log10(n + 1));
      return L.divIcon({className: "cm-cluster", iconSize: [size, size],
        html: '<div title="' + c.getChildCount() + ' places, ' + n + ' mentions: click to zoom in"'
          + ' style="width:' + size + "px;height:" + size + "px;line-height:" + size
          + 'px;border-radius:50%;background:rgba(45,45,60,.78);color:#fff;text-align:center;'
          + 'font:600 12px sans-serif;border:2px solid #fff;box-shadow:0 0 3px #0006">'
          + n + "</div>"});
    }
  });
  cluster._markerCluster = cluster._markerCluster.extend({_setPos: flatPos});
  cluster.addLayer(L.geoJSON(data, {
    pointToLayer: marker,
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(tip(feature), {direction: "top", className: "cm-tip",
        offset: [0, -feature.properties.r]});
    }
  }));
  var areas = L.geoJSON(data, {
    filter: function (f) { return f.properties.area > 0; },
    pointToLayer: function (f, latlng) {
      var main = colour(f.properties.pie[0]);
      return L.circle(latlng, {radius: f.properties.area, interactive: false, weight: 1,
        color: main, dashArray: "4 4", fillColor: main, fillOpacity: 0.08});
    }
  });
  var halo = L.geoJSON(data, {
    filter: function (f) { return f.properties.sel; },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {radius: f.properties.r + 7, color: "#111", weight: 3,
        fill: false, interactive: false});
    }
  });
  // Places named only as context (components/context_places.py): small grey dots in the
  // marker pane, so that names move beside them, but under every marker and never clustered.
  // [lat, lon, id, name, type, mentions]; the strings were escaped in Python.
  var context = L.featureGroup((data.context || []).map(function (c) {
    var dot = new FlatMarker([c[0], c[1]], {zIndexOffset: -1000, riseOnHover: true,
      icon: L.divIcon({className: "cm-context", iconSize: [10, 10], html: '<div data-place-id="'
        + c[2] + '" style="width:8px;height:8px;border-radius:50%;background:#8d8d8d;'
        + 'border:1px solid #fff;box-shadow:0 0 0 1px #5a5a5a88"></div>'})});
    dot.bindTooltip("<b>" + c[3] + "</b> · " + c[4] + "<br>Named only as context: " + c[5]
      + " mention" + (c[5] === 1 ? "" : "s") + ", nothing reported happening there"
      + '<br><i>Click for the quotes</i> <span class="cm-id">id: ' + c[2] + "</span>",
      {direction: "top", className: "cm-tip", offset: [0, -5]});
    return dot;
  }));
  return L.featureGroup([areas, context, cluster, halo]);
})();
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, places: dict[str, Any], *, wide_km: float = 300.0) -> None:
        super().__init__()
        self._name = "PlaceLayer"
        self.data_json = script_json(places)
        self.shapes_json = script_json(SHAPES)
        self.glyphs_json = script_json(GLYPHS)
        self.kinds_json = script_json([[key, KIND_LABELS[key]] for key in KIND_KEYS])
        self.other_json = script_json(OTHER_COLOUR)
        self.wide_km = float(wide_km)
