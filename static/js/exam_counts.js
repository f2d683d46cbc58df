// The exam header's "answered x / N" and the submit question's counts, kept current from the
// question grid (the server renders it and swaps its cells after every acknowledged save or
// flag). The server renders both right at page load; this only follows the swaps.
(function () {
  "use strict";

  function counts() {
    const grid = document.getElementById("qgrid");
    if (!grid) return null;
    const total = grid.querySelectorAll(".cell").length;
    const answered = grid.querySelectorAll(".cell.answered").length;
    const flagged = grid.querySelectorAll(".cell.flagged").length;
    return { total: total, answered: answered, unanswered: total - answered, flagged: flagged };
  }

  function fill(template, c) {
    return template.replace("{a}", c.answered).replace("{n}", c.total)
      .replace("{u}", c.unanswered).replace("{f}", c.flagged);
  }

  function refresh() {
    const c = counts();
    const el = document.getElementById("answered-count");
    if (!c || !el || !el.dataset.template) return;
    el.textContent = fill(el.dataset.template, c);
  }

  document.addEventListener("htmx:afterSettle", refresh);

  // htmx asks before submitting: the question says how many are unanswered and flagged now
  document.addEventListener("htmx:confirm", function (e) {
    const form = e.detail.elt;
    if (!form || form.id !== "submit-form" || !form.dataset.confirmTemplate) return;
    const c = counts();
    if (!c) return;
    e.preventDefault();
    if (window.confirm(fill(form.dataset.confirmTemplate, c))) e.detail.issueRequest(true);
  });
})();
