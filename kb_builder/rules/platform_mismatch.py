"""A command runs in the shell its snippet is for: no Linux commands in PowerShell/cmd, no Windows ones in bash.

Decided by the snippet's shell, not by the entry's platforms: a Windows entry legitimately has bash
steps run inside WSL. So:
- PowerShell and cmd snippets use no Linux-only command (`sudo`, `apt-get`, `systemctl`, `usermod`,
  `modprobe`...); `sudo` is never used there, even though Windows 11 has a `sudo` of its own: our
  Windows steps say "administrator" through `admin: true` instead;
- bash/sh snippets use no Windows-only command (PowerShell cmdlets such as `Get-Service`, `bcdedit`,
  `dism`, `netsh`), except as `name.exe`: WSL runs Windows programs by their .exe name (`wsl.exe`,
  `explorer.exe`);
- cmd snippets run no PowerShell cmdlets.
Platforms come from the catalogue (kb_builder/data/commands.yaml: each tool's `platform`, and the
`platform_only` list) and from the cmdlet form Verb-Noun.

Good: `shell: powershell` / `run: wsl --shutdown`
Bad:  `shell: powershell` / `run: sudo systemctl restart docker`
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import WINDOWS_SHELLS, snippets_of
from kb_builder.snippets.catalogue import invocations, platform_of

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "platform-mismatch"
_CMDLET_FORM = re.compile(r"^[A-Z][a-z]+-[A-Z][A-Za-z]+$")
SEVERITY = Severity.ERROR
SCOPE = "file"

_SHELL_NAMES = {"bash": "bash", "sh": "sh", "powershell": "PowerShell", "cmd": "cmd"}


def check(project: Project) -> Iterator[Diagnostic]:
    for snippet in snippets_of(project):
        shell = _SHELL_NAMES[snippet.shell]
        for invocation in invocations(snippet):
            name = invocation.name
            found = _mismatch(snippet.shell, invocation.prefixes, name.text)
            if found:
                line, col = snippet.locate(name.line, name.col)
                yield Diagnostic(snippet.path, line, col, ID, SEVERITY,
                                 f"'{found[0]}' {found[1]} in a {shell} snippet ({snippet.where})", found[2])


def _mismatch(shell: str, prefixes: tuple[str, ...], name: str) -> tuple[str, str, str] | None:
    if shell in WINDOWS_SHELLS and "sudo" in prefixes:
        return "sudo", "is a Linux command", "remove sudo and set `admin: true`: the reader opens an administrator shell"
    platform = platform_of(name, shell)
    if shell in WINDOWS_SHELLS and platform == "linux":
        return name, "is a Linux command", "run it in a bash step (inside WSL or on Linux), or use the Windows equivalent"
    if shell == "cmd" and platform == "windows" and "-" in name and name[0].isupper() and platform_of(name, "powershell"):
        if name.split("-")[0] in ("Get", "Set", "New", "Remove", "Add", "Enable", "Disable", "Start", "Stop",
                                  "Restart", "Select", "Where", "Sort", "Resolve", "Test", "Invoke"):
            return name, "is a PowerShell cmdlet", "make the step `shell: powershell`"
    if shell not in WINDOWS_SHELLS and platform == "windows" and _CMDLET_FORM.match(name):
        return name, "is a PowerShell cmdlet", "make the step `shell: powershell`"
    if shell not in WINDOWS_SHELLS and platform == "windows" and not name.lower().endswith(".exe"):
        return name, "is a Windows command", (f"use a powershell or cmd step; from inside WSL call it as "
                                              f"'{name}.exe'")
    return None
