"""The anchor ids a page will really have, from the same Markdown extensions the site uses.

MkDocs' `toc` slugify keeps only ASCII: a Chinese heading such as `## 一句话区别` gets the id
`_1` (then `_2`...), `## Docker Engine 包含什么` gets `docker-engine`, and `{ #verify }` sets an
id by hand. Rather than imitate that, a page is rendered with Python-Markdown and the
extensions of mkdocs.yml, and every `id` of the HTML is collected, as MkDocs' own anchor
validation does on a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown

from kb_builder.config import ConfigError
from kb_builder.config import read_mkdocs_yml as read_settings

# MkDocs always adds these before the configured extensions (mkdocs/config/defaults.py).
_MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def read_mkdocs_yml(mkdocs_yml: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data ({} when unreadable: `kb` reports that elsewhere)."""
    try:
        return read_settings(mkdocs_yml)
    except ConfigError:
        return {}


def markdown_settings(mkdocs_yml: Path) -> tuple[tuple[str, ...], dict[str, Any]]:
    """(extension names, their configs) as mkdocs.yml lists them under `markdown_extensions`."""
    raw = read_mkdocs_yml(mkdocs_yml)
    names: list[str] = list(_MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, Any] = {}
    for item in raw.get("markdown_extensions") or ():
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if isinstance(config, dict):
            configs[name] = config
    return tuple(names), configs


class _Ids(HTMLParser):
    """Collects every id, and the text of each heading that has one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.headings: dict[str, str] = {}
        self._heading: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
                if tag in _HEADINGS:
                    self._heading = (tag, value, [])
        if tag == "a" and self._heading and "headerlink" in (dict(attrs).get("class") or ""):  # the ¶ permalink
            self._heading = (*self._heading[:2], self._heading[2] + ["\0"])

    def handle_data(self, data: str) -> None:
        if self._heading and "\0" not in self._heading[2]:
            self._heading[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            self.headings["".join(p for p in self._heading[2] if p != "\0").strip()] = self._heading[1]
            self._heading = None


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Anchors:
    ids: frozenset[str]
    headings: dict[str, str]
    """Heading text -> its id, to tell a contributor which id a heading they named really has."""

    def __contains__(self, anchor: str) -> bool:
        return anchor in self.ids


def anchor_ids(text: str, mkdocs_yml: Path) -> Anchors:
    """Every id the page made from Markdown `text` will carry."""
    names, configs = markdown_settings(mkdocs_yml)
    html = markdown.Markdown(extensions=list(names), extension_configs=configs).convert(text)
    parser = _Ids()
    parser.feed(html)
    return Anchors(frozenset(parser.ids), parser.headings)
