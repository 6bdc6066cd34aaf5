"""Every link, image and reference URL of the content, each at the line and column it is written.

Guides are parsed with markdown-it-py, whose block tokens carry source line maps; the column is
found by looking the target up in those source lines. Entry text fields are parsed the same way
and placed in the YAML file from the field's node mark onwards.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt

from kb_builder.content.fields import localized_fields
from kb_builder.content.model import Entry, Guide
from kb_builder.content.project import FRONT_MATTER

CROSSLANG_MARK = "data-kb-crosslang"
"""attr_list word that marks a link to the other language as intended: `[English](URL){ data-kb-crosslang }`."""

_ATTR_LIST = re.compile(r"\A\{:?\s*([^}]*)\}")
# Admonition, details and tab bodies are indented by four spaces; CommonMark would read them as
# code, so they are dedented (line numbers unchanged) before parsing.
_CONTAINER = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?|===)\s")


@dataclass(frozen=True)
class Link:
    """One link target written in the content."""

    path: str
    """Repository file holding the link."""
    line: int
    col: int
    lang: str
    """Language of the page the link is on."""
    page: str
    """Source path of that page inside the language's docs (`entries/<id>.md`, `<guide>.md`)."""
    url: str
    """The target as written (percent-escapes decoded)."""
    kind: str
    """"link", "image" or "reference" (an entry's reference URL)."""
    text: str = ""
    """Link text, or an image's alt text."""
    crosslang: bool = False
    """Marked `{ data-kb-crosslang }`: a deliberate link to the other language."""


@dataclass(frozen=True)
class _Found:
    url: str
    kind: str
    text: str
    crosslang: bool
    block_start: int
    """0-based first line of the block (in the parsed text) holding the link."""


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable("table")
    # markdown-it drops javascript:/data: links as plain text, but Python-Markdown (which renders
    # guides) keeps them: see every target, so the URL rules can refuse the dangerous ones.
    parser.validateLink = lambda url: True
    return parser


@lru_cache(maxsize=65536)
def find_links(markdown: str) -> tuple[_Found, ...]:
    """Links and images of a Markdown text, in reading order.

    Memoized: the link rules and unsafe-markup read the same texts, and `kb serve` rereads every
    text at each rebuild."""
    found: list[_Found] = []
    if "[" not in markdown and "<" not in markdown:  # no link, image, autolink or reference: skip the parse
        return ()
    for token in _parser().parse(_dedent_containers(markdown)):
        if token.type != "inline" or not token.children:
            continue
        start = token.map[0] if token.map else 0
        children = token.children
        for index, child in enumerate(children):
            if child.type == "link_open":
                close = next((i for i in range(index + 1, len(children)) if children[i].type == "link_close"),
                             len(children) - 1)
                text = "".join(c.content for c in children[index + 1:close])
                found.append(_Found(unquote(str(child.attrGet("href") or "")), "link", text,
                                    _marked(children, close), start))
            elif child.type == "image":
                found.append(_Found(unquote(str(child.attrGet("src") or "")), "image", child.content,
                                    _marked(children, index), start))
    return tuple(found)


def _marked(children: list, index: int) -> bool:
    """Whether an attr_list `{ ... data-kb-crosslang ... }` follows the link that ends at `index`."""
    following = children[index + 1] if index + 1 < len(children) else None
    if following is None or following.type != "text":
        return False
    match = _ATTR_LIST.match(following.content)
    return bool(match) and CROSSLANG_MARK in match.group(1).split()


def _dedent_containers(markdown: str) -> str:
    lines = markdown.split("\n")
    out, body_indent = [], None
    for line in lines:
        container = _CONTAINER.match(line)
        if body_indent is not None and line.strip() and not line.startswith(body_indent):
            body_indent = None
        if body_indent is not None and line.startswith(body_indent):
            line = line[4:]
        if container:
            body_indent = container.group(1) + "    "
        out.append(line)
    return "\n".join(out)


class Locator:
    """Finds targets in a file's text, left to right, so repeated URLs get their own places."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def offset(self, line: int, col: int = 1) -> int:
        """Offset of a 1-based line and column."""
        return self.line_starts[min(line, len(self.line_starts)) - 1] + col - 1

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def find(self, url: str, start: int) -> int | None:
        for needle in dict.fromkeys((url, url.replace(" ", "%20"), re.sub(r"([()])", r"\\\1", url))):
            if needle:
                at = self.text.find(needle, start)
                if at >= 0:
                    return at
        return None


def guide_links(guide: Guide) -> Iterator[Link]:
    text = guide.text
    front = FRONT_MATTER.match(text)
    body = "\n" * front.group(0).count("\n") + text[front.end():] if front else text
    locator = Locator(text)
    cursor = 0
    for found in find_links(body):
        block = locator.offset(found.block_start + 1)
        at = locator.find(found.url, max(cursor, block))
        if at is None:
            line, col = found.block_start + 1, 1
        else:
            cursor = at + len(found.url)
            line, col = locator.position(at)
        yield Link(guide.source_path, line, col, guide.lang, guide.page_path, found.url, found.kind,
                   found.text, found.crosslang)


def entry_links(entry: Entry, file_text: str) -> Iterator[Link]:
    """Links in the entry's text fields, then its reference URLs."""
    locator = Locator(file_text)
    for field, lang, text in localized_fields(entry):
        line, col = entry.locate(*field)
        cursor = locator.offset(line, col)
        for found in find_links(text):
            at = locator.find(found.url, cursor)
            where = (line, col) if at is None else locator.position(at)
            if at is not None:
                cursor = at + len(found.url)
            yield Link(entry.source_path, *where, lang, entry.page_path, found.url, found.kind,
                       found.text, found.crosslang)
    for index, reference in enumerate(entry.references):
        line, col = entry.locate("references", index, "url")
        at = locator.find(reference.url, locator.offset(line, col))
        where = (line, col) if at is None else locator.position(at)
        yield Link(entry.source_path, *where, "", entry.page_path, reference.url, "reference", reference.title)
