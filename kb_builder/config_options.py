"""The type and the check of every setting of `extra.kb` in mkdocs.yml (as MkDocs'
config/config_options.py is for its own), and the driver that reports every wrong one at once.

A problem is a Diagnostic at the YAML node of the value (of the key, for an unknown key), so
`kb check`, `kb build`, `kb diagnose` and `kb serve` all say `mkdocs.yml:LINE:COL: error
[invalid-setting] ...` with a hint, and exit 2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import yaml

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.util.suggest import did_you_mean

RULE = "invalid-setting"
SEARCH_ENGINES = ("lunr", "chunked", "pagefind")
SCRIPTS = ("han", "latin")
OPENCC_CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk")
"""OpenCC's conversions from Simplified Chinese (the source language) to Traditional."""
LUNR_PIPELINE = ("stemmer", "stopWordFilter", "trimmer")
_FOLDER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

Problem = tuple[str, str | None]
"""What is wrong, said after the setting's name ("must be text, not an integer"), and a hint."""


def _kind(value: Any) -> str:
    """How YAML calls the type of `value`, for messages."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true/false"
    for python, name in ((int, "an integer"), (float, "a number"), (str, "text"), (list, "a list"),
                         (dict, "a mapping")):
        if isinstance(value, python):
            return name
    return type(value).__name__


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _folder(example: str) -> Callable[[Any], Problem | None]:
    def check(value: Any) -> Problem | None:
        if not _is_text(value):
            return f"must be a folder relative to mkdocs.yml, not {_kind(value)}", f"e.g. '{example}'"
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in value.split("/"):
            return f"is '{value}', a folder outside the project", f"a folder inside it, e.g. '{example}'"
        return None
    return check


def _text(example: str) -> Callable[[Any], Problem | None]:
    def check(value: Any) -> Problem | None:
        return None if _is_text(value) else (f"must be text, not {_kind(value)}", f"e.g. '{example}'")
    return check


def _choice(choices: tuple[str, ...]) -> Callable[[Any], Problem | None]:
    def check(value: Any) -> Problem | None:
        if value in choices:
            return None
        if not isinstance(value, str):
            return f"must be one of: {', '.join(choices)}; not {_kind(value)}", None
        return f"is '{value}', expected one of: {', '.join(choices)}", did_you_mean(value, choices)
    return check


def _host_names(value: Any) -> Problem | None:
    if not isinstance(value, list):
        return f"must be a list of host names, not {_kind(value)}", "e.g. [legacy.example.com]"
    return None


def _host_name(value: Any) -> Problem | None:
    if _is_text(value) and "/" not in value and " " not in value.strip():
        return None
    what = f"is '{value}', not a host name" if isinstance(value, str) else f"must be a host name, not {_kind(value)}"
    return what, "a host name only, e.g. legacy.example.com"


def _pipeline(value: Any) -> Problem | None:
    if not isinstance(value, list):
        return (f"must be a list of lunr pipeline functions ({', '.join(LUNR_PIPELINE)}), not {_kind(value)}",
                "e.g. [stopWordFilter, trimmer]")
    return None


def _regex(value: Any) -> Problem | None:
    if not isinstance(value, str) or not value:
        return f"must be a regular expression (text), not {_kind(value)}", None
    try:
        re.compile(value)
    except re.error as error:
        return f"is not a regular expression: {error}", None
    return None


def _prefix(value: Any) -> Problem | None:
    if value == "" or (isinstance(value, str) and _FOLDER_NAME.match(value)):
        return None
    return (f"must be a folder name, not {_kind(value)}" if not isinstance(value, str)
            else f"is '{value}', not a folder name"), "letters, digits, '-' and '_', e.g. 'en'"


def _language_code(value: Any) -> Problem | None:
    if not _is_text(value):
        return f"must be a language code, not {_kind(value)}", "e.g. 'en'"
    if value not in _labelled_languages():
        return (f"is '{value}', a language without interface labels",
                f"add kb_builder/locales/{value}.yml (labelled: {', '.join(_labelled_languages())})")
    return None


def _phrases(value: Any) -> Problem | None:
    if isinstance(value, dict) and all(_is_text(k) and _is_text(v) for k, v in value.items()):
        return None
    return (f"must be a mapping of phrases (what OpenCC writes: what to write instead), not {_kind(value)}",
            "e.g. {許可權: 權限}")


def _labelled_languages() -> tuple[str, ...]:
    files = resources.files("kb_builder.locales").iterdir()
    return tuple(sorted(f.name[:-4] for f in files if f.name.endswith(".yml")))


KB_OPTIONS: dict[str, Callable[[Any], Problem | None]] = {
    "entries_dir": _folder("content/entries"),
    "guides_dir": _folder("content/guides"),
    "images_dir": _folder("images"),
    "edit_branch": _text("main"),
    "http_exceptions": _host_names,
    "search_engine": _choice(SEARCH_ENGINES),
    "languages": lambda value: None,  # checked item by item below
}
"""The settings of `extra.kb`; their meaning and defaults are KbConfig's (kb_builder/config.py)."""

LANGUAGE_OPTIONS: dict[str, Callable[[Any], Problem | None]] = {
    "code": _language_code,
    "name": _text("English"),
    "site_name": _text("Docker Install Troubleshooting"),
    "prefix": _prefix,
    "search_separator": _regex,
    "search_pipeline": _pipeline,
    "script": _choice(SCRIPTS),
    "convert_from": _text("zh"),
    "opencc": _choice(OPENCC_CONFIGS),
    "phrases": _phrases,
}
"""The settings of each language of `extra.kb.languages`; see LanguageConfig."""
_REQUIRED_LANGUAGE_OPTIONS = ("code", "name", "site_name")


class _Checker:
    """Walks the data and, when there is one, the YAML node tree beside it, collecting problems."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Diagnostic] = []

    def report(self, node: yaml.Node | None, message: str, hint: str | None) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.problems.append(Diagnostic(self.display, line, col, RULE, Severity.ERROR, message, hint))

    def mapping(self, value: dict[str, Any], node: yaml.Node | None, where: str,
                options: dict[str, Callable[[Any], Problem | None]]) -> dict[str, Any]:
        """The known, valid options of a mapping; reports the others."""
        good = {}
        for key, item in value.items():
            key_node, item_node = _entry(node, key)
            if key not in options:
                self.report(key_node, f"unknown setting {where}.{key}", _unknown_hint(str(key), options))
                continue
            problem = options[key](item)
            if problem:
                self.report(item_node, f"{where}.{key} {problem[0]}", problem[1])
            else:
                good[key] = item
        return good

    def items(self, value: list[Any], node: yaml.Node | None, where: str,
              check: Callable[[Any], Problem | None]) -> Iterator[Any]:
        for index, item in enumerate(value):
            problem = check(item)
            if problem:
                self.report(_item(node, index), f"{where}[{index}] {problem[0]}", problem[1])
            else:
                yield item


def _unknown_hint(key: str, options: dict[str, Callable[[Any], Problem | None]]) -> str:
    if options is KB_OPTIONS and key in LANGUAGE_OPTIONS:
        return f"{key} is a setting of each language: write it in the items of extra.kb.languages"
    return did_you_mean(key, options) or f"known: {', '.join(sorted(options))}"


def _entry(node: yaml.Node | None, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key and value nodes of `key` in a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None, None


def _item(node: yaml.Node | None, index: int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return node.value[index]
    return None


def check_settings(raw: dict[str, Any], node: yaml.Node | None,
                   display: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """(the valid options of `extra.kb`, with the languages as mappings; every problem found)."""
    checker = _Checker(display)
    extra, extra_node = raw.get("extra"), _entry(node, "extra")[1]
    kb_node = _entry(extra_node, "kb")[1]
    section = extra.get("kb") if isinstance(extra, dict) else None
    if section is None:
        return {}, []
    if not isinstance(section, dict):
        checker.report(kb_node, f"extra.kb must be a mapping of settings, not {_kind(section)}", None)
        return {}, checker.problems
    options = checker.mapping(section, kb_node, "extra.kb", KB_OPTIONS)
    if "http_exceptions" in options:
        hosts_node = _entry(kb_node, "http_exceptions")[1]
        options["http_exceptions"] = tuple(checker.items(options["http_exceptions"], hosts_node,
                                                         "extra.kb.http_exceptions", _host_name))
    if "languages" in section:
        languages = _check_languages(checker, section["languages"], _entry(kb_node, "languages")[1])
        if languages is not None:
            options["languages"] = languages
        else:
            options.pop("languages", None)
    return options, checker.problems


def _check_conversion(checker: _Checker, node: yaml.Node | None, at: str, language: dict[str, Any],
                      seen: dict[tuple[str, str], int], index: int) -> None:
    """A converted edition names a written language listed before it, and how to convert."""
    source = language.get("convert_from")
    if source is None:
        if "opencc" in language:
            checker.report(_entry(node, "opencc")[1], f"{at}.opencc needs convert_from: the language converted",
                           "e.g. convert_from: zh")
        return
    if index == 0:
        checker.report(_entry(node, "convert_from")[1], f"{at}.convert_from: the first language is the source, "
                       "written by contributors", "put the converted language after its source")
    elif (source, "code") not in seen or seen[source, "code"] >= index:
        checker.report(_entry(node, "convert_from")[1], f"{at}.convert_from is '{source}', not a language "
                       "listed before this one", _earlier_codes_hint(source, seen, index))
    if "opencc" not in language:
        checker.report(node, f"{at} has convert_from but no 'opencc'", f"e.g. opencc: s2twp ({', '.join(OPENCC_CONFIGS)})")


def _earlier_codes_hint(source: str, seen: dict[tuple[str, str], int], index: int) -> str:
    codes = [code for (code, key), at in seen.items() if key == "code" and at < index]
    return did_you_mean(source, codes) or f"the code of a language above: {', '.join(codes)}"


def _check_languages(checker: _Checker, value: Any, node: yaml.Node | None) -> tuple[dict[str, Any], ...] | None:
    where = "extra.kb.languages"
    if not isinstance(value, list) or not value:
        checker.report(node, f"{where} must be a list of languages, each with code, name and site_name, "
                             f"not {_kind(value) if value != [] else 'an empty list'}", None)
        return None
    languages, seen = [], {}
    for index, item in enumerate(value):
        item_node, at = _item(node, index), f"{where}[{index}]"
        if not isinstance(item, dict):
            checker.report(item_node, f"{at} must be a mapping with code, name and site_name, not {_kind(item)}", None)
            continue
        language = checker.mapping(item, item_node, at, LANGUAGE_OPTIONS)
        missing = [key for key in _REQUIRED_LANGUAGE_OPTIONS if key not in item]
        if missing:
            checker.report(item_node, f"{at} has no {' and no '.join(repr(key) for key in missing)}",
                           "each language has code, name and site_name")
        prefix = language.get("prefix", "")
        if index == 0 and prefix:
            checker.report(_entry(item_node, "prefix")[1], f"{at}.prefix must be empty: the first language is "
                           "the default, built at the site root", "remove the prefix, or put another language first")
        elif index > 0 and "prefix" in item and not prefix:
            checker.report(_entry(item_node, "prefix")[1], f"{at}.prefix must name a folder: only the first "
                           "language is built at the site root", "e.g. prefix: en")
        for key in ("code", "prefix"):
            if key in language and language[key] and (language[key], key) in seen:
                checker.report(_entry(item_node, key)[1], f"{at}.{key} '{language[key]}' is also "
                               f"{where}[{seen[language[key], key]}].{key}", f"each language has its own {key}")
            elif key in language:
                seen[language[key], key] = index
        if "search_pipeline" in language:
            pipeline_node = _entry(item_node, "search_pipeline")[1]
            language["search_pipeline"] = tuple(checker.items(
                language["search_pipeline"], pipeline_node, f"{at}.search_pipeline", _choice(LUNR_PIPELINE)))
        _check_conversion(checker, item_node, at, language, seen, index)
        if "phrases" in language:
            language["phrases"] = tuple(sorted(language["phrases"].items()))
        if index > 0 and "prefix" not in item:
            checker.report(item_node, f"{at} has no 'prefix': only the first language is built at the site root",
                           "e.g. prefix: en")
        languages.append(language)
    return tuple(languages)
