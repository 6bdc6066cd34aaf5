"""A catalogued command is given what it needs: its required arguments and each option's value.

The catalogue (kb_builder/data/commands.yaml) says how many positional arguments a command needs
(`args`, with `args_name`) and which flags take a value (`-G=`). `sudo usermod -aG docker` adds
nobody to anything: `-G` takes `docker` as its value and the user to change is missing, so usermod
prints its usage and the reader is stuck. A flag that takes a value at the end of the command
(`wsl --set-default-version`) is missing its value. `--help` and `--version` need nothing.

Good: `run: sudo usermod -aG docker $USER`
Bad:  `run: sudo usermod -aG docker` ('usermod' needs the user's login name and none is given)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets.arguments import missing
from kb_builder.snippets.catalogue import catalogued

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "missing-argument"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet, invocation, tool in catalogued(project):
        for word, message, hint in missing(tool, invocation.args):
            at = word or invocation.name
            line, col = snippet.locate(at.line, at.col)
            yield Diagnostic(snippet.path, line, col, ID, SEVERITY, f"{message} (in {snippet.where})", hint)
