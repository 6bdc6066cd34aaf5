"""Generated pages written as HTML by our own templates, with what MkDocs needs to know of them.

Entry pages and listings are most of the site (2,000 entry pages and 2,000-line listings in a large
knowledge base) and their layout is ours: rather than writing Markdown for MkDocs to parse again
with Python-Markdown and its extensions (about half of a build's CPU time), templates
(`templates/*.html.j2`, autoescaped) write the HTML Material styles, and only texts go through a
Markdown parser (kb_builder/render/markdown.py). Heading ids are made as MkDocs' `toc` extension makes
them (`## 症状` -> `_1`, an id given by hand kept), so links and anchors into these pages stay what
they would be in Markdown. kb_builder.site.pages turns a `RenderedPage` into an MkDocs page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markdown.extensions.toc import slugify, unique
from markupsafe import Markup

from kb_builder.render import labels, markdown
from kb_builder.render.jinja import html_templates

__all__ = ["Heading", "PageWriter", "RenderedPage", "first_sentence", "template"]

_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = "。！？"
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_LONG_WORD = re.compile(r"[^\s<>]*[/\\_][^\s<>]*")
_ABBREVIATIONS = ("e.g", "i.e", "etc", "vs", "approx", "no")


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
class RenderedPage:
    html: str
    """The page's content: what goes inside Material's article."""
    title: str
    """The title as plain text."""
    headings: tuple[Heading, ...]
    """Top-level headings, each with the ones under it."""
    ids: frozenset[str]
    """Every id the content carries (for link checks into the page)."""

    def heading_ids(self) -> dict[str, str]:
        """Heading text -> id, for every heading (as links.anchors.Anchors.headings)."""
        found: dict[str, str] = {}
        stack = list(self.headings)
        while stack:
            heading = stack.pop(0)
            found.setdefault(html.unescape(heading.name).strip(), heading.id)
            stack[0:0] = heading.children
        return found


class PageWriter:
    """What a template calls while writing one page (`h`): it numbers headings in document order
    as Python-Markdown's toc does, and renders texts and links as they must appear on this page."""

    def __init__(self, page_src: str, explicit_ids: Iterable[str] = ()) -> None:
        self.page_src = page_src
        self.used_ids: set[str] = set(explicit_ids)  # toc collects ids given by hand before making any
        self.counters: dict[str, int] = {}
        self.ids: set[str] = set()
        self.headings: list[Heading] = []
        self._open: list[Heading] = []

    def md(self, text: str) -> Markup:
        """A contributor's Markdown text (raw HTML is not rendered)."""
        return Markup(markdown.to_html(text.strip(), self.page_src).rstrip("\n"))

    def label(self, text: str) -> Markup:
        """One of our interface texts (kb_builder/locales), which may hold inline HTML such as <kbd>."""
        return Markup(markdown.label_html(text.strip(), self.page_src).rstrip("\n"))

    def inline(self, text: str) -> Markup:
        """A one-line Markdown text (a title, a tab label) as inline HTML; its long codes and paths
        break only after a separator (`HCS_E_<wbr>HYPERV_<wbr>NOT_<wbr>INSTALLED`), never mid-word."""
        parts = _TAG_SPLIT.split(markdown.inline_html(text.strip(), self.page_src))
        return Markup("".join(part if part.startswith("<") else _LONG_WORD.sub(_breakable_word, part)
                              for part in parts))

    def first_sentence(self, text: str) -> Markup:
        """The first sentence of a Markdown text, as inline HTML (a page's lead, a line of a list)."""
        return self.inline(first_sentence(text))

    def link(self, href: str) -> str:
        return markdown.relative_url(self.page_src, href)

    def error_code(self, code: str) -> Markup:
        """An error code as a chip that breaks only after a `/` (labels.error_code_html)."""
        return Markup(labels.error_code_html(code))

    def heading(self, level: int, text: str | Markup, id: str | None = None, link: str | None = None) -> Markup:
        """A heading with its permalink; `link`: the heading's text links there."""
        inner = text if isinstance(text, Markup) else Markup.escape(text)
        name = _TAG.sub("", str(inner))
        # Ids given by hand are the same in every language (a Chinese heading's toc id is `_1`).
        anchor = id or unique(slugify(html.unescape(name), "-"), self.used_ids, self.counters)
        self.used_ids.add(anchor)
        self.ids.add(anchor)
        heading = Heading(level, anchor, name)
        while self._open and self._open[-1].level >= level:
            self._open.pop()
        (self._open[-1].children if self._open else self.headings).append(heading)
        self._open.append(heading)
        shown = Markup(f'<a href="{Markup.escape(self.link(link))}">{inner}</a>') if link else inner
        return Markup(f'<h{level} id="{anchor}">{shown}'
                      f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{level}>')

    def page(self, body: str, title: str) -> RenderedPage:
        return RenderedPage(html=body, title=title, headings=tuple(self.headings), ids=frozenset(self.ids))


def _breakable_word(match: re.Match[str]) -> str:
    return labels.breakable(match.group(0))


def template(name: str) -> jinja2.Template:
    """An HTML template of kb_builder/templates/ (autoescaped: kb_builder.render.jinja)."""
    return html_templates().get_template(name)


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph of a Markdown text, kept whole where a code span,
    a link or a bracket is open (a `.` in `wsl.exe` or in a URL ends nothing)."""
    paragraph = text.strip().split("\n\n", 1)[0]
    lines = [re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip() for line in paragraph.splitlines()]
    paragraph = " ".join(line for line in lines if line)
    in_code, depth = False, 0
    for index, char in enumerate(paragraph):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char in "([（":
            depth += 1
        elif char in ")]）":
            depth = max(depth - 1, 0)
        elif depth == 0 and (char in _SENTENCE_END or _ends_latin_sentence(paragraph, index)):
            return paragraph[: index + 1]
    return paragraph


def _ends_latin_sentence(text: str, index: int) -> bool:
    if text[index] not in ".!?" or (index + 1 < len(text) and not text[index + 1].isspace()):
        return False
    word = re.search(r"[\w.]*$", text[:index]).group(0).lower()
    return word not in _ABBREVIATIONS and len(word) != 1

