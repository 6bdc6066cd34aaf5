"""No placeholder of `kb new` is left: every `TODO(kb-new)` text is replaced by real content.

`kb new` writes an entry whose texts are instructions marked `TODO(kb-new)`, so that the file
is valid YAML with every field in place, yet can never be published unfilled. The diagnostic
quotes the instruction, which says what belongs there.

Good: `en: Docker Desktop says "WSL2 is not supported with your current machine configuration"`
Bad:  `en: "TODO(kb-new): the problem as a reader would name it (one line)"`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.rawtext import entry_texts
from kb_builder.content.scaffold import PLACEHOLDER

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "unfilled-scaffold"
SEVERITY = Severity.ERROR
SCOPE = "file"
_QUOTE_LIMIT = 90


def check(project: Project) -> Iterator[Diagnostic]:
    for path, text in entry_texts(project):
        if PLACEHOLDER not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            col = line.find(PLACEHOLDER)
            if col < 0:
                continue
            quoted = col > 0 and line[col - 1] in "\"'"
            value, _, comment = line[col:].partition(" #") if not quoted else (line[col:], "", "")
            # A placeholder inside a plain value (the reference URL) says what belongs there in a comment.
            instruction = f"{PLACEHOLDER}: {comment.strip()}" if comment else value.strip().rstrip("\"'")
            if len(instruction) > _QUOTE_LIMIT:
                instruction = instruction[: _QUOTE_LIMIT - 1] + "…"
            yield Diagnostic(path, number, col + 1, ID, SEVERITY,
                             f"placeholder left by 'kb new': {instruction}",
                             "replace the whole text, marker included, with the real content")
