"""The MkDocs event handlers that hooks/ hand every event to: thin calls into the site package.

`BilingualSite` drives the build of every language (kb_builder.site.languages); `ContentValidation`
runs the checks of `kb check` first and stops the build on errors.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.check.runner import check_project, release_check_state
from kb_builder.config import KbConfig, LanguageConfig, load_config
from kb_builder.content.convert import edition, matcher_entries, search_fold
from kb_builder.content.project import Project, load_project
from kb_builder.content.schemaref import PUBLISHED_SCHEMA, packaged_schema_path
from kb_builder.errors import ConfigError
from kb_builder.render.export import EXPORT_PATH, build_export, export_schema_text, write_json
from kb_builder.render.export import SCHEMA_PATH as EXPORT_SCHEMA_PATH
from kb_builder.render import labels
from kb_builder.render.pages import html_pages, markdown_pages
from kb_builder.search import pagefind
from kb_builder.search.lookup import match_data
from kb_builder.search.lookup_files import build_lookup_files, reader_settings, write_lookup_files
from kb_builder.site import theme
from kb_builder.site.background import BACKGROUND
from kb_builder.site.languages import (
    BUILD_LANGUAGE,
    LanguageBuild,
    OtherLanguage,
    ServedLanguage,
    build_language_here,
    configure_language,
    index_with_pagefind,
    publish,
)
from kb_builder.site.internals import replace_search_index
from kb_builder.site.pages import GeneratedPage, nav_titles, source_of
from kb_builder.site.publish import pin_build_date, recover_interrupted_build
from kb_builder.site.search_index import KbSearchIndex
from kb_builder.util.gcpolicy import pace_for_batch

log = get_plugin_logger("kb")


def kb_settings(config: MkDocsConfig) -> KbConfig:
    """The settings of `extra.kb`; wrong ones stop the build with their diagnostics, not a traceback."""
    try:
        return load_config(Path(config.config_file_path).parent)
    except ConfigError as error:
        raise PluginError(f"wrong settings in mkdocs.yml:\n{error}") from error


class BilingualSite:
    """Receives the MkDocs events of the build of every language (see hooks/bilingual.py).

    MkDocs caches hook modules, so this one object serves the default language's build and the
    builds of the other languages nested in it: state is kept per language, and each event reads
    the language of the build in progress from the context variable `build_language` sets.
    """

    def __init__(self) -> None:
        self.command: str | None = None
        self._builds: dict[str, LanguageBuild] = {}

    @property
    def serving(self) -> bool:
        """`kb serve`: every language is built in this process and kept, to be updated on a save."""
        return self.command == "serve"

    def served_languages(self) -> list[LanguageBuild]:
        """The builds `kb serve` keeps, the default language's first."""
        return sorted(self._builds.values(), key=lambda build: not build.is_default_language)

    def _current(self) -> LanguageBuild:
        build = self._current_or_none()
        assert build is not None, "an event before on_config set this language's build up"
        return build

    def _current_or_none(self) -> LanguageBuild | None:
        code = BUILD_LANGUAGE.get()
        if code is None:  # the default language: the build `mkdocs build` itself started
            return next((b for b in self._builds.values() if b.is_default_language), None)
        return self._builds.get(code)

    # -- events -----------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        global _serving_site
        self.command = command
        if command == "build":
            pace_for_batch()
        elif command == "serve":
            _serving_site = self

    @event_priority(100)  # before the search plugin reads the language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        BACKGROUND.wait()  # the previous build's search index, before this build empties the folder
        kb = kb_settings(config)
        language = kb.language(BUILD_LANGUAGE.get() or kb.default_language.code)
        if language == kb.default_language:
            self._builds.clear()  # a new build (serve rebuilds reuse this object)
        build = self._builds[language.code] = LanguageBuild(kb, language, edition(load_project(kb), language))
        pin_build_date(build.project)
        configure_language(config, kb, language, build.project)
        if build.is_default_language and self.command != "serve":
            build.final_site_dir = config.site_dir
            recover_interrupted_build(config.site_dir)
            config.site_dir = build.staging_dir
        if build.is_default_language and self.command == "build":
            release_check_state(build.project)  # validated: no language's process needs it
        if build.is_default_language and not self.serving:
            # The other languages build at the same time, each in a process of its own, into a
            # folder beside this one (this build empties its own folder before writing).
            build.others = [OtherLanguage.start(config, lang) for lang in kb.languages[1:]]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self._current()
        kb, code = build.kb, build.language.code
        if build.language.is_converted:
            convert_guides(files, build.project, code)
        for src_uri, content in markdown_pages(build.project, code).items():
            files.append(File.generated(config, src_uri, content=content))
        titles = dict(nav_titles(config.nav or []))
        pages = html_pages(build.project, code)
        for src_uri, page in pages.items():
            file = File.generated(config, src_uri, content="")
            files.append(file)
            GeneratedPage(titles.get(src_uri), file, config, page)
        if self.serving:
            build.served = ServedLanguage(config, files, pages)
        search_index = replace_search_index(config, KbSearchIndex)
        if search_index is not None and build.served is not None:
            search_index.keep_sections_by_page()
            build.served.search_index = search_index
        if search_index is not None:
            if kb.search_engine == "chunked":
                # Served pages need no index: `kb serve` writes the default language's in the
                # background while the other languages build (an update writes every language's so).
                reader = reader_settings(code, labels.labels(code)["paste"], config.repo_url)
                search_index.write_chunked_to(Path(config.site_dir), build.language, reader, in_background=(
                    self.serving and build.is_default_language))
        for src_uri, content in pagefind.search_pages(kb, build.language).items():
            files.append(File.generated(config, src_uri, content=content))
        # The lookup page's data (20 MB at 2,000 entries), written now, while the build holds
        # little, into the site folder MkDocs has just emptied; as a File of MkDocs' its text would
        # stay in memory to the end of the build.
        write_entry_data(build.project, build.language, kb, Path(config.site_dir))
        files.append(File.generated(config, EXPORT_SCHEMA_PATH, content=export_schema_text()))
        images = kb.path(kb.images_dir)
        if images.is_dir():
            for path in sorted(p for p in images.rglob("*") if p.is_file()):
                src_uri = f"images/{path.relative_to(images).as_posix()}"
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        if build.is_default_language:  # editors and tools fetch the entry schema from the site root
            files.append(File.generated(config, PUBLISHED_SCHEMA, abs_src_path=str(packaged_schema_path())))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        build = self._current()
        if build.served is not None:
            build.served.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env = theme.configure_environment(env)
        build = self._current()
        if build.served is not None:
            build.served.env = env
        return env

    def on_page_context(self, context: dict[str, Any], *, page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        build = self._current()
        # Material draws the language switch and the hreflang links from extra.alternate: point
        # them at this very page in each language rather than at each language's home page.
        config.extra["alternate"] = theme.language_switch(build, config, page.url)
        source = source_of(page, build.project, build.kb, build.language.code)
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
        config.extra["alternate"] = theme.language_switch(self._current(), config, None)
        return context

    @event_priority(-100)  # after the search plugin has written this language's index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self._current()
        if not build.is_default_language:
            return
        if self.serving:
            for language in build.kb.languages[1:]:
                build_language_here(config, language)
        for other in build.others:
            other.finish(config.site_dir)
        build.others = []
        if pagefind.is_enabled(build.kb):  # once, over every language, before publishing
            index_with_pagefind(config.site_dir)
        build.staged = True
        if build.final_site_dir and self.command is None:
            # Called through mkdocs.commands.build.build() alone: no shutdown event will follow.
            publish(build)

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
        BACKGROUND.wait()
        for build in self._builds.values():
            if build.staged and build.final_site_dir:
                publish(build)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        kb = self._current().kb
        for folder in (kb.entries_dir, kb.guides_dir, kb.images_dir):
            if kb.path(folder).exists():
                server.watch(str(kb.path(folder)))
        return server


class ContentValidation:
    """Receives MkDocs events to report content problems (see hooks/validate.py)."""

    @event_priority(110)  # before anything is generated from the content
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if BUILD_LANGUAGE.get() is not None:
            return config  # checked once, by the default language's build
        kb = kb_settings(config)
        diagnostics = check_project(load_project(kb), remember=True)
        report_to_mkdocs(diagnostics)
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        if errors:
            raise PluginError(f"{len(errors)} content error(s); run 'kb check' for details")
        return config


_serving_site: BilingualSite | None = None


def serving_site() -> BilingualSite:
    """The BilingualSite that `kb serve` started (MkDocs loads hooks itself; its on_startup says)."""
    assert _serving_site is not None, "on_startup(command='serve') was not called"
    return _serving_site


def write_entry_data(project: Project, language: LanguageConfig, kb: KbConfig, site_dir: Path) -> None:
    """The lookup page's data and the JSON export of `language` (both made from every entry)."""
    site_root = kb.site_url_for(language) if kb.site_url else None
    fold = search_fold(language)  # a converted edition matches texts folded to Simplified
    matches = match_data(matcher_entries(project.entries, language))
    write_json(build_export(project, language.code, site_root, matches), site_dir / EXPORT_PATH)
    write_lookup_files(build_lookup_files(project.entries, language.code, matches, fold), site_dir)


def convert_guides(files: Files, project: Project, code: str) -> None:
    """The guides of a converted language: its source language's files (its docs folder), each
    given the text of the edition's guide (the conversion, or the override file)."""
    for name, by_lang in project.guides.items():
        file = files.get_file_from_path(f"{name}.md")
        if file is not None and code in by_lang:
            source = file.abs_src_path
            file.content_string = by_lang[code].text
            file.abs_src_path = source  # still a guide of its own file (the theme's Pagefind marker asks)


def report_to_mkdocs(diagnostics: list[Diagnostic]) -> None:
    """Log diagnostics so that MkDocs shows them and `--strict` counts warnings."""
    for d in diagnostics:
        text = f"{d.path}:{d.line}:{d.col}: [{d.rule}] {d.message}" + (f" (hint: {d.hint})" if d.hint else "")
        level = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}.get(d.severity, logging.INFO)
        log.log(level, text)
