"""Every id under `related` names an existing entry other than this one.

Good: `related: [bios-virtualization-disabled]` where that entry exists.
Bad:  `related: [bios-virtualisation-disabled]` (hint: did you mean 'bios-virtualization-disabled'?).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.util.suggest import did_you_mean

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "unknown-related-entry"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    # Ids of files that failed the schema still exist for this purpose: one broken file must not
    # make every entry that points to it report a second, misleading problem.
    known = {entry.id for entry in project.entries} | {path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                                                         for path in project.entry_files}
    for entry in project.entries:
        for index, related in enumerate(entry.related):
            line, col = entry.locate("related", index)
            if related == entry.id:
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"entry '{entry.id}' lists itself as related", "remove it from 'related'")
            elif related not in known:
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"related entry '{related}' does not exist",
                                 did_you_mean(related, known) or "an entry's id is its file name under content/entries/")
