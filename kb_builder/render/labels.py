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
from functools import cache
from importlib import resources
from typing import Any

from kb_builder.content.model import Entry, Message
from kb_builder.content.yamlsource import load_shipped_data
from kb_builder.render.jinja import markdown_templates
from kb_builder.search.lookup import code_forms


@cache
def labels(lang: str) -> dict[str, Any]:
    """Interface words of generated pages in `lang`."""
    text = resources.files("kb_builder.locales").joinpath(f"{lang}.yml").read_text(encoding="utf-8")
    return load_shipped_data(text)


def error_code_html(code: str) -> str:
    """An error code as inline HTML that a line breaks only after a `/` (<wbr>, which copies as
    nothing), never mid-word as Material's inline code does (kb.css, `code.kb-code`)."""
    return f'<code class="kb-code">{html.escape(code).replace("/", "/<wbr>")}</code>'


def messages_in_page_order(entry: Entry, lang: str) -> list[Message]:
    """Verbatim messages in the page's language first, the others after, each group in entry order."""
    return sorted(entry.messages, key=lambda m: m.lang.split("-")[0].lower() != lang)


def search_keywords(entry: Entry) -> list[str]:
    """Every form of every code of the entry, for the search index (front matter `tags`).

    Material's search boosts tags far above text, so a code query puts the entries that own the
    code first; lunr matches word starts only, so each form must be a token of its own. Paths keep
    their case: the search separator leaves `Wsl/Service/...` whole because a capital follows each
    `/` (see LanguageConfig.search_separator), so a pasted path is one exact token.
    """
    keywords = set()
    for code in entry.error_codes:
        for form in code_forms(code):
            keywords.add(code if form["full"] and "/" in code else form["form"])
    return sorted(keywords)


def render_lookup(lang: str, lookup_folder: str, diagnostics: str, report_url: str | None) -> str:
    """The lookup page: its matcher's files in `lookup_folder`, the guide for no match, and where
    "report this error" opens a new issue (`report_url`; None: not offered)."""
    return markdown_templates().get_template("lookup.md.j2").render(
        t=labels(lang), lang=lang, lookup_folder=lookup_folder, diagnostics=diagnostics, report_url=report_url)


@dataclass
class _CodeRow:
    code: str
    variants: list[str]
    entries: list[Entry]
    generated: list[str] = field(default_factory=list)


def code_index(entries: tuple[Entry, ...]) -> dict[str, dict[str, list[_CodeRow]]]:
    """platform -> component -> one row per code (all its written forms merged).

    A code stands under every component its entries list: a reader browsing WSL finds every WSL
    code, though most Windows entries name Docker Desktop first."""
    index: dict[str, dict[str, dict[str, _CodeRow]]] = defaultdict(lambda: defaultdict(dict))
    for entry in entries:
        for code in entry.error_codes:
            forms = code_forms(code)
            key = forms[0]["key"]
            for platform, component in itertools.product(entry.platforms, entry.components):
                row = index[platform][component].setdefault(key, _CodeRow(code, [], []))
                if len(code) > len(row.code):
                    row.code = code
                row.variants.append(code)
                row.generated.extend(f["form"] for f in forms)
                if entry not in row.entries:
                    row.entries.append(entry)
    return {platform: {component: [_finish(row) for _, row in sorted(rows.items())]
                       for component, rows in sorted(by_component.items())}
            for platform, by_component in sorted(index.items(), key=lambda kv: _PLATFORM_ORDER.index(kv[0]))}


def _finish(row: _CodeRow) -> _CodeRow:
    """Other forms: as written in entries first; generated lower-case forms only when new."""
    written: dict[str, str] = {}
    for variant in [*row.variants, *row.generated]:  # entries' own spelling wins over generated forms
        written.setdefault(variant.lower(), variant)
    written.pop(row.code.lower(), None)
    row.variants = sorted(written.values(), key=str.lower)
    row.entries.sort(key=lambda e: e.id)
    return row


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


def platform_page_path(platform: str) -> str:
    return f"platforms/{platform}.md"
