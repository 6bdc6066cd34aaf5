"""An override of a converted edition differs from the conversion: one that says the same is noise.

A converted language of mkdocs.yml (`convert_from`, `opencc`: zh-Hant from zh with OpenCC s2twp)
gets its texts at build time; an entry's `zh-Hant` text, or a guide in `content/guides/zh-Hant/`,
replaces the conversion where it is wrong. An override equal to the conversion corrects nothing
and goes stale when the source text changes.

Good: `title: {zh: 当前计算机配置不支持 WSL2, zh-Hant: 目前的電腦設定不支援 WSL2, ...}`
Bad:  `title: {zh: 启动失败, zh-Hant: 啟動失敗, ...}` (OpenCC s2twp gives 啟動失敗 itself)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.convert import converted_guide, override_is_conversion
from kb_builder.content.fields import field_path, localized_fields

if TYPE_CHECKING:
    from kb_builder.config import LanguageConfig
    from kb_builder.content.project import Project

ID = "redundant-override"
SEVERITY = Severity.WARNING
SCOPE = "project"  # a guide override is compared with the source guide, another file


def check(project: Project) -> Iterator[Diagnostic]:
    for language in project.config.languages:
        if language.convert_from is None:  # not a converted edition
            continue
        yield from _entry_overrides(project, language, language.convert_from)
        yield from _guide_overrides(project, language, language.convert_from)


def _entry_overrides(project: Project, language: LanguageConfig, source_code: str) -> Iterator[Diagnostic]:
    hint = f"remove it: the {language.code} text is made from the {source_code} text at build time"
    for entry in project.entries:
        texts = {path: text for path, _lang, text in localized_fields(entry)}
        for path, lang, text in localized_fields(entry):
            source = texts.get((*path[:-1], source_code))
            if lang == language.code and source is not None and override_is_conversion(source, text, language):
                line, col = entry.locate(*path)
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"{field_path(path)} is what OpenCC {language.opencc} makes of "
                                 f"{field_path((*path[:-1], source_code))}", hint)


def _guide_overrides(project: Project, language: LanguageConfig, source_code: str) -> Iterator[Diagnostic]:
    for by_lang in project.guides.values():
        own, source = by_lang.get(language.code), by_lang.get(source_code)
        if own is not None and source is not None and converted_guide(source, language).text == own.text:
            yield Diagnostic(own.source_path, 1, 1, ID, SEVERITY,
                             f"the guide is what OpenCC {language.opencc} makes of {source.source_path}",
                             f"remove it: the {language.code} guide is made from the {source_code} "
                             "one at build time")
