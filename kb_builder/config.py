"""The project's typed settings, read from the `extra.kb` section of mkdocs.yml.

Every option has a default, so a project needs to write down only what differs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
SEARCH_ENGINES = ("lunr", "chunked", "pagefind")


class ConfigError(Exception):
    """mkdocs.yml is missing or its `extra.kb` section is malformed."""


@dataclass(frozen=True)
class LanguageConfig:
    """One language of the site."""

    code: str
    """Language code used in entry files (`zh`, `en`) and as Material's `theme.language`."""
    name: str
    """Name shown in the language switch, in that language."""
    site_name: str
    """Site title in that language."""
    prefix: str = ""
    """Folder of this language below the site root: "" for the default language, "en" for /en/."""
    search_separator: str = r"[\s\u200b\-,:;!=\[\]()\"`|，。：；！？、（）【】《》“”‘’]+|/(?![A-Z])|\.(?!\d)|&[lg]t;"
    """lunr token separator. Keeps `_`, digits and `0x` together so error codes stay whole; splits
    `/` except before a capital, so Unix paths and URLs split into words while Windows error paths
    (`Wsl/Service/CreateVm/HCS/HCS_E_...`) stay one token; splits full-width punctuation, which
    would otherwise stick to the code before it."""
    search_pipeline: tuple[str, ...] = ("stopWordFilter", "trimmer")
    """lunr pipeline; without the stemmer, error codes and exact words are matched as typed."""

    @property
    def url_root(self) -> str:
        return f"{self.prefix}/" if self.prefix else ""


@dataclass(frozen=True)
class KbConfig:
    """Settings of a knowledge-base project."""

    root: Path
    """Folder holding mkdocs.yml; every other path is relative to it."""
    languages: tuple[LanguageConfig, ...]
    """Site languages; the first is the default, built at the site root."""
    entries_dir: str = "content/entries"
    """Folder of the YAML entries, one file per entry, in sub-folders by group."""
    guides_dir: str = "content/guides"
    """Folder of the Markdown guides, one sub-folder per language code."""
    images_dir: str = "images"
    """Folder of the images guides may use; published at /images/."""
    repo_url: str | None = None
    """Repository web address, for "edit this page" links (mkdocs.yml's repo_url)."""
    site_url: str | None = None
    """Public address of the site (mkdocs.yml's site_url)."""
    edit_branch: str = "main"
    """Branch that "edit this page" links open."""
    http_exceptions: tuple[str, ...] = ()
    """Hosts that serve no https, so links to them may use http:// (a host covers its sub-domains)."""
    search_engine: str = "chunked"
    """Site search, always in Material's search box: "chunked" (answered by our worker from an index
    in small files, of which a query downloads only what it needs: kb_builder/search/chunked.py),
    "lunr" (Material's own search: one index per language that every page load downloads and builds
    in the browser; bench/README.md measures both) or "pagefind" (lunr, plus a Pagefind index of
    every language, built after the site, and a "Search (Pagefind)" page per language)."""

    @property
    def default_language(self) -> LanguageConfig:
        return self.languages[0]

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> LanguageConfig:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def site_url_for(self, language: LanguageConfig) -> str:
        """Root URL of `language`'s site ("/en/"-style when mkdocs.yml has no site_url)."""
        base = (self.site_url or "/").rstrip("/") + "/"
        return base + language.url_root

    def edit_url(self, repo_path: str) -> str | None:
        if not self.repo_url:
            return None
        return f"{self.repo_url.rstrip('/')}/edit/{self.edit_branch}/{repo_path}"


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name:` tags are MkDocs' business, not ours."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, its tags read as None; the one reader of the file in kb_builder.

    Parsed once per content of the file (the settings and several rules read it in one run); the
    result is shared, so callers must not change it. Raises ConfigError when it cannot be read.
    """
    try:
        text = config_file.read_bytes()
    except OSError as error:
        raise ConfigError(f"{config_file}: {error.strerror or error}") from error
    return _parse_mkdocs_yml(str(config_file), text)


@lru_cache(maxsize=8)
def _parse_mkdocs_yml(config_file: str, text: bytes) -> dict[str, Any]:
    try:
        raw = yaml.load(text.decode("utf-8-sig"), Loader=_LenientLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"{config_file}: {error}") from error
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{config_file}: expected a mapping of settings")
    return raw


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds mkdocs.yml."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(f"no {CONFIG_FILE} in {start} or any folder above it")


def load_config(root: Path) -> KbConfig:
    """Read `root/mkdocs.yml` and return the typed settings."""
    raw = read_mkdocs_yml(root / CONFIG_FILE)
    config_file = root / CONFIG_FILE
    section = ((raw.get("extra") or {}).get("kb")) or {}
    if not isinstance(section, dict):
        raise ConfigError(f"{config_file}: extra.kb must be a mapping")
    return config_from_mapping(root.resolve(), section, repo_url=raw.get("repo_url"), site_url=raw.get("site_url"))


def config_from_mapping(root: Path, section: dict[str, Any], repo_url: str | None = None,
                        site_url: str | None = None) -> KbConfig:
    known = {f.name for f in fields(KbConfig)} - {"root", "languages", "repo_url", "site_url"}
    unknown = sorted(set(section) - known - {"languages"})
    if unknown:
        raise ConfigError(f"unknown setting(s) in extra.kb: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    languages = tuple(_language(item) for item in section.get("languages") or _DEFAULT_LANGUAGES)
    if not languages or languages[0].prefix:
        raise ConfigError("extra.kb.languages: the first language is the default and must have an empty prefix")
    options = {key: value for key, value in section.items() if key in known}
    exceptions = options.get("http_exceptions") or ()
    if not isinstance(exceptions, (list, tuple)) or not all(isinstance(host, str) for host in exceptions):
        raise ConfigError("extra.kb.http_exceptions must be a list of host names")
    options["http_exceptions"] = tuple(exceptions)  # a tuple keeps the settings hashable
    engine = options.get("search_engine", "lunr")
    if engine not in SEARCH_ENGINES:
        raise ConfigError(f"extra.kb.search_engine: unknown search engine {engine!r}; expected one of: "
                          f"{', '.join(SEARCH_ENGINES)}")
    return KbConfig(root=root, languages=languages, repo_url=repo_url, site_url=site_url, **options)


def _language(item: Any) -> LanguageConfig:
    if not isinstance(item, dict):
        raise ConfigError("extra.kb.languages: each language is a mapping with code, name and site_name")
    allowed = {f.name for f in fields(LanguageConfig)}
    unknown = sorted(set(item) - allowed)
    if unknown or not {"code", "name", "site_name"} <= set(item):
        raise ConfigError(f"extra.kb.languages: expected keys {sorted(allowed)}, got {sorted(item)}")
    if "search_pipeline" in item:
        item = {**item, "search_pipeline": tuple(item["search_pipeline"])}
    return LanguageConfig(**item)


_DEFAULT_LANGUAGES = [
    {"code": "zh", "name": "中文", "site_name": "Docker 安装排障知识库"},
    {"code": "en", "name": "English", "site_name": "Docker Install Troubleshooting", "prefix": "en"},
]
