/* Sinergi service worker (version {{ version }}): keeps the log page and its files for
   use without signal, and sends the offline queue when the connection returns
   (Background Sync where the browser has it; otherwise the page sends it when opened). */
"use strict";
var VERSION = "{{ version }}";
var SHELL = "sinergi-shell-" + VERSION;
var PAGES = "sinergi-pages";
var SHELL_FILES = {{ shell_json|safe }};
var LOG_URL = {{ log_url|safe }};
var API_URL = {{ api_url|safe }};
importScripts({{ queue_js|safe }});

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf("sinergi-shell-") === 0 && n !== SHELL;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isLogPage(url) {
  return url.origin === self.location.origin && url.pathname === LOG_URL;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isLogPage(url)) {
    // Network first: the page is the person's (their catalogue and favourites). A copy
    // is kept for opening it without signal; never a redirect (signed out).
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(PAGES).then(function (cache) { cache.put(LOG_URL, copy); });
        }
        return response;
      }).catch(function () {
        return caches.open(PAGES).then(function (cache) {
          return cache.match(LOG_URL, { ignoreVary: true, ignoreSearch: true });
        }).then(function (cached) { return cached || Response.error(); });
      })
    );
    return;
  }
  if (SHELL_FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then(function (hit) { return hit || fetch(request); })
    );
  }
});

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (page) { page.postMessage(message); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "sinergi-queue") {
    event.waitUntil(SinergiQueue.flush(API_URL).then(function (done) {
      return tellPages({ type: "queue-sent", count: done.length });
    }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "signed-out") {
    event.waitUntil(caches.delete(PAGES));
  }
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "Sinergi", {
    body: data.body || "", data: { url: data.url || LOG_URL }, tag: data.tag || "sinergi"
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url || LOG_URL));
});
