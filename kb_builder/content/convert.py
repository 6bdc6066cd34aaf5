"""A converted edition: Traditional Chinese made from the Simplified text at build time (OpenCC).

A language with `convert_from` and `opencc` in mkdocs.yml (e.g. `zh-Hant`, from `zh`, with
`s2twp`: Taiwan characters and phrasing) is written by nobody: every localized field of an entry
is the conversion of its source-language text, unless the entry holds a text in that language
(an override, for a conversion that is wrong); a guide is the conversion of the source guide,
unless `<guides_dir>/<code>/<name>.md` exists. What is never converted: verbatim messages and
signatures (a zh-CN message is quoted as Windows shows it in zh-CN), commands, code spans and
fenced code blocks, link targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

from kb_builder.config import LanguageConfig
from kb_builder.content.fields import LOCALIZED, localized_shape
from kb_builder.content.model import Entry, Guide
from kb_builder.content.project import Project

_PROTECTED = re.compile(
    r"(?ms)^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?^ {0,3}\2[`~]*[ \t]*$"  # a fenced code block
    r"|(`+)(?:(?!\3).)+?\3"                                        # a code span
    r"|\]\([^)\s]*"                                                  # a link's target
    r"|<[a-z][a-z0-9+.-]*:[^>\s]*>"                                  # an autolink
)
"""Text that is code or an address, kept as written."""


@cache
def _converter(config: str) -> Any:
    import opencc  # 50 ms to load its dictionaries: only builds with a converted edition pay it

    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def convert_text(text: str, config: str, phrases: tuple[tuple[str, str], ...] = ()) -> str:
    """`text` (Markdown) converted with the OpenCC configuration `config`, code and links untouched;
    then each phrase of `phrases` (what OpenCC writes, what to write instead) replaced."""
    converter = _converter(config)

    def convert(part: str) -> str:
        part = converter.convert(part)
        for wrong, right in phrases:
            part = part.replace(wrong, right)
        return part

    out, position = [], 0
    for protected in _PROTECTED.finditer(text):
        out += [convert(text[position:protected.start()]), protected.group(0)]
        position = protected.end()
    out.append(convert(text[position:]))
    return "".join(out)


def convert_for(text: str, language: LanguageConfig) -> str:
    """`text` of the source language as `language`'s edition shows it (OpenCC, then its phrases)."""
    assert language.opencc
    return convert_text(text, language.opencc, language.phrases)


def converted_texts(data: Any, language: LanguageConfig) -> Any:
    """Entry data with every localized field given `language`'s text: its override, or the
    conversion of the source language's text. The data given is not changed."""
    assert language.convert_from and language.opencc

    def fill(value: Any, shape: Any) -> Any:
        if shape is LOCALIZED and isinstance(value, dict):
            source = value.get(language.convert_from)
            if language.code in value or not isinstance(source, str):
                return value
            return {**value, language.code: convert_for(source, language)}
        if isinstance(shape, dict) and isinstance(value, dict):
            return {key: fill(child, shape[key]) if key in shape else child for key, child in value.items()}
        if isinstance(shape, list) and isinstance(value, list):
            return [fill(child, shape[0]) for child in value]
        return value

    return fill(data, localized_shape())


def converted_entry(entry: Entry, language: LanguageConfig) -> Entry:
    """`entry` with `language`'s texts (converted or overridden) beside the others."""
    if entry.document is None:
        return entry
    document = replace(entry.document, data=converted_texts(entry.document.data, language))
    return Entry.from_document(document, entry.source_path)


def converted_guide(source: Guide, language: LanguageConfig) -> Guide:
    """The guide in `language`, converted from the source language's guide."""
    title = convert_for(source.title, language) if source.title else None
    return replace(source, lang=language.code, title=title, text=convert_for(source.text, language))


def override_is_conversion(source: str, override: str, language: LanguageConfig) -> bool:
    """Whether an override says exactly what the conversion says (it can be removed)."""
    return convert_for(source, language) == override


def edition(project: Project, language: LanguageConfig) -> Project:
    """The project as `language`'s build shows it: for a converted language, every entry with its
    texts in that language and every guide in it (its override file, or the converted source
    guide); any other language's project as it is."""
    if not language.is_converted:
        return project
    assert language.convert_from
    guides = {}
    for name, by_lang in project.guides.items():
        source = by_lang.get(language.convert_from)
        if language.code not in by_lang and source is not None:
            by_lang = {**by_lang, language.code: converted_guide(source, language)}
        guides[name] = by_lang
    settings, last = _last_converted.get(language.code, (None, {}))
    if settings != language:  # the language's settings (its phrases) changed: convert afresh
        last = {}
    converted = {id(entry): (entry, kept[1] if (kept := last.get(id(entry))) and kept[0] is entry
                             else converted_entry(entry, language)) for entry in project.entries}
    _last_converted[language.code] = (language, converted)
    return replace(project, entries=tuple(pair[1] for pair in converted.values()), guides=guides, _by_id=None)


_last_converted: dict[str, tuple[LanguageConfig, dict[int, tuple[Entry, Entry]]]] = {}
"""Per converted language, its settings and id(entry) -> (entry, its conversion) of the last
`edition`: a project reloaded after a save keeps the entries of unchanged files
(kb_builder.content.project), so their conversions are kept too (converting 2,000 entries takes
0.26 s, and `kb serve` makes every edition again after each save)."""


# -- search: Traditional and Simplified characters find the same words ---------------------------

FOLD_CONFIG = "t2s"
"""OpenCC's conversion back to the source's characters, one character at a time."""
_HAN_CODE_POINTS = (*range(0x3400, 0xA000), *range(0xF900, 0xFB00))


@cache
def fold_pairs() -> tuple[str, str]:
    """(characters, their Simplified forms): OpenCC t2s of every Han character it changes to one
    character. 4,221 pairs with OpenCC 1.4.2, made in 0.17 s; the browser gets them as fold.json."""
    converter = _converter(FOLD_CONFIG)
    pairs = []
    for code_point in _HAN_CODE_POINTS:
        char = chr(code_point)
        simplified = converter.convert(char)
        if simplified != char and len(simplified) == 1:
            pairs.append((char, simplified))
    return "".join(a for a, _b in pairs), "".join(b for _a, b in pairs)


class SearchFold(tuple[str, str]):
    """(characters, their Simplified forms): what a converted edition's texts are folded with before
    they are compared (the indexes, the matcher and the browser take the pair as it is); and the
    edition, whose conversion shows a compared text to a reader in the edition's script."""

    language: LanguageConfig

    def __new__(cls, chars: tuple[str, str], language: LanguageConfig) -> SearchFold:
        fold = super().__new__(cls, chars)
        fold.language = language
        return fold

    def show(self, text: str) -> str:
        """`text` (a verbatim message or signature) as the edition writes it, for a reader told why
        an entry matched: its forms are compared folded to Simplified, never shown so."""
        return convert_for(text, self.language)


def search_fold(language: LanguageConfig) -> SearchFold | None:
    """For a converted language, the characters that a text is folded from, and to, before it is
    searched (index and query alike: to Simplified characters); None for a written language.

    Why fold rather than index both forms: a reader of the zh-Hant site pastes a Simplified log
    as often as a Traditional one, and messages are quoted in the form Windows showed them (zh-CN
    or zh-TW); folding both sides makes every form find every other, character by character, with
    one small table the browser can apply too. What folding cannot bridge are different words
    (虛擬機器 and 虚拟机, 支援 and 支持): matcher_entries adds the edition's conversions for those."""
    return SearchFold(fold_pairs(), language) if language.is_converted else None


@cache
def _table(fold: tuple[str, str]) -> dict[int, str]:
    return str.maketrans(*fold)


def fold_text(text: str, fold: tuple[str, str] | None) -> str:
    """`text` with the characters of `fold` folded (unchanged without a fold)."""
    return text.translate(_table(tuple(fold))) if fold else text


def matcher_entries(entries: Sequence[Entry], language: LanguageConfig) -> tuple[Entry, ...]:
    """The entries as the error matcher of `language`'s edition compares them; other editions'
    entries as they are.

    A converted edition compares every text folded (search_fold), its own texts among them, and
    beside each verbatim signature and message its conversion, folded too: a reader in Taiwan
    writes the edition's words (虛擬機器平臺 where the source says 虚拟机平台, 支援 for 支持),
    which folding alone never makes Simplified ones, and may copy a message as the edition's pages
    quote it. The verbatim texts stay, so a Simplified paste matches as in the source edition."""
    fold = search_fold(language)
    if not fold:
        return tuple(entries)
    return tuple(_folded_entry(entry, fold) for entry in entries)


def _folded_entry(entry: Entry, fold: SearchFold) -> Entry:
    def texts(localized: dict[str, str] | None) -> dict[str, str] | None:
        return None if localized is None else {lang: fold_text(text, fold) for lang, text in localized.items()}

    messages = {(message.lang, variant): replace(message, text=variant)
                for message in entry.messages for variant in _folded_variants(message.text, fold)}
    signatures = (variant for signature in entry.signatures for variant in _folded_variants(signature, fold))
    return replace(entry, title=texts(entry.title), symptoms=texts(entry.symptoms), cause=texts(entry.cause),
                   signatures=tuple(dict.fromkeys(signatures)), messages=tuple(messages.values()))


def _folded_variants(text: str, fold: SearchFold) -> tuple[str, ...]:
    """A verbatim text folded, then its conversion folded when that says something else."""
    return tuple(dict.fromkeys((fold_text(text, fold), fold_text(fold.show(text), fold))))
