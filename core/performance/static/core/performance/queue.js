/* The offline queue of log entries, shared by the page (offline.js) and the service
   worker (sw.js): IndexedDB "sinergi-offline", store "queue" (one record per entry,
   keyed by its idempotency key) and store "meta" (who is signed in, the CSRF token).
   Hand-written, no library. */
(function (root) {
  "use strict";
  var DB = "sinergi-offline";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "key" });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result = work(tx.objectStore(storeName));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run("queue", "readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.deviceTime < b.deviceTime ? -1 : 1; });
    });
  }
  function put(item) { return run("queue", "readwrite", function (store) { store.put(item); }); }
  function remove(key) { return run("queue", "readwrite", function (store) { store.delete(key); }); }
  function getMeta(name) { return run("meta", "readonly", function (store) { return store.get(name); }); }
  function setMeta(name, value) { return run("meta", "readwrite", function (store) { store.put(value, name); }); }

  /* Send one waiting entry. Resolves to the item with its new state:
     "sent" (the server has it, once: the key makes a repeat harmless),
     "refused" (the server said no, with its reason), or still "waiting". */
  function send(item, apiUrl, csrf) {
    var body = new FormData();
    body.append("activity_type", item.activityType);
    body.append("volume", item.volume);
    body.append("day", item.day);
    body.append("device_time", item.deviceTime);
    body.append("idempotency_key", item.key);
    if (item.note) body.append("note", item.note);
    if (item.startsAt) body.append("starts_at", item.startsAt);
    if (item.endsAt) body.append("ends_at", item.endsAt);
    if (item.photo) body.append("evidence", item.photo, item.photoName || "foto.jpg");
    return fetch(apiUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf || "", "Idempotency-Key": item.key, Accept: "application/json" }
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (data) {
          item.state = "sent"; item.entryId = data.id; item.reason = ""; item.sentAt = new Date().toISOString();
          return item;
        });
      }
      if (response.status === 400 || response.status === 404) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          item.state = "refused"; item.reason = data.message || ""; item.sentAt = new Date().toISOString(); return item;
        });
      }
      item.state = "waiting";
      item.reason = response.status === 401 || response.status === 403 ? "signin" : "";
      return item;
    }, function () {
      item.state = "waiting"; return item;
    });
  }

  /* Send every waiting entry of the signed-in person, one after the other. */
  function flush(apiUrl) {
    return Promise.all([getMeta("user"), getMeta("csrf")]).then(function (meta) {
      var user = meta[0], csrf = meta[1];
      if (!user) return [];
      return all().then(function (items) {
        var waiting = items.filter(function (i) { return i.state === "waiting" && i.user === user; });
        var chain = Promise.resolve([]);
        waiting.forEach(function (item) {
          chain = chain.then(function (done) {
            return send(item, apiUrl, csrf).then(function (updated) {
              return put(updated).then(function () { done.push(updated); return done; });
            });
          });
        });
        return chain;
      });
    });
  }

  root.SinergiQueue = { open: open, all: all, put: put, remove: remove, getMeta: getMeta, setMeta: setMeta, send: send, flush: flush };
})(self);
