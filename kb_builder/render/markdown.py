"""The Markdown texts of an entry (symptoms, cause, step texts...) as HTML, for its page.

Entry texts are rendered with markdown-it-py in CommonMark mode plus tables: the parser every
content rule already reads them with (links, snippets, raw HTML), so what `kb check` sees is what
the page shows. Raw HTML is not rendered (rule raw-html refuses it anyway) and markdown-it refuses
`javascript:`/`vbscript:`/`file:`/`data:` link targets, so a text cannot put script into a page.

Relative links are written as MkDocs writes them (`use_directory_urls`): a link to `other.md`
from `entries/this.md` becomes `../other/`; fenced code gets the site's highlighting
(kb_builder.render.codeblocks), so it looks like every other code block.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from kb_builder.render.codeblocks import highlight_block
from kb_builder.render.urls import relative_path

__all__ = ["inline_html", "label_html", "page_url", "relative_url", "to_html"]


def page_url(src_uri: str) -> str:
    """Where MkDocs puts the page or file `src_uri` (directory URLs): `a/b.md` -> `a/b/`."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@lru_cache(maxsize=1 << 16)
def relative_url(page_src: str, href: str) -> str:
    """`href` as written on the page `page_src`, as the built page must link it.

    A relative link names a source file (`other.md#verify`, `../images/a.svg`), relative to the
    page's source; the built page lives at a directory URL, so the link is rewritten relative to
    that. Anything else (an address, an anchor, a path from the site root) is left as written.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or href.startswith(("/", "\\")):
        return href
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), parts.path))
    here = page_url(page_src)
    there = page_url(target)
    relative = relative_path(there or ".", here.rstrip("/") or ".")
    if there.endswith("/") or not there:
        relative = "./" if relative == "." else relative + "/"
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    query = f"?{parts.query}" if parts.query else ""
    return relative + query + fragment


def _fence(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """A fenced or indented code block, highlighted as the site's other code blocks.

    `add_render_rule` binds the rule to the renderer, which calls it with itself first.
    """
    token = tokens[idx]
    language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight_block(token.content, language) + "\n"


@cache
def _parser(allow_html: bool = False) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": allow_html}).enable("table")
    parser.add_render_rule("fence", _fence)
    parser.add_render_rule("code_block", _fence)
    return parser


def _rewrite_links(tokens: list[Token], page_src: str) -> None:
    for token in tokens:
        if token.children:
            _rewrite_links(token.children, page_src)
        if token.type == "link_open":
            token.attrSet("href", relative_url(page_src, str(token.attrGet("href") or "")))
        elif token.type == "image":
            token.attrSet("src", relative_url(page_src, str(token.attrGet("src") or "")))


def _where_links_matter(text: str, page_src: str) -> str:
    """`page_src`, or "" when `text` holds no link or image, whose HTML is then the same on every
    page (so the memos below serve an entry's title on every page that lists or relates it, and
    `kb serve` renders an unchanged text once for all its rebuilds)."""
    return page_src if "](" in text or "]:" in text else ""


def _render(parser: MarkdownIt, text: str, page_src: str, *, inline: bool = False) -> str:
    env: dict[str, Any] = {}
    tokens = parser.parseInline(text, env) if inline else parser.parse(text, env)
    _rewrite_links(tokens, page_src)
    if inline:
        tokens = (tokens[0].children or []) if tokens else []
    return parser.renderer.render(tokens, parser.options, env)


def to_html(text: str, page_src: str) -> str:
    """One entry text (Markdown, raw HTML not rendered) as the HTML of its page `page_src`."""
    return _to_html(text, _where_links_matter(text, page_src))


@lru_cache(maxsize=65536)
def _to_html(text: str, page_src: str) -> str:
    return _render(_parser(), text, page_src)


def inline_html(text: str, page_src: str) -> str:
    """A one-line text (a title, a tab label) as inline HTML: code spans, emphasis, links."""
    return _inline_html(text, _where_links_matter(text, page_src))


@lru_cache(maxsize=65536)
def _inline_html(text: str, page_src: str) -> str:
    return _render(_parser(), text, page_src, inline=True)


@cache
def label_html(text: str, page_src: str) -> str:
    """One of our own interface texts (kb_builder/locales): Markdown that may hold inline HTML."""
    return _render(_parser(allow_html=True), text, page_src)
