// The error matcher in the browser: kb_builder/search/lookup.py (normalize, tokens, the scoring of
// Matcher.rank) line for line, over the files of kb_builder/search/lookup_files.py, loaded by need.
// One script for both readers of a pasted error: the search box's worker (importScripts) and the
// lookup page (a <script>). tests/fixtures/diagnose/vectors.yaml runs against Python and this file.
(function (root) {
  "use strict";

  var FORMAT_VERSION = 1;
  var CODE_SCORE = 100, FULL_FORM_BONUS = 20, SIGNATURE_SCORE = 40;
  var MESSAGE_LINE_SCORE = 10, MESSAGE_CAP = 30, WORDS_CAP = 30, WORDS_THRESHOLD = 8;
  var SHORT_QUERY_WORD_WEIGHT = 4, PART_SCORE = 30, SIGNATURE_PART_SCORE = 35, MIN_PART_WORDS = 3;
  var ESCAPES = [["\\r\\n", " "], ["\\n", " "], ["\\r", " "], ["\\t", " "]];
  var QUOTES = /["'`\u201c\u201d\u201e\u2033\u2018\u2019\u201a\u2032]/g;
  var URL_ESCAPE = /%([2-7][0-9a-fA-F])/g;
  var ESCAPED_QUOTE = /\\+(?=["'`])/g;
  var BACKSLASHES = /\\+/g;
  var SLASHES = /\/\/+/g;
  var HOME = /(^|[/ ])(users|home)\/[^/ ]+\//g;
  var WORD = /[a-z0-9_]+/g;
  var COMPOUND = /[a-z0-9_]+(?:[-.][a-z0-9_]+)+/g;
  var HAN = /[\u3400-\u9fff]+/g;
  var STOPWORDS = new Set(("the and for with this that from are was were you your not can could please will has " +
    "have had its but all any into out use using when then than there their been being also more see how what which").split(" "));

  function normalize(text) {
    text = text.normalize("NFKC");
    ESCAPES.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
    text = text.replace(URL_ESCAPE, function (all, hex) {
      var value = parseInt(hex, 16);
      return value < 0x7f ? String.fromCharCode(value) : all;
    });
    text = text.replace(ESCAPED_QUOTE, "").replace(QUOTES, "");
    text = text.replace(BACKSLASHES, "/").replace(SLASHES, "/");
    text = text.toLowerCase().replace(/[ \t\n\r\f\v]+/g, " ").trim();
    return text.replace(HOME, "$1$2/~/");
  }

  function tokens(normalized) {
    var found = (normalized.match(WORD) || []).filter(function (w) { return w.length >= 3 && !STOPWORDS.has(w); });
    found = found.concat(normalized.match(COMPOUND) || []);
    (normalized.match(HAN) || []).forEach(function (run) {
      for (var i = 0; i < run.length - 1; i++) found.push(run.slice(i, i + 2));
    });
    return found;
  }

  function wordsThreshold(haystack) {
    var pieces = haystack.split(" ").filter(function (piece) { return tokens(piece).length > 0; }).length;
    return Math.min(WORDS_THRESHOLD, SHORT_QUERY_WORD_WEIGHT * Math.max(1, pieces));
  }

  function mayBePart(words) {
    return words.length >= MIN_PART_WORDS;
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

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // lookup._score: `weights` holds the entry's weight of each word of the text it shares.
  function score(entry, haystack, weights, words, threshold, patterns) {
    var total = 0, matched = [], strong = false, keys = new Map();
    if (patterns) {
      entry.codes.forEach(function (form) {
        if (containsToken(haystack, form.form)) {
          keys.set(form.key, (keys.get(form.key) || false) || form.full);
          matched.push({kind: "code", value: form.form});
        }
      });
      keys.forEach(function (full) {
        total += CODE_SCORE + (full ? FULL_FORM_BONUS : 0); strong = true;
      });
      entry.signatures.forEach(function (signature) {
        if (haystack.indexOf(signature) !== -1) {
          total += SIGNATURE_SCORE; matched.push({kind: "signature", value: signature}); strong = true;
        }
      });
      var messageScore = 0;
      entry.message_lines.forEach(function (line) {
        if (haystack.indexOf(line) !== -1) {
          messageScore += MESSAGE_LINE_SCORE; matched.push({kind: "message", value: line}); strong = true;
        }
      });
      total += Math.min(MESSAGE_CAP, messageScore);
    }
    var shared = Array.from(weights.keys()).sort(compare);
    var weight = shared.reduce(function (sum, t) { return sum + weights.get(t); }, 0);
    if (!matched.length && mayBePart(words) && shared.length === words.length) {
      var part = partOf(haystack, entry);
      if (part) {
        total += part.score; matched.push({kind: "message", value: part.text}); strong = true;
      }
    }
    if (strong) total += entry.prevalence;
    if (shared.length) {
      total += Math.min(WORDS_CAP, weight);
      matched.push({kind: "words", value: shared.slice(0, 12).join(" ")});
    }
    if (!strong && weight < threshold) return null;
    return {score: total, matched: matched, strong: strong};
  }

  // lookup._part_of: the first signature, else message line, that holds the whole text, and its score.
  function partOf(haystack, entry) {
    var holds = function (text) { return text.indexOf(haystack) !== -1; };
    var signature = entry.signatures.find(holds);
    if (signature !== undefined) return {score: SIGNATURE_PART_SCORE, text: signature};
    var line = entry.message_lines.find(holds);
    return line === undefined ? null : {score: PART_SCORE, text: line};
  }

  function shardOf(word, shards) {
    var value = 0;
    for (var i = 0; i < word.length; i++) value = (value * 31 + word.charCodeAt(i)) % 1000003;
    return value % shards;
  }

  // The lookup files of one language's site, below `folder` (a URL ending in `search/errors/`).
  function Lookup(folder) {
    this.folder = folder;
    this.files = new Map();
  }

  Lookup.prototype.load = function (name) {
    var files = this.files;
    if (!files.has(name)) {
      var request = fetch(new URL(name, this.folder)).then(function (response) {
        if (!response.ok) throw new Error(name + ": HTTP " + response.status);
        return response.json();
      });
      request.catch(function () { files.delete(name); }); // tried again with the next text
      files.set(name, request);
    }
    return files.get(name);
  };

  Lookup.prototype.entries = async function (numbers, index) {
    var self = this, entries = new Map();
    var chunks = Array.from(new Set(numbers.map(function (n) { return Math.floor(n / index.perChunk); })));
    await Promise.all(chunks.map(async function (c) {
      var list = await self.load("e" + c + ".json");
      list.forEach(function (entry, offset) { entries.set(c * index.perChunk + offset, entry); });
    }));
    return entries;
  };

  // Matcher.rank: the entries that match `text`, best first (ties by id), at most `top`. Entries are
  // numbered in id order, so an entry that shares only words is ranked without its chunk: only the
  // entries whose codes or messages may be in the text, and those shown, are downloaded.
  Lookup.prototype.rank = async function (text, top) {
    var self = this;
    var index = await this.load("index.json");
    if (index.version !== FORMAT_VERSION) throw new Error("lookup index.json: format " + index.version);
    if (index.fold) text = fold(text, await this.load(index.fold)); // a converted edition's data is folded
    var haystack = normalize(text);
    var words = Array.from(new Set(tokens(haystack)));
    var threshold = wordsThreshold(haystack);
    var shardNumbers = Array.from(new Set(words.map(function (w) { return shardOf(w, index.shards); })));
    var shards = new Map();
    await Promise.all(shardNumbers.map(async function (n) { shards.set(n, await self.load("w" + n + ".json")); }));
    var searched = new Set(index.always);
    var weights = new Map(); // entry -> Map(word -> weight)
    words.forEach(function (word) {
      var found = shards.get(shardOf(word, index.shards))[word];
      if (!found) return;
      var postings = found[0];
      for (var i = 0; i < postings.length; i += 2) {
        if (!weights.has(postings[i])) weights.set(postings[i], new Map());
        weights.get(postings[i]).set(word, postings[i + 1]);
      }
      found[1].forEach(function (n) { searched.add(n); });
    });
    if (mayBePart(words)) { // a piece of a message: its entries hold every word
      weights.forEach(function (shared, n) { if (shared.size === words.length) searched.add(n); });
    }
    var known = await this.entries(Array.from(searched), index);
    var results = [];
    searched.forEach(function (n) {
      var found = score(known.get(n), haystack, weights.get(n) || new Map(), words, threshold, true);
      if (found) results.push({n: n, match: found});
    });
    var wordsOnly = {codes: [], signatures: [], message_lines: []};
    weights.forEach(function (shared, n) {
      if (searched.has(n)) return;
      var found = score(wordsOnly, haystack, shared, words, threshold, false);
      if (found) results.push({n: n, match: found});
    });
    results.sort(function (a, b) { return b.match.score - a.match.score || a.n - b.n; });
    if (top) results = results.slice(0, top);
    var shown = await this.entries(results.filter(function (r) { return !known.has(r.n); })
      .map(function (r) { return r.n; }), index);
    return results.map(function (r) {
      var entry = known.get(r.n) || shown.get(r.n);
      return Object.assign(r.match, {id: entry.id, entry: entry});
    });
  };

  function unique(values) { return Array.from(new Set(values)); }

  function clip(text, length) { return text.length <= length ? text : text.slice(0, length - 1) + "…"; }

  // The codes of a match as the entry lists them.
  function codesOf(match) {
    var names = match.entry.names;
    return unique(match.matched.filter(function (m) { return m.kind === "code"; })
      .map(function (m) { return names[m.value] || m.value; }));
  }

  // Why a match matched, in a reader's words: the code as listed, the message line as written,
  // or, for a weak match, the words it shares (Chinese character pairs are not words to a reader).
  function explain(match, labels) {
    var names = match.entry.names, reasons = [], messages = [], words = "";
    match.matched.forEach(function (m) {
      if (m.kind === "signature" || m.kind === "message") messages.push(names[m.value] || m.value);
      if (m.kind === "words") words = m.value;
    });
    var codes = codesOf(match);
    if (codes.length) reasons.push(labels.why_code + " " + codes.join(", "));
    if (messages.length) {
      var longest = messages.reduce(function (a, b) { return b.length > a.length ? b : a; });
      reasons.push(labels.why_message + " \u201c" + clip(longest, 90) + "\u201d");
    }
    if (!reasons.length) {
      var latin = words.split(" ").filter(function (w) { return w && !/[\u3400-\u9fff]/.test(w); });
      reasons.push(labels.why_words + (latin.length ? " " + latin.slice(0, 6).join(", ") : ""));
    }
    return reasons.join(" · ");
  }

  // `text` with each character of `table.from` replaced by the one at its place in `table.to`
  // (kb_builder.content.convert.fold_text: Traditional characters to Simplified, one by one).
  var folds = new WeakMap();
  function fold(text, table) {
    var map = folds.get(table);
    if (!map) {
      var from = Array.from(table.from), to = Array.from(table.to);
      map = new Map(from.map(function (ch, i) { return [ch, to[i]]; }));
      folds.set(table, map);
    }
    return Array.from(text, function (ch) { return map.get(ch) || ch; }).join("");
  }

  // Another of `shown` matched one of the same codes: the reader must tell them apart.
  function sharesCode(match, shown) {
    var mine = codesOf(match);
    return mine.length > 0 && shown.some(function (other) {
      return other !== match && codesOf(other).some(function (code) { return mine.indexOf(code) !== -1; });
    });
  }

  // The page that compares the entries sharing one of this match's codes (render/labels.code_pages:
  // a code listed by two or more entries; its slug is the code's key, `0x` before 8 hex digits), or
  // null when no other of `shown` matched the same code.
  function codePage(match, shown) {
    var keys = {};
    match.entry.codes.forEach(function (form) { keys[form.form] = form.key; });
    var mine = codesOf(match);
    for (var i = 0; i < match.matched.length; i++) {
      var m = match.matched[i];
      if (m.kind !== "code") continue;
      var code = match.entry.names[m.value] || m.value;
      var shared = shown.some(function (other) { return other !== match && codesOf(other).indexOf(code) !== -1; });
      if (shared && mine.indexOf(code) !== -1) {
        var key = keys[m.value];
        var count = shown.filter(function (other) { return codesOf(other).indexOf(code) !== -1; }).length;
        var name = /^[0-9a-f]{8}$/.test(key) ? "0x" + key : key; // the code itself, not a path ending in it
        return {code: /^0x/.test(name) ? name : name.toUpperCase(), count: count, path: "codes/" + name + "/"};
      }
    }
    return null;
  }

  root.kbMatcher = {normalize: normalize, tokens: tokens, wordsThreshold: wordsThreshold, Lookup: Lookup,
                    explain: explain, sharesCode: sharesCode, codePage: codePage, fold: fold};
})(typeof self !== "undefined" ? self : this);
