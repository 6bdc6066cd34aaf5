"""Every private MkDocs or Material attribute the site package relies on, in one place.

MkDocs' events cover most of what the bilingual build needs; the rest reaches into attributes a
release may rename without notice. Each one is used only through this module, and
tests/test_mkdocs_internals.py checks each against the installed MkDocs and Material, so an upgrade
that breaks one fails a test that names it rather than a build that misbehaves.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import material
import watchdog.events
import watchdog.observers
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

SEARCH_PLUGIN = "material/search"
"""The key of Material's search plugin in `config.plugins`."""


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read and render one page as a build does before writing any (MkDocs' `_populate_page`:
    the events on_pre_page, on_page_markdown and on_page_content included)."""
    mkdocs_build._populate_page(page, config, files)


def write_page(page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation,
               env: jinja2.Environment) -> None:
    """Put a populated page through the theme and write it (MkDocs' `_build_page`: the events
    on_page_context, which indexes it for search, and on_post_page included)."""
    mkdocs_build._build_page(page, config, doc_files, nav, env)


def write_theme_template(name: str, config: MkDocsConfig, files: Files, nav: Navigation,
                         env: jinja2.Environment) -> None:
    """Write one of the theme's static templates (sitemap.xml, and its .gz) as a build does."""
    mkdocs_build._build_theme_template(name, env, files, config, nav)


class KbLiveReloadServer(LiveReloadServer):
    """MkDocs' development server, with what `kb serve` adds through its private parts:

    - `overlay` (HTML) goes into every page it serves while set, as MkDocs adds its live-reload
      script (`_inject_js_into_html`), so the pages on disk stay the ones a build writes;
    - a save is heard at once where the system says so (inotify, FSEvents, ReadDirectoryChangesW:
      watchdog's native observer), beside MkDocs' polling (every 0.5 s; 0.25 s of waiting on
      average before an update at 2,000 entries), which stays for file systems that tell nothing
      (network shares, some container mounts);
    - `nothing_changed()`: a rebuild that found nothing to do reloads no browser.
    """

    overlay: bytes = b""
    HEARD = frozenset({"created", "modified", "deleted", "moved"})
    """Events that may be a save (not a file merely opened or read: the build reads the files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        native = watchdog.observers.Observer()
        self._native = None if isinstance(native, PollingObserver) else native

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        new = os.path.abspath(path) not in self._watched_paths
        super().watch(path, func, recursive=recursive)
        if self._native is not None and new:
            handler = watchdog.events.FileSystemEventHandler()
            handler.on_any_event = self._heard  # type: ignore[method-assign]
            try:
                self._native.schedule(handler, os.path.abspath(path), recursive=recursive)
            except OSError:  # no more inotify watches, say: polling still hears it
                pass

    def _heard(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in self.HEARD:
            return
        with self._rebuild_cond:  # what MkDocs' own watch callback does
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def nothing_changed(self) -> None:
        """Called by the builder: the rebuild in progress changed nothing, so no browser reloads."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch

    def serve(self, *, open_in_browser: bool = False) -> None:
        if self._native is not None and self._watched_paths:
            self._native.start()
        super().serve(open_in_browser=open_in_browser)

    def shutdown(self, wait: bool = False) -> None:
        if self._native is not None and self._native.is_alive():
            self._native.stop()
        super().shutdown(wait)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.overlay:
            return content
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
        return content[:body_end] + self.overlay + content[body_end:]


def replace_search_index(config: MkDocsConfig, make_index: Any) -> SearchIndex | None:
    """Put `make_index(**search settings)` in place of the index Material's search plugin made in
    its on_config (`plugin.search_index`, which its page events fill and its on_post_build
    writes); None when the plugin is off or absent."""
    search = config.plugins.get(SEARCH_PLUGIN)
    if search is None or getattr(search, "search_index", None) is None:
        return None
    search.search_index = make_index(**search.config)
    return search.search_index


class PageWithOwnHtml(Page):
    """An MkDocs page whose HTML, title and anchors come from us rather than from Markdown."""

    def set_rendered(self, html: str, title: str | None, anchor_ids: set[str]) -> None:
        """What Page.render would set: the HTML, the title found in it (`page.title` reads
        `_title_from_render` when no title was given), and the anchors that MkDocs' link
        validation looks up in `present_anchor_ids`; the page links into no other page's anchors."""
        self.content = html
        self._title_from_render = title
        self.present_anchor_ids = anchor_ids
        self.links_to_anchors = {}


class SearchIndexWithSegmenter(SearchIndex):
    """Material's SearchIndex, with the private hook that cuts Han text into words made public.

    Material calls `_segment_chinese` on each section's title and text when a language of the
    index is Chinese; subclasses override `segment_chinese` instead.
    """

    def _segment_chinese(self, data: str) -> str:
        return self.segment_chinese(data)

    def segment_chinese(self, data: str) -> str:
        """Material's own segmentation (jieba, with the dictionaries of the plugin's settings)."""
        return super()._segment_chinese(data)


def material_templates_dir() -> Path:
    """Material's theme templates, which our theme overrides may include as "material/...".

    Material ships them inside the package (`material/templates/`); this is not an API.
    """
    return Path(material.__file__).parent / "templates"
