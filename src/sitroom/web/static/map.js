// The interactive map (Leaflet + markercluster from the npm registry, built into /static/vendor/ by
// `make assets`). Loaded only when those files exist; without them the server-drawn SVG map stays.
// Reads the events from the list's data attributes (no inline data, no fetch: the CSP stays strict),
// draws clustered circles coloured by event type and sized by casualties over offline country outlines
// and oblast outlines (Natural Earth), adds OpenStreetMap tiles only when the page says tiles are allowed, keeps a count of the
// events inside the map view, and offers a two-handle day window (from/to) when the view spans several days.
"use strict";
(function () {
  var holder = document.getElementById("lmap");
  if (!holder || !window.L) { return; }
  var L = window.L;
  var items = Array.prototype.slice.call(document.querySelectorAll("#events li[data-id]"));
  var svgFigure = document.querySelector("figure.map");
  holder.hidden = false;
  if (svgFigure) { svgFigure.hidden = true; }

  var map = L.map(holder, { minZoom: 3, maxZoom: 17, renderer: L.svg({ padding: 1 }) }).setView([48.6, 33.5], 6);
  if (window.SITROOM_BASEMAP) {
    L.geoJSON(window.SITROOM_BASEMAP, {
      interactive: false,
      style: function (f) {
        var oblast = f && f.properties && f.properties.kind === "oblast";
        return { className: oblast ? "basemap oblast" : "basemap", weight: oblast ? 0.7 : 1 };
      }
    }).addTo(map);
  }
  var tiles = holder.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, {
      maxZoom: 17,
      attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
  }
  map.attributionControl.addAttribution("Outlines: Natural Earth");

  var cluster = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
  var markers = [];
  items.forEach(function (li) {
    var lat = parseFloat(li.getAttribute("data-lat"));
    var lon = parseFloat(li.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) { return; }
    var sev = parseInt(li.getAttribute("data-sev") || "0", 10);
    var m = L.circleMarker([lat, lon], {
      radius: Math.min(22, 5 + 2 * Math.sqrt(sev)),
      className: "lpt " + (li.getAttribute("data-cls") || "t-sd"),
      weight: 1
    });
    var link = li.querySelector("a.headline");
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = link ? link.getAttribute("href") : "#";
    a.textContent = link ? link.textContent : "event";
    box.appendChild(a);
    var when = document.createElement("div");
    when.textContent = li.getAttribute("data-date") || "";
    box.appendChild(when);
    m.bindPopup(box);
    m.sitroomItem = li;
    markers.push(m);
  });

  var inview = document.getElementById("inview");
  var dayBox = document.getElementById("day-slider");
  var shown = null;  // [first day, last day] of the window, or null for every day

  function inWindow(d) {
    return shown === null || (d !== null && d >= shown[0] && d <= shown[1]);
  }
  function visible(m) {
    return inWindow(m.sitroomItem.getAttribute("data-date"));
  }
  function redraw() {
    cluster.clearLayers();
    markers.forEach(function (m) { if (visible(m)) { cluster.addLayer(m); } });
    items.forEach(function (li) {
      var on = inWindow(li.getAttribute("data-date"));
      li.classList.toggle("off-day", !on);
    });
    countInView();
  }
  function countInView() {
    if (!inview) { return; }
    var b = map.getBounds();
    var n = markers.filter(function (m) { return visible(m) && b.contains(m.getLatLng()); }).length;
    inview.textContent = String(n);
  }
  map.addLayer(cluster);
  map.on("moveend", countInView);

  if (dayBox) {
    var days = [];
    items.forEach(function (li) {
      var d = li.getAttribute("data-date");
      if (d && days.indexOf(d) < 0) { days.push(d); }
    });
    days.sort();
    if (days.length > 1) {
      // Two handles: the first and the last day of the window (a brush over the view's days).
      var ranges = dayBox.querySelectorAll("input[type=range]");
      var from = ranges[0];
      var to = ranges[1];
      var label = dayBox.querySelector("output");
      var all = dayBox.querySelector("input[type=checkbox]");
      dayBox.hidden = false;
      [from, to].forEach(function (r) { r.min = "0"; r.max = String(days.length - 1); });
      from.value = "0";
      to.value = String(days.length - 1);
      var update = function () {
        var a = parseInt(from.value, 10);
        var b = parseInt(to.value, 10);
        if (a > b) { var t = a; a = b; b = t; }
        shown = all.checked ? null : [days[a], days[b]];
        label.textContent = shown === null ? "all days" : (a === b ? days[a] : days[a] + " – " + days[b]);
        redraw();
      };
      [from, to].forEach(function (r) {
        r.addEventListener("input", function () { all.checked = false; update(); });
      });
      all.addEventListener("change", update);
    }
  }
  redraw();
  if (markers.length) {
    var group = L.featureGroup(markers);
    map.fitBounds(group.getBounds().pad(0.15), { maxZoom: 9 });
  }
})();
