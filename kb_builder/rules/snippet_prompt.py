"""Command snippets hold commands only: no prompt that a reader would copy along.

A prompt at the start of a line (`$ `, `PS C:\\>`, `C:\\>`, `> `, or `# ` before a command of our
catalogue, which is a root prompt rather than a comment) in an entry's `run` or in a ```bash,
```sh, ```powershell or ```cmd block is an error: the site's copy button copies it and the pasted
line fails. To show a session with its output, a guide uses a ```console block (bash: `$ ` and `# `
prompts) or a ```pwsh-session block (`PS C:\\path> `): their commands are checked like any snippet
and the copy button copies the commands only. A console block with no prompt line at all is an
error too (nothing in it would be copied or checked).

Good: `run: docker version`
Bad:  `run: $ docker version`
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.catalogue import is_catalogued_command
from kb_builder.snippets.console import prompt_at

if TYPE_CHECKING:
    from kb_builder.content.project import Project
    from kb_builder.snippets.snippet import Snippet

ID = "snippet-prompt"
SEVERITY = Severity.ERROR
SCOPE = "file"
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        if snippet.console:
            if not snippet.text.strip():
                line, col = snippet.locate(1, 1)
                yield Diagnostic(snippet.path, line, col, ID, SEVERITY,
                                 f"the {snippet.where} has no command line: no line starts with a prompt",
                                 "start each command with '$ ' (console) or 'PS C:\\> ' (pwsh-session), "
                                 "or use a plain ```bash / ```powershell block")
            continue
        yield from _prompts(snippet)


def _prompts(snippet: Snippet) -> Iterator[Diagnostic]:
    heredoc = None
    for number, line in enumerate(snippet.lines, start=1):
        if heredoc is not None:
            heredoc = None if line.strip() == heredoc else heredoc
            continue
        found = prompt_at(line, is_catalogued_command)
        if found:
            prompt, what = found
            at_line, col = snippet.locate(number, 1)
            hint = "remove the prompt; a reader copies the whole line"
            if snippet.admin is None:
                hint += "; to show output, use a ```console or ```pwsh-session block"
            yield Diagnostic(snippet.path, at_line, col, ID, SEVERITY,
                             f"{snippet.where} line {number} starts with the {what} '{prompt.strip()}'", hint)
        match = _HEREDOC.search(line) if snippet.shell in ("bash", "sh") else None
        heredoc = match.group(2) if match else None
