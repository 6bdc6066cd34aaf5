"""No two entries share an `id` (each id is one page URL).

Good: `windows/a.yaml` has `id: a`, `linux/b.yaml` has `id: b`.
Bad:  `windows/a.yaml` and `linux/a.yaml` both have `id: a`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "duplicate-id"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for entry in sorted(project.entries, key=lambda e: e.source_path):
        if entry.id in first:
            line, col = entry.locate("id")
            yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                             f"id '{entry.id}' is already used by {first[entry.id]}",
                             "choose an id that names this problem")
        else:
            first[entry.id] = entry.source_path
