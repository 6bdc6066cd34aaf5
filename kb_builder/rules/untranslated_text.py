"""Chinese text is Chinese: a `zh` text (a language whose `script` is `han` in mkdocs.yml) with no
Chinese characters is probably an untranslated copy.

Good: `zh: 以管理员身份运行 PowerShell。`
Bad:  `zh: Run PowerShell as administrator.`
Short texts and tab labels (often a tool name) are exempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.fields import field_path, has_chinese, localized_fields

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "untranslated-text"
SEVERITY = Severity.WARNING
SCOPE = "file"
_CODE_SPAN = re.compile(r"`[^`]*`")
_MIN_LETTERS = 16


def check(project: Project) -> Iterator[Diagnostic]:
    han = {language.code for language in project.config.languages if language.script == "han"}
    for entry in project.entries:
        for path, lang, text in localized_fields(entry):
            if lang not in han or "label" in path:
                continue  # tab labels are often tool names, the same in every language
            prose = _CODE_SPAN.sub("", text)
            if not has_chinese(prose) and sum(ch.isalpha() for ch in prose) >= _MIN_LETTERS:
                line, col = entry.locate(*path)
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"{field_path(path)} has no Chinese text",
                                 f"translate it; the {lang} text is what Chinese readers see")
