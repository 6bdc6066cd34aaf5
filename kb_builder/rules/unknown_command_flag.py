"""A catalogued tool is called only with subcommands and flags it has.

The catalogue (kb_builder/data/commands.yaml) lists the tools we document (wsl, docker, bcdedit,
dism, Enable-WindowsOptionalFeature, systemctl, apt-get, usermod, netsh, sc...) with the subcommands
and flags of their official documentation, cited per tool. A misspelt flag sends a reader who is
already stuck into a new error, so an unknown one is an error with a "did you mean".

How arguments are read: `--flag=value`; `-aG docker` as the bundle `-a -G` for Linux tools; Windows
tools and PowerShell parameters case-insensitively (`/Online` = `/online`, `dism.exe` = `DISM`), with
`:value` (`/FeatureName:Containers`, `-FeatureName:X`) and PowerShell's unambiguous prefixes;
`sudo` and `env` in front are skipped; `<placeholders>` are never judged.

Tools outside the catalogue (grep, curl, Get-Service...) are allowed without a word: a warning per
unlisted tool would fire on every `ls` and teach contributors to ignore the rule. A tool earns its
place in the catalogue when our content documents it; add it with its `source`.

Good: `run: wsl --set-default-version 2`
Bad:  `run: wsl --set-defualt-version 2` (hint: did you mean '--set-default-version'?)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets.catalogue import catalogued, problems

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "unknown-command-flag"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet, invocation, tool in catalogued(project):
        for word, message, hint in problems(tool, invocation.args):
            line, col = snippet.locate(word.line, word.col)
            yield Diagnostic(snippet.path, line, col, ID, SEVERITY, f"{message} (in {snippet.where})", hint)
