/* The reader's small comforts, on every page (theme/main.html): no library, nothing fetched.
 * - Enter in a "paste your error" box submits it; Shift+Enter starts a new line.
 * - Code that scrolls sideways can be reached by keyboard (also in a tab opened later).
 * - The language chosen in the menu is remembered, and the switch keeps the #anchor
 *   (entry headings have the same ids in every language: #fix, #verify).
 * Material keeps its settings (the colour scheme too) under a scope that main.html sets to the
 * site's root, so they hold in every language. */
(function () {
  "use strict";
  var KEY = "kb.language";

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    if (!box.matches || !box.matches("textarea.kb-ask__text")) return;
    event.preventDefault();
    if (box.form && box.form.reportValidity()) box.form.requestSubmit();
  });

  function focusableCode() {
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (code.scrollWidth > code.clientWidth && !code.hasAttribute("tabindex")) code.setAttribute("tabindex", "0");
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(".tabbed-set > input")) focusableCode();
  });
  window.addEventListener("resize", focusableCode);

  function store(value) {
    try { if (window.__md_set) __md_set(KEY, value); } catch (e) { /* storage refused: nothing to remember */ }
  }
  function stored() {
    try { return window.__md_get ? __md_get(KEY) : null; } catch (e) { return null; }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    store(link.getAttribute("hreflang"));
    if (location.hash) link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash);
  });

  /* Arriving from elsewhere (a typed address, a link from another site) on another language than
   * the one chosen: the same page in the chosen language. Moving around this site never redirects. */
  function followChoice() {
    var wanted = stored();
    var here = document.documentElement.lang;
    var fromHere = document.referrer && document.referrer.indexOf(location.origin + "/") === 0;
    if (!wanted || wanted === here || fromHere) return;
    var link = document.querySelector("a.md-select__link[hreflang='" + wanted + "']");
    if (link) location.replace(link.href.split("#")[0] + location.search + location.hash);
  }

  function ready() { focusableCode(); followChoice(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
