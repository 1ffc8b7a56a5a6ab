// The interactive map (Leaflet + markercluster from the npm registry, built into /static/vendor/ by
// `make assets`). Loaded only when those files exist; without them the server-drawn SVG map stays.
// Reads the events from the list's data attributes (no inline data, no fetch: the CSP stays strict) and
// draws, with no tiles needed:
// - the offline basemap: Natural Earth country and oblast outlines (vendor/basemap.js) and labels of the
//   oblasts and main cities from the bundled gazetteer (/map/labels.js), cities appearing by rank as you zoom;
// - events with a place as clustered circles coloured by type and sized by casualties (legend under the map);
// - events known only to oblast level not as a point but as a shaded oblast (darker = more events), with a
//   popup listing them; where no outline matches (Russian regions) as a dashed square marker.
// OpenStreetMap tiles are added only when the page says tiles are allowed. The day window (from the timeline
// brush or the two range handles, app.js) arrives as a "sitroom:window" event and filters map and list.
"use strict";
(function () {
  var holder = document.getElementById("lmap");
  if (!holder || !window.L) { return; }
  var L = window.L;
  var items = Array.prototype.slice.call(document.querySelectorAll("#events li[data-id]"));
  var svgFigure = document.querySelector("figure.map");
  holder.hidden = false;
  if (svgFigure) { svgFigure.hidden = true; }
  document.body.classList.add("has-lmap");

  var map = L.map(holder, { minZoom: 3, maxZoom: 17, renderer: L.svg({ padding: 1 }) }).setView([48.6, 33.5], 6);
  map.createPane("labels");
  map.getPane("labels").style.zIndex = 450;  // above the shaded oblasts and tiles, below markers
  map.getPane("labels").style.pointerEvents = "none";

  var oblastLayers = {};  // admin1 -> the outline's layer
  if (window.SITROOM_BASEMAP) {
    L.geoJSON(window.SITROOM_BASEMAP, {
      style: function (f) {
        var oblast = f && f.properties && f.properties.kind === "oblast";
        return { className: oblast ? "basemap oblast" : "basemap", weight: oblast ? 0.7 : 1 };
      },
      onEachFeature: function (f, layer) {
        if (f.properties && f.properties.kind === "oblast") {
          oblastLayers[f.properties.admin1 || f.properties.name] = layer;
        }
      },
      interactive: true
    }).addTo(map);
  }
  var tiles = holder.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, {
      maxZoom: 17,
      attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
  }
  map.attributionControl.addAttribution("Outlines: Natural Earth · Places: GeoNames");

  // ---------------------------------------------------------------- labels (offline, from the gazetteer)
  function label(text, cls) {
    var span = document.createElement("span");
    span.textContent = text;
    return L.divIcon({ className: "maplabel " + cls, html: span, iconSize: null });
  }
  var oblastLabels = L.layerGroup();
  var cityLabels = { 1: L.layerGroup(), 2: L.layerGroup(), 3: L.layerGroup() };
  var labels = window.SITROOM_LABELS || { oblasts: [], cities: [] };
  labels.oblasts.forEach(function (o) {
    var layer = oblastLayers[o.admin1];
    var at = layer && layer.feature.properties.label ? layer.feature.properties.label : [o.lat, o.lon];
    if (!layer && !o.lat) { return; }
    L.marker(at, { icon: label(o.name.replace(/ Oblast$/, " obl."), "oblast-label"), interactive: false, keyboard: false, pane: "labels" }).addTo(oblastLabels);
  });
  labels.cities.forEach(function (c) {
    var group = cityLabels[c.rank] || cityLabels[3];
    L.circleMarker([c.lat, c.lon], { radius: 2, className: "citydot", interactive: false, pane: "labels" }).addTo(group);
    L.marker([c.lat, c.lon], { icon: label(c.name, "city-label rank" + c.rank), interactive: false, keyboard: false, pane: "labels" }).addTo(group);
  });
  function declutter() {
    // A label that would overlap one of higher priority (bigger cities first, then oblast names) is hidden
    // at this zoom; positions relative to each other only change with the zoom.
    var kept = [];
    [cityLabels[1], cityLabels[2], oblastLabels, cityLabels[3]].forEach(function (group) {
      if (!map.hasLayer(group)) { return; }
      group.eachLayer(function (layer) {
        var el = layer.getElement && layer.getElement();
        if (!el || !layer.options.icon) { return; }
        el.style.visibility = "";
        var span = el.firstChild;
        if (!span || !span.getBoundingClientRect) { return; }
        var r = span.getBoundingClientRect();
        var hit = kept.some(function (k) {
          return r.left < k.right && r.right > k.left && r.top < k.bottom && r.bottom > k.top;
        });
        if (hit) { el.style.visibility = "hidden"; } else { kept.push(r); }
      });
    });
  }
  function showLabels() {
    var z = map.getZoom();
    // Zoomed out: oblast names and the largest cities; zoomed in: every capital, then every city.
    [[oblastLabels, z >= 5 && z <= 9], [cityLabels[1], z >= 4], [cityLabels[2], z >= 7], [cityLabels[3], z >= 8]].forEach(function (pair) {
      if (pair[1] && !map.hasLayer(pair[0])) { map.addLayer(pair[0]); }
      if (!pair[1] && map.hasLayer(pair[0])) { map.removeLayer(pair[0]); }
    });
    declutter();
  }
  map.on("zoomend", showLabels);

  // ---------------------------------------------------------------- events
  var cluster = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
  var regionMarkers = L.layerGroup();
  var markers = [];
  var regional = [];  // oblast-level events: {li, admin1, lat, lon}
  function popupFor(lis, heading) {
    var box = document.createElement("div");
    if (heading) {
      var h = document.createElement("strong");
      h.textContent = heading;
      box.appendChild(h);
    }
    lis.slice(0, 12).forEach(function (li) {
      var link = li.querySelector("a.headline");
      var row = document.createElement("div");
      var a = document.createElement("a");
      a.href = link ? link.getAttribute("href") : "#";
      a.textContent = link ? link.textContent : "event";
      row.appendChild(a);
      var when = document.createElement("span");
      when.className = "muted";
      when.textContent = " " + (li.getAttribute("data-date") || "");
      row.appendChild(when);
      box.appendChild(row);
    });
    if (lis.length > 12) {
      var more = document.createElement("div");
      more.textContent = "… and " + (lis.length - 12) + " more in the list";
      box.appendChild(more);
    }
    return box;
  }
  items.forEach(function (li) {
    var lat = parseFloat(li.getAttribute("data-lat"));
    var lon = parseFloat(li.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) { return; }
    var region = li.getAttribute("data-region");
    if (region !== null) {
      regional.push({ li: li, admin1: region, lat: lat, lon: lon });
      return;
    }
    var sev = parseInt(li.getAttribute("data-sev") || "0", 10);
    var m = L.circleMarker([lat, lon], {
      radius: 4 + Math.min(10, Math.sqrt(sev)),
      className: "lpt " + (li.getAttribute("data-cls") || "t-sd"),
      weight: 1
    });
    m.bindPopup(popupFor([li]));
    m.sitroomItem = li;
    markers.push(m);
  });

  var inview = document.getElementById("inview");
  var shown = null;  // [first day, last day] of the window, or null for every day

  function inWindow(d) {
    return shown === null || (d !== null && d !== "" && d >= shown[0] && d <= shown[1]);
  }
  function visible(m) {
    return inWindow(m.sitroomItem.getAttribute("data-date"));
  }
  function drawRegions() {
    regionMarkers.clearLayers();
    Object.keys(oblastLayers).forEach(function (k) {
      var layer = oblastLayers[k];
      var el = layer.getElement && layer.getElement();
      if (el) { el.classList.remove("shaded", "shade1", "shade2", "shade3"); }
      layer.unbindPopup();
      layer.unbindTooltip();
    });
    var by = {};
    regional.forEach(function (r) {
      if (!inWindow(r.li.getAttribute("data-date"))) { return; }
      (by[r.admin1] = by[r.admin1] || []).push(r);
    });
    Object.keys(by).forEach(function (admin1) {
      var rs = by[admin1];
      var lis = rs.map(function (r) { return r.li; });
      var n = rs.length;
      var heading = n + " event" + (n === 1 ? "" : "s") + " known only to oblast level: " + admin1;
      var layer = oblastLayers[admin1];
      if (layer) {
        var level = n >= 10 ? 3 : (n >= 3 ? 2 : 1);
        var el = layer.getElement && layer.getElement();
        if (el) { el.classList.add("shaded", "shade" + level); }
        layer.bindTooltip(heading, { sticky: true });
        layer.bindPopup(popupFor(lis, heading));
      } else {
        var icon = L.divIcon({ className: "region-marker", html: String(n), iconSize: [22, 22] });
        var m = L.marker([rs[0].lat, rs[0].lon], { icon: icon, title: heading, alt: heading });
        m.bindPopup(popupFor(lis, heading));
        regionMarkers.addLayer(m);
      }
    });
  }
  function redraw() {
    cluster.clearLayers();
    markers.forEach(function (m) { if (visible(m)) { cluster.addLayer(m); } });
    items.forEach(function (li) {
      li.classList.toggle("off-day", !inWindow(li.getAttribute("data-date")));
    });
    drawRegions();
    countInView();
  }
  function countInView() {
    if (!inview) { return; }
    var b = map.getBounds();
    var n = markers.filter(function (m) { return visible(m) && b.contains(m.getLatLng()); }).length;
    n += regional.filter(function (r) { return inWindow(r.li.getAttribute("data-date")) && b.contains([r.lat, r.lon]); }).length;
    inview.textContent = String(n);
  }
  map.addLayer(regionMarkers);
  map.addLayer(cluster);
  map.on("moveend", countInView);
  document.addEventListener("sitroom:window", function (e) {
    shown = e.detail;
    redraw();
  });

  var pts = markers.map(function (m) { return m.getLatLng(); });
  regional.forEach(function (r) {
    var layer = oblastLayers[r.admin1];
    if (layer) { pts.push(layer.getBounds().getNorthWest(), layer.getBounds().getSouthEast()); } else { pts.push(L.latLng(r.lat, r.lon)); }
  });
  if (pts.length) {
    map.fitBounds(L.latLngBounds(pts).pad(0.15), { maxZoom: 9 });
  }
  showLabels();
  redraw();
})();
