/* Live Markdown preview in the question admin (issue 20): the stem and explanation are
   posted to the admin's own endpoint, which renders and sanitises them exactly as learner
   pages do (content.markdown); the answer is sanitised HTML put into #markdown-preview. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("markdown-preview");
    var stem = document.getElementById("id_stem");
    var explanation = document.getElementById("id_explanation");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!box || !stem || !explanation || !token) return;
    var timer = null, seq = 0;
    function refresh() {
      var mine = ++seq;
      var body = new URLSearchParams({stem: stem.value, explanation: explanation.value});
      fetch(box.dataset.url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: {"X-CSRFToken": token.value}
      }).then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { if (mine === seq && html) box.innerHTML = html; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(refresh, 300); }
    stem.addEventListener("input", later);
    explanation.addEventListener("input", later);
    refresh();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
