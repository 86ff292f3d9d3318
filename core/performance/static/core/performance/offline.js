/* Offline-first logging on the log page. Without signal, "Save activity" (and a
   favourite's one tap) puts the entry in the phone's queue (queue.js) with its own
   idempotency key, the time it was made and its photo; the queue shows each entry's
   state and sends itself when the connection returns: Background Sync where the
   browser has it, otherwise now (the online event) or the next time the page opens.
   Without JavaScript or a service worker the page is the ordinary online form. */
(function () {
  "use strict";
  if (!("indexedDB" in window) || !window.SinergiQueue || !window.fetch || !window.Promise) return;
  var Q = window.SinergiQueue;
  var box = document.getElementById("offline-queue");
  if (!box) return;
  var apiUrl = box.dataset.api;
  var user = box.dataset.user;
  var text = box.dataset;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function localDay(date) {
    var d = date || new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  var MONTHS = (text.months || "").split(",");
  function humanDay(iso) {
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + " " + (MONTHS[parseInt(parts[1], 10) - 1] || parts[1]) + " " + parts[0];
  }

  function render() {
    return Q.all().then(function (items) {
      // A sent or refused entry stays in view for a day, then leaves the list.
      var dayAgo = new Date(Date.now() - 86400000).toISOString();
      items.forEach(function (i) {
        if (i.state !== "waiting" && (i.sentAt || i.deviceTime) < dayAgo) Q.remove(i.key);
      });
      var mine = items.filter(function (i) {
        return i.user === user && (i.state === "waiting" || (i.sentAt || i.deviceTime) >= dayAgo);
      });
      var list = box.querySelector("ul");
      list.innerHTML = "";
      mine.slice().reverse().forEach(function (item) {
        var li = document.createElement("li");
        li.dataset.state = item.state;
        var what = document.createElement("span");
        what.className = "what";
        what.textContent = humanDay(item.day) + " · " + item.name + " ×" + item.volume;
        if (item.state === "refused" && item.reason) {
          var why = document.createElement("small");
          why.className = "muted";
          why.textContent = item.reason;
          what.appendChild(document.createElement("br"));
          what.appendChild(why);
        } else if (item.state === "waiting" && item.reason === "signin") {
          var hint = document.createElement("small");
          hint.className = "muted";
          hint.textContent = text.signin;
          what.appendChild(document.createElement("br"));
          what.appendChild(hint);
        }
        var badge = document.createElement("span");
        badge.className = "badge " + ({ waiting: "badge-warn", sent: "badge-ok", refused: "badge-error" }[item.state] || "");
        badge.textContent = text[item.state] || item.state;
        li.appendChild(what);
        li.appendChild(badge);
        if (item.state !== "waiting") {
          var drop = document.createElement("button");
          drop.type = "button";
          drop.className = "link";
          drop.textContent = text.dismiss;
          drop.addEventListener("click", function () { Q.remove(item.key).then(render); });
          li.appendChild(drop);
        }
        list.appendChild(li);
      });
      box.hidden = mine.length === 0;
      var waiting = mine.filter(function (i) { return i.state === "waiting"; }).length;
      box.querySelector(".queue-summary").textContent = waiting ? text.waitingCount + " " + waiting : "";
    });
  }

  function refreshPanel() {
    if (window.htmx && document.getElementById("log-panel")) {
      window.htmx.ajax("GET", box.dataset.log, { target: "#log-panel", swap: "outerHTML" });
    }
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return Q.setMeta("csrf", csrfToken()).then(function () { return Q.flush(apiUrl); }).then(function (done) {
      flushing = false;
      return render().then(function () {
        if (done.some(function (i) { return i.state === "sent"; })) refreshPanel();
      });
    }, function () { flushing = false; });
  }

  function askForSync() {
    if (navigator.serviceWorker && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.sync) return registration.sync.register("sinergi-queue");
      }).catch(function () {});
    }
  }

  function fromForm(form, activityId, volume, name) {
    var item = {
      key: newKey(),
      user: user,
      deviceTime: new Date().toISOString(),
      state: "waiting",
      reason: ""
    };
    if (form.classList.contains("log-form")) {
      var select = form.querySelector("select[name=activity_type]");
      var option = select.options[select.selectedIndex];
      item.activityType = select.value;
      item.name = option ? option.textContent : "";
      item.volume = form.querySelector("[name=volume]").value;
      item.day = form.querySelector("[name=day]").value || localDay();
      item.note = (form.querySelector("[name=note]") || {}).value || "";
      item.startsAt = (form.querySelector("[name=starts_at]") || {}).value || "";
      item.endsAt = (form.querySelector("[name=ends_at]") || {}).value || "";
      var file = form.querySelector("input[type=file]");
      if (file && file.files && file.files[0]) {
        item.photo = file.files[0];
        item.photoName = file.files[0].name;
      }
    } else {
      item.activityType = activityId;
      item.volume = volume;
      item.name = name;
      item.day = localDay();
    }
    return item;
  }

  function queueForm(form) {
    var item;
    if (form.classList.contains("log-form")) {
      var select = form.querySelector("select[name=activity_type]");
      if (!select.value || !form.reportValidity()) return false;
      item = fromForm(form);
    } else if (form.dataset.activity) {
      if (form.dataset.evidence === "1") return false; // needs a photo: the form opens instead
      item = fromForm(form, form.dataset.activity, form.dataset.volume, form.dataset.name);
    } else {
      return false;
    }
    Q.setMeta("user", user).then(function () { return Q.put(item); }).then(function () {
      if (form.classList.contains("log-form")) {
        form.querySelector("[name=volume]").value = "1";
        var note = form.querySelector("[name=note]");
        if (note) note.value = "";
        var file = form.querySelector("input[type=file]");
        if (file) file.value = "";
      }
      box.querySelector(".queue-notice").textContent = text.queued;
      askForSync();
      return render().then(function () { box.scrollIntoView({ block: "start" }); });
    });
    return true;
  }

  // Without signal: take the submit before htmx does (capture phase).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest("#log-panel") || navigator.onLine) return;
    if (!form.classList.contains("log-form") && !form.dataset.activity) return;
    if (queueForm(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // With a signal too weak to get an answer: htmx could not send, so queue it instead.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail && event.detail.elt && event.detail.elt.closest("form");
    if (form && form.closest("#log-panel")) queueForm(form);
  });

  // The cached page may be from an earlier day: start the date at the phone's today.
  function freshDay() {
    var panel = document.getElementById("log-panel");
    var input = document.querySelector(".log-form [name=day]");
    if (panel && input && panel.dataset.today && input.value === panel.dataset.today && localDay() > panel.dataset.today) {
      input.value = localDay();
    }
  }

  document.addEventListener("htmx:afterSettle", freshDay);
  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-sent") render().then(refreshPanel);
    });
    navigator.serviceWorker.register(box.dataset.sw, { scope: "/" }).catch(function () {});
  }
  // Whoever signs out takes their queue's sending with them (it waits for their return).
  document.addEventListener("submit", function (event) {
    if (event.target.action && event.target.action.indexOf("/accounts/logout") !== -1) {
      Q.setMeta("user", "");
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
      }
    }
  });

  freshDay();
  Q.setMeta("user", user).then(function () { return Q.setMeta("csrf", csrfToken()); }).then(render).then(flush);
})();
