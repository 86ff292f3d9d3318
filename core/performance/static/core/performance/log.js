/* The log form, progressively enhanced: type to search the activities, see the chosen
   one in full, and the evidence field (camera) as soon as an activity needs it.
   Without this script the plain select and the evidence field still work. */
(function () {
  "use strict";

  function norm(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setup(panel) {
    var form = panel.querySelector(".log-form");
    if (!form || form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    var select = form.querySelector("select[name=activity_type]");
    var search = form.querySelector(".activity-search");
    var results = form.querySelector(".activity-results");
    var chosen = form.querySelector(".activity-chosen");
    var box = form.querySelector(".evidence-box");
    var file = box && box.querySelector("input[type=file]");
    var preview = box && box.querySelector(".evidence-preview");
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; });

    function showEvidence() {
      var option = select.options[select.selectedIndex];
      var needed = !!(option && option.dataset.evidence === "1");
      box.classList.toggle("needed", needed);
      box.hidden = !(option && option.value) && !(file && file.files && file.files.length);
      chosen.textContent = option && option.value ? option.textContent : "";
    }

    function pick(value) {
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      results.hidden = true;
      results.innerHTML = "";
      search.value = "";
    }

    function find() {
      var words = norm(search.value).split(/\s+/).filter(Boolean);
      results.innerHTML = "";
      if (!words.length) { results.hidden = true; return; }
      var hits = options.filter(function (o) {
        var text = norm(o.textContent);
        return words.every(function (w) { return text.indexOf(w) !== -1; });
      }).slice(0, 8);
      hits.forEach(function (o) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link";
        button.textContent = o.textContent;
        button.addEventListener("click", function () { pick(o.value); });
        item.appendChild(button);
        results.appendChild(item);
      });
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = search.dataset.none || "—";
        results.appendChild(none);
      }
      results.hidden = false;
    }

    search.hidden = false;
    search.addEventListener("input", find);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = results.querySelector("button");
        if (first) first.click();
      }
    });
    select.addEventListener("change", showEvidence);
    if (file && preview) {
      file.addEventListener("change", function () {
        var chosenFile = file.files && file.files[0];
        if (chosenFile && chosenFile.type.indexOf("image/") === 0) {
          preview.src = URL.createObjectURL(chosenFile);
          preview.hidden = false;
        } else {
          preview.hidden = true;
          preview.removeAttribute("src");
        }
      });
    }
    showEvidence();
  }

  function init() {
    var panel = document.getElementById("log-panel");
    if (panel) setup(panel);
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
