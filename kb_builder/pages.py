"""The pages the content generates in each language, beside the guides: their paths and Markdown.

Kept apart from kb_builder.site (which knows MkDocs) so that `kb check` can list and render pages
without importing MkDocs.
"""

from __future__ import annotations

from kb_builder import render
from kb_builder.export import EXPORT_PATH
from kb_builder.project import Project

LISTING_PAGES = ("index.md", "lookup.md", "codes.md")


def generated_page_paths(project: Project, lang: str) -> list[str]:
    """Source path of every generated page in `lang`, without rendering any of them."""
    platforms = [render.platform_page_path(p) for p in render.group_entries(project.entries)]
    return [*LISTING_PAGES, *platforms, *(entry.page_path for entry in project.entries)]


def generated_pages(project: Project, lang: str) -> dict[str, str]:
    """Source path -> Markdown of every page the content generates in `lang`."""
    titles = {entry.id: entry.title[lang] for entry in project.entries}
    pages = {"index.md": render.render_home(project.entries, project.guides_in(lang), lang),
             "lookup.md": render.render_lookup(lang, EXPORT_PATH),
             "codes.md": render.render_codes(project.entries, lang)}
    for platform in render.group_entries(project.entries):
        pages[render.platform_page_path(platform)] = render.render_platform(platform, project.entries, lang)
    for entry in project.entries:
        edit_url = project.config.edit_url(entry.source_path)
        pages[entry.page_path] = render.render_entry(entry, lang, entry_titles=titles, edit_url=edit_url)
    return pages
