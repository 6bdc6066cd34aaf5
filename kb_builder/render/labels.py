"""What every generated page shares: the interface labels, the groupings and orders of entries and
codes, the search keywords of an entry; and the lookup page's Markdown (`templates/lookup.md.j2`).

The HTML pages themselves are written by kb_builder/render/entry.py and kb_builder/render/listing.py.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from kb_builder.content.language import message_rank
from kb_builder.content.model import Entry, Message
from kb_builder.content.yamlsource import load_shipped_data
from kb_builder.render.jinja import markdown_templates
from kb_builder.search import lookup


@cache
def labels(lang: str) -> dict[str, Any]:
    """Interface words of generated pages in `lang`."""
    text = resources.files("kb_builder.locales").joinpath(f"{lang}.yml").read_text(encoding="utf-8")
    return load_shipped_data(text)


def error_code_html(code: str) -> str:
    """An error code as inline HTML that a line breaks only after a separator (<wbr>, which copies as
    nothing), never mid-word as Material's inline code does (kb.css, `code.kb-code`)."""
    return f'<code class="kb-code">{breakable(html.escape(code))}</code>'


def breakable(escaped: str) -> str:
    """Escaped code with a break opportunity (<wbr>) after each `/`, `\\` and `_` of a long word."""
    return re.sub(r"(?<=[/\\_])(?=[^\s</\\_])", "<wbr>", escaped) if len(escaped) > 12 else escaped


def messages_in_page_order(entry: Entry, lang: str) -> list[Message]:
    """Verbatim messages in the page's language first (a zh-TW one on a zh-Hant page), then in its
    language's other script (zh-CN there), then the others, each group in entry order."""
    return sorted(entry.messages, key=lambda m: message_rank(m.lang, lang))


def search_keywords(entry: Entry) -> list[str]:
    """Every form of every code of the entry, for the search index (front matter `tags`).

    Material's search boosts tags far above text, so a code query puts the entries that own the
    code first; lunr matches word starts only, so each form must be a token of its own. Paths keep
    their case: the search separator leaves `Wsl/Service/...` whole because a capital follows each
    `/` (see LanguageConfig.search_separator), so a pasted path is one exact token.
    """
    keywords = set()
    for code in entry.error_codes:
        for form, _key, full in code_forms(code):
            keywords.add(code if full and "/" in code else form)
    return sorted(keywords)


@lru_cache(maxsize=1 << 16)
def code_forms(code: str) -> tuple[tuple[str, str, bool], ...]:
    """(form, key, full) of each form of `code` (kb_builder.search.lookup.code_forms), made once
    per code: every page of every language asks for them (48,000 calls at 2,000 entries)."""
    return tuple((f["form"], f["key"], f["full"]) for f in lookup.code_forms(code))


def render_lookup(lang: str, lookup_folder: str, diagnostics: str, report_url: str | None) -> str:
    """The lookup page: its matcher's files in `lookup_folder`, the guide for no match, and where
    "report this error" opens a new issue (`report_url`; None: not offered)."""
    return markdown_templates().get_template("lookup.md.j2").render(
        t=labels(lang), lang=lang, lookup_folder=lookup_folder, diagnostics=diagnostics, report_url=report_url)


PREVALENCE_ORDER = ("common", "occasional", "rare")
"""How often an entry is the cause of its codes, most often first (the order of a shared code's page)."""


def by_prevalence(entries: list[Entry]) -> list[Entry]:
    """Most common cause first, then by id."""
    return sorted(entries, key=lambda e: (PREVALENCE_ORDER.index(e.prevalence), e.id))


@dataclass
class CodeRow:
    """One error code of the index: its main form, its other written forms, the entries that list it."""

    key: str
    code: str
    variants: list[str]
    entries: list[Entry]
    generated: dict[str, None] = field(default_factory=dict)
    """Forms made from the entries' codes (kb_builder.search.lookup.code_forms), each once, in order."""

    @property
    def slug(self) -> str:
        """The code's URL segment: `0x80370102`, `hcs_e_hyperv_not_installed` (lower case, `0x` before
        a hexadecimal code however the entries write it)."""
        return code_slug(self.key)

    @property
    def page_path(self) -> str:
        """Its page (`codes/<slug>.md`): only a code several entries list has one (code_pages)."""
        return f"codes/{self.slug}.md"

    @cached_property
    def platforms(self) -> list[str]:
        return sorted({p for e in self.entries for p in e.platforms}, key=_PLATFORM_ORDER.index)


@dataclass(frozen=True)
class SharedCode:
    """A code that several entries list, as an entry's page links it: the page that helps choose."""

    code: str
    count: int
    page_path: str


@lru_cache(maxsize=1 << 16)
def code_slug(key: str) -> str:
    """A code's URL segment and its id in the index (`80370102`, `0x80370102` -> `0x80370102`)."""
    bare = re.sub(r"^0x(?=[0-9a-f]{8}$)", "", key.lower())
    return "0x" + bare if re.fullmatch(r"[0-9a-f]{8}", bare) else bare


def code_index(entries: tuple[Entry, ...]) -> list[CodeRow]:
    """One row per code (all its written forms merged), by code; entries most common first.

    Made once per tuple of entries (the rows are not to be changed): the check's link targets
    (code_pages, once per language: 0.8 s a language at 10,000 entries when made each time) and
    the pages of every written language, which share the project's entries, ask for it.
    """
    for known, rows in _last_code_indexes:
        if known is entries:
            return rows
    rows = _code_index(entries)
    _last_code_indexes.insert(0, (entries, rows))
    del _last_code_indexes[2:]
    return rows


_last_code_indexes: list[tuple[tuple[Entry, ...], list[CodeRow]]] = []
"""The last two (entries, rows): the source language's entries and a converted edition's."""


def _code_index(entries: tuple[Entry, ...]) -> list[CodeRow]:
    rows: dict[str, CodeRow] = {}
    for entry in entries:
        for code in entry.error_codes:
            forms = code_forms(code)
            key = forms[0][1]
            row = rows.setdefault(code_slug(key), CodeRow(key, code, [], []))
            if _main_form_rank(code, key) < _main_form_rank(row.code, key):
                row.code = code
            row.variants.append(code)
            row.generated.update((form, None) for form, _key, _full in forms)
            if not row.entries or row.entries[-1] is not entry:  # entries come one at a time
                row.entries.append(entry)
    return [_finish(row) for row in sorted(rows.values(), key=lambda r: (r.slug.removeprefix("0x"), r.slug))]


def _main_form_rank(code: str, key: str) -> tuple[int, int, str]:
    """The form a row is named by: the bare code (`0x80370102`, `HCS_E_...`) before a path, then the longest."""
    return ("/" in code, -len(code) if "/" not in code else len(code), code)


def code_pages(entries: tuple[Entry, ...]) -> list[CodeRow]:
    """The codes that several entries list: each gets a page that helps choose between them."""
    return [row for row in code_index(entries) if len(row.entries) > 1]


def shared_codes_of(entry: Entry, pages: list[CodeRow]) -> tuple[SharedCode, ...]:
    """The code pages an entry's page links: one per group of entries (0x80370102 and
    HCS_E_HYPERV_NOT_INSTALLED, listed by the same five entries, are one choice, linked once)."""
    seen: set[tuple[str, ...]] = set()
    found = []
    for row in pages:
        owners = tuple(e.id for e in row.entries)
        if entry.id in owners and owners not in seen:
            seen.add(owners)
            found.append(SharedCode(row.code, len(owners), row.page_path))
    return tuple(found)


def _finish(row: CodeRow) -> CodeRow:
    """Other forms: as written in entries first; generated lower-case forms only when new."""
    written: dict[str, str] = {}
    for variant in [*row.variants, *row.generated]:  # entries' own spelling wins over generated forms
        written.setdefault(variant.lower(), variant)
    written.pop(row.code.lower(), None)
    row.variants = sorted(written.values(), key=str.lower)
    row.entries = by_prevalence(row.entries)
    return row


def common_entries(entries: tuple[Entry, ...], lang: str) -> list[Entry]:
    """The entries marked `prevalence: common` (the home page's "most common problems"), by title."""
    return sorted((e for e in entries if e.prevalence == "common" and e.status != "archived"),
                  key=lambda e: _title_key(e, lang))


def group_entries(entries: tuple[Entry, ...], lang: str | None = None) -> dict[str, dict[str, list[Entry]]]:
    """platform -> primary component -> entries, by title in `lang` (by id without a language)."""
    grouped: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        for platform in entry.platforms:
            grouped[platform][entry.components[0]].append(entry)
    return {platform: {component: sorted(items, key=lambda e: _title_key(e, lang))
                       for component, items in sorted(by_component.items())}
            for platform, by_component in sorted(grouped.items(), key=lambda kv: _PLATFORM_ORDER.index(kv[0]))}


_PLATFORM_ORDER = ["windows", "linux", "macos"]


def _title_key(entry: Entry, lang: str | None) -> tuple[str, str]:
    """Titles case-insensitively, leading quotes and brackets aside (Chinese in code point order),
    the id breaking ties."""
    return (re.sub(r"^\W+", "", entry.title[lang]).casefold() if lang else "", entry.id)


# Source paths of the listings every language generates (kb_builder.render.pages).
HOME_PAGE = "index.md"
CODES_PAGE = "codes.md"
LOOKUP_PAGE = "lookup.md"


def platform_page_path(platform: str) -> str:
    return f"platforms/{platform}.md"
