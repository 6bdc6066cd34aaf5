"""The generated pages (entries, listings) as MkDocs pages, and what MkDocs needs to know of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from kb_builder.config import KbConfig
from kb_builder.content.project import Project
from kb_builder.render.pages import HtmlPage
from kb_builder.site.internals import PageWithOwnHtml


class GeneratedPage(PageWithOwnHtml):
    """An entry page or a listing: its HTML comes from our templates (kb_builder/render/writer.py),
    not from Python-Markdown, which would parse the same layout again from Markdown."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, page: HtmlPage) -> None:
        # Sets file.page, so MkDocs makes no page of its own; the navigation then takes this one
        # as it is, so the title the navigation gives it (config.nav) is given here.
        super().__init__(title, file, config)
        self._page = page

    def respecify(self, page: HtmlPage) -> None:
        """Render `page` from now on, in this page's place (`kb serve`, after a save changed it)."""
        self._page = page

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = dict(self._page.meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        rendered = self._page.render()
        # Links into other pages' anchors are not MkDocs' to check: rule broken-link checks them.
        self.set_rendered(rendered.html, rendered.title, set(rendered.ids))
        self.toc = get_toc([heading.toc_token() for heading in rendered.headings])


def nav_titles(items: list[Any]) -> Iterator[tuple[str, str]]:
    """(source path, title) of every page that config.nav names with a title."""
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, title
                elif isinstance(value, list):
                    yield from nav_titles(value)


def source_of(page: Any, project: Project, kb: KbConfig, lang: str) -> str | None:
    """The repository file a contributor edits to change `page` (None for listings)."""
    entry_id = page.meta.get("kb_entry")
    if entry_id:
        return project.entries_by_id()[entry_id].source_path
    if page.file.generated_by:
        return None
    return f"{kb.guides_dir}/{lang}/{page.file.src_uri}"
