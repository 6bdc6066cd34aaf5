"""Every command snippet parses in its shell, so a reader who pastes it gets no syntax error.

Checks each `command.run` of an entry (steps, step options, verify) and each shell block of a guide
(```bash, ```sh, ```powershell, ```cmd, and the commands of ```console / ```pwsh-session blocks):
bash/sh with tree-sitter-bash, PowerShell with tree-sitter-powershell, cmd with our own parser of
quotes, `^` escapes, `&&`/`||`/`&`/`|`, parentheses and redirections. The problem is reported at
the file line and column it stands on, and the message also gives its place inside the snippet.

Placeholders such as `<your-user>` or `<version>` are a convention, not an error: the reader
replaces them (see kb_builder/snippets/placeholders.py).

Good: `run: wsl --set-default-version 2`
Bad:  `run: echo "done` (unclosed quote: the " here is never closed)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.parse import parse

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "snippet-syntax"
SEVERITY = Severity.ERROR
SCOPE = "file"

_SHELL_NAMES = {"bash": "bash", "sh": "sh", "powershell": "PowerShell", "cmd": "cmd"}


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        if not snippet.text.strip():
            continue
        problem = parse(snippet.text, snippet.shell).problem
        if problem is None:
            continue
        line, col = snippet.locate(problem.line, problem.col)
        yield Diagnostic(snippet.path, line, col, ID, SEVERITY,
                         f"{_SHELL_NAMES[snippet.shell]} syntax error in {snippet.where} "
                         f"(snippet line {problem.line}, column {problem.col}): {problem.message}",
                         "fix the command so that it runs as published; test it in that shell")
