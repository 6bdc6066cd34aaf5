"""A placeholder is one word in angle brackets: `<distribution-name>`, never `<Distribution Name>`.

Our placeholders (`<your-user>`, `<version>`, kb_builder/snippets/placeholders.py) are read as plain
words by every check. An angle-bracketed phrase with spaces or other characters is not one: bash
and cmd read its `<` and `>` as redirections (`wsl -d <Distribution Name>` reads a file named
`Distribution`), and PowerShell refuses `<` outright. Reported in every shell, with the spelling
to use; comments are not checked.

A choice in brackets (`wsl --set-default-version <1|2>`) is not one either: `|` is a pipe.

Good: `run: wsl --terminate <distribution-name>`
Bad:  `run: wsl --terminate <Distribution Name>` (hint: write '<distribution-name>')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.placeholders import malformed_placeholders, suggested_name

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "placeholder-format"
SEVERITY = Severity.ERROR
SCOPE = "file"
_READS = {"bash": "bash reads '<' and '>' as redirections", "sh": "sh reads '<' and '>' as redirections",
          "cmd": "cmd reads '<' and '>' as redirections", "powershell": "PowerShell refuses '<' in a command"}


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        for line, col, found in malformed_placeholders(snippet.text, snippet.shell):
            at_line, at_col = snippet.locate(line, col)
            hint = (f"write the value itself, {suggested_name(found)}, and say in the text when to use which"
                    if "|" in found else
                    f"write '{suggested_name(found)}': letters, digits, '-', '_' and '.', no spaces")
            yield Diagnostic(snippet.path, at_line, at_col, ID, SEVERITY,
                             f"'{found}' in {snippet.where} is not a placeholder: {_READS[snippet.shell]}", hint)
