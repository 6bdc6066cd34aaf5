"""The bilingual build: one MkDocs build per language, the others nested in the default one.

`mkdocs build` on mkdocs.yml builds the default language; at its end the hook builds every other
language into `<site>/<prefix>/` with the same configuration, so each language is a complete site
with its own navigation and search index. `kb build` and `kb serve` call the same functions.
Builds go to a staging folder that replaces the site folder only when every language succeeded.
"""

from __future__ import annotations

import contextlib
import contextvars
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from kb_builder.config import KbConfig, LanguageConfig
from kb_builder.content.project import Project
from kb_builder.render import labels
from kb_builder.render.pages import HtmlPage
from kb_builder.render.urls import site_root_of
from kb_builder.search import pagefind
from kb_builder.site.internals import SEARCH_PLUGIN
from kb_builder.site.publish import STAGING_SUFFIX, replace_directory
from kb_builder.site.search_index import KbSearchIndex

log = get_plugin_logger("kb")

BUILD_LANGUAGE: contextvars.ContextVar[str | None] = contextvars.ContextVar("kb_language", default=None)
"""Language of the build in progress; unset for the default language that `mkdocs build` starts."""

SEARCH_TAGS_BOOST = 300


@dataclass
class LanguageBuild:
    """State of the build of one language."""

    kb: KbConfig
    language: LanguageConfig
    project: Project
    final_site_dir: str | None = None
    """The site folder to replace at the end (default language only, not when serving)."""
    staged: bool = False
    """Every language is built into the staging folder, ready to replace the site."""
    others: list[OtherLanguage] = field(default_factory=list)
    """Builds of the other languages running beside the default language's."""
    served: ServedLanguage | None = None
    """`kb serve`: what the last full build made, to re-render only what a save changes."""

    @property
    def is_default_language(self) -> bool:
        return self.language == self.kb.default_language

    @property
    def staging_dir(self) -> str:
        assert self.final_site_dir
        return self.final_site_dir.rstrip("/\\") + STAGING_SUFFIX


@dataclass
class ServedLanguage:
    """What `kb serve` keeps of the last full build of one language (kb_builder.site.incremental)."""

    config: MkDocsConfig
    files: Files
    pages: dict[str, HtmlPage]
    """The generated pages whose HTML we write, as html_pages made them."""
    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    search_index: KbSearchIndex | None = None
    """Its search index (the search plugin is one object for every language: MkDocs keeps plugins
    across loads of a configuration, and each language's build gives it an index of its own)."""


class OtherLanguage:
    """The build of a non-default language in a child process, into a folder of its own."""

    def __init__(self, language: LanguageConfig, folder: str, process: multiprocessing.process.BaseProcess) -> None:
        self.language, self.folder, self.process = language, folder, process

    @classmethod
    def start(cls, config: MkDocsConfig, language: LanguageConfig) -> OtherLanguage:
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


def index_with_pagefind(site_dir: str) -> None:
    try:
        output = pagefind.index_site(Path(site_dir)).strip().splitlines()
        log.info("Pagefind indexed the site: %s", output[-1] if output else "")
    except pagefind.PagefindError as error:
        raise PluginError(str(error)) from error


def publish(build: LanguageBuild) -> None:
    assert build.final_site_dir
    replace_directory(build.staging_dir, build.final_site_dir)
    build.staged = False


def configure_language(config: MkDocsConfig, kb: KbConfig, language: LanguageConfig, project: Project) -> None:
    t = labels.labels(language.code)
    # A converted language's guides are its source language's files, converted in on_files.
    config.docs_dir = str(kb.path(kb.guides_dir) / (language.convert_from or language.code))
    config.site_name = language.site_name
    config.theme["language"] = language.code
    if config.site_url and language.prefix:
        config.site_url = config.site_url.rstrip("/") + f"/{language.prefix}/"
    config.edit_uri = None
    config.extra["kb_labels"] = t  # for theme templates that are not generated pages (404.html)
    config.extra["kb_search_engine"] = kb.search_engine  # the setting or its default, for the theme
    config.extra["kb_to_site_root"] = "../" * language.url_root.count("/")  # theme/main.html: settings' scope
    config.extra["kb_sitemap"] = {
        "site_root": site_root_of(config.site_url, language),
        "languages": [{"code": lang.code, "root": lang.url_root} for lang in kb.languages],
    }
    search = config.plugins.get(SEARCH_PLUGIN)
    if search is not None:
        search.config.lang = [language.code.split("-")[0]]  # lunr knows zh, not zh-Hant
        search.config.separator = language.search_separator
        search.config.pipeline = list(language.search_pipeline)
        # Material boosts tags a million-fold; its query adds a trailing wildcard to every word,
        # so `wsl` would match a tag such as `wsl_e_distro_not_found` and pull that one entry above
        # every page that is really about WSL. Entries' tags hold only their error codes: a boost
        # between the text's (1) and the title's (1000) puts owners first for a code query
        # without letting a prefix collision outrank the title.
        search.config.fields = {"tags": {"boost": SEARCH_TAGS_BOOST}}
    config.nav = navigation(kb, language, project)


def navigation(kb: KbConfig, language: LanguageConfig, project: Project) -> list[dict[str, Any]]:
    """The navigation (MkDocs' `nav` setting) of `language`: the listings and the guides; entry and
    code pages are reached from the listings, not from the navigation."""
    t = labels.labels(language.code)
    return [
        {t["home_nav"]: "index.md"},
        {t["lookup_nav"]: "lookup.md"},
        *pagefind.nav_items(kb, language),
        {t["codes_nav"]: "codes.md"},
        {t["guides"]: [g.page_path for g in project.guides_in(language.code)]},
        {t["troubleshooting"]: [labels.platform_page_path(p) for p in labels.group_entries(project.entries)]},
    ]


@contextlib.contextmanager
def events_of(build: LanguageBuild) -> Iterator[None]:
    """MkDocs events raised inside are this language's (as in its own build: BUILD_LANGUAGE)."""
    token = BUILD_LANGUAGE.set(None if build.is_default_language else build.language.code)
    try:
        yield
    finally:
        BUILD_LANGUAGE.reset(token)


def build_language(config_file: str, code: str, site_dir: str, *, strict: bool = False) -> None:
    """Build one non-default language of the site into `site_dir` (run in a child process)."""
    token = BUILD_LANGUAGE.set(code)
    try:
        config = mkdocs_load_config(config_file, site_dir=site_dir, strict=strict)
        mkdocs_build(config)
    finally:
        BUILD_LANGUAGE.reset(token)


def build_language_here(config: MkDocsConfig, language: LanguageConfig) -> None:
    """Build a non-default language in this process into `<site>/<prefix>/` (`kb serve`, which
    keeps every language's build to update it after a save)."""
    build_language(config.config_file_path, language.code, os.path.join(config.site_dir, language.prefix))


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


__all__ = ["Abort", "build_language", "build_site"]
