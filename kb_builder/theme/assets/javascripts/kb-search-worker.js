// Search worker for `extra.kb.search_engine: chunked` (kb_builder/search/chunked.py).
//
// Material's search box talks to a web worker with four messages (SETUP, READY, QUERY, RESULT) and
// lets a site bring its own worker; this one answers from the chunked index the build wrote into
// `search/kb/`: for a query it downloads the shards of the query's words and the chunks of the best
// pages, never the whole index. Words are cut exactly as chunked_search.Tokenizer cuts them (the
// separator and stop words come from the index's settings; the character classes are the same).
//
// A pasted error is answered by the error matcher instead (kb-matcher.js, the same as `kb diagnose`
// and the lookup page): when the text holds an entry's code, signature or message line, or reads
// like a paste (long, several lines), the entries it matches come first, each saying why and how
// strongly, and a paste that matches nothing well says so, with a way to report it.
"use strict";

if (typeof importScripts === "function") { // in a worker; tests also load this file into a page for its words
  importScripts("kb-matcher.js");
}

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var PASTE_CHARS = 40;   // a query this long, or of PASTE_PIECES pieces, or of several lines, is a paste
var PASTE_PIECES = 6;
var WEAK_SHOWN = 3;     // a paste is shown weak matches until it has this many results
var MATCHES_SHOWN = 10;
var FORMAT_VERSION = 1;
var MAX_PAGES = 30;      // result groups sent to Material's list (it shows 10, then more on scroll)
var PREFIX_FACTOR = 0.6; // a word the query word only begins counts for less than the word itself
var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
var WORD = "0-9A-Za-z_\u00c0-\uffff";
var HAN_TEST = new RegExp("[" + HAN + "]");
var HAN_RUNS = new RegExp("[" + HAN + "]+", "g");
var TRIM = new RegExp("^[^" + WORD + "]+|[^" + WORD + "]+$", "g");

var settings = null;
var folder = null;
var separator = null;
var stopWords = null;
var files = new Map(); // file name -> Promise of its JSON
var latest = 0;
var reader = null;     // settings.reader: labels and links for pasted errors
var lookup = null;     // kbMatcher.Lookup over this language's search/errors/ files

// -- words (chunked_search.Tokenizer) ---------------------------------------------------------

function piece(text, out) {
  var word = text.replace(TRIM, "").toLowerCase();
  if (!word || stopWords.has(word)) {
    return;
  }
  if (!HAN_TEST.test(word)) {
    out.push(word);
    return;
  }
  var position = 0;
  for (var run of word.matchAll(HAN_RUNS)) {
    if (run.index > position) {
      piece(word.slice(position, run.index), out);
    }
    var chars = run[0];
    if (chars.length === 1) {
      out.push(chars);
    } else {
      for (var i = 0; i < chars.length - 1; i++) {
        out.push(chars.slice(i, i + 2));
      }
    }
    position = run.index + chars.length;
  }
  if (position < word.length) {
    piece(word.slice(position), out);
  }
}

// The query's pieces (what a reader sees as words), each with its index words.
function pieces(text) {
  text = text.replace(/\0/g, ""); // as chunked_search.Tokenizer, which separates with NUL
  var found = [];
  var start = 0;
  var add = function (part) {
    var words = [];
    piece(part, words);
    if (words.length) {
      found.push({ label: part.replace(TRIM, "").toLowerCase(), words: words });
    }
  };
  for (var match of text.matchAll(separator)) {
    add(text.slice(start, match.index));
    start = match.index + match[0].length;
  }
  add(text.slice(start));
  return found;
}

function words(text) {
  var out = [];
  for (var p of pieces(text)) {
    out.push.apply(out, p.words);
  }
  return out;
}

function shardOf(word) {
  var key = word.slice(0, 3);
  var value = 0;
  for (var i = 0; i < key.length; i++) {
    value = (value * 31 + key.charCodeAt(i)) % 1000003;
  }
  return value % settings.shards;
}

// -- files --------------------------------------------------------------------------------------

function load(name) {
  if (!files.has(name)) {
    var request = fetch(new URL(name, folder)).then(function (response) {
      if (!response.ok) {
        throw new Error(name + ": HTTP " + response.status);
      }
      return response.json();
    });
    request.catch(function () { files.delete(name); }); // a failed download is tried again next query
    files.set(name, request);
  }
  return files.get(name);
}

// A word's postings: [gaps, weights] for each field of the index's settings, each document as its
// difference from the one before; a document's weight for the word is the sum over its fields.
function postings(lists, each) {
  var total = new Map();
  for (var f = 0; f + 1 < lists.length; f += 2) {
    var gaps = lists[f], weights = lists[f + 1];
    var doc = 0;
    for (var i = 0; i < gaps.length; i++) {
      doc += gaps[i];
      total.set(doc, (total.get(doc) || 0) + Math.pow(2, weights[i] / settings.weightSteps));
    }
  }
  total.forEach(function (weight, doc) { each(doc, weight); });
}

// -- search -------------------------------------------------------------------------------------

async function search(query) {
  var fold = settings.fold ? await load(settings.fold) : null; // a converted edition: Traditional -> Simplified
  if (fold) query = kbMatcher.fold(query, fold); // as the index was cut
  var parts = pieces(query);
  if (!parts.length) {
    return { items: [] };
  }
  var shards = new Map();
  for (var part of parts) {
    for (var word of part.words) {
      var n = shardOf(word);
      if (!shards.has(n)) {
        shards.set(n, load("t" + n + ".json"));
      }
    }
  }
  // The last word of two characters (as typed so far) also matches the longer words it begins:
  // their shards are listed by their first two characters.
  var last = parts[parts.length - 1].words;
  var short = last.length === 1 && last[0].length === 2 && !HAN_TEST.test(last[0]) ? last[0] : null;
  var shortShards = [];
  if (short) {
    shortShards = (await load("p2.json"))[short] || [];
    shortShards.forEach(function (n) { if (!shards.has(n)) shards.set(n, load("t" + n + ".json")); });
  }
  var loaded = new Map();
  await Promise.all(Array.from(shards, async function (entry) { loaded.set(entry[0], await entry[1]); }));

  var scores = new Map();   // doc -> score
  var matched = new Map();  // doc -> Set of piece indexes
  var completions = new Map(); // word the last piece begins -> weight
  // A document's score: for each word of the query (a Han piece gives several pairs), the best of
  // the index words it matches (itself, or the words it begins), summed over the query's words; so
  // a page holding every pair of a Chinese phrase beats one holding a few in its title.
  parts.forEach(function (part, index) {
    for (var word of part.words) {
      var best = new Map(); // doc -> best weight of the index words this word matches
      var prefix = word.length >= 3 || word === short;
      var terms = word === short ? shortShards.concat([shardOf(word)]) : [shardOf(word)];
      for (var term of wordsOfShards(loaded, terms)) {
        if (term !== word && !(prefix && term.startsWith(word))) {
          continue;
        }
        var factor = term === word ? 1 : PREFIX_FACTOR;
        postings(loaded.get(shardOf(term))[term], function (doc, weight) {
          var value = weight * factor;
          if ((best.get(doc) || 0) < value) {
            best.set(doc, value);
          }
          if (index === parts.length - 1) {
            completions.set(term, (completions.get(term) || 0) + weight);
          }
        });
      }
      best.forEach(function (value, doc) {
        scores.set(doc, (scores.get(doc) || 0) + value);
        if (!matched.has(doc)) {
          matched.set(doc, new Set());
        }
        matched.get(doc).add(index);
      });
    }
  });
  if (!scores.size) {
    return { items: [] };
  }

  // Material's boosts after the query: a page above its sections, more query words above fewer.
  var docs = Array.from(scores.keys());
  var chunks = new Set(docs.map(chunkOf));
  var meta = await documents(chunks);
  var ranked = docs.map(function (doc) {
    var info = meta.get(doc);
    var coverage = matched.get(doc).size / parts.length;
    var boost = (info[3] < 0 ? 1 : 0) + coverage;
    // A document that lacks some of the query's pieces falls behind one that has them all, however
    // often its title repeats the others (coverage squared: half the pieces, a quarter of the score).
    return { doc: doc, page: info[3] < 0 ? doc : info[3],
             score: scores.get(doc) * (1 + boost * boost) * coverage * coverage };
  }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });

  var groups = new Map(); // page -> ranked docs, best group first
  for (var hit of ranked) {
    if (!groups.has(hit.page)) {
      if (groups.size === MAX_PAGES) {
        continue;
      }
      groups.set(hit.page, []);
    }
    groups.get(hit.page).push(hit);
  }
  var missing = new Set();
  groups.forEach(function (hits, page) {
    if (!meta.has(page)) {
      missing.add(chunkOf(page));
    }
  });
  if (missing.size) {
    (await documents(missing)).forEach(function (value, key) { meta.set(key, value); });
  }

  var labels = parts.map(function (part) { return part.label; });
  var marks = highlighter(parts, fold);
  var items = [];
  groups.forEach(function (hits, page) {
    var group = hits.map(function (hit) {
      return item(meta.get(hit.doc), hit.score, termsOf(labels, matched.get(hit.doc)), marks);
    });
    if (!hits.some(function (hit) { return hit.doc === page; })) {
      group.push(item(meta.get(page), 0, termsOf(labels, new Set()), marks));
    }
    items.push(group);
  });
  var result = { items: items };
  var last = parts[parts.length - 1];
  if (completions.size && !HAN_TEST.test(last.label)) {
    var suggestion = Array.from(completions).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); })[0][0];
    result.suggest = labels.slice(0, -1).concat([suggestion]);
  }
  return result;
}

// The words of the given shards, each once (a shard may be listed twice).
function wordsOfShards(loaded, numbers) {
  var terms = [];
  new Set(numbers).forEach(function (n) {
    var shard = loaded.get(n);
    if (shard) terms.push.apply(terms, Object.keys(shard));
  });
  return terms;
}

function chunkOf(doc) {
  return Math.floor(doc / settings.docsPerChunk);
}

async function documents(chunks) {
  var meta = new Map();
  await Promise.all(Array.from(chunks, async function (chunk) {
    var list = await load("d" + chunk + ".json");
    list.forEach(function (info, offset) { meta.set(chunk * settings.docsPerChunk + offset, info); });
  }));
  return meta;
}

function termsOf(labels, matched) {
  var terms = {};
  labels.forEach(function (label, index) { terms[label] = matched.has(index); });
  return terms;
}

function item(info, score, terms, marks) {
  var found = { location: info[0], title: marks(info[1]), text: info[2] ? "<p>" + marks(info[2]) + "</p>" : "",
                score: score, terms: terms };
  if (info[4] && info[4].length) {
    found.tags = info[4].map(escapeHtml);
  }
  return found;
}

// Text as HTML with the query's words marked as Material marks them; with a fold table, the words
// are found in the folded text and marked in the text as written (one character for one).
function highlighter(parts, fold) {
  var words = [];
  for (var part of parts) {
    words.push(part.label);
    words.push.apply(words, part.words);
  }
  words = Array.from(new Set(words)).filter(Boolean).sort(function (a, b) { return b.length - a.length; });
  var pattern = new RegExp(words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
  return function (text) {
    var out = "";
    var start = 0;
    var seen = fold ? kbMatcher.fold(text, fold) : text;
    if (seen.length !== text.length) seen = text; // a character outside the BMP: mark as written
    for (var match of seen.matchAll(pattern)) {
      var end = match.index + match[0].length;
      out += escapeHtml(text.slice(start, match.index)) + "<mark data-md-highlight>" + escapeHtml(text.slice(match.index, end)) + "</mark>";
      start = match.index + match[0].length;
    }
    return out + escapeHtml(text.slice(start));
  };
}

function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// -- pasted errors ------------------------------------------------------------------------------

function looksPasted(query) {
  var text = query.trim();
  return text.length >= PASTE_CHARS || /\n/.test(text) || text.split(/\s+/).length >= PASTE_PIECES;
}

// The header search's answer: the error matcher's entries for a pasted error or a text holding an
// entry's code or message; otherwise the ordinary search, as before.
async function answer(query) {
  var pasted = looksPasted(query);
  var matches = [];
  if (lookup) {
    try {
      matches = await lookup.rank(query, MATCHES_SHOWN);
    } catch (error) {
      console.error(error); // the ordinary search still answers
    }
  }
  var strong = matches.filter(function (match) { return match.strong; });
  if (!strong.length && !pasted) {
    return search(query);
  }
  // Strong matches first; a paste also gets weak ones, marked so, up to three results in all.
  var shown = strong.concat(pasted ? matches.filter(function (match) { return !match.strong; })
    .slice(0, Math.max(0, WEAK_SHOWN - strong.length)) : []);
  var items = shown.map(function (match) { return [matchItem(match, shown)]; });
  var compare = strong.length > 1 ? kbMatcher.codePage(strong[0], strong) : null;
  if (compare) { // several causes share the code: the page that helps choose comes first
    items.unshift([notice(reader.labels.compare.replace("{code}", compare.code).replace("{count}", compare.count),
                          reader.labels.compare_text, compare.path)]);
  }
  if (!strong.length) { // said first: the weak matches below share only words with the paste
    items.unshift([notice(matches.length ? reader.labels.weak_title : reader.labels.none_title,
                          reader.labels.none_text, reader.diagnostics)]);
    if (reader.report) { // a site with a repository: the miss can become a new entry
      items.push([notice(reader.labels.report_title, reader.labels.report_text, reportUrl(query))]);
    }
  } else if (!pasted) { // a code typed alone: the pages that mention it follow the entries that own it
    var ordinary = await search(query);
    var owned = new Set(shown.map(function (match) { return match.entry.path; }));
    ordinary.items.forEach(function (group) {
      if (!owned.has(group[0].location.split("#")[0])) items.push(group);
    });
  }
  return { items: items };
}

function matchItem(match, shown) {
  var labels = reader.labels;
  var why = kbMatcher.explain(match, labels);
  var strength = match.strong ? "strong" : "weak";
  var text = '<p class="kb-hit"><span class="kb-hit__strength kb-hit__strength--' + strength + '">' +
    escapeHtml(labels[strength]) + "</span> " + escapeHtml(why) + "</p>" +
    "<p>" + escapeHtml(match.entry.summary) + "</p>";
  if (match.entry.distinguish && kbMatcher.sharesCode(match, shown)) {
    text += '<p class="kb-hit__tell"><strong>' + escapeHtml(labels.distinguish) + "</strong> " +
      escapeHtml(clip(match.entry.distinguish, 220)) + "</p>";
  }
  return { location: match.entry.path, title: escapeHtml(match.entry.title), text: text,
           score: match.score, terms: {} };
}

function notice(title, text, location) {
  return { location: location, title: escapeHtml(title), text: "<p>" + escapeHtml(text) + "</p>",
           score: 0, terms: {} };
}

// A new issue of the site's repository, prefilled with the pasted text and the page's language.
function reportUrl(query) {
  var body = reader.labels.report_body.replace("{lang}", reader.lang) + "\n\n```\n" + clip(query.trim(), 1500) + "\n```\n";
  return reader.report + "?title=" + encodeURIComponent(reader.labels.report_issue_title + clip(firstLine(query), 80)) +
    "&body=" + encodeURIComponent(body);
}

function firstLine(text) {
  return text.trim().split(/\r?\n/)[0];
}

function clip(text, length) {
  return text.length <= length ? text : text.slice(0, length - 1) + "…";
}

// -- messages -----------------------------------------------------------------------------------

function setup(config) {
  settings = config.kb;
  if (!settings || settings.version !== FORMAT_VERSION) {
    throw new Error("kb-search-worker: search/search_index.json holds no chunked index of format " + FORMAT_VERSION);
  }
  // The worker sits in assets/javascripts/ of its language's site; the index in search/kb/.
  folder = new URL("../../" + settings.folder + "/", self.location.href);
  separator = new RegExp(settings.separator, "g");
  stopWords = new Set(settings.stopWords);
  reader = settings.reader || null;
  lookup = reader ? new kbMatcher.Lookup(new URL("../../" + reader.lookup + "/", self.location.href)) : null;
}

self.addEventListener("message", async function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    setup(message.data.config);
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var serial = ++latest;
    var result;
    try {
      result = await answer(message.data);
    } catch (error) {
      console.error(error);
      result = { items: [] };
    }
    if (serial === latest) { // an answer to a query typed over since is dropped
      self.postMessage({ type: RESULT, data: result });
    }
  }
});

// For tests: the same words as chunked_search.Tokenizer, outside a worker.
self.kbSearchWords = function (text, separatorText, stop) {
  separator = new RegExp(separatorText, "g");
  stopWords = new Set(stop);
  return words(text);
};
