"""The error matcher's data as small files, so the browser loads only what a pasted text needs.

`kb diagnose` ranks with `lookup.Matcher` over the match data of every entry. In the browser the
same matcher (`theme/assets/javascripts/kb-matcher.js`, used by the search box's worker and by the
lookup page) reads the same indexes from files in `search/errors/` of a language's site:

- `index.json`: the format, the number of shards and chunks, and the entries whose codes,
  signatures or message lines have no word to be found by (`always`: searched for every text);
- `w<N>.json`: the words, spread over shards by a hash of the whole word; each word with
  its postings `[entry, weight, entry, weight, ...]` and the entries it anchors (an entry's code,
  signature or message line can only be in a text that holds its rarest word, `Matcher._anchor`);
- `fold.json` (a converted edition only): the character table a text is folded with first;
- `e<N>.json`: the entries, in chunks of ENTRIES_PER_CHUNK, numbered in id order: what the
  matcher compares (codes, signatures, message lines, prevalence) and what a result shows (title,
  path, the symptom's first sentence, how to tell it from entries sharing a code).

A pasted line of 150 characters has about 20 words: 20 shards at most, and the chunks of the
entries whose codes or messages it may hold and of those shown (entries are numbered in id order,
so one that shares only words is ranked without its chunk).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kb_builder.content.convert import SearchFold, fold_text
from kb_builder.content.model import Entry
from kb_builder.render.export import entry_path
from kb_builder.search.chunked import shard_count, string_hash
from kb_builder.search.lookup import Matcher, code_forms, normalize

__all__ = ["FOLDER", "FORMAT_VERSION", "build_lookup_files", "reader_settings", "shard_of", "write_lookup_files"]

FORMAT_VERSION = 1
FOLDER = "search/errors"
ENTRIES_PER_CHUNK = 16
SUMMARY_CHARS = 160
FOLD_FILE = "fold.json"
DIAGNOSTICS_PAGE = "collect-diagnostics/"
"""The guide a reader is sent to when no entry matches (content/guides/<lang>/collect-diagnostics.md)."""
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[。！？.!?])\s")


def shard_of(word: str, shards: int) -> int:
    """The shard of a word: a hash of all its characters (the matcher's JavaScript does the same)."""
    return string_hash(word) % shards


def build_lookup_files(entries: Sequence[Entry], lang: str, data: dict[str, dict[str, Any]],
                       fold: SearchFold | None = None) -> dict[str, str]:
    """File name (below FOLDER) -> JSON text, for the entries of one language's site; `fold`: how a
    converted edition's data was folded (kb_builder.content.convert.search_fold), for the browser
    to fold a text too and for the texts a result quotes to be in the edition's script."""
    ids = sorted(data)
    number = {entry_id: n for n, entry_id in enumerate(ids)}
    matcher = Matcher(data)
    shards = shard_count(len(ids), per_shard=8, least=8)
    by_shard: list[list[str]] = [[] for _ in range(shards)]
    for word in sorted(set(matcher.postings) | set(matcher.anchored)):
        by_shard[shard_of(word, shards)].append(word)
    files = {}
    for shard_number, words in enumerate(by_shard):
        # One shard's postings at a time, written as text: all of them at once held 27 MB at
        # 2,000 entries (an entry's number is an object of its own past 256).
        shard: dict[str, list[list[int]]] = {}
        for word in words:
            postings: list[int] = []
            for entry_id in sorted(matcher.postings.get(word, ()), key=number.__getitem__):
                postings += (number[entry_id], data[entry_id]["words"][word])
            anchored = sorted(number[entry_id] for entry_id in matcher.anchored.get(word, ()))
            shard[word] = [postings, anchored]
        files[f"w{shard_number}.json"] = _dump(shard)  # keys sorted by _dump
    by_id = {entry.id: entry for entry in entries}
    for start in range(0, len(ids), ENTRIES_PER_CHUNK):
        chunk = [_entry(by_id[entry_id], lang, data[entry_id], fold) for entry_id in ids[start:start + ENTRIES_PER_CHUNK]]
        files[f"e{start // ENTRIES_PER_CHUNK}.json"] = _dump(chunk)
    files["index.json"] = _dump({
        "version": FORMAT_VERSION, "entries": len(ids), "shards": shards, "perChunk": ENTRIES_PER_CHUNK,
        "always": sorted(number[entry_id] for entry_id in matcher.always),
        **({"fold": FOLD_FILE} if fold else {}),
    })
    if fold:
        files[FOLD_FILE] = _dump({"from": fold[0], "to": fold[1]})
    return files


def reader_settings(lang: str, labels: dict[str, str], repo_url: str | None) -> dict[str, Any]:
    """What the search box's worker needs to answer a pasted error in `lang` (search_index.json's
    `kb.reader`): where the lookup files are, the words it shows, where "report this error" goes."""
    return {"lang": lang, "lookup": FOLDER, "diagnostics": DIAGNOSTICS_PAGE, "labels": labels,
            "report": f"{repo_url.rstrip('/')}/issues/new" if repo_url else None}


def _entry(entry: Entry, lang: str, match: dict[str, Any], fold: SearchFold | None) -> dict[str, Any]:
    return {
        "id": entry.id,
        "path": entry_path(entry),
        "title": entry.title[lang],
        "summary": summary(entry.symptoms[lang]),
        "distinguish": plain(entry.distinguish[lang]) if entry.distinguish else None,
        "codes": match["codes"],
        "signatures": match["signatures"],
        "message_lines": match["message_lines"],
        "prevalence": match["prevalence"],
        "names": _names(entry, match, fold),
    }


def _names(entry: Entry, match: dict[str, Any], fold: SearchFold | None) -> dict[str, str]:
    """Each compared form (normalized) -> the text as the entry writes it, to tell a reader why.

    A converted edition compares folded forms of each verbatim text and of its conversion
    (content.convert.matcher_entries): both are named by the conversion, in the edition's script,
    as the rest of the result is; the folded forms are Simplified and lower-cased."""
    names: dict[str, str] = {}
    for code in entry.error_codes:
        for form in code_forms(code):
            names.setdefault(form["form"], code)
    compared = {*match["signatures"], *match["message_lines"]}
    for text, shown in _quoted_texts(entry, fold):
        for variant in dict.fromkeys((text, shown)):
            form = normalize(fold_text(variant, fold))
            if form in compared:
                names.setdefault(form, shown.strip())
    return names


def _quoted_texts(entry: Entry, fold: SearchFold | None) -> Iterator[tuple[str, str]]:
    """Each signature and line of a verbatim message, with the text a result shows for it (in a
    converted edition, its conversion; a message is converted whole, as the matcher's is)."""
    for text in entry.signatures:
        yield text, fold.show(text) if fold else text
    for message in entry.messages:
        shown = fold.show(message.text) if fold else message.text
        yield from zip(message.text.splitlines(), shown.splitlines())


def plain(markdown: str) -> str:
    """Markdown read as plain text: `[text](url)` is its text, code marks and emphasis go."""
    return " ".join(_MARKDOWN_LINK.sub(r"\1", markdown).replace("`", "").replace("**", "").split())


def summary(markdown: str) -> str:
    """The first sentence of a text (the whole of it when short), for a result's one line."""
    text = plain(markdown)
    first = _SENTENCE_END.split(text, 1)[0]
    if len(first) <= SUMMARY_CHARS:
        return first
    cut = first.rfind(" ", 0, SUMMARY_CHARS)
    return first[:cut if cut > SUMMARY_CHARS // 2 else SUMMARY_CHARS] + "…"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_lookup_files(files: dict[str, str], site_dir: Path) -> None:
    """Write the files below `site_dir`, replacing what an earlier build left there."""
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
