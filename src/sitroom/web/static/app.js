// sitroom UI helpers (our own, no dependencies, loaded as a file: the CSP forbids inline scripts).
// - Filter the event list as you type (updating the count); link map points with list items.
// - On a phone the filter form starts folded, so the map is on the first screen.
// - The timeline: drag across it (a brush) or move the two range handles to narrow map and list to a window
//   of days; the window is copied into the form's From/To fields and offered as a link ("show only these
//   days"). map.js hears it as a "sitroom:window" event.
// Everything works without it: filters are a plain GET form, bars and points are plain links.
"use strict";
(function () {
  var filter = document.getElementById("filter");
  var count = document.getElementById("count");
  var items = Array.prototype.slice.call(document.querySelectorAll("#events li[data-id]"));
  var total = count ? count.textContent : "";
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.toLowerCase();
      var shown = 0;
      items.forEach(function (li) {
        var hit = li.textContent.toLowerCase().indexOf(q) >= 0;
        li.classList.toggle("hidden", !hit);
        if (hit) { shown += 1; }
      });
      if (count) { count.textContent = q ? String(shown) + " of " + total : total; }
    });
  }
  function mark(id, on) {
    items.forEach(function (li) {
      if (li.getAttribute("data-id") === id) { li.classList.toggle("hl", on); }
    });
    document.querySelectorAll(".pt[data-id]").forEach(function (pt) {
      if (pt.getAttribute("data-id") === id) { pt.classList.toggle("hl", on); }
    });
  }
  document.querySelectorAll(".pt[data-id], #events li[data-id]").forEach(function (el) {
    var id = el.getAttribute("data-id");
    el.addEventListener("mouseenter", function () { mark(id, true); });
    el.addEventListener("mouseleave", function () { mark(id, false); });
  });

  // ---------------------------------------------------------------- phone: filters folded, map first
  var box = document.getElementById("filters-box");
  if (box && window.matchMedia && window.matchMedia("(max-width: 700px)").matches) {
    box.open = false;
    var picker = document.getElementById("daypicker");
    if (picker) { picker.open = false; }
  }

  // ---------------------------------------------------------------- day window: brush + range handles
  var timeline = document.getElementById("timeline");
  if (!timeline) { return; }
  var svg = timeline.querySelector("svg");
  var first = timeline.getAttribute("data-first");
  var ndays = parseInt(timeline.getAttribute("data-days"), 10);
  var width = parseFloat(timeline.getAttribute("data-width"));
  var out = document.getElementById("brush-out");
  var outText = out ? out.querySelector("output") : null;
  var apply = document.getElementById("brush-apply");
  var clear = document.getElementById("brush-clear");
  var slider = document.getElementById("day-slider");
  var ranges = slider ? slider.querySelectorAll("input[type=range]") : [];
  var sliderOut = slider ? slider.querySelector("output") : null;
  var sliderAll = slider ? slider.querySelector("input[type=checkbox]") : null;
  var form = document.querySelector("form.filters");
  var day0 = Date.UTC(+first.slice(0, 4), +first.slice(5, 7) - 1, +first.slice(8, 10));

  function dayAt(i) {
    return new Date(day0 + i * 86400000).toISOString().slice(0, 10);
  }
  function indexAt(clientX) {
    var r = svg.getBoundingClientRect();
    var x = (clientX - r.left) / r.width * width;
    return Math.max(0, Math.min(ndays - 1, Math.floor(x / width * ndays)));
  }
  var NS = "http://www.w3.org/2000/svg";
  var brush = document.createElementNS(NS, "rect");
  brush.setAttribute("class", "brush");
  brush.setAttribute("y", "0");
  brush.setAttribute("height", svg.viewBox.baseVal.height);
  brush.setAttribute("width", "0");
  svg.appendChild(brush);

  function drawBrush(a, b) {
    if (a === null) { brush.setAttribute("width", "0"); return; }
    var step = width / ndays;
    brush.setAttribute("x", String(a * step));
    brush.setAttribute("width", String((b - a + 1) * step));
  }
  function setWindow(a, b, from) {
    // a, b: day indexes (inclusive) or null for every day; from: who asked ("brush" or "slider")
    var win = a === null ? null : [dayAt(a), dayAt(b)];
    drawBrush(a, b);
    var label = win === null ? "all days" : (win[0] === win[1] ? win[0] : win[0] + " – " + win[1]);
    if (out) {
      out.hidden = win === null;
      if (outText) { outText.textContent = label; }
    }
    if (apply && win) {
      var params = new URLSearchParams(window.location.search);
      params.delete("date");
      params.set("date_from", win[0]);
      params.set("date_to", win[1]);
      apply.href = "/?" + params.toString();
    }
    if (form && win) {
      var f = form.querySelector("input[name=date_from]");
      var t = form.querySelector("input[name=date_to]");
      var d = form.querySelector("input[name=date]");
      if (f) { f.value = win[0]; }
      if (t) { t.value = win[1]; }
      if (d) { d.value = ""; }
    }
    if (slider && from !== "slider" && ranges.length === 2) {
      ranges[0].value = String(a === null ? 0 : a);
      ranges[1].value = String(a === null ? ndays - 1 : b);
      if (sliderAll) { sliderAll.checked = win === null; }
    }
    if (sliderOut) { sliderOut.textContent = label; }
    var inWin = 0;
    items.forEach(function (li) {
      var day = li.getAttribute("data-date");
      var off = win !== null && !(day && day >= win[0] && day <= win[1]);
      li.classList.toggle("off-day", off);
      if (!off) { inWin += 1; }
    });
    if (count) { count.textContent = win === null ? total : String(inWin) + " of " + total; }
    document.querySelectorAll("#map .pt[data-date]").forEach(function (pt) {
      var day = pt.getAttribute("data-date");
      pt.classList.toggle("off-day", win !== null && !(day && day >= win[0] && day <= win[1]));
    });
    document.dispatchEvent(new CustomEvent("sitroom:window", { detail: win }));
  }

  var start = null;
  svg.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) { return; }
    start = indexAt(e.clientX);
    svg.setPointerCapture(e.pointerId);
    drawBrush(start, start);
    e.preventDefault();
  });
  svg.addEventListener("pointermove", function (e) {
    if (start === null) { return; }
    var i = indexAt(e.clientX);
    drawBrush(Math.min(start, i), Math.max(start, i));
  });
  svg.addEventListener("pointerup", function (e) {
    if (start === null) { return; }
    var i = indexAt(e.clientX);
    var a = Math.min(start, i);
    var b = Math.max(start, i);
    start = null;
    if (a === b) {
      // A click, not a drag: let the bar's link open that day.
      drawBrush(null);
      var target = document.elementFromPoint(e.clientX, e.clientY);
      var link = target && target.closest ? target.closest("a") : null;
      if (link) { window.location.href = link.getAttribute("href"); }
      return;
    }
    setWindow(a, b, "brush");
  });
  // The bars are links for keyboard and no-JS use; with the brush a click is handled on pointerup.
  svg.addEventListener("click", function (e) { e.preventDefault(); });
  if (clear) { clear.addEventListener("click", function () { setWindow(null, null, "brush"); }); }

  if (slider && ranges.length === 2) {
    slider.hidden = false;
    ranges.forEach(function (r) { r.min = "0"; r.max = String(ndays - 1); });
    ranges[0].value = "0";
    ranges[1].value = String(ndays - 1);
    var fromSlider = function () {
      var a = parseInt(ranges[0].value, 10);
      var b = parseInt(ranges[1].value, 10);
      if (a > b) { var t = a; a = b; b = t; }
      if (sliderAll && sliderAll.checked) { setWindow(null, null, "slider"); } else { setWindow(a, b, "slider"); }
    };
    ranges.forEach(function (r) {
      r.addEventListener("input", function () { if (sliderAll) { sliderAll.checked = false; } fromSlider(); });
    });
    if (sliderAll) { sliderAll.addEventListener("change", fromSlider); }
  }
})();
