"""A chunked static search index, read by our worker behind Material's own search box.

Material's search (lunr) sends one index per language to every reader and builds it in the
browser on every full page load: at 2,000 entries, 31 MB and 9-11 s before the first result
(bench/README.md, "Search"). With `extra.kb.search_engine: chunked` the build writes, instead,
for each language:

- `search/search_index.json`: Material's file, with its settings and no documents (Material's page
  script still fetches it and hands it to the worker);
- `search/kb/t<N>.json`: the terms, spread over shards by their first three characters, each term
  with its postings (document, weight);
- `search/kb/d<N>.json`: the documents (a page or one of its sections: location, title, the start
  of its text), in chunks of `DOCS_PER_CHUNK`.

`assets/javascripts/kb-search-worker.js` answers Material's search box with the same message
protocol as Material's worker (Material documents that a custom worker may replace its own): for a
query it downloads the shards of the query's words and the chunks of the best pages only, so what
a reader downloads does not grow with the knowledge base.

Words are cut the same way here and in the worker (tested in the browser, `tests/test_chunked_search.py`):
the language's search separator (LanguageConfig.search_separator), a trimmer, lower case, lunr's
English stop words left out, and runs of Han characters cut into overlapping pairs of characters
(a run of one character is its own word). Pairs need no dictionary in the browser, which is why
Chinese is not cut by jieba here. A query word matches the words it begins (lunr's trailing
wildcard) once it has three characters; an exact match weighs more. Weights follow lunr with Material's settings: BM25 with
k1 = 1.2 and no length normalisation (Material sets b = 0), field boosts from the search plugin's
`fields` (title, text, tags), and a page's `search.boost`.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FORMAT_VERSION", "IndexFiles", "Tokenizer", "build_index", "write_index"]

FORMAT_VERSION = 1
"""Bumped whenever the files' layout changes; the worker refuses a format it does not know."""
FOLDER = "search/kb"
"""Folder of the shards and chunks, below a language's site root."""
DOCS_PER_CHUNK = 64
EXCERPT_CHARS = 240
"""Characters of a document's text kept for its result (Material shows the start of it)."""
K1 = 1.2
WEIGHT_STEPS = 16
"""Weights are stored as round(log2(weight) * WEIGHT_STEPS): 4% steps, two or three digits."""

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Han characters (CJK Unified Ideographs, extension A, compatibility); the worker has the same range."""
WORD = "0-9A-Za-z_\u00c0-\uffff"
"""Characters the trimmer keeps at the ends of a word; the worker has the same class."""
_HAN_RUN = re.compile(f"[{HAN}]+")
_TRIM = re.compile(f"^[^{WORD}]+|[^{WORD}]+$")
_TAG = re.compile(r"<[^>]*>")

STOP_WORDS = (
    "a able about across after all almost also am among an and any are as at be because been but by "
    "can cannot could dear did do does either else ever every for from get got had has have he her "
    "hers him his how however i if in into is it its just least let like likely may me might most "
    "must my neither no nor not of off often on only or other our own rather said say says she "
    "should since so some than that the their them then there these they this tis to too twas us "
    "wants was we were what when where which while who whom why will with would yet you your"
).split()
"""lunr's English stop words (lunr.stopWordFilter), left out when the pipeline has stopWordFilter."""


@dataclass(frozen=True)
class Tokenizer:
    """How one language's text is cut into index words (the worker does the same with `settings()`)."""

    separator: str
    stop_words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_separator", re.compile(self.separator))

    @classmethod
    def for_language(cls, separator: str, pipeline: Iterable[str]) -> Tokenizer:
        return cls(separator, frozenset(STOP_WORDS) if "stopWordFilter" in pipeline else frozenset())

    def words(self, text: str) -> Iterator[str]:
        """The index words of plain `text`, in order (repeats kept)."""
        start = 0
        for match in self._separator.finditer(text):  # type: ignore[attr-defined]
            yield from self._piece(text[start:match.start()])
            start = match.end()
        yield from self._piece(text[start:])

    def _piece(self, piece: str) -> Iterator[str]:
        word = _TRIM.sub("", piece).lower()
        if not word or word in self.stop_words:
            return
        if not _HAN_RUN.search(word):
            yield word
            return
        position = 0
        for run in _HAN_RUN.finditer(word):
            if run.start() > position:
                yield from self._piece(word[position:run.start()])
            chars = run.group(0)
            if len(chars) == 1:
                yield chars
            else:
                for index in range(len(chars) - 1):
                    yield chars[index:index + 2]
            position = run.end()
        if position < len(word):
            yield from self._piece(word[position:])


def shard_of(word: str, shards: int) -> int:
    """The shard of a word, from its first three characters (the worker computes the same).

    So a query word of three characters or more finds every word it begins in one shard; a shorter
    one is looked up whole (`do` finds `do`, not `docker`): two-character prefixes would pile every
    `co...` word of a large site into one shard that most queries download."""
    key = word[:3]
    value = 0
    for char in key:
        value = (value * 31 + ord(char)) % 1_000_003
    return value % shards


def shard_count(documents: int) -> int:
    """About one shard per 64 documents, a power of two between 16 and 1,024."""
    count = 16
    while count < 1024 and count * 64 < documents:
        count *= 2
    return count


@dataclass(frozen=True)
class IndexFiles:
    """What a language's search folder holds: file name (below FOLDER) -> JSON text, and settings."""

    files: dict[str, str]
    settings: dict[str, Any]


def plain_text(markup: str) -> str:
    """Text without tags or entities, white space collapsed (Material's section text is HTML)."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def build_index(docs: list[dict[str, Any]], tokenizer: Tokenizer, boosts: dict[str, float]) -> IndexFiles:
    """The shards and chunks of Material's search documents (`location`, `title`, `text` as HTML,
    optional `tags` and `boost`), in their order: a page's document comes before its sections'."""
    fields = [name for name in ("title", "text", "tags") if boosts.get(name)]
    counts: list[dict[str, dict[str, int]]] = []  # per document: word -> field -> count
    document_frequency: dict[str, int] = defaultdict(int)
    for doc in docs:
        per_word: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for name in fields:
            for word in tokenizer.words(_field_text(doc, name)):
                per_word[word][name] += 1
        counts.append(per_word)
        for word in per_word:
            document_frequency[word] += 1
    total = len(docs)
    shards = shard_count(total)
    postings: list[dict[str, list[int]]] = [defaultdict(list) for _ in range(shards)]
    for number, (doc, per_word) in enumerate(zip(docs, counts)):
        doc_boost = float(doc.get("boost", 1) or 1)
        for word in sorted(per_word):
            frequency = document_frequency[word]
            idf = math.log(1 + abs((total - frequency + 0.5) / (frequency + 0.5)))
            weight = doc_boost * idf * sum(boosts[name] * (K1 + 1) * tf / (K1 + tf)
                                           for name, tf in per_word[word].items())
            postings[shard_of(word, shards)][word].extend((number, _quantize(weight)))
    files = {f"t{n}.json": _dump({word: _delta(items) for word, items in sorted(shard.items())})
             for n, shard in enumerate(postings)}
    parents = _parents(docs)
    for start in range(0, total, DOCS_PER_CHUNK):
        chunk = [_document(docs[n], parents[n]) for n in range(start, min(start + DOCS_PER_CHUNK, total))]
        files[f"d{start // DOCS_PER_CHUNK}.json"] = _dump(chunk)
    settings = {"version": FORMAT_VERSION, "folder": FOLDER, "shards": shards, "docs": total,
                "docsPerChunk": DOCS_PER_CHUNK, "weightSteps": WEIGHT_STEPS,
                "separator": tokenizer.separator, "stopWords": sorted(tokenizer.stop_words)}
    return IndexFiles(files, settings)


def _field_text(doc: dict[str, Any], name: str) -> str:
    if name == "tags":
        return " ".join(str(tag) for tag in doc.get("tags") or ())
    return plain_text(str(doc.get(name) or ""))


def _quantize(weight: float) -> int:
    return round(math.log2(max(weight, 1e-6)) * WEIGHT_STEPS)


def _delta(items: list[int]) -> list[int]:
    """[doc, weight, doc, weight...] with each document number after the first as a difference."""
    out = list(items)
    for index in range(len(out) - 2, 0, -2):
        out[index] -= out[index - 2]
    return out


def _parents(docs: list[dict[str, Any]]) -> list[int]:
    """For each document, the number of its page's document (-1 for a page itself)."""
    pages: dict[str, int] = {}
    parents = []
    for number, doc in enumerate(docs):
        path = str(doc["location"]).split("#", 1)[0]
        if path in pages:
            parents.append(pages[path])
        else:
            pages[path] = number
            parents.append(-1)
    return parents


def _document(doc: dict[str, Any], parent: int) -> list[Any]:
    text = plain_text(str(doc.get("text") or ""))
    if len(text) > EXCERPT_CHARS:
        cut = text.rfind(" ", 0, EXCERPT_CHARS)
        text = text[:cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + "…"
    tags = [str(tag) for tag in doc.get("tags") or ()] if parent < 0 else []
    return [str(doc["location"]), plain_text(str(doc.get("title") or "")), text, parent, tags]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_index(index: IndexFiles, site_dir: Path) -> None:
    """Write the shards and chunks below `site_dir`, replacing what an earlier build left there."""
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):
        if stale.name not in index.files:
            stale.unlink()
    for name, text in index.files.items():
        (folder / name).write_text(text, encoding="utf-8")
