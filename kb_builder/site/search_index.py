"""Material's search index, fed by our generated pages and written as our chunked index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kb_builder.config import LanguageConfig
from kb_builder.content.convert import search_fold
from kb_builder.search import chunked, sections
from kb_builder.search.segment import segment_chinese
from kb_builder.site.background import BACKGROUND
from kb_builder.site.internals import SearchIndexWithSegmenter
from kb_builder.site.pages import GeneratedPage


class KbSearchIndex(SearchIndexWithSegmenter):
    """Material's search index, reading our generated pages with kb_builder.search.sections instead of
    its HTML parser, and segmenting Chinese with jieba_fast_dat (kb_builder/search/segment.py).

    With `write_chunked_to`, the documents become the chunked index of kb_builder.search.chunked
    instead, and search_index.json keeps only the settings our worker needs.
    """

    _chunked: tuple[Path, chunked.Tokenizer] | None = None
    _reader: dict[str, Any] | None = None
    _in_background = False
    _by_page: dict[str, list[dict[str, Any]]] | None = None

    def keep_sections_by_page(self) -> None:
        """Remember which documents each page gave (`kb serve`), so that a page rendered again
        replaces its own (`reorder`)."""
        self._by_page = {}

    def in_background(self) -> None:
        """Write the chunked index after the build returns (BACKGROUND), so pages are served first."""
        self._in_background = True

    def reorder(self, page_urls: list[str]) -> None:
        """The documents of the pages at `page_urls`, in that order: the index a full build makes
        of these pages (pages rendered again since gave their documents anew)."""
        assert self._by_page is not None, "keep_sections_by_page was not called before the build"
        kept = set(page_urls)
        for url in [url for url in self._by_page if url not in kept]:
            del self._by_page[url]
        self.entries = [entry for url in page_urls for entry in self._by_page.get(url, ())]

    def write_chunked_to(self, site_dir: Path, language: LanguageConfig, reader: dict[str, Any], *,
                         in_background: bool = False) -> None:
        """Write the chunked index; `reader`: what the worker needs for pasted errors
        (kb_builder.search.lookup_files.reader_settings); `in_background` (kb serve): after the
        build has returned, so the edited page is served without waiting for it (the next build
        waits, then starts)."""
        self._chunked = (site_dir, chunked.Tokenizer.for_language(
            language.search_separator, language.search_pipeline, search_fold(language)))
        self._reader = reader
        self._in_background = in_background

    def generate_search_index(self, prev: Any) -> str:
        if self._chunked is None:
            return super().generate_search_index(prev)
        if prev and self.entries:  # `mkdocs serve --dirty`: this page's sections replace its old ones
            path = self.entries[0]["location"]
            self.entries = [e for e in prev.entries if not e["location"].startswith(path)] + self.entries
        elif prev:
            self.entries = prev.entries
        site_dir, tokenizer = self._chunked
        boosts = {name: float(spec.get("boost", 1)) for name, spec in self.config["fields"].items()}
        entries = self.entries

        def write() -> None:
            chunked.write_index_of(entries, tokenizer, boosts, site_dir)

        if self._in_background:
            BACKGROUND.start(write)
        else:
            write()
        settings = {key: self.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        kb_settings = {**chunked.index_settings(len(entries), tokenizer, boosts), "reader": self._reader}
        return json.dumps({"config": {**settings, "kb": kb_settings}, "docs": []},
                          separators=(",", ":"), ensure_ascii=False)

    def add_entry_from_context(self, page: Any) -> None:
        start = len(self.entries)
        self._add_entry_from_context(page)
        if self._by_page is not None:
            self._by_page[page.url] = self.entries[start:]

    def _add_entry_from_context(self, page: Any) -> None:
        if not isinstance(page, GeneratedPage):
            super().add_entry_from_context(page)
            return
        if (page.meta.get("search") or {}).get("exclude"):
            return
        for section in sections.sections(page.content or ""):
            self.create_entry_for_section(section, page.toc, page.url, page)

    def segment_chinese(self, data: str) -> str:
        if self._chunked is not None:
            return data  # the chunked index cuts Han text into pairs of characters itself
        if self.config.get("jieba_dict") or self.config.get("jieba_dict_user"):
            return super().segment_chinese(data)  # a dictionary of one's own is loaded into jieba
        return segment_chinese(data)
