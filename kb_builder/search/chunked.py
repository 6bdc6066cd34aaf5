"""A chunked static search index, read by our worker behind Material's own search box.

Material's search (lunr) sends one index per language to every reader and builds it in the
browser on every full page load: at 2,000 entries, 31 MB and 9-11 s before the first result
(bench/README.md, "Search"). With `extra.kb.search_engine: chunked` the build writes, instead,
for each language:

- `search/search_index.json`: Material's file, with its settings and no documents (Material's page
  script still fetches it and hands it to the worker);
- `search/kb/t<N>.json`: the terms, spread over shards by their first three characters, each term
  with its postings in each field (settings `fields`): `[gaps, weights]` a field, the documents as
  differences from the one before and each one's weight as round(WEIGHT_STEPS * log2 weight);
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
wildcard) once it has three characters; an exact match weighs more. Weights follow lunr with
Material's settings: BM25 with k1 = 1.2 and no length normalisation (Material sets b = 0), field
boosts from the search plugin's `fields` (title, text, tags), and a page's `search.boost`. A
document's score for a word is the sum of its fields' weights, so each field is stored apart.
"""

from __future__ import annotations

import html
import json
import math
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from kb_builder.content.language import HAN  # the worker spells the same range

__all__ = ["FORMAT_VERSION", "IndexFiles", "Tokenizer", "build_index", "index_settings", "shard_of", "write_index",
           "write_index_of"]

FORMAT_VERSION = 1
"""Bumped whenever the files' layout changes; the worker refuses a format it does not know."""
FOLDER = "search/kb"
"""Folder of the shards and chunks, below a language's site root."""
FOLD_FILE = "fold.json"
PREFIX_FILE = "p2.json"
"""Two-character word starts -> the shards of the words they begin (`_short_prefixes`)."""
"""A folded language's character table, beside its shards (`{"from": "當…", "to": "当…"}`)."""
DOCS_PER_CHUNK = 64
EXCERPT_CHARS = 240
"""Characters of a document's text kept for its result (Material shows the start of it)."""
K1 = 1.2
COUNTED_TEXTS = 2048
"""Texts whose word counts a tokenizer remembers: the real content has about 1,100 a language; at
2,000 entries (48,000 texts) more would only hold memory (8,192 cost 30 MB of peak)."""
COUNT_LIMIT = 256
"""A word's count in one field is capped here (k1 = 1.2 saturates long before)."""
FIELDS = ("title", "text", "tags")
WEIGHT_STEPS = 16
"""Weights are stored as round(log2(weight) * WEIGHT_STEPS): 4% steps, two or three digits."""
_SATURATION_LOG = [0.0] + [math.log2((K1 + 1) * tf / (K1 + tf)) * WEIGHT_STEPS for tf in range(1, COUNT_LIMIT + 1)]

WORD = "0-9A-Za-z_\u00c0-\uffff"
"""Characters the trimmer keeps at the ends of a word; the worker has the same class."""
_HAN_RUN = re.compile(f"[{HAN}]+")
_TRIM = re.compile(f"^[^{WORD}]+|[^{WORD}]+$")
_TRIM_LEADING = re.compile(f"\0[^{WORD}\0]+")
"""Non-word characters after a NUL: the start of a fragment to trim (a literal first character
lets the regular-expression engine skip ahead; trailing ones are trimmed on the reversed text)."""
_HAN_PAIR = re.compile(f"[{HAN}]{{2}}")
_FIRST_OF_RUN = re.compile(f"\0[{HAN}]")
_LONE_HAN = re.compile(f"\0([{HAN}])(?=\0)")
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


class Tokenizer:
    """How one language's text is cut into index words (the worker does the same with `settings`)."""

    def __init__(self, separator: str, stop_words: frozenset[str] = frozenset(),
                 fold: tuple[str, str] | None = None) -> None:
        self.separator = separator
        self.stop_words = stop_words
        self.fold = fold
        """(characters, what each becomes) before cutting: a converted edition's Traditional
        characters become Simplified (kb_builder.content.convert.search_fold), in the index and in
        the worker's query alike."""
        self._fold = str.maketrans(*fold) if fold else None
        self._split = re.compile(separator).split
        self._pieces = _PieceWords(self)
        """Piece of text -> its words: a site's texts share a vocabulary of a few ten thousand."""
        self._dropped = stop_words | {""}
        self._counted: dict[str, Counter[str]] = {}

    @classmethod
    def for_language(cls, separator: str, pipeline: Iterable[str], fold: tuple[str, str] | None = None) -> Tokenizer:
        """The tokenizer of a language's settings, the same object for every build in a process
        (`kb serve` rebuilds: the texts it counted before are not cut again)."""
        return _tokenizer(separator, "stopWordFilter" in pipeline, fold)

    def counted(self, text: str) -> Counter[str]:
        """`counts(text)`, remembered for the last few thousand texts (a page's sections repeat its
        tags; a rebuild of `kb serve` sees the same texts but one page's). Do not change the result."""
        found = self._counted.get(text)
        if found is None:
            if len(self._counted) >= COUNTED_TEXTS:
                self._counted.clear()
            found = self._counted[text] = self.counts(text)
        return found

    def words(self, text: str) -> list[str]:
        """The index words of plain `text`, in order (repeats kept). NUL characters are dropped
        (`counts` separates with them)."""
        if self._fold:
            text = text.translate(self._fold)
        return list(chain.from_iterable(map(self._pieces.__getitem__, self._split(text.replace("\0", "")))))

    def counts(self, text: str) -> Counter[str]:
        """How often each index word occurs in plain `text`: what `words` gives, counted, but cut
        in a few passes of the regular-expression engine over the whole text rather than piece by
        piece."""
        if self._fold:
            text = text.translate(self._fold)
        joined = "\0".join(self._split(text.replace("\0", ""))).lower()
        if not _HAN_RUN.search(joined):
            found = Counter(_trim_fragments(joined).split("\0"))
        else:
            latin = _trim_fragments(_HAN_RUN.sub("\0", joined)).split("\0")
            runs = "\0" + "\0".join(_HAN_RUN.findall(joined)) + "\0"
            # Pairs at even offsets of each run, then, without each run's first character, the odd
            # ones; a run of one character is a word. (Patterns that begin with a NUL are fast.)
            pairs = chain(_HAN_PAIR.findall(runs), _HAN_PAIR.findall(_FIRST_OF_RUN.sub("\0", runs)))
            found = Counter(chain(latin, pairs, _LONE_HAN.findall(runs)))
        for word in found.keys() & self._dropped:
            del found[word]
        return found

    def piece_words(self, piece: str) -> tuple[str, ...]:
        """The words of one piece of text between two separators."""
        word = _TRIM.sub("", piece).lower()
        if not word or word in self.stop_words:
            return ()
        if not _HAN_RUN.search(word):
            return (word,)
        if _HAN_RUN.fullmatch(word):
            return _pairs(word)
        found: list[str] = []
        position = 0
        for run in _HAN_RUN.finditer(word):
            if run.start() > position:
                found.extend(self.piece_words(word[position:run.start()]))
            found.extend(_pairs(run.group(0)))
            position = run.end()
        if position < len(word):
            found.extend(self.piece_words(word[position:]))
        return tuple(found)


def _numbers() -> array[int]:
    return array("i")


@lru_cache(maxsize=8)
def _tokenizer(separator: str, stop: bool, fold: tuple[str, str] | None) -> Tokenizer:
    return Tokenizer(separator, frozenset(STOP_WORDS) if stop else frozenset(), fold)


class _PieceWords(dict[str, tuple[str, ...]]):
    """Piece -> its words, computed on first use (a lookup that hits stays in C)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        super().__init__()
        self._tokenizer = tokenizer

    def __missing__(self, piece: str) -> tuple[str, ...]:
        words = self[piece] = self._tokenizer.piece_words(piece)
        return words


def _trim_fragments(joined: str) -> str:
    """NUL-separated fragments, each without non-word characters at either end (the trimmer)."""
    leading = _TRIM_LEADING.sub("\0", "\0" + joined + "\0")
    return _TRIM_LEADING.sub("\0", leading[::-1])[::-1][1:-1]


def _pairs(run: str) -> tuple[str, ...]:
    """A run of Han characters as overlapping pairs (a single character is its own word)."""
    if len(run) == 1:
        return (run,)
    return tuple([run[index:index + 2] for index in range(len(run) - 1)])


def shard_of(word: str, shards: int) -> int:
    """The shard of a word, from its first three characters (the worker computes the same).

    So a query word of three characters or more finds every word it begins in one shard; a shorter
    one finds the shards of the words it begins through `p2.json`: two-character keys would pile
    every `co...` word of a large site into one shard that most queries download."""
    return string_hash(word[:3]) % shards


def string_hash(text: str) -> int:
    """The hash the shards of both indexes are chosen by (the worker and kb-matcher.js have it too)."""
    value = 0
    for char in text:
        value = (value * 31 + ord(char)) % 1_000_003
    return value


def shard_count(items: int, per_shard: int = 64, least: int = 16) -> int:
    """About one shard per `per_shard` items, a power of two between `least` and 1,024."""
    count = least
    while count < 1024 and count * per_shard < items:
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
    return IndexFiles(dict(_index_files(docs, tokenizer, boosts)), index_settings(len(docs), tokenizer, boosts))


def write_index_of(docs: list[dict[str, Any]], tokenizer: Tokenizer, boosts: dict[str, float], site_dir: Path) -> None:
    """`write_index(build_index(...))`, each file written as soon as it is made: a build need not
    hold the text of every file at once (about 100 MB at 10,000 entries, at the end of the build)."""
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = set()
    for name, text in _index_files(docs, tokenizer, boosts):
        (folder / name).write_text(text, encoding="utf-8")
        written.add(name)
    for stale in folder.glob("*.json"):
        if stale.name not in written:
            stale.unlink()


def _index_files(docs: list[dict[str, Any]], tokenizer: Tokenizer, boosts: dict[str, float]) -> Iterator[tuple[str, str]]:
    """(file name below FOLDER, JSON text) of each file of the index, in build_index's order."""
    fields = [name for name in FIELDS if boosts.get(name)]
    # field -> word -> [document, count, document, count, ...] in document order, 4 bytes a number
    # (a list held 44 bytes a posting: most documents' numbers are objects of their own)
    postings: list[dict[str, array[int]]] = [defaultdict(_numbers) for _ in fields]
    boost_log = [0.0] * len(docs)
    excerpts: list[str] = []
    titles: list[str] = []
    parents = _parents(docs)
    frequency: Counter[str] = Counter()  # documents holding each word, in any field
    for number, doc in enumerate(docs):
        if doc.get("boost") not in (None, 1):
            boost_log[number] = math.log2(max(float(doc["boost"]), 1e-9)) * WEIGHT_STEPS
        in_doc: set[str] = set()
        for name, field_postings in zip(fields, postings):
            if name == "tags" and parents[number] >= 0:
                continue  # Material repeats a page's tags on each section; the page's own document has them
            text = _field_text(doc, name)
            if name == "text":
                excerpts.append(_excerpt(text))
            elif name == "title":
                titles.append(text)
            counts = tokenizer.counted(text)
            in_doc.update(counts)
            for word, count in counts.items():
                field_postings[word].extend((number, count))
        frequency.update(in_doc)
    total = len(docs)
    shards = shard_count(total)
    saturation = _SATURATION_LOG
    field_boosts = [math.log2(boosts[name]) * WEIGHT_STEPS for name in fields]
    by_shard: list[list[str]] = [[] for _ in range(shards)]
    for word in sorted(frequency):
        by_shard[shard_of(word, shards)].append(word)
    for shard_number, words in enumerate(by_shard):
        shard: dict[str, list[list[int]]] = {}  # one shard's lists at a time: they are written as text
        for word in words:
            df = frequency[word]
            idf_log = math.log2(math.log(1 + abs((total - df + 0.5) / (df + 0.5)))) * WEIGHT_STEPS
            lists: list[list[int]] = []
            for field_postings, field_boost in zip(postings, field_boosts):
                items = field_postings.pop(word, None)
                if not items:
                    lists += ([], [])
                    continue
                # idf * boost * (k1 + 1) tf / (k1 + tf) * the page's boost, as round(WEIGHT_STEPS * log2)
                base = idf_log + field_boost
                numbers = items[0::2]
                lists.append([numbers[0], *map(operator.sub, numbers[1:], numbers)])
                lists.append([round(base + saturation[count if count < COUNT_LIMIT else COUNT_LIMIT] + boost_log[number])
                              for number, count in zip(numbers, items[1::2])])
            shard[word] = lists
        yield f"t{shard_number}.json", _dump(shard)
    yield PREFIX_FILE, _dump(_short_prefixes(by_shard))
    for start in range(0, total, DOCS_PER_CHUNK):
        chunk = [_document(docs[n], parents[n], titles[n] if titles else _field_text(docs[n], "title"),
                           excerpts[n] if excerpts else "")
                 for n in range(start, min(start + DOCS_PER_CHUNK, total))]
        yield f"d{start // DOCS_PER_CHUNK}.json", _dump(chunk)
    if tokenizer.fold:
        yield FOLD_FILE, _dump({"from": tokenizer.fold[0], "to": tokenizer.fold[1]})


def _short_prefixes(by_shard: list[list[str]]) -> dict[str, list[int]]:
    """Each two-character start of a longer word -> the shards holding such words: a query word of
    two characters (`do`, `hy`) also matches the words it begins, as lunr's wildcard does, though
    its shards are not known from the word itself (they are keyed on three characters)."""
    prefixes: dict[str, set[int]] = defaultdict(set)
    for number, words in enumerate(by_shard):
        for word in words:
            if len(word) > 2 and not _HAN_RUN.match(word):
                prefixes[word[:2]].add(number)
    return {prefix: sorted(shards) for prefix, shards in sorted(prefixes.items())}


def index_settings(total: int, tokenizer: Tokenizer, boosts: dict[str, float]) -> dict[str, Any]:
    """What the worker needs to read the index of `total` documents (search_index.json's `kb`);
    it does not depend on the documents' text, so it can be written before the index is."""
    return {"version": FORMAT_VERSION, "folder": FOLDER, "shards": shard_count(total), "docs": total,
            "docsPerChunk": DOCS_PER_CHUNK, "weightSteps": WEIGHT_STEPS,
            "fields": [name for name in FIELDS if boosts.get(name)],
            "separator": tokenizer.separator, "stopWords": sorted(tokenizer.stop_words),
            **({"fold": FOLD_FILE} if tokenizer.fold else {})}


def _field_text(doc: dict[str, Any], name: str) -> str:
    if name == "tags":
        return " ".join(str(tag) for tag in doc.get("tags") or ())
    return plain_text(str(doc.get(name) or ""))


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


def _excerpt(text: str) -> str:
    """The start of a document's plain text, cut at a space, for its result."""
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[:cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS] + "…"


def _document(doc: dict[str, Any], parent: int, title: str, excerpt: str) -> list[Any]:
    """A document as its chunk stores it; `title` and `excerpt` are plain text, already made."""
    tags = [str(tag) for tag in doc.get("tags") or ()] if parent < 0 else []
    return [str(doc["location"]), title, excerpt, parent, tags]


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
