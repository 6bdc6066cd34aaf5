"""The search index's sections of a page whose HTML we wrote ourselves (entry pages).

Material's search plugin reads every page with Python's HTMLParser, one callback per tag and text
run, to cut it into sections at its headings; highlighted code makes that a few hundred tags a
block, and it was a sixth of a build's CPU time. Entry pages come from our template
(kb_builder/render/entry.py) and our hooks, so their markup is regular: no comments, no script, no
`>` inside an attribute value. This reads them with one regular expression and gives what
Material's parser gives: for each heading with an id, its title and its text, white space
collapsed outside `<pre>`, only the tags Material keeps (`p`, `code`, `pre`, lists, `sub`,
`sup`), permalinks left out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["Section", "sections"]

KEPT_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)")
_HEADING = re.compile(r"h[1-6]")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_ID = re.compile(r'\bid="([^"]*)"')
_EMPTY = re.compile(r"<(p|code|pre|li|ol|ul|sub|sup)>(\s*)</\1>")
_EXCLUDED = re.compile(r"<(section|div)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\1>", re.DOTALL)
"""An element marked `data-search-exclude` (Material's mark; not nested in one of its kind), left
out: an entry's facts box (status, platform, codes) would be every result's preview; its codes
are the page's search tags."""


_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.DOTALL)
_NOT_CODE_TAG = re.compile(r"<(?!/?code\b)[^>]*>")


def _plain_pre(match: re.Match[str]) -> str:
    """A code block without its highlighting spans (a few hundred tags a block; Material keeps
    only `<pre>` and `<code>` of them, and the text inside `<pre>` is taken as it is)."""
    return match.group(1) + _NOT_CODE_TAG.sub("", match.group(2)) + match.group(3)


@dataclass
class Section:
    """What Material's search plugin makes of a heading and the content up to the next one."""

    id: str | None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def sections(page_html: str) -> list[Section]:
    """The sections of `page_html` in document order; the first (the page's H1) has no id."""
    found: list[Section] = []
    current: Section | None = None
    heading: str | None = None  # the tag of the heading being read
    in_pre = 0
    for match in _TOKEN.finditer(_PRE.sub(_plain_pre, _PERMALINK.sub("", _EXCLUDED.sub("", page_html)))):
        closing, tag, attrs, data = match.groups()
        if data is not None:
            if current is None:
                current = Section(None)
                found.append(current)
            target = current.title if heading else current.text
            _add_text(target, html.unescape(data), in_pre > 0)
            continue
        tag = tag.lower()
        if _HEADING.fullmatch(tag):
            if not closing:
                id_match = _ID.search(attrs)
                if id_match:
                    current = Section(id_match.group(1) if found else None)
                    found.append(current)
                    heading = tag
            elif tag == heading:
                heading = None
            continue
        if tag == "pre":
            in_pre += -1 if closing else 1
        if tag in KEPT_TAGS and current is not None:
            (current.title if heading else current.text).append(f"</{tag}>" if closing else f"<{tag}>")
    for section in found:
        section.text = [_EMPTY.sub("", "".join(section.text))]
    return found


def _add_text(target: list[str], data: str, in_pre: bool) -> None:
    if not in_pre:
        if data.isspace():
            if target and target[-1].isspace():
                return
            data = " "
        else:
            data = data.replace("\n", " ")
    target.append(html.escape(data, quote=False))
