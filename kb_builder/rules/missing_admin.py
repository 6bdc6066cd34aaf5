"""An entry command that needs an administrator or root shell says so with `admin: true`.

The page labels such a command "administrator" / "root", and the reader opens the right shell
before pasting. A command needs it when it
- runs `sudo` (bash/sh), or
- is one the catalogue marks as elevated (kb_builder/data/commands.yaml `elevated`): every
  `bcdedit`, `dism /online ...`, `Enable-WindowsOptionalFeature` / `Disable-WindowsOptionalFeature`,
  `netsh winsock reset`, `sc start/stop/config`, and, without sudo, `apt-get install`,
  `systemctl restart` (but not `systemctl --user`), `usermod`, `modprobe`.
Guides have no `admin` field (they say it in prose), so only entries are checked. One diagnostic
per command, at the first command line that needs it.

Good: `shell: powershell` / `admin: true` / `run: bcdedit /set hypervisorlaunchtype auto`
Bad:  `shell: bash` / `run: sudo systemctl restart docker` (without `admin: true`)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.catalogue import invocations, needs_elevation

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "missing-admin"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        if snippet.admin is not False:
            continue
        for invocation in invocations(snippet):
            reason = None
            if "sudo" in invocation.prefixes:
                reason = "runs sudo"
            elif invocation.tool is not None and needs_elevation(invocation.tool, invocation.args):
                shown = " ".join([invocation.name.text, *(w.text for w in invocation.args[:2])])
                reason = f"runs '{shown}', which needs an elevated shell"
            if reason:
                line, col = snippet.locate(invocation.name.line, invocation.name.col)
                yield Diagnostic(snippet.path, line, col, ID, SEVERITY,
                                 f"{snippet.where} {reason} but does not say `admin: true`",
                                 "add `admin: true` to the command so that the page says to use an "
                                 "administrator (Windows) or root (Linux) shell")
                break
