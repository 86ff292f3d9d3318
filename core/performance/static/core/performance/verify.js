/* "Select all" as an explicit action: ticks every waiting activity without reloading.
   Without this script the link reloads the page with everything ticked (?select=all). */
(function () {
  "use strict";
  function boxes() { return document.querySelectorAll("input[type=checkbox][form=bulk]"); }
  function count() {
    var n = 0;
    boxes().forEach(function (b) { if (b.checked) n += 1; });
    var out = document.querySelector(".selected-count");
    if (out) out.textContent = String(n);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=checkbox][form=bulk]")) count();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-select]");
    if (!link) return;
    event.preventDefault();
    var on = link.dataset.select === "all";
    boxes().forEach(function (b) { b.checked = on; });
    link.dataset.select = on ? "none" : "all";
    link.textContent = on ? link.dataset.noneLabel : link.dataset.allLabel;
    count();
  });
  document.addEventListener("htmx:afterSettle", count);
})();
