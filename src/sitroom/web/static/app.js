// sitroom UI helpers (our own, no dependencies, loaded as a file: the CSP forbids inline scripts).
// Filter the event list as you type (updating the count) and link map points with list items.
// Everything works without it: filters are a plain GET form, points are plain links.
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
})();
