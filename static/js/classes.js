// Classes pages: copy the join link. No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    const button = e.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copy).then(function () {
      const before = button.textContent;
      button.textContent = button.dataset.copied || "✓";
      setTimeout(function () { button.textContent = before; }, 1500);
    }).catch(function () {});
  });
})();
// Forms that end something (leave a class, remove a learner, delete an assignment) ask first.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    const form = e.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });
})();
// The item table: sort by a column heading (data-sort names the cells' class), filter by text
// or flagged rows. Rows are only reordered or hidden; the server's figures stay as they are.
(function () {
  "use strict";
  function value(row, key) {
    const cell = row.querySelector("." + key);
    const text = cell ? cell.textContent.trim() : "";
    if (key === "qkey") return text;
    const n = parseFloat(text);
    return isNaN(n) ? -Infinity : n;
  }
  document.addEventListener("click", function (e) {
    const th = e.target.closest("table.sortable th[data-sort]");
    if (!th) return;
    const table = th.closest("table");
    const body = table.tBodies[0];
    const key = th.dataset.sort;
    const asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[data-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = value(a, key), y = value(b, key);
      const c = typeof x === "string" ? x.localeCompare(y) : x - y;
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
  function applyFilter() {
    const table = document.getElementById("item-table");
    if (!table) return;
    const q = (document.getElementById("item-search").value || "").toLowerCase();
    const flagged = document.getElementById("item-flagged-only").checked;
    Array.from(table.tBodies[0].rows).forEach(function (r) {
      const show = (!q || r.textContent.toLowerCase().indexOf(q) !== -1) &&
        (!flagged || r.classList.contains("flagged"));
      r.hidden = !show;
    });
  }
  document.addEventListener("input", function (e) {
    if (e.target.id === "item-search" || e.target.id === "item-flagged-only") applyFilter();
  });
  document.addEventListener("change", function (e) {
    if (e.target.id === "item-flagged-only") applyFilter();
  });
})();
