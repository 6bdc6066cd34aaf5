// Error lookup page: ranks entries for a pasted error text, in the browser, offline, with the error
// matcher of kb-matcher.js (the search box's worker uses the same), which loads only the lookup
// files a text needs. Strong matches (a code, a signature or a message line of the entry is in the
// text) are listed with why; without one, up to three weak matches and a way to report the error.
(function () {
  "use strict";

  var SHOWN = 10, WEAK_SHOWN = 3;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var node = element("a", null, text);
    node.href = href;
    return node;
  }

  function render(root, text, matches, labels) {
    var list = root.querySelector(".kb-lookup__results");
    var status = root.querySelector(".kb-lookup__status");
    var help = root.querySelector(".kb-lookup__help");
    list.textContent = "";
    help.hidden = true;
    if (!text.trim()) {
      status.textContent = root.dataset.empty;
      return;
    }
    var strong = matches.filter(function (match) { return match.strong; });
    // Strong matches first, then weak ones, marked so, up to three results in all.
    var shown = strong.concat(matches.filter(function (match) { return !match.strong; })
      .slice(0, Math.max(0, WEAK_SHOWN - strong.length)));
    status.textContent = strong.length ? root.dataset.found.replace("{count}", strong.length)
      : matches.length ? root.dataset.weak : root.dataset.none;
    shown.forEach(function (match) {
      var item = element("li", "kb-lookup__result kb-lookup__result--" + (match.strong ? "strong" : "weak"));
      var heading = element("p", "kb-lookup__title");
      heading.appendChild(element("span", "kb-hit__strength kb-hit__strength--" + (match.strong ? "strong" : "weak"),
                                  match.strong ? labels.strong : labels.weak));
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(link(root.dataset.base + match.entry.path, match.entry.title));
      item.appendChild(heading);
      item.appendChild(element("p", "kb-lookup__why", kbMatcher.explain(match, labels)));
      item.appendChild(element("p", "kb-lookup__summary", match.entry.summary));
      if (match.entry.distinguish && kbMatcher.sharesCode(match, shown)) {
        var details = element("details");
        details.appendChild(element("summary", null, labels.distinguish));
        details.appendChild(element("p", null, match.entry.distinguish));
        item.appendChild(details);
      }
      list.appendChild(item);
    });
    var compare = strong.length > 1 ? kbMatcher.codePage(strong[0], strong) : null;
    var comparison = root.querySelector(".kb-lookup__compare");
    comparison.hidden = !compare;
    if (compare) {
      comparison.textContent = "";
      comparison.appendChild(link(root.dataset.base + compare.path,
        labels.compare.replace("{code}", compare.code).replace("{count}", compare.count)));
    }
    if (!strong.length) {
      var report = help.querySelector(".kb-lookup__report"); // none when the site names no repository
      if (report) report.href = reportUrl(root, text);
      help.hidden = false;
    }
  }

  // A new issue of the site's repository, prefilled with the pasted text and the page's language.
  function reportUrl(root, text) {
    var body = root.dataset.reportBody + "\n\n```\n" + text.trim().slice(0, 1500) + "\n```\n";
    var title = root.dataset.reportTitle + text.trim().split(/\r?\n/)[0].slice(0, 80);
    return root.dataset.report + "?title=" + encodeURIComponent(title) + "&body=" + encodeURIComponent(body);
  }

  function start(root) {
    var box = root.querySelector("textarea");
    var labels = JSON.parse(root.dataset.labels);
    var lookup = new kbMatcher.Lookup(new URL(root.dataset.src, window.location.href));
    var serial = 0;
    var update = function () {
      var asked = ++serial, text = box.value;
      lookup.rank(text, SHOWN).then(function (matches) {
        if (asked !== serial) return; // an answer to a text typed over since is dropped
        render(root, text, matches, labels);
        root.dataset.answered = String(asked); // for tests and bench/pastes.py: this text is answered
      }).catch(function () {
        if (asked === serial) root.querySelector(".kb-lookup__status").textContent = root.dataset.failed;
      });
    };
    // Sent by the home page's and the 404 page's boxes (`?error=`; `?q=` would open Material's search).
    var asked = new URLSearchParams(window.location.search).get("error");
    if (asked && !box.value) box.value = asked;
    root.classList.add("kb-lookup--ready");
    box.addEventListener("input", update);
    update();
  }

  function init() { document.querySelectorAll(".kb-lookup").forEach(start); }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
