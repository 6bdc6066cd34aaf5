"""The pages each language's site will have, and where a link written on one of them lands.

Pages (source paths inside a language's docs): every page the build generates (`index.md`,
`platforms/<platform>.md`, `entries/<id>.md`, listings), the guides `<name>.md` of that language,
and `images/<file>` for every file under the images folder. A link is resolved as MkDocs does:
relative to the page it is on.
"""

from __future__ import annotations

import dataclasses
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from kb_builder.content.project import FRONT_MATTER, Project
from kb_builder.links.anchors import Anchors, anchor_ids
from kb_builder.links.extract import Link
from kb_builder.links.urls import is_windows_path
from kb_builder.render.pages import HtmlPage, generated_page_paths, html_pages, markdown_pages

if TYPE_CHECKING:
    from kb_builder.render.writer import RenderedPage


@dataclass(frozen=True)
class Target:
    """Where a link lands."""

    kind: str
    """"external", "page" (inside this language's site), "other-language", "outside" (leaves
    the site's pages), "absolute" (a path from the site root), "self" (an anchor on this page) or
    "site-url" (a full address of this very site, `lang` says which language's)."""
    lang: str = ""
    page: str = ""
    """Source path of the target inside its language's docs."""
    anchor: str = ""


@dataclass
class SitePages:
    """Every page of every language, and the anchor ids of those pages (computed when asked)."""

    project: Project
    _anchors: dict[tuple[str, str], Anchors] = field(default_factory=dict)
    _generated: dict[str, dict[str, str]] = field(default_factory=dict)
    _html_pages: dict[str, dict[str, HtmlPage]] = field(default_factory=dict)
    _pages: dict[str, set[str]] = field(default_factory=dict)

    @cached_property
    def entry_ids(self) -> set[str]:
        # Ids of files that failed the schema count as existing: their own problem is reported.
        return {entry.id for entry in self.project.entries} | {
            path.rsplit("/", 1)[-1].rsplit(".", 1)[0] for path in self.project.entry_files}

    @cached_property
    def image_files(self) -> set[str]:
        config = self.project.config
        folder = config.path(config.images_dir)
        if not folder.is_dir():
            return set()
        return {f"images/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file()}

    def generated(self, lang: str) -> dict[str, str]:
        """Source path -> Markdown of the generated pages MkDocs renders itself in `lang`."""
        if lang not in self._generated:
            self._generated[lang] = markdown_pages(self._renderable_project(), lang)
        return self._generated[lang]

    def html_page(self, lang: str, page: str) -> RenderedPage | None:
        """The generated page `page` in `lang` as the build renders it (None: not one of ours)."""
        if lang not in self._html_pages:
            self._html_pages[lang] = html_pages(self._renderable_project(), lang)
        found = self._html_pages[lang].get(page)
        return found.render() if found is not None else None

    def _renderable_project(self) -> Project:
        """The project with `related` ids limited to existing entries, as it renders once the
        unknown-related-entry problems are fixed (the templates cannot title a missing entry)."""
        known = {entry.id for entry in self.project.entries}
        entries = tuple(dataclasses.replace(entry, related=tuple(r for r in entry.related if r in known))
                        for entry in self.project.entries)
        return dataclasses.replace(self.project, entries=entries)

    def pages(self, lang: str) -> set[str]:
        if lang not in self._pages:
            guides = {guide.page_path for guide in self.project.guides_in(lang)}
            generated = set(generated_page_paths(self.project, lang))
            self._pages[lang] = generated | guides | {f"entries/{i}.md" for i in self.entry_ids} | self.image_files
        return self._pages[lang]

    def resolve(self, link: Link) -> Target:
        if is_windows_path(link.url):
            return Target("absolute", link.lang)
        parts = urlsplit(link.url)
        if parts.scheme or parts.netloc:
            return self._resolve_site_url(link, parts) or Target("external")
        lang = link.lang or self.project.config.default_language.code
        if link.url.startswith(("/", "\\")):
            other = self._language_of_prefix(parts.path.lstrip("/\\").split("/", 1)[0])
            return Target("other-language", other) if other and other != lang else Target("absolute", lang)
        if not parts.path:
            return Target("self", lang, link.page, parts.fragment)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(link.page), parts.path))
        if target == ".." or target.startswith("../"):
            first = target.lstrip("./").split("/", 1)[0]
            other = self._language_of_prefix(first) or (first if first in self.project.config.language_codes else None)
            if other and other != lang:
                return Target("other-language", other, target, parts.fragment)
            return Target("outside", lang, target, parts.fragment)
        return Target("page", lang, target, parts.fragment)

    def _language_of_prefix(self, segment: str) -> str | None:
        for language in self.project.config.languages:
            if language.prefix and language.prefix == segment:
                return language.code
        return None

    def _resolve_site_url(self, link: Link, parts: SplitResult) -> Target | None:
        """A full address of this very site (`site_url` + page): the page it names, in its language."""
        site_url = self.project.config.site_url
        if not site_url:
            return None
        root = urlsplit(site_url)
        base = root.path if root.path.endswith("/") else root.path + "/"
        if parts.netloc != root.netloc or not (parts.path + "/").startswith(base):
            return None
        rest = parts.path[len(base):]
        first = rest.split("/", 1)[0]
        lang = self._language_of_prefix(first) or self.project.config.default_language.code
        if lang != self.project.config.default_language.code:
            rest = rest[len(first):].lstrip("/")
        return Target("site-url", lang, _page_of_url_path(rest, self.pages(lang)), parts.fragment)

    def anchors(self, lang: str, page: str) -> Anchors | None:
        """Ids of `page` in `lang`, or None when they cannot be known (an image, an unknown page)."""
        key = (lang, page)
        if key not in self._anchors:
            rendered = self.html_page(lang, page)
            if rendered is not None:
                self._anchors[key] = Anchors(rendered.ids, rendered.heading_ids())
        if key not in self._anchors:
            text = self._markdown_of(lang, page)
            if text is None:
                return None
            self._anchors[key] = anchor_ids(text, self.project.config.root / "mkdocs.yml")
        return self._anchors[key]

    def _markdown_of(self, lang: str, page: str) -> str | None:
        generated = self.generated(lang).get(page)
        if generated is not None:
            return FRONT_MATTER.sub("", generated)
        guide = self.project.guides.get(page[:-len(".md")], {}).get(lang) if page.endswith(".md") else None
        return FRONT_MATTER.sub("", guide.text) if guide else None


def _page_of_url_path(rest: str, pages: set[str]) -> str:
    """The source page an address path of the built site comes from (`x/` -> `x.md`)."""
    rest = rest.split("#", 1)[0]
    if not rest:
        return "index.md"
    if rest.endswith(".html"):
        rest = rest[: -len(".html")] + "/"
    stem = rest.rstrip("/")
    for candidate in (stem + ".md", stem + "/index.md", stem):
        if candidate in pages:
            return candidate
    return stem + ".md"
