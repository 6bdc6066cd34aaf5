"""A pipe feeds a command that reads its input; to run one command after another, use `&&`.

`sudo apt-get update | sudo apt-get upgrade` starts both at once: upgrade does not read what
update prints, runs against the old package lists, and a failed update goes unnoticed. Tools that
do their work rather than read or print data are marked `reads_stdin: false` in the catalogue
(apt-get, apt, systemctl, usermod, modprobe, dism, bcdedit...); a `|` from one of them into another
is reported (bash, sh and PowerShell). `yes | apt-get install` or `systemctl status | grep` are fine.

Good: `run: sudo apt-get update && sudo apt-get upgrade`
Bad:  `run: sudo apt-get update | sudo apt-get upgrade`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.catalogue import _strip_prefixes, find_tool
from kb_builder.snippets.parse import parse

if TYPE_CHECKING:
    from kb_builder.content.project import Project
    from kb_builder.snippets.catalogue import Tool

ID = "pipe-instead-of-and"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        parsed = parse(snippet.text, snippet.shell)
        before: Tool | None = None
        for words in parsed.commands:
            _prefixes, rest = _strip_prefixes(list(words))
            tool = find_tool(rest[0].text, snippet.shell) if rest else None
            feeder, before = before, tool
            if (words[0].line, words[0].col) not in parsed.piped:
                continue
            if tool is None or tool.reads_stdin or feeder is None or feeder.reads_stdin:
                continue
            line, col = snippet.locate(rest[0].line, rest[0].col)
            joiner = "'&&' (PowerShell 7) or a new line" if snippet.shell == "powershell" else "'&&'"
            yield Diagnostic(snippet.path, line, col, ID, SEVERITY,
                             f"'|' feeds '{rest[0].text}', which does not read its input (in {snippet.where}): "
                             "both commands start at once and the first one's output is lost",
                             f"to run '{rest[0].text}' once the command before it has succeeded, use {joiner}")
