// iPAS prep service worker (ipas/pwa.py renders it). Network first: a page online is
// always the server's. Study pages are kept for reading offline, as the anonymous page
// (fetched without cookies, so nothing personal sits in the cache of a shared computer);
// any other page offline shows the offline page. Answers are never cached or replayed here:
// the exam page's own retry queue (static/js/app.js) keeps them.
"use strict";
const CACHE = "ipas-{{ version }}";
const OFFLINE = {{ offline|safe }};
const SHELL = {{ shell|safe }};
const STUDY = {{ study_prefix|safe }};
const STATIC = {{ static_prefix|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) {
    return c.addAll(SHELL.concat([new Request(OFFLINE, { credentials: "omit" })]));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.startsWith("ipas-") && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keepStudyPage(url) {
  return fetch(url, { credentials: "omit" }).then(function (resp) {
    if (resp.ok) return caches.open(CACHE).then(function (c) { return c.put(url, resp); });
  }).catch(function () {});
}

self.addEventListener("fetch", function (event) {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    const page = url.origin + url.pathname;
    const study = url.pathname.startsWith(STUDY);
    event.respondWith(fetch(req).then(function (resp) {
      if (study && resp.ok) event.waitUntil(keepStudyPage(page));
      return resp;
    }).catch(function () {
      return caches.open(CACHE).then(function (c) {
        return (study ? c.match(page) : Promise.resolve(undefined)).then(function (hit) {
          return hit || c.match(OFFLINE);
        });
      });
    }));
    return;
  }
  if (url.pathname.startsWith(STATIC) && SHELL.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
  }
});
