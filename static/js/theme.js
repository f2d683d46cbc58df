// Runs in <head> before the page is painted (no inline scripts under the CSP): the theme
// the learner chose with the toggle (otherwise the system's), and single-key shortcuts off
// if they turned them off (WCAG 2.1.4).
(function () {
  "use strict";
  try {
    var theme = localStorage.getItem("ipas-theme");
    if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
    if (localStorage.getItem("ipas-shortcuts") === "off") document.documentElement.classList.add("no-shortcuts");
  } catch (e) { /* storage blocked: the system's theme, shortcuts on */ }
})();
