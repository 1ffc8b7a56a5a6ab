// sitroom UI helpers (our own, no dependencies): filter the event list, link map points and list items.
"use strict";
(function () {
  var filter = document.getElementById("filter");
  var items = Array.prototype.slice.call(document.querySelectorAll("#events li"));
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.toLowerCase();
      items.forEach(function (li) {
        li.style.display = li.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
      });
    });
  }
  function mark(id, on) {
    var li = document.getElementById("ev-" + id);
    if (li) { li.classList.toggle("hl", on); }
    document.querySelectorAll('.pt[data-id]').forEach(function (pt) {
      if (pt.getAttribute("data-id") === id) { pt.classList.toggle("hl", on); }
    });
  }
  document.querySelectorAll(".pt[data-id], #events li[data-id]").forEach(function (el) {
    var id = el.getAttribute("data-id");
    el.addEventListener("mouseenter", function () { mark(id, true); });
    el.addEventListener("mouseleave", function () { mark(id, false); });
  });
})();
