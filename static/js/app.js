// Page behaviour on top of htmx: exam countdown (with its announcements), answer-save
// retries, keyboard answering (can be turned off), dark mode, the service worker, the
// study pages' table of contents. No inline scripts (the CSP forbids them).
(function () {
  "use strict";

  function csrfToken() {
    const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Language switcher submits on change.
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-autosubmit]")) e.target.form.submit();
  });

  // ---- Exam countdown -------------------------------------------------
  // The server owns the deadline. The page counts down from the server's
  // "seconds left" with the monotonic performance clock, so a wrong client
  // clock does not matter, and resynchronises after sleep or a hidden tab.
  let baseRemaining = null;
  let baseAt = 0;
  let submitting = false;

  function setRemaining(sec) {
    if (sec === "" || sec === null || isNaN(Number(sec))) return;
    baseRemaining = Number(sec);
    baseAt = performance.now();
  }

  function left() {
    return baseRemaining - (performance.now() - baseAt) / 1000;
  }

  function fmt(sec) {
    sec = Math.max(0, Math.ceil(sec));
    const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
    const mm = String(m).padStart(2, "0"), ss = String(s).padStart(2, "0");
    return h ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }

  function autoSubmit() {
    if (submitting) return;
    submitting = true;
    const status = document.getElementById("save-status");
    if (status) status.textContent = status.dataset.timeup || "⏰";
    const form = document.getElementById("auto-submit-form");
    // Wait for in-flight saves (pending queue) briefly, then submit.
    flushPending().finally(function () { form.submit(); });
  }

  function tick() {
    const el = document.getElementById("timer");
    if (!el || baseRemaining === null) return;
    const l = left();
    el.textContent = fmt(l);
    el.classList.toggle("low", l <= 300);
    announce(l);
    if (l <= 0) autoSubmit();
  }

  // Screen readers hear the time left at 30, 10, 5 and 1 minutes, once each, through a
  // polite live region of its own; the clock itself (role=timer) is not live, so nothing
  // talks every second. Marks already passed when the page opens are not announced.
  const MARKS = [30, 10, 5, 1];
  let announced = null;
  function announce(l) {
    const region = document.getElementById("time-announce");
    const exam = document.getElementById("exam");
    if (!region || !exam) return;
    const minutes = l / 60;
    if (announced === null) { announced = MARKS.filter(function (m) { return minutes < m - 1 / 60; }); }
    const due = MARKS.filter(function (m) { return minutes <= m && announced.indexOf(m) < 0; });
    if (!due.length) return;
    const m = Math.min.apply(null, due);
    due.forEach(function (d) { announced.push(d); });
    region.textContent = m === 1 ? exam.dataset.msgMinuteLeft : (exam.dataset.msgMinutesLeft || "{n}").replace("{n}", m);
  }

  function resync() {
    const exam = document.getElementById("exam");
    if (!exam || submitting) return;
    fetch(exam.dataset.clockUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        if (d.status === "submitted") { window.location = exam.dataset.resultUrl; return; }
        setRemaining(d.remaining);
        tick();
      })
      .catch(function () {});
  }

  // ---- Answer saves that never get lost -------------------------------
  // A failed save (network down, server restarting, database away) is kept
  // in localStorage and retried until the server acknowledges it.
  const PENDING_KEY = "ipas-pending-answers";

  function loadPending() {
    try { return JSON.parse(localStorage.getItem(PENDING_KEY) || "{}"); } catch (e) { return {}; }
  }
  function storePending(p) {
    try { localStorage.setItem(PENDING_KEY, JSON.stringify(p)); } catch (e) { /* private mode */ }
  }

  function showStatus(kind, text) {
    const el = document.getElementById("save-status");
    if (!el) return;
    el.className = "save-status " + kind;
    el.textContent = text;
  }

  function pendingCount() { return Object.keys(loadPending()).length; }

  // A queued save goes out through htmx, like the click that failed: the reply lands where
  // the answer's form still is (its hx-target), or, with the form gone, only its out-of-band
  // grid cell is applied. Resolves once the server answered (saved or refused), rejects
  // while it cannot be reached.
  function sendPending(url, choice) {
    const form = document.querySelector('form[hx-post="' + url + '"]');
    const target = form && form.getAttribute("hx-target");
    const here = target && document.querySelector(target);
    let status = 0;
    function seen(e) {
      const cfg = e.detail.requestConfig;
      if (cfg && cfg.path === url) status = e.detail.xhr ? e.detail.xhr.status : 0;
    }
    document.addEventListener("htmx:afterRequest", seen);
    return window.htmx.ajax("POST", url, {
      source: form || document.body, values: { choice: choice },
      target: here ? target : "#save-status", swap: here ? "innerHTML" : "none",
    }).finally(function () {
      document.removeEventListener("htmx:afterRequest", seen);
    }).then(function () {
      if (!(status >= 200 && status < 500)) throw new Error("server " + status);
    });
  }

  let retryTimer = null;
  function flushPending() {
    const p = loadPending();
    const urls = Object.keys(p);
    if (!urls.length) return Promise.resolve();
    return Promise.all(urls.map(function (url) {
      return sendPending(url, p[url]).then(function () {
        const now = loadPending();
        if (now[url] === p[url]) { delete now[url]; storePending(now); }
      });
    })).then(function () {
      if (!pendingCount()) showStatus("ok", statusText("saved"));
    }).catch(function () {
      showStatus("error", statusText("retrying"));
      scheduleRetry();
      throw new Error("still pending");
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      flushPending().catch(function () {});
    }, 2000);
  }

  function statusText(key) {
    const exam = document.getElementById("exam") || document.getElementById("practice");
    const texts = { saved: "✓", retrying: "!", saving: "…" };
    if (exam) {
      texts.saved = exam.dataset.msgSaved || texts.saved;
      texts.retrying = exam.dataset.msgRetrying || texts.retrying;
      texts.saving = exam.dataset.msgSaving || texts.saving;
    }
    return texts[key];
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    const form = e.detail.elt;
    if (form && form.matches && form.matches("[data-answer-form]")) showStatus("saving", statusText("saving"));
  });

  function failedAnswer(e) {
    const form = e.detail.elt;
    if (!form || !form.matches || !form.matches("[data-answer-form]")) return false;
    const xhr = e.detail.xhr;
    if (xhr && xhr.status >= 400 && xhr.status < 500) return false; // refused: not retryable
    const checked = form.querySelector("input[name=choice]:checked");
    if (!checked) return true;
    const p = loadPending();
    p[form.getAttribute("hx-post")] = checked.value;
    storePending(p);
    showStatus("error", statusText("retrying"));
    scheduleRetry();
    return true;
  }
  document.addEventListener("htmx:sendError", failedAnswer);
  document.addEventListener("htmx:responseError", failedAnswer);

  // A refusal names its own target (HX-Retarget, core.middleware): show it there, although
  // htmx leaves 4xx replies unswapped by default.
  document.addEventListener("htmx:beforeSwap", function (e) {
    const xhr = e.detail.xhr;
    if (xhr && xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // The server announces what happened (quizzes.views): an answer stored, the time left.
  // (htmx dispatches HX-Trigger events on the element that made the request; they bubble.)
  document.addEventListener("answer-saved", function () {
    if (!pendingCount()) showStatus("ok", statusText("saved"));
  });
  document.addEventListener("clock-sync", function (e) {
    setRemaining(e.detail.remaining);
    tick();
  });

  document.addEventListener("htmx:afterSwap", function () {
    const next = document.querySelector("#practice-question #next[autofocus]");
    if (next) next.focus();
  });

  // ---- Keyboard -------------------------------------------------------
  function shortcutsOn() { return !document.documentElement.classList.contains("no-shortcuts"); }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || !shortcutsOn()) return;
    const t = e.target;
    if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "radio") || t.tagName === "SELECT")) return;
    const panel = document.querySelector("#question, #practice-question");
    if (!panel) return;
    const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
    const index = "1234".indexOf(key) >= 0 ? "1234".indexOf(key) : "ABCD".indexOf(key);
    if (key.length === 1 && index >= 0) {
      const radios = panel.querySelectorAll("input[name=choice]");
      if (radios[index] && !radios[index].checked) {
        // a key pressed right after a swap can beat htmx's own processing of the new form
        if (window.htmx && radios[index].form) window.htmx.process(radios[index].form);
        radios[index].checked = true;
        radios[index].dispatchEvent(new Event("change", { bubbles: true }));
      }
      e.preventDefault();
      return;
    }
    if (key === "Enter" || key === "ArrowRight") {
      if (t && t.tagName === "BUTTON") return; // let a focused button do its own job
      const next = panel.querySelector("#next");
      if (next) { e.preventDefault(); next.click(); }
    } else if (key === "ArrowLeft") {
      const prev = panel.querySelector("#prev");
      if (prev) { e.preventDefault(); prev.click(); }
    } else if (key === "F") {
      const flag = panel.querySelector("#flag-button");
      if (flag) { e.preventDefault(); flag.click(); }
    }
  });

  // ---- Preferences: dark mode, single-key shortcuts (theme.js applies them early) ----
  function systemDark() { return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches; }
  function isDark() {
    const t = document.documentElement.dataset.theme;
    return t ? t === "dark" : systemDark();
  }
  function store(key, value) {
    try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }
  function showPrefs() {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", isDark() ? "true" : "false");
    });
    const on = shortcutsOn();
    document.querySelectorAll("[data-shortcuts-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.textContent = on ? b.dataset.on : b.dataset.off;
    });
  }
  document.addEventListener("click", function (e) {
    const theme = e.target.closest("[data-theme-toggle]");
    if (theme) {
      const want = isDark() ? "light" : "dark";
      // choosing what the system shows anyway goes back to following the system
      if ((want === "dark") === systemDark()) { delete document.documentElement.dataset.theme; store("ipas-theme", null); }
      else { document.documentElement.dataset.theme = want; store("ipas-theme", want); }
      showPrefs();
      return;
    }
    const keys = e.target.closest("[data-shortcuts-toggle]");
    if (keys) {
      const off = shortcutsOn();
      document.documentElement.classList.toggle("no-shortcuts", off);
      store("ipas-shortcuts", off ? "off" : null);
      showPrefs();
    }
  });
  document.addEventListener("htmx:afterSwap", showPrefs);

  // ---- Offline: a request htmx could not send says so instead of doing nothing ----------
  document.addEventListener("htmx:sendError", function (e) {
    const form = e.detail.elt;
    if (form && form.matches && form.matches("[data-answer-form]")) return; // queued above
    const notice = document.getElementById("notice");
    if (notice && notice.dataset.offline) notice.textContent = notice.dataset.offline;
  });
  window.addEventListener("online", function () {
    const notice = document.getElementById("notice");
    if (notice && notice.textContent === notice.dataset.offline) notice.textContent = "";
  });

  // ---- Study pages: the table of contents marks the part being read ---------------------
  function markToc() {
    const links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    if (!links.length || !("IntersectionObserver" in window)) return;
    const byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    const visible = new Set();
    function mark() {
      let first = null;
      document.querySelectorAll(".guide .part").forEach(function (part) {
        if (!first && visible.has(part.id)) first = part.id;
      });
      if (!first) return;
      links.forEach(function (a) { a.removeAttribute("aria-current"); });
      if (byId[first]) byId[first].setAttribute("aria-current", "location");
    }
    const seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) { if (en.isIntersecting) visible.add(en.target.id); else visible.delete(en.target.id); });
      mark();
    }, { rootMargin: "0px 0px -60% 0px" });
    document.querySelectorAll(".guide .part").forEach(function (part) { seen.observe(part); });
  }

  // ---- The offline page lists the study pages kept for reading (ipas/pwa.py) -----------
  function listOfflinePages() {
    const list = document.getElementById("offline-pages");
    if (!list || !window.caches) return;
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.startsWith("ipas-"); }).map(function (k) {
        return caches.open(k).then(function (c) {
          return c.keys().then(function (reqs) {
            return Promise.all(reqs.filter(function (r) { return new URL(r.url).pathname.startsWith("/study/"); })
              .map(function (r) {
                return c.match(r).then(function (resp) { return resp.text(); }).then(function (html) {
                  const doc = new DOMParser().parseFromString(html, "text/html");
                  const h1 = doc.querySelector("h1");
                  return { path: new URL(r.url).pathname, title: h1 ? h1.textContent : new URL(r.url).pathname };
                });
              }));
          });
        });
      }));
    }).then(function (groups) {
      const pages = [].concat.apply([], groups).sort(function (a, b) { return a.path < b.path ? -1 : 1; });
      list.textContent = "";
      pages.forEach(function (p) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = p.path;
        a.textContent = p.title;
        li.append(a);
        list.append(li);
      });
      if (!pages.length) {
        const li = document.createElement("li");
        li.textContent = list.dataset.none;
        list.append(li);
      }
    }).catch(function () {});
  }

  // ---- Start ----------------------------------------------------------
  document.addEventListener("DOMContentLoaded", function () {
    const exam = document.getElementById("exam");
    if (exam && exam.dataset.remaining !== "") {
      const region = document.createElement("div");
      region.id = "time-announce";
      region.className = "announce";
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      exam.prepend(region);
      setRemaining(exam.dataset.remaining);
      tick();
      setInterval(tick, 250);
      setInterval(resync, 60000);
      document.addEventListener("visibilitychange", function () { if (!document.hidden) resync(); });
    }
    showPrefs();
    markToc();
    listOfflinePages();
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register("/sw.js").catch(function () {});
    }
    if (pendingCount()) flushPending().catch(function () {});
    window.addEventListener("online", function () { flushPending().catch(function () {}); });
  });
})();
