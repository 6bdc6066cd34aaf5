// Error lookup: ranks entries for a pasted error text, in the browser, offline.
// A line-for-line port of kb_builder/search/lookup.py (normalize, tokens, contains_token, rank) over the
// match data the build writes into export/entries.json; tests/fixtures/diagnose/vectors.yaml runs
// against both. Loaded only on the lookup page.
(function () {
  "use strict";

  var CODE_SCORE = 100, FULL_FORM_BONUS = 20, SIGNATURE_SCORE = 40;
  var MESSAGE_LINE_SCORE = 10, MESSAGE_CAP = 30, WORDS_CAP = 30, WORDS_THRESHOLD = 8;
  var ESCAPES = [["\\r\\n", " "], ["\\n", " "], ["\\r", " "], ["\\t", " "]];
  var QUOTES = /["'`\\\u201c\u201d\u201e\u2033\u2018\u2019\u201a\u2032]/g;
  var STOPWORDS = new Set(("the and for with this that from are was were you your not can could please will has " +
    "have had its but all any into out use using when then than there their been being also more see how what which").split(" "));

  function normalize(text) {
    text = text.normalize("NFKC");
    ESCAPES.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
    return text.replace(QUOTES, "").toLowerCase().replace(/[ \t\n\r\f\v]+/g, " ").trim();
  }

  function tokens(normalized) {
    var found = (normalized.match(/[a-z0-9_]+/g) || []).filter(function (w) {
      return w.length >= 3 && !STOPWORDS.has(w);
    });
    (normalized.match(/[\u3400-\u9fff]+/g) || []).forEach(function (run) {
      for (var i = 0; i < run.length - 1; i++) found.push(run.slice(i, i + 2));
    });
    return found;
  }

  function isWordChar(ch) { return /[a-z0-9_]/.test(ch); }

  function containsToken(haystack, needle) {
    var start = haystack.indexOf(needle);
    while (start !== -1) {
      var end = start + needle.length;
      var before = start > 0 ? haystack[start - 1] : " ";
      var after = end < haystack.length ? haystack[end] : " ";
      if (!isWordChar(before) && !isWordChar(after)) return true;
      start = haystack.indexOf(needle, start + 1);
    }
    return false;
  }

  function score(entry, haystack, words) {
    var match = entry.match, total = 0, matched = [], strong = false, keys = new Map();
    match.codes.forEach(function (form) {
      if (containsToken(haystack, form.form)) {
        keys.set(form.key, (keys.get(form.key) || false) || form.full);
        matched.push({kind: "code", value: form.form});
      }
    });
    keys.forEach(function (full) { total += CODE_SCORE + (full ? FULL_FORM_BONUS : 0); strong = true; });
    match.signatures.forEach(function (signature) {
      if (haystack.indexOf(signature) !== -1) {
        total += SIGNATURE_SCORE; matched.push({kind: "signature", value: signature}); strong = true;
      }
    });
    var messageScore = 0;
    match.message_lines.forEach(function (line) {
      if (haystack.indexOf(line) !== -1) {
        messageScore += MESSAGE_LINE_SCORE; matched.push({kind: "message", value: line}); strong = true;
      }
    });
    total += Math.min(MESSAGE_CAP, messageScore);
    var shared = Array.from(words).filter(function (t) {
      return Object.prototype.hasOwnProperty.call(match.words, t);
    }).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
    var weight = shared.reduce(function (sum, t) { return sum + match.words[t]; }, 0);
    if (shared.length) {
      total += Math.min(WORDS_CAP, weight);
      matched.push({kind: "words", value: shared.slice(0, 12).join(" ")});
    }
    if (!strong && weight < WORDS_THRESHOLD) return null;
    return {id: entry.id, score: total, matched: matched, entry: entry};
  }

  function rank(text, entries, top) {
    var haystack = normalize(text), words = new Set(tokens(haystack));
    var results = entries.map(function (e) { return score(e, haystack, words); }).filter(Boolean);
    results.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    return top ? results.slice(0, top) : results;
  }

  window.kbLookup = {normalize: normalize, tokens: tokens, rank: rank};

  function codesOf(result) {
    return result.matched.filter(function (m) { return m.kind === "code"; }).map(function (m) { return m.value; });
  }

  // Another listed entry matched the same code: show how to tell them apart (as kb diagnose does).
  function sharesCode(result, results) {
    var mine = codesOf(result);
    return results.some(function (other) {
      return other !== result && codesOf(other).some(function (code) { return mine.indexOf(code) !== -1; });
    });
  }

  // Markdown links and code marks read as plain text: [text](url) -> text, `code` -> code.
  function plainText(markdown) {
    return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
  }

  function render(root, results, entries, base) {
    var list = root.querySelector(".kb-lookup__results");
    var status = root.querySelector(".kb-lookup__status");
    list.textContent = "";
    if (!root.querySelector("textarea").value.trim()) {
      status.textContent = root.dataset.empty; return;
    }
    status.textContent = results.length ? root.dataset.found.replace("{count}", results.length) : root.dataset.none;
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = base + result.entry.path;
      link.textContent = result.entry.title;
      var why = document.createElement("p");
      why.className = "kb-lookup__why";
      why.textContent = result.matched.map(function (m) {
        return (root.dataset["kind" + m.kind[0].toUpperCase() + m.kind.slice(1)] || m.kind) + ": " + m.value;
      }).join(" · ");
      item.appendChild(link);
      item.appendChild(why);
      if (result.entry.distinguish && sharesCode(result, results)) {
        var details = document.createElement("details");
        var summary = document.createElement("summary");
        summary.textContent = root.dataset.distinguish;
        var text = document.createElement("p");
        text.textContent = plainText(result.entry.distinguish);
        details.appendChild(summary);
        details.appendChild(text);
        item.appendChild(details);
      }
      list.appendChild(item);
    });
  }

  function start(root) {
    var box = root.querySelector("textarea"), entries = null, base = root.dataset.base;
    var update = function () { if (entries) render(root, rank(box.value, entries, 10), entries, base); };
    // Sent by the home page's and the 404 page's boxes (`?error=`; `?q=` would open Material's search).
    var asked = new URLSearchParams(window.location.search).get("error");
    if (asked && !box.value) box.value = asked;
    fetch(root.dataset.src).then(function (r) { return r.json(); }).then(function (data) {
      entries = data.entries; root.classList.add("kb-lookup--ready"); update();
    }).catch(function () { root.querySelector(".kb-lookup__status").textContent = root.dataset.failed; });
    box.addEventListener("input", update);
  }

  function init() { document.querySelectorAll(".kb-lookup").forEach(start); }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
