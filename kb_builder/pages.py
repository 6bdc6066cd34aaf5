"""The pages the content generates in each language, beside the guides: their paths and content.

Listings (the home page, the lookup, the code index, one page per platform) are Markdown that
MkDocs renders; each entry's page is HTML we write (kb_builder/entry_html.py). Kept apart from
kb_builder.site (which knows MkDocs) so that `kb check` can list and render pages without
importing MkDocs.
"""

from __future__ import annotations

from typing import Any

from kb_builder import render
from kb_builder.entry_html import RenderedEntry, render_entry_html
from kb_builder.export import EXPORT_PATH
from kb_builder.model import Entry
from kb_builder.project import Project

LISTING_PAGES = ("index.md", "lookup.md", "codes.md")
ENTRY_SEARCH_BOOST = 2
"""An entry section outranks a guide's or a listing's for the same words."""


def generated_page_paths(project: Project, lang: str) -> list[str]:
    """Source path of every generated page in `lang`, without rendering any of them."""
    platforms = [render.platform_page_path(p) for p in render.group_entries(project.entries)]
    return [*LISTING_PAGES, *platforms, *(entry.page_path for entry in project.entries)]


def generated_pages(project: Project, lang: str) -> dict[str, str]:
    """Source path -> Markdown of every listing page in `lang` (entry pages: `entry_pages`)."""
    pages = {"index.md": render.render_home(project.entries, project.guides_in(lang), lang),
             "lookup.md": render.render_lookup(lang, EXPORT_PATH),
             "codes.md": render.render_codes(project.entries, lang)}
    for platform in render.group_entries(project.entries):
        pages[render.platform_page_path(platform)] = render.render_platform(platform, project.entries, lang)
    return pages


def entry_page_meta(entry: Entry, lang: str) -> dict[str, Any]:
    """The page metadata of an entry's page (what front matter would give MkDocs and Material)."""
    meta: dict[str, Any] = {"title": entry.title[lang], "kb_entry": entry.id}
    keywords = render.search_keywords(entry)
    if keywords:
        meta["tags"] = keywords  # Material's search indexes them, boosted (site.SEARCH_TAGS_BOOST)
    meta["search"] = {"boost": ENTRY_SEARCH_BOOST}
    return meta


def entry_pages(project: Project, lang: str) -> dict[str, RenderedEntry]:
    """Source path -> rendered page of every entry in `lang`."""
    titles = {entry.id: entry.title[lang] for entry in project.entries}
    return {entry.page_path: render_entry_html(entry, lang, entry_titles=titles,
                                               edit_url=project.config.edit_url(entry.source_path))
            for entry in project.entries}
