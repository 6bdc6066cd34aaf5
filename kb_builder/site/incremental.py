"""`kb serve` after a save: bring each language's served site up to the new content by rendering
again only the pages whose inputs changed, instead of building every page of every language.

A generated page's HTML is a pure function of what `html_pages` hands its renderer
(HtmlPage.inputs), and every other page (a guide, the lookup page, 404.html) depends on nothing an
entry holds. So after a save that changed entries only, the pages to write are those whose inputs
differ from the last build's, the pages to delete those that are gone; then the documents of the
search index are put in the order a full build gives them, and the files made from every entry
(search index, lookup data, export, sitemap) are written again, after the pages, in the
background. What this cannot do in place (the navigation changed: a platform's first entry, a
setting) raises NeedsFullBuild, and the caller builds in full. tests/test_serve_incremental.py
compares the result with a full build, byte for byte, after random sequences of saves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from kb_builder.content.project import Project
from kb_builder.render.pages import HtmlPage, html_pages
from kb_builder.search import pagefind
from kb_builder.site.background import BACKGROUND
from kb_builder.site.events import write_entry_data
from kb_builder.site.internals import SEARCH_PLUGIN, populate_page, write_page, write_theme_template
from kb_builder.site.languages import LanguageBuild, ServedLanguage, events_of, navigation
from kb_builder.site.pages import GeneratedPage

SITEMAP = "sitemap.xml"
class NeedsFullBuild(Exception):  # noqa: N818 - a reason, not an error
    """The save changed something pages are not updated for in place; the message says what."""


def update_language(build: LanguageBuild, project: Project, *, rewrite_all: bool = False) -> list[str]:
    """Bring `build`'s served site up to `project` (its edition); returns the source paths of the
    pages written again. The search index, the lookup data and export, and the sitemap are written in the
    background (BACKGROUND: wait for it before reading them); with `rewrite_all` (the last
    background writes were stopped half-way), the sitemap too, changed or not."""
    served = build.served
    if served is None or served.nav is None or served.env is None:
        raise NeedsFullBuild("this language was not built by `kb serve`")
    config, language = served.config, build.language
    if pagefind.is_enabled(build.kb):
        raise NeedsFullBuild("Pagefind indexes the whole site at once (search_engine: pagefind)")
    if navigation(build.kb, language, project) != config.nav:
        raise NeedsFullBuild("the navigation changed (a platform's first or last entry)")
    if project.guides != build.project.guides:
        raise NeedsFullBuild("a guide changed")
    pages = html_pages(project, language.code)
    old = served.pages
    changed = [src for src, page in pages.items() if src not in old or old[src].inputs() != page.inputs()]
    added = [src for src in changed if src not in old]
    removed = [src for src in old if src not in pages]
    date = get_build_date()  # SOURCE_DATE_EPOCH: the newest entry's date (pin_build_date)
    first_page = next(iter(_pages(served)), None)
    dated = first_page is not None and first_page.update_date != date
    build.project = project  # what on_page_context reads (the edit link)
    served.pages = pages
    for src in removed:
        _remove(served, src)
    for src in changed:
        _respecify(served, src, pages[src])
    if added or removed:
        _order_like_a_full_build(served, list(pages))
    if dated:  # every page's sitemap entry says the build's date
        for page in _pages(served):
            page.update_date = date
    search = _search_plugin_with_index_of(served)
    written = [_file(served, src).page for src in changed]
    doc_files = served.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    with events_of(build):
        for page in written:
            assert page is not None
            populate_page(page, config, served.files)
        for page in written:
            assert page is not None
            write_page(page, config, doc_files, served.nav, served.env)
    if added or removed or dated or rewrite_all:  # every page: a file for crawlers, not for the reader
        files, nav, env = served.files, served.nav, served.env
        BACKGROUND.start(lambda: write_theme_template(SITEMAP, config, files, nav, env))
    if search is not None and served.search_index is not None:
        served.search_index.reorder([f.page.url for f in doc_files if f.page is not None])
        served.search_index.in_background()
        search.on_post_build(config=config)
    site_dir = Path(config.site_dir)
    BACKGROUND.start(lambda: write_entry_data(project, language, build.kb, site_dir))
    return changed


def _pages(served: ServedLanguage) -> list[Page]:
    return [file.page for file in served.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            if file.page is not None]


def _file(served: ServedLanguage, src: str) -> File:
    file = served.files.get_file_from_path(src)
    assert file is not None, f"{src} is not a page of this build"
    return file


def _remove(served: ServedLanguage, src: str) -> None:
    """Take a page out of the site: its file, and the folders its file leaves empty."""
    file = _file(served, src)
    served.files.remove(file)
    path = Path(file.abs_dest_path)
    path.unlink(missing_ok=True)
    folder, site = path.parent, Path(served.config.site_dir)
    while folder != site and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _respecify(served: ServedLanguage, src: str, page: HtmlPage) -> None:
    file = served.files.get_file_from_path(src)
    if file is not None:
        assert isinstance(file.page, GeneratedPage)
        file.page.respecify(page)
        return
    # A new page (an entry, a code page) is never one the navigation lists: it has no title there.
    file = File.generated(served.config, src, content="")
    served.files.append(file)
    set_exclusions([file], served.config)
    GeneratedPage(None, file, served.config, page)


def _order_like_a_full_build(served: ServedLanguage, generated: list[str]) -> None:
    """Put the generated pages in `generated`'s order, where a full build has them (on_files adds
    them together, after the guides and the theme's files and before the images): the order of
    the search index's documents and of the sitemap."""
    files = list(served.files)
    wanted = set(generated)
    first = next(index for index, file in enumerate(files) if file.src_uri in wanted)
    rest = [file for file in files if file.src_uri not in wanted]
    before = [file for file in files[:first] if file.src_uri not in wanted]
    ordered = [*before, *(_file(served, src) for src in generated), *rest[len(before):]]
    for file in files:
        served.files.remove(file)
    for file in ordered:
        served.files.append(file)


def _search_plugin_with_index_of(served: ServedLanguage) -> Any:
    """Material's search plugin, holding this language's index again: the pages written next add
    their documents to it (on_page_context), and its on_post_build writes it."""
    search = served.config.plugins.get(SEARCH_PLUGIN)
    if search is None or served.search_index is None:
        return None
    search.search_index = served.search_index
    return search
