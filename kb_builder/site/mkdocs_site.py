"""Everything that knows MkDocs: the hook handlers and the bilingual build around them.

`mkdocs build` on mkdocs.yml builds the default language; at its end the hook builds every other
language into `<site>/<prefix>/` with the same configuration, so each language is a complete site
with its own navigation and search index. `kb build` and `kb serve` call the same functions.
Builds go to a staging folder that replaces the site folder only when every language succeeded.
"""

from __future__ import annotations

import contextvars
import json
import logging
import multiprocessing
import os
import shutil
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import material
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.check.runner import check_project
from kb_builder.config import KbConfig, LanguageConfig
from kb_builder.config import load_config as load_kb_config
from kb_builder.content.project import Project, load_project
from kb_builder.content.schemaref import PUBLISHED_SCHEMA, packaged_schema_path
from kb_builder.render import labels
from kb_builder.render.export import EXPORT_PATH, build_export, export_schema_text, write_json
from kb_builder.render.export import SCHEMA_PATH as EXPORT_SCHEMA_PATH
from kb_builder.render.pages import HtmlPage, html_pages, markdown_pages
from kb_builder.render.urls import alternate_href, site_root_of
from kb_builder.search import chunked, pagefind, sections
from kb_builder.search.segment import segment_chinese
from kb_builder.site.publish import STAGING_SUFFIX, pin_build_date, recover_interrupted_build, replace_directory
from kb_builder.util.gcpolicy import pace_for_batch

log = get_plugin_logger("kb")

_LANGUAGE: contextvars.ContextVar[str | None] = contextvars.ContextVar("kb_language", default=None)
"""Language of the build in progress; unset for the default language that `mkdocs build` starts."""

_SEARCH_PLUGIN = "material/search"
SEARCH_TAGS_BOOST = 300


def serve_poll_seconds(entry_files: int) -> float:
    """How often `kb serve` looks for edits: 0.1 s, slowing to MkDocs' 0.5 s at 2,000 entries."""
    return min(0.5, max(0.1, entry_files / 4000))


@dataclass
class _LanguageBuild:
    """State of the build of one language."""

    kb: KbConfig
    language: LanguageConfig
    project: Project
    final_site_dir: str | None = None
    """The site folder to replace at the end (default language only, not when serving)."""
    staged: bool = False
    """Every language is built into the staging folder, ready to replace the site."""
    others: list[_OtherLanguage] = field(default_factory=list)
    """Builds of the other languages running beside the default language's."""

    @property
    def is_default_language(self) -> bool:
        return self.language == self.kb.default_language

    @property
    def staging_dir(self) -> str:
        assert self.final_site_dir
        return self.final_site_dir.rstrip("/\\") + STAGING_SUFFIX


class BilingualSite:
    """Receives the MkDocs events of the build of every language (see hooks/bilingual.py).

    MkDocs caches hook modules, so this one object serves the default language's build and the
    builds of the other languages nested in it: state is kept per language, and each event reads
    the language of the build in progress from the context variable `build_language` sets.
    """

    def __init__(self) -> None:
        self.command: str | None = None
        self._builds: dict[str, _LanguageBuild] = {}

    def _current(self) -> _LanguageBuild:
        build = self._current_or_none()
        assert build is not None, "an event before on_config set this language's build up"
        return build

    def _current_or_none(self) -> _LanguageBuild | None:
        code = _LANGUAGE.get()
        if code is None:  # the default language: the build `mkdocs build` itself started
            return next((b for b in self._builds.values() if b.is_default_language), None)
        return self._builds.get(code)

    # -- events -----------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "build":
            pace_for_batch()

    @event_priority(100)  # before the search plugin reads the language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _BACKGROUND.wait()  # the previous build's search index, before this build empties the folder
        kb = load_kb_config(Path(config.config_file_path).parent)
        language = kb.language(_LANGUAGE.get() or kb.default_language.code)
        if language == kb.default_language:
            self._builds.clear()  # a new build (serve rebuilds reuse this object)
        build = self._builds[language.code] = _LanguageBuild(kb, language, load_project(kb))
        pin_build_date(build.project)
        _configure_language(config, kb, language, build.project)
        if build.is_default_language and self.command != "serve":
            build.final_site_dir = config.site_dir
            recover_interrupted_build(config.site_dir)
            config.site_dir = build.staging_dir
        if build.is_default_language:
            # The other languages build at the same time, each in a process of its own, into a
            # folder beside this one (this build empties its own folder before writing).
            build.others = [_OtherLanguage.start(config, lang) for lang in kb.languages[1:]]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self._current()
        kb, code = build.kb, build.language.code
        for src_uri, content in markdown_pages(build.project, code).items():
            files.append(File.generated(config, src_uri, content=content))
        nav_titles = dict(_nav_titles(config.nav or []))
        for src_uri, page in html_pages(build.project, code).items():
            file = File.generated(config, src_uri, content="")
            files.append(file)
            GeneratedPage(nav_titles.get(src_uri), file, config, page)
        search = config.plugins.get(_SEARCH_PLUGIN)
        if search is not None and getattr(search, "search_index", None) is not None:
            search.search_index = KbSearchIndex(**search.config)  # made by the plugin's on_config
            if kb.search_engine == "chunked":
                # Served pages need no index: `kb serve` writes it in the background (default language
                # only; another language's build is a process that ends with its build).
                search.search_index.write_chunked_to(Path(config.site_dir), build.language, in_background=(
                    self.command == "serve" and build.is_default_language))
        for src_uri, content in pagefind.search_pages(kb, build.language).items():
            files.append(File.generated(config, src_uri, content=content))
        # The lookup page's data (20 MB at 2,000 entries), written now, while the build holds
        # little, into the site folder MkDocs has just emptied; as a File of MkDocs' its text would
        # stay in memory to the end of the build.
        site_root = kb.site_url_for(build.language) if kb.site_url else None
        write_json(build_export(build.project, code, site_root), Path(config.site_dir) / EXPORT_PATH)
        files.append(File.generated(config, EXPORT_SCHEMA_PATH, content=export_schema_text()))
        images = kb.path(kb.images_dir)
        if images.is_dir():
            for path in sorted(p for p in images.rglob("*") if p.is_file()):
                src_uri = f"images/{path.relative_to(images).as_posix()}"
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        if build.is_default_language:  # editors and tools fetch the entry schema from the site root
            files.append(File.generated(config, PUBLISHED_SCHEMA, abs_src_path=str(packaged_schema_path())))
        return files

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = _COMPILED_TEMPLATES
        env.auto_reload = False  # a build renders every template thousands of times; none changes meanwhile
        # Our theme overrides may include Material's own template of the same name as "material/...".
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": _MATERIAL_TEMPLATES})])
        env.globals["kb_shared"] = _SharedBlocks()
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        build = self._current()
        # Material draws the language switch and the hreflang links from extra.alternate: point
        # them at this very page in each language rather than at each language's home page.
        config.extra["alternate"] = LanguageSwitch(_alternates(build, config, page.url))
        source = _source_of(page, build.project, build.kb, build.language.code)
        page.edit_url = build.kb.edit_url(source) if source else None
        return context

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if isinstance(page, GeneratedPage):
            # Written next and needed no more (the search index has its sections): MkDocs would
            # keep every page's HTML to the end, 100 MB at 2,000 entries in Chinese.
            page.content = None
        return output

    def on_template_context(self, context: dict[str, Any], *, template_name: str, config: MkDocsConfig) -> dict[str, Any]:
        # Pages without a URL of their own (404.html is served anywhere) switch to the home pages.
        config.extra["alternate"] = LanguageSwitch(_alternates(self._current(), config, None))
        return context

    @event_priority(-100)  # after the search plugin has written this language's index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self._current()
        if not build.is_default_language:
            return
        for other in build.others:
            other.finish(config.site_dir)
        build.others = []
        if pagefind.is_enabled(build.kb):  # once, over every language, before publishing
            _index_with_pagefind(config.site_dir)
        build.staged = True
        if build.final_site_dir and self.command is None:
            # Called through mkdocs.commands.build.build() alone: no shutdown event will follow.
            _publish(build)

    def on_build_error(self, *, error: Exception) -> None:
        # MkDocs' strict mode aborts *after* on_post_build and reports it here: never publish then.
        # A build can also fail before on_config set it up (content errors stop it at priority 110).
        build = self._current_or_none()
        if build is None:
            return
        build.staged = False
        for other in build.others:
            other.cancel()
        build.others = []
        if build.final_site_dir:
            shutil.rmtree(build.staging_dir, ignore_errors=True)

    def on_shutdown(self) -> None:
        _BACKGROUND.wait()
        for build in self._builds.values():
            if build.staged and build.final_site_dir:
                _publish(build)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        kb = self._current().kb
        # MkDocs polls the watched folders every 0.5 s (watchdog's PollingObserver, reliable on
        # every file system), so an edit waited 0.25 s on average before its rebuild even began.
        # The content folders are polled more often while they are small: a poll stats every file
        # (28 ms for 2,000 entries here, under 1 ms for 40), so a large knowledge base keeps
        # MkDocs' pace rather than spend a core on polling. The observer has no setter; watches
        # made from now on take this value.
        server.observer._timeout = serve_poll_seconds(len(self._current().project.entry_files))
        for folder in (kb.entries_dir, kb.guides_dir, kb.images_dir):
            if kb.path(folder).exists():
                server.watch(str(kb.path(folder)))
        return server


class GeneratedPage(Page):
    """An entry page or a listing: its HTML comes from our templates (kb_builder/render/writer.py),
    not from Python-Markdown, which would parse the same layout again from Markdown."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, page: HtmlPage) -> None:
        # Sets file.page, so MkDocs makes no page of its own; the navigation then takes this one
        # as it is, so the title the navigation gives it (config.nav) is given here.
        super().__init__(title, file, config)
        self._page = page

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = dict(self._page.meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        rendered = self._page.render()
        self.content = rendered.html
        self.toc = get_toc([heading.toc_token() for heading in rendered.headings])
        self._title_from_render = rendered.title
        self.present_anchor_ids = set(rendered.ids)
        self.links_to_anchors = {}  # links into other pages' anchors: rule broken-link checks them


class KbSearchIndex(SearchIndex):
    """Material's search index, reading our generated pages with kb_builder.search.sections instead of
    its HTML parser, and segmenting Chinese with jieba_fast_dat (kb_builder/search/segment.py).

    With `write_chunked_to`, the documents become the chunked index of kb_builder.search.chunked
    instead, and search_index.json keeps only the settings our worker needs.
    """

    _chunked: tuple[Path, chunked.Tokenizer] | None = None
    _in_background = False

    def write_chunked_to(self, site_dir: Path, language: LanguageConfig, *, in_background: bool = False) -> None:
        """Write the chunked index; `in_background` (kb serve): after the build has returned, so
        the edited page is served without waiting for it (the next build waits, then starts)."""
        self._chunked = (site_dir, chunked.Tokenizer.for_language(
            language.search_separator, language.search_pipeline))
        self._in_background = in_background

    def generate_search_index(self, prev: Any) -> str:
        if self._chunked is None:
            return super().generate_search_index(prev)
        if prev and self.entries:  # `mkdocs serve --dirty`: this page's sections replace its old ones
            path = self.entries[0]["location"]
            self.entries = [e for e in prev.entries if not e["location"].startswith(path)] + self.entries
        elif prev:
            self.entries = prev.entries
        site_dir, tokenizer = self._chunked
        boosts = {name: float(spec.get("boost", 1)) for name, spec in self.config["fields"].items()}
        entries = self.entries

        def write() -> None:
            chunked.write_index(chunked.build_index(entries, tokenizer, boosts), site_dir)

        if self._in_background:
            _BACKGROUND.start(write)
        else:
            write()
        settings = {key: self.config[key] for key in ["lang", "separator", "pipeline", "fields"]}
        kb_settings = chunked.index_settings(len(entries), tokenizer, boosts)
        return json.dumps({"config": {**settings, "kb": kb_settings}, "docs": []},
                          separators=(",", ":"), ensure_ascii=False)

    def add_entry_from_context(self, page: Any) -> None:
        if not isinstance(page, GeneratedPage):
            super().add_entry_from_context(page)
            return
        if (page.meta.get("search") or {}).get("exclude"):
            return
        for section in sections.sections(page.content or ""):
            self.create_entry_for_section(section, page.toc, page.url, page)

    def _segment_chinese(self, data: str) -> str:
        if self._chunked is not None:
            return data  # the chunked index cuts Han text into pairs of characters itself
        if self.config.get("jieba_dict") or self.config.get("jieba_dict_user"):
            return super()._segment_chinese(data)  # a dictionary of one's own is loaded into jieba
        return segment_chinese(data)


class _BackgroundWrite:
    """The one write that may run after a build has returned (kb serve's chunked index)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self, work: Callable[[], None]) -> None:
        self.wait()
        self._thread = threading.Thread(target=work, name="kb-search-index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None


_BACKGROUND = _BackgroundWrite()


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the next build in this process.

    MkDocs makes a new Jinja environment for every build, so each language's build, and each
    rebuild of `kb serve`, compiled Material's ~40 templates again (0.3-0.5 s a build here); the
    other languages' builds, forked from this process, start with what it compiled. Jinja checks
    each template's source checksum before using its code.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _MemoryBytecodeCache()
_MATERIAL_TEMPLATES = jinja2.FileSystemLoader(str(Path(material.__file__).parent / "templates"))


class _SharedBlocks:
    """`{% call kb_shared(name, key) %}...{% endcall %}` in a theme template: the block's HTML is
    rendered once per build for each key and reused (theme/partials/nav.html says when that holds)."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, key: str, *, caller: Any) -> str:
        if (name, key) not in self._html:
            self._html[name, key] = caller()
        return self._html[name, key]


class _OtherLanguage:
    """The build of a non-default language in a child process, into a folder of its own."""

    def __init__(self, language: LanguageConfig, folder: str, process: multiprocessing.process.BaseProcess) -> None:
        self.language, self.folder, self.process = language, folder, process

    @classmethod
    def start(cls, config: MkDocsConfig, language: LanguageConfig) -> _OtherLanguage:
        folder = config.site_dir.rstrip("/\\") + f".{language.code}"
        shutil.rmtree(folder, ignore_errors=True)
        # fork: the child starts with everything loaded (MkDocs, jieba, the project); it only builds.
        process = multiprocessing.get_context("fork").Process(
            target=build_language, args=(config.config_file_path, language.code, folder),
            kwargs={"strict": config.strict}, name=f"kb-build-{language.code}", daemon=True)
        process.start()
        return cls(language, folder, process)

    def finish(self, site_dir: str) -> None:
        """Wait for the build, then move its folder into place under the default language's."""
        self.process.join()
        if self.process.exitcode != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise PluginError(f"the '{self.language.code}' build failed (its messages are above)")
        target = os.path.join(site_dir, self.language.prefix)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(self.folder, target)

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def _index_with_pagefind(site_dir: str) -> None:
    try:
        output = pagefind.index_site(Path(site_dir)).strip().splitlines()
        log.info("Pagefind indexed the site: %s", output[-1] if output else "")
    except pagefind.PagefindError as error:
        raise PluginError(str(error)) from error


def _publish(build: _LanguageBuild) -> None:
    assert build.final_site_dir
    replace_directory(build.staging_dir, build.final_site_dir)
    build.staged = False


def _alternates(build: _LanguageBuild, config: MkDocsConfig, page_url: str | None) -> list[dict[str, str]]:
    # Root-relative for pages without a URL of their own (404.html): served at any depth, they
    # must lead to this host's home pages, also when the site runs locally or offline.
    site_root = urllib.parse.urlsplit(site_root_of(config.site_url, build.language) or "/").path or "/"
    return [
        {"name": lang.name, "lang": lang.code,
         "href": alternate_href(page_url, build.language, lang) if page_url is not None
         else site_root + lang.url_root}
        for lang in build.kb.languages
    ]


class LanguageSwitch:
    """The value of `extra.alternate`: true, so Material draws its language menu, but not a list.

    Material writes a <link rel="alternate"> for each item of a list there, and its script then
    fetches sitemap.xml next to every such link (from another host when the link is absolute).
    Our menu (theme/partials/alternate.html) reads `links`; hreflang alternates for search engines
    are in sitemap.xml (theme/sitemap.xml).
    """

    def __init__(self, links: list[dict[str, str]]) -> None:
        self.links = links

    def __bool__(self) -> bool:
        return bool(self.links)


class ContentValidation:
    """Receives MkDocs events to report content problems (see hooks/validate.py)."""

    @event_priority(110)  # before anything is generated from the content
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if _LANGUAGE.get() is not None:
            return config  # checked once, by the default language's build
        kb = load_kb_config(Path(config.config_file_path).parent)
        diagnostics = check_project(load_project(kb), remember=True)
        report_to_mkdocs(diagnostics)
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        if errors:
            raise PluginError(f"{len(errors)} content error(s); run 'kb check' for details")
        return config


def report_to_mkdocs(diagnostics: list[Diagnostic]) -> None:
    """Log diagnostics so that MkDocs shows them and `--strict` counts warnings."""
    for d in diagnostics:
        text = f"{d.path}:{d.line}:{d.col}: [{d.rule}] {d.message}" + (f" (hint: {d.hint})" if d.hint else "")
        level = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}.get(d.severity, logging.INFO)
        log.log(level, text)


def _configure_language(config: MkDocsConfig, kb: KbConfig, language: LanguageConfig, project: Project) -> None:
    t = labels.labels(language.code)
    config.docs_dir = str(kb.path(kb.guides_dir) / language.code)
    config.site_name = language.site_name
    config.theme["language"] = language.code
    if config.site_url and language.prefix:
        config.site_url = config.site_url.rstrip("/") + f"/{language.prefix}/"
    config.edit_uri = None
    config.extra["kb_labels"] = t  # for theme templates that are not generated pages (404.html)
    config.extra["kb_search_engine"] = kb.search_engine  # the setting or its default, for the theme
    config.extra["kb_sitemap"] = {
        "site_root": site_root_of(config.site_url, language),
        "languages": [{"code": lang.code, "root": lang.url_root} for lang in kb.languages],
    }
    search = config.plugins.get(_SEARCH_PLUGIN)
    if search is not None:
        search.config.lang = [language.code]
        search.config.separator = language.search_separator
        search.config.pipeline = list(language.search_pipeline)
        # Material boosts tags a million-fold; its query adds a trailing wildcard to every word,
        # so `wsl` would match a tag such as `wsl_e_distro_not_found` and pull that one entry above
        # every page that is really about WSL. Entries' tags hold only their error codes: a boost
        # between the text's (1) and the title's (1000) puts owners first for a code query
        # without letting a prefix collision outrank the title.
        search.config.fields = {"tags": {"boost": SEARCH_TAGS_BOOST}}
    config.nav = [
        {t["home_nav"]: "index.md"},
        {t["lookup_nav"]: "lookup.md"},
        *pagefind.nav_items(kb, language),
        {t["codes_nav"]: "codes.md"},
        {t["guides"]: [g.page_path for g in project.guides_in(language.code)]},
        {t["troubleshooting"]: [labels.platform_page_path(p) for p in labels.group_entries(project.entries)]},
    ]


def _nav_titles(items: list[Any]) -> Iterator[tuple[str, str]]:
    """(source path, title) of every page that config.nav names with a title."""
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, title
                elif isinstance(value, list):
                    yield from _nav_titles(value)


def _source_of(page: Any, project: Project, kb: KbConfig, lang: str) -> str | None:
    """The repository file a contributor edits to change `page` (None for listings)."""
    entry_id = page.meta.get("kb_entry")
    if entry_id:
        return project.entries_by_id()[entry_id].source_path
    if page.file.generated_by:
        return None
    return f"{kb.guides_dir}/{lang}/{page.file.src_uri}"


def build_language(config_file: str, code: str, site_dir: str, *, strict: bool = False) -> None:
    """Build one non-default language of the site into `site_dir` (run in a child process)."""
    token = _LANGUAGE.set(code)
    try:
        config = mkdocs_load_config(config_file, site_dir=site_dir, strict=strict)
        mkdocs_build(config)
    finally:
        _LANGUAGE.reset(token)


def build_site(config_file: str, site_dir: str | None = None, *, strict: bool = True) -> None:
    """Build every language, as `mkdocs build` does; the site folder changes only on success."""
    overrides: dict[str, Any] = {"strict": strict}
    if site_dir:
        overrides["site_dir"] = site_dir
    config = mkdocs_load_config(config_file, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def serve_site(config_file: str, dev_addr: str | None = None) -> None:
    from mkdocs.commands.serve import serve

    serve(config_file, dev_addr=dev_addr, livereload=True)


__all__ = ["Abort", "BilingualSite", "ContentValidation", "build_language", "build_site", "serve_site"]
