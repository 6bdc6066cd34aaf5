"""The pages the content generates in each language, beside the guides: their paths and content.

Entry pages and listings are HTML we write (kb_builder/render/writer.py); the lookup page, small and
the same at any size, is Markdown that MkDocs renders. Kept apart from kb_builder.site (which
knows MkDocs) so that `kb check` can list and render pages without importing MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from kb_builder.content.model import Entry
from kb_builder.content.project import Project
from kb_builder.render import labels
from kb_builder.render.labels import CODES_PAGE, HOME_PAGE, LOOKUP_PAGE
from kb_builder.search import lookup_files

if TYPE_CHECKING:
    from kb_builder.render.writer import RenderedPage

LISTING_PAGES = (HOME_PAGE, LOOKUP_PAGE, CODES_PAGE)
ENTRY_SEARCH_BOOST = 2
"""An entry section outranks a guide's or a listing's for the same words."""


@dataclass(frozen=True)
class HtmlPage:
    """A generated page whose HTML we write: its metadata (what front matter would give MkDocs and
    Material) and how to render it (called when MkDocs reaches the page).

    `render` is a pure function of what `html_pages` hands it, and it is handed only what the page
    shows (the titles of the related entries, not of all): two pages with equal `inputs` render
    the same HTML, which is how `kb serve` knows what a save changed (kb_builder.site.incremental).
    """

    src_uri: str
    meta: dict[str, Any]
    render: partial[RenderedPage]

    def inputs(self) -> tuple[Any, ...]:
        """Everything the page's HTML and metadata are made from (compared with ==)."""
        return (self.src_uri, self.meta, self.render.func, self.render.args, self.render.keywords)


def generated_page_paths(project: Project, lang: str) -> list[str]:
    """Source path of every generated page in `lang`, without rendering any of them."""
    platforms = [labels.platform_page_path(p) for p in labels.group_entries(project.entries)]
    codes = [row.page_path for row in labels.code_pages(project.entries)]
    return [*LISTING_PAGES, *platforms, *codes, *(entry.page_path for entry in project.entries)]


def markdown_pages(project: Project, lang: str) -> dict[str, str]:
    """Source path -> Markdown of the generated pages MkDocs renders itself (the lookup page)."""
    report = project.config.repo_url
    return {LOOKUP_PAGE: labels.render_lookup(lang, lookup_files.FOLDER, lookup_files.DIAGNOSTICS_PAGE,
                                              report.rstrip("/") + "/issues/new" if report else None)}


def html_pages(project: Project, lang: str) -> dict[str, HtmlPage]:
    """Source path -> every generated page in `lang` whose HTML we write, in site order."""
    # The renderers (Jinja, Pygments, markdown-it) are imported only when pages are made:
    # `kb check` lists pages without rendering most of them.
    from kb_builder.render.entry import render_entry_html
    from kb_builder.render.listing import (code_page_title, code_row_views, render_code_html, render_codes_html,
                                           render_home_html, render_platform_html)

    t = labels.labels(lang)
    entries = project.entries
    code_index = labels.code_index(entries)
    pages = [HtmlPage(HOME_PAGE, {"title": t["home_title"]},
                      partial(render_home_html, entries, project.guides_in(lang), lang)),
             HtmlPage(CODES_PAGE, {"title": t["codes_title"], "search": {"exclude": True}},
                      partial(render_codes_html, code_row_views(code_index, lang), lang))]
    for platform in labels.group_entries(entries):
        listed = tuple(entry for entry in entries if platform in entry.platforms)
        pages.append(HtmlPage(labels.platform_page_path(platform), {"title": t["platforms"][platform]},
                              partial(render_platform_html, platform, listed, lang)))
    code_pages = labels.code_pages(entries)
    for row in code_pages:
        pages.append(HtmlPage(row.page_path, {"title": code_page_title(row, lang), "search": {"exclude": True}},
                              partial(render_code_html, row, lang)))
    by_id = project.entries_by_id()
    for entry in entries:
        titles = {related: by_id[related].title[lang] for related in entry.related if related in by_id}
        pages.append(HtmlPage(entry.page_path, entry_page_meta(entry, lang),
                              partial(render_entry_html, entry, lang, entry_titles=titles,
                                      edit_url=project.config.edit_url(entry.source_path),
                                      shared_codes=labels.shared_codes_of(entry, code_pages))))
    return {page.src_uri: page for page in pages}


def entry_page_meta(entry: Entry, lang: str) -> dict[str, Any]:
    """The page metadata of an entry's page."""
    meta: dict[str, Any] = {"title": entry.title[lang], "kb_entry": entry.id}
    keywords = labels.search_keywords(entry)
    if keywords:
        meta["tags"] = keywords  # Material's search indexes them, boosted (site.SEARCH_TAGS_BOOST)
    meta["search"] = {"boost": ENTRY_SEARCH_BOOST}
    return meta


def entry_pages(project: Project, lang: str) -> dict[str, RenderedPage]:
    """Source path -> rendered page of every entry in `lang`."""
    ids = {entry.page_path for entry in project.entries}
    return {src: page.render() for src, page in html_pages(project, lang).items() if src in ids}
