"""A catalogued option is given a value it accepts.

Where the documentation lists an option's values (`wsl --set-default-version 1|2`,
`docker run --restart no|always|unless-stopped|on-failure[:N]`, `docker run --pull
always|missing|never`), the catalogue holds them (`values`), and any other value is an error with
the list. Values that the reader fills in (`$VAR`, `%VAR%`, `<placeholder>`) are not judged.

Good: `run: wsl --set-default-version 2`
Bad:  `run: wsl --set-default-version 3` ('--set-default-version' of 'wsl' does not accept '3')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets.arguments import bad_values
from kb_builder.snippets.catalogue import catalogued

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "invalid-option-value"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet, invocation, tool in catalogued(project):
        for word, message, hint in bad_values(tool, invocation.args):
            line, col = snippet.locate(word.line, word.col)
            yield Diagnostic(snippet.path, line, col, ID, SEVERITY, f"{message} (in {snippet.where})", hint)
