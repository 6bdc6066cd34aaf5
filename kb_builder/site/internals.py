"""Every private MkDocs or Material attribute the site package relies on, in one place.

MkDocs' events cover most of what the bilingual build needs; the rest reaches into attributes a
release may rename without notice. Each one is used only through this module, and
tests/test_mkdocs_internals.py checks each against the installed MkDocs and Material, so an upgrade
that breaks one fails a test that names it rather than a build that misbehaves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import material
from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SEARCH_PLUGIN = "material/search"
"""The key of Material's search plugin in `config.plugins`."""


def set_poll_interval(server: Any, seconds: float) -> None:
    """How often `mkdocs serve` polls the folders it is asked to watch from now on.

    MkDocs' LiveReloadServer makes watchdog's PollingObserver with a fixed 0.5 s and offers no
    setter; the observer hands `_timeout` to every emitter `watch()` schedules after this call.
    """
    server.observer._timeout = seconds


def keep_serving_after_failed_builds(server: Any) -> None:
    """After a rebuild that fails, `mkdocs serve` answers the last good site instead of holding
    every request until a build succeeds.

    MkDocs' LiveReloadServer sets `_wanted_epoch` when a rebuild starts and holds each request until
    `_visible_epoch` reaches it, which a failed build never does ("the server will appear stuck").
    A content error stops our build in on_config, before MkDocs empties the site folder, so the
    last good site is still there to serve; the wrapped builder puts the wanted epoch back.
    """
    build = server.builder

    def build_or_keep_the_last_site() -> None:
        try:
            build()
        except BaseException:
            with server._epoch_cond:
                server._wanted_epoch = server._visible_epoch
                server._epoch_cond.notify_all()
            raise

    server.builder = build_or_keep_the_last_site


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
