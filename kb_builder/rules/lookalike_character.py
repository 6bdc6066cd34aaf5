"""A command holds only characters the shell reads as typed: no look-alike dashes, quotes or spaces.

`wsl.exe –shutdown` (U+2013 EN DASH), `unzip –l`, `echo “done”` (U+201C/U+201D), a no-break space
(U+00A0) or an ideographic space (U+3000), and full-width punctuation typed by a Chinese input
method (`docker ps ｜ grep`, `：`, `，`) look right on the page and fail in the shell. The message
names the character and what to type instead. Comments are not checked; inside a quoted string only
a dash that starts a word is (a sentence in `echo "Docker’s 完成："` is text).

Good: `run: wsl.exe --shutdown`
Bad:  `run: wsl.exe –shutdown` (U+2013 EN DASH: type '-' instead)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.lookalike import lookalikes, name_of

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "lookalike-character"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        for line, col, char, instead in lookalikes(snippet.text, snippet.shell):
            at_line, at_col = snippet.locate(line, col)
            if len(instead) == 1:
                meant, hint = f" as '{instead}'", f"type '{instead}' ({name_of(instead)}) instead"
            else:
                meant, hint = "", f"type {instead}"
            yield Diagnostic(snippet.path, at_line, at_col, ID, SEVERITY,
                             f"'{char}' ({name_of(char)}) in {snippet.where} looks like a shell character "
                             f"but the shell does not read it{meant}", hint)
