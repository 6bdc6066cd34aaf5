"""Commands that weaken the reader's system are errors unless the entry says why they are deliberate.

Reported (kb_builder/snippets/unsafe.py): world-writable modes (`chmod 666 /var/run/docker.sock`),
`usermod -G` without `-a` (drops the user's other groups), a download piped into a shell from an
unpinned address (`curl -fsSL https://example.com/install.sh | sh`), `rm -r`/`-f` of no named path
(`/`, `*`, `~`, `"$DIR"/`), and switching a protection off (`setenforce 0`, `ufw disable`,
`Set-ExecutionPolicy Bypass`...).

When a step really needs one (a throw-away test VM, a documented workaround), the entry's command says
so with `unsafe_ok`, in both languages, and the reader sees why:

    command:
      shell: bash
      run: curl -fsSL https://get.docker.com | sh
      unsafe_ok: {zh: 仅用于一次性的测试虚拟机。, en: Only for a throw-away test VM.}

Guides cannot mark a block: put such a command in an entry, where the reason is shown.

Good: `run: sudo usermod -aG docker $USER`
Bad:  `run: sudo usermod -G docker $USER` (replaces all of the user's supplementary groups)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets import snippets_of
from kb_builder.snippets.unsafe import findings

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "unsafe-command"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    written = project.config.written_language_codes
    for snippet in snippets_of(project):
        if _marked(snippet.unsafe_ok, written):
            continue
        for word, what in findings(snippet):
            line, col = snippet.locate(word.line, word.col)
            hint = ("do it the safe way; if the step really needs this, add unsafe_ok: {zh: 原因, en: reason} "
                    "to the command" if snippet.admin is not None or snippet.unsafe_ok is not None else
                    "do it the safe way, or move the command into an entry step that explains it with unsafe_ok")
            yield Diagnostic(snippet.path, line, col, ID, SEVERITY, f"{what} (in {snippet.where})", hint)


def _marked(reason: dict | None, languages: tuple[str, ...]) -> bool:
    """The command carries a reason in every language contributors write."""
    return isinstance(reason, dict) and all(isinstance(reason.get(lang), str) and reason[lang].strip()
                                            for lang in languages)
