/* "Turn on notifications on this phone": subscribe to Web Push with the city's VAPID key
   and give the subscription to the server. Shown only where the browser can do it. */
(function () {
  "use strict";
  var box = document.getElementById("push-box");
  if (!box || !box.dataset.key || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  var state = box.querySelector(".push-state");

  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  box.hidden = false;
  box.querySelector("button").addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { state.textContent = box.dataset.denied; return null; }
      return navigator.serviceWorker.register(box.dataset.sw, { scope: "/" })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key) });
        })
        .then(function (subscription) {
          return fetch(box.dataset.url, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(subscription)
          });
        })
        .then(function (response) { if (response && response.ok) state.textContent = box.dataset.done; });
    }).catch(function () { state.textContent = box.dataset.denied; });
  });
})();
