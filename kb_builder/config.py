"""The project's typed settings, read from the `extra.kb` section of mkdocs.yml.

Every option has a default, so a project needs to write down only what differs. Every option is
checked when it is read (kb_builder/config_options.py): a wrong one is reported as
`mkdocs.yml:LINE:COL: error [invalid-setting] ...`, all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kb_builder.check.diagnostics import Diagnostic, Severity, sort_diagnostics
from kb_builder.config_options import check_settings
from kb_builder.errors import ConfigError

CONFIG_FILE = "mkdocs.yml"

__all__ = ["CONFIG_FILE", "ConfigError", "KbConfig", "LanguageConfig", "config_from_mapping", "find_root",
           "load_config", "read_mkdocs_yml"]


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
    script: str = "latin"
    """How the language is written: "han" (Chinese characters: searched by pairs of characters, and
    its texts must hold some) or "latin" (words between separators). Defaults to "han" for a code
    starting with "zh", to "latin" otherwise."""
    convert_from: str | None = None
    """Code of the language this edition is converted from at build time (OpenCC), e.g. "zh" for
    Traditional Chinese; its texts in entries and its guides are then optional overrides."""
    opencc: str | None = None
    """OpenCC configuration of the conversion, e.g. "s2twp" (Taiwan characters and phrasing)."""
    phrases: tuple[tuple[str, str], ...] = ()
    """After the conversion, each phrase OpenCC gives and what this edition says instead (where it
    is wrong everywhere: s2twp makes 权限 許可權, readers in Taiwan write 權限); an entry's or a
    guide's own override corrects one place."""

    @property
    def is_converted(self) -> bool:
        return self.convert_from is not None

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

    @property
    def written_language_codes(self) -> tuple[str, ...]:
        """Languages whose texts contributors write: every entry and guide has them."""
        return tuple(lang.code for lang in self.languages if not lang.is_converted)

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


def _refuse_misfits(tag: str) -> None:
    """A value its tag cannot describe (`!!int foo`, `!!bool maybe`, `2026-13-45`, a date by its
    form) is a YAML error with its place: SafeLoader's constructors raise ValueError and the like."""
    construct = yaml.SafeLoader.yaml_constructors[tag]
    kind = tag.rsplit(":", 1)[1]

    def build(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, IndexError, AttributeError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"the value '{node.value}' is not a valid {kind}", node.start_mark) from error

    _LenientLoader.add_constructor(tag, build)


for _kind in ("int", "float", "bool", "timestamp"):
    _refuse_misfits(f"tag:yaml.org,2002:{_kind}")


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, its tags read as None; the one reader of the file in kb_builder.

    Parsed once per content of the file (the settings and several rules read it in one run); the
    result is shared, so callers must not change it. Raises ConfigError when it cannot be read.
    """
    return _read_with_nodes(config_file)[0]


def _read_with_nodes(config_file: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    try:
        text = config_file.read_bytes()
    except OSError as error:
        raise ConfigError(f"{config_file}: {error.strerror or error}") from error
    return _parse_mkdocs_yml(config_file.name, text)


@lru_cache(maxsize=8)
def _parse_mkdocs_yml(display: str, text: bytes) -> tuple[dict[str, Any], yaml.Node | None]:
    try:
        loader = _LenientLoader(text.decode("utf-8-sig"))
        try:
            node = loader.get_single_node()
            raw = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as error:
        raise ConfigError(display, (_problem(display, None, f"{display} is not UTF-8 text ({error.reason})",
                                             "save it as UTF-8", rule="yaml-encoding"),)) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        problem = Diagnostic(display, *at, "yaml-syntax", Severity.ERROR, f"{display}: {message}")
        raise ConfigError(display, (problem,)) from error
    except yaml.YAMLError as error:
        problem = _problem(display, None, f"{display}: {error}", None, rule="yaml-syntax")
        raise ConfigError(display, (problem,)) from error
    if raw is None:
        return {}, None
    if not isinstance(raw, dict):
        raise ConfigError(display, (_problem(display, node, f"{display} must be a mapping of settings", None),))
    return raw, node


def _problem(display: str, node: yaml.Node | None, message: str, hint: str | None, *,
             rule: str = "invalid-setting") -> Diagnostic:
    line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
    return Diagnostic(display, line, col, rule, Severity.ERROR, message, hint)


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds mkdocs.yml."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(f"no {CONFIG_FILE} in {start} or any folder above it")


def load_config(root: Path) -> KbConfig:
    """Read `root/mkdocs.yml` and return the typed settings; ConfigError lists every wrong one."""
    raw, node = _read_with_nodes(root / CONFIG_FILE)
    options, problems = check_settings(raw, node, CONFIG_FILE)
    if problems:
        raise ConfigError(f"{len(problems)} wrong setting(s) in {CONFIG_FILE}", tuple(sort_diagnostics(problems)))
    return _build(root.resolve(), options, raw.get("repo_url"), raw.get("site_url"))


def config_from_mapping(root: Path, section: dict[str, Any], repo_url: str | None = None,
                        site_url: str | None = None) -> KbConfig:
    """The settings of an `extra.kb` mapping given as data (tests, tools); checked as mkdocs.yml is."""
    options, problems = check_settings({"extra": {"kb": section}}, None, CONFIG_FILE)
    if problems:
        raise ConfigError(f"{len(problems)} wrong setting(s)", tuple(sort_diagnostics(problems)))
    return _build(root, options, repo_url, site_url)


def _build(root: Path, options: dict[str, Any], repo_url: Any, site_url: Any) -> KbConfig:
    languages = tuple(LanguageConfig(**{"script": default_script(language["code"]), **language})
                      for language in options.pop("languages", DEFAULT_LANGUAGES))
    return KbConfig(root=root, languages=languages, repo_url=repo_url, site_url=site_url, **options)


def default_script(code: str) -> str:
    """The script of a language whose settings name none: Chinese is written in Han characters."""
    return "han" if code.split("-")[0].lower() == "zh" else "latin"


DEFAULT_LANGUAGES = (
    {"code": "zh", "name": "中文", "site_name": "Docker 安装排障知识库"},
    {"code": "en", "name": "English", "site_name": "Docker Install Troubleshooting", "prefix": "en"},
)
"""The languages of a project whose mkdocs.yml names none."""
