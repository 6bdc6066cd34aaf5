"""An entry's page as HTML, with its table of contents, its ids and its sections for search.

Entry pages are most of the site (2,000 of 2,010 pages in a large knowledge base), and their layout
is ours: rather than writing Markdown for MkDocs to parse again with Python-Markdown and its
extensions (about half of a build's CPU time), the template writes the HTML Material styles
(admonitions, tabbed sets, highlighted code blocks, headings with permalinks) and only the entry's
own texts go through a Markdown parser (kb_builder/prose.py). Heading ids are made as MkDocs'
`toc` extension makes them (`## 症状` -> `_1`, `{ #verify }` kept), so links and anchors into
entry pages stay what they were.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import jinja2
from markdown.extensions.toc import slugify, unique
from markupsafe import Markup

from kb_builder import prose, render
from kb_builder.codeblocks import highlight_block
from kb_builder.model import Command, Entry

__all__ = ["Heading", "RenderedEntry", "render_entry_html", "search_sections"]

_PYGMENTS_LEXER = {"bash": "bash", "sh": "sh", "powershell": "powershell", "cmd": "batch"}
_WINDOWS_SHELLS = {"powershell", "cmd"}
_TAG = re.compile(r"<[^>]*>")
_EXPLICIT_IDS = ("verify",)
"""Ids the template gives headings by hand (entry.html.j2: `id="verify"`)."""


@dataclass
class Heading:
    """One heading of the page, as MkDocs' table of contents wants it."""

    level: int
    id: str
    name: str
    """The heading's text as HTML, tags removed (what the `toc` extension calls `name`)."""
    children: list[Heading] = field(default_factory=list)

    def toc_token(self) -> dict[str, Any]:
        return {"level": self.level, "id": self.id, "name": self.name, "html": self.name,
                "children": [child.toc_token() for child in self.children]}


@dataclass(frozen=True)
class RenderedEntry:
    html: str
    title: str
    """The title as plain text (the `title` of the page's front matter)."""
    headings: tuple[Heading, ...]
    """Top-level headings, each with the ones under it."""
    ids: frozenset[str]
    """Every id the page's content carries (for link checks into the page)."""

    def heading_ids(self) -> dict[str, str]:
        """Heading text -> id, for every heading (as links.anchors.Anchors.headings)."""
        found: dict[str, str] = {}
        stack = list(self.headings)
        while stack:
            heading = stack.pop(0)
            found.setdefault(html.unescape(heading.name).strip(), heading.id)
            stack[0:0] = heading.children
        return found


@dataclass
class _TabSet:
    number: int
    count: int

    @property
    def name(self) -> str:
        return f"__tabbed_{self.number}"

    def input_id(self, index: int) -> str:
        return f"__tabbed_{self.number}_{index}"


class _Page:
    """What the template calls while writing one page (`h`): it numbers headings and tab sets in
    document order, as Python-Markdown's toc and pymdownx.tabbed do."""

    def __init__(self, lang: str, page_src: str) -> None:
        self.lang = lang
        self.page_src = page_src
        self.t = render.labels(lang)
        self.used_ids: set[str] = set(_EXPLICIT_IDS)  # toc collects explicit ids before making any
        self.counters: dict[str, int] = {}
        self.ids: set[str] = set()
        self.headings: list[Heading] = []
        self._open: list[Heading] = []
        self._tab_sets = 0

    # -- text -------------------------------------------------------------------------------

    def md(self, text: str) -> Markup:
        return Markup(prose.to_html(text.strip(), self.page_src).rstrip("\n"))

    def inline(self, text: str) -> Markup:
        return Markup(_inline(text.strip(), self.page_src))

    def link(self, href: str) -> str:
        return prose.relative_url(self.page_src, href)

    # -- structure --------------------------------------------------------------------------

    def heading(self, level: int, text: str | Markup, id: str | None = None) -> Markup:
        inner = text if isinstance(text, Markup) else Markup.escape(text)
        name = _TAG.sub("", str(inner))
        anchor = id or unique(slugify(html.unescape(name), "-"), self.used_ids, self.counters)
        self.ids.add(anchor)
        heading = Heading(level, anchor, name)
        while self._open and self._open[-1].level >= level:
            self._open.pop()
        (self._open[-1].children if self._open else self.headings).append(heading)
        self._open.append(heading)
        return Markup(f'<h{level} id="{anchor}">{inner}'
                      f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{level}>')

    def tab_set(self, count: int) -> _TabSet:
        self._tab_sets += 1
        tabs = _TabSet(self._tab_sets, count)
        self.ids.update(tabs.input_id(index) for index in range(1, count + 1))
        return tabs

    def admonition(self, kind: str, title: str, text: str) -> Markup:
        return Markup(f'<div class="admonition {kind}">\n<p class="admonition-title">{Markup.escape(title)}</p>\n'
                      f"{self.md(text)}\n</div>")

    def command(self, command: Command) -> Markup:
        shell = self.t["shells"][command.shell]
        title = shell
        if command.admin:
            role = self.t["admin_windows"] if command.shell in _WINDOWS_SHELLS else self.t["admin_unix"]
            title = f"{shell} · {role}"
        block = highlight_block(command.run.rstrip(), _PYGMENTS_LEXER[command.shell], title)
        if command.output:
            block += "\n" + highlight_block(command.output.rstrip(), "text", self.t["output"])
        return Markup(block)

    def message(self, text: str, source: str | None, message_lang: str) -> Markup:
        base = message_lang.split("-")[0]
        language = self.t["message_lang"].format(lang=self.t["languages"].get(base, message_lang))
        return Markup(highlight_block(text.rstrip(), "text", f"{source} · {language}" if source else language))

    def names(self, group: str, keys: tuple[str, ...]) -> str:
        return " · ".join(self.t[group][key] for key in keys)

    def codes(self, codes: tuple[str, ...]) -> Markup:
        """Error codes as a list of chips (kb.css): one code never breaks inside unless it alone is
        wider than the column, and then only after a `/` (<wbr>, which copies as nothing)."""
        if not codes:
            return Markup.escape(self.t["no_codes"])
        chips = (f"<li>{render.error_code_html(code)}</li>" for code in codes)
        return Markup('<ul class="kb-codes">' + " ".join(chips) + "</ul>")

    def messages(self, entry: Entry) -> list[Any]:
        return render.messages_in_page_order(entry, self.lang)


@lru_cache(maxsize=65536)
def _inline(text: str, page_src: str) -> str:
    return prose.inline_html(text, page_src)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kb_builder", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
        auto_reload=False,
    )
    return env.get_template("entry.html.j2")


def render_entry_html(entry: Entry, lang: str, *, entry_titles: dict[str, str],
                      edit_url: str | None) -> RenderedEntry:
    """The page of `entry` in `lang`: the HTML inside Material's article, and what MkDocs needs
    to know of it."""
    page = _Page(lang, entry.page_path)
    body = _template().render(entry=entry, lang=lang, h=page, t=page.t, entry_titles=entry_titles,
                              edit_url=edit_url)
    return RenderedEntry(html=body, title=entry.title[lang], headings=tuple(page.headings),
                         ids=frozenset(page.ids))
