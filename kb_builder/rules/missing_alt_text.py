"""Every image has alt text, in the language of its page.

Screen readers read the alt text, and it is shown when the image cannot load; each language's
page describes the image in that language.

Good: `![Docker Engine 与 Docker Desktop 的组成](images/engine-vs-desktop.zh.svg)`
Bad:  `![](images/engine-vs-desktop.zh.svg)`
Bad:  `![What Docker Engine and Docker Desktop contain](images/engine-vs-desktop.zh.svg)` on a Chinese page
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.fields import has_chinese
from kb_builder.links.index import link_index

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "missing-alt-text"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    scripts = {language.code: language.script for language in project.config.languages}
    for link in link_index(project).links:
        if link.kind != "image":
            continue
        hint = f"say what the image shows, in this page's language ({link.lang}): ![what it shows]({link.url})"
        if not link.text.strip():
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY, f"image '{link.url}' has no alt text", hint)
        elif _in_other_script(link.text, scripts.get(link.lang)):
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY,
                             f"the alt text of image '{link.url}' is not in this page's language ({link.lang})", hint)


def _in_other_script(text: str, script: str | None) -> bool:
    """Han text on a page written in Latin letters, or none on a page written in Han."""
    return (script == "han" and not has_chinese(text)) or (script == "latin" and has_chinese(text))
