// Starts Pagefind's search UI on the "Search (Pagefind)" page (kb_builder/search/pagefind.py).
// One Pagefind bundle at the site root serves every language; the UI picks the index of this
// page's <html lang>. Result URLs are stored from the site root ("/en/entries/x/"), so they are
// prefixed with the path the site is served from, which also works when it is not a host's root.
(function () {
  "use strict";
  var element = document.getElementById("kb-pagefind");
  var script = document.getElementById("kb-pagefind-ui");
  if (!element || !script || typeof PagefindUI === "undefined") {
    return;
  }
  var bundle = new URL(".", script.src);
  var ui = new PagefindUI({
    element: "#kb-pagefind",
    bundlePath: bundle.pathname,
    baseUrl: new URL("..", bundle).pathname,
    showImages: false,
    autofocus: true,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
