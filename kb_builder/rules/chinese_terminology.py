"""Chinese text uses the glossary's terms (kb_builder/data/glossary.yaml): one word for one notion,
and Microsoft's zh-CN UI string where Windows shows the notion.

Good: `zh: 在客户机里运行 systeminfo。` and `zh: 打开“控制流保护 (CFG)”。`
Bad:  `zh: 在来宾 Windows 里运行 systeminfo。` (the glossary prefers 客户机)
Read are the Chinese texts of entries and the Chinese guides; not read are verbatim messages
(`messages`), code (`spans` and fenced blocks), link targets and “quoted” text, which stay as
Windows or the tool shows them. A variant inside an occurrence of its preferred term is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.fields import field_path, localized_fields
from kb_builder.content.yamlsource import load_shipped_data
from kb_builder.links.extract import Locator

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "chinese-terminology"
SEVERITY = Severity.WARNING
SCOPE = "file"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|<https?://[^>\s]*>")
_QUOTED = re.compile(r"“[^”]*”")


@dataclass(frozen=True)
class Term:
    preferred: str
    avoid: tuple[str, ...]
    reason: str


@cache
def glossary() -> tuple[Term, ...]:
    """The glossary's terms, as shipped with the package."""
    text = resources.files("kb_builder.data").joinpath("glossary.yaml").read_text(encoding="utf-8")
    return tuple(Term(term["preferred"], tuple(term["avoid"]), term["reason"])
                 for term in load_shipped_data(text)["terms"])


@cache
def _variants() -> tuple[re.Pattern[str], dict[str, Term]]:
    """One pattern for every variant (longest first) and the term of each: a text is searched once."""
    terms = {variant: term for term in glossary() for variant in term.avoid}
    return re.compile("|".join(re.escape(v) for v in sorted(terms, key=len, reverse=True))), terms


def find_variants(text: str) -> Iterator[tuple[int, str, Term]]:
    """(offset in `text`, variant, term) of every variant the rule reads, in text order."""
    pattern, terms = _variants()
    if pattern.search(text) is None:
        return
    prose = _blank(text)
    for match in pattern.finditer(prose):
        term = terms[match.group(0)]
        if not _inside(prose, match.start(), match.end(), term.preferred):
            yield match.start(), match.group(0), term


def _inside(prose: str, start: int, end: int, preferred: str) -> bool:
    """Whether prose[start:end] lies inside an occurrence of `preferred`."""
    return any(prose.startswith(preferred, at) for at in range(max(0, end - len(preferred)), start + 1))


def _blank(text: str) -> str:
    """`text` with code, link targets and quoted text replaced by spaces (offsets unchanged)."""
    for pattern in (_FENCE, _CODE_SPAN, _LINK_TARGET, _QUOTED):
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def check(project: Project) -> Iterator[Diagnostic]:
    chinese = {language.code for language in project.config.languages
               if language.script == "han" and not language.is_converted}
    for entry in project.entries:
        locator = None
        for path, lang, text in localized_fields(entry):
            if lang not in chinese:
                continue
            for offset, variant, term in find_variants(text):
                locator = locator or Locator(project.entry_source(entry))
                line, col = entry.locate(*path)
                at = _find_nth(locator.text, variant, locator.offset(line, col), text[:offset].count(variant))
                where = (line, col) if at is None else locator.position(at)
                yield _diagnostic(entry.source_path, where, f"{field_path(path)} says '{variant}'", term)
    for by_lang in project.guides.values():
        for lang, guide in by_lang.items():
            if lang not in chinese:
                continue
            for offset, variant, term in find_variants(guide.text):
                yield _diagnostic(guide.source_path, Locator(guide.text).position(offset), f"'{variant}'", term)


def _find_nth(text: str, needle: str, start: int, skip: int) -> int | None:
    """Where `needle` occurs in `text` after `skip` earlier occurrences from `start`."""
    at = text.find(needle, start)
    for _ in range(skip):
        if at < 0:
            return None
        at = text.find(needle, at + len(needle))
    return at if at >= 0 else None


def _diagnostic(path: str, where: tuple[int, int], what: str, term: Term) -> Diagnostic:
    return Diagnostic(path, where[0], where[1], ID, SEVERITY, f"{what}: the glossary prefers '{term.preferred}'",
                      f"write '{term.preferred}': {term.reason}")
