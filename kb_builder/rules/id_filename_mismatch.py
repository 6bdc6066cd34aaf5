"""An entry's `id` equals its file name, so a reader's URL and a contributor's file agree.

Good: `content/entries/windows/wsl-kernel.yaml` with `id: wsl-kernel`.
Bad:  `content/entries/windows/wsl-kernel.yaml` with `id: wsl-kernel-old`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "id-filename-mismatch"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for entry in project.entries:
        stem = PurePosixPath(entry.source_path).stem
        if entry.id != stem:
            line, col = entry.locate("id")
            yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                             f"id '{entry.id}' differs from the file name '{stem}'",
                             f"rename the file to '{entry.id}.yaml' or set 'id: {stem}'")
