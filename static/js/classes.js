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
