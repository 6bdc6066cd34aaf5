"""An error code claimed by several entries is an error unless they explain how they differ.

The same code can have several causes (0x80370102: a Windows component or the firmware). Then
every entry claiming it must say how to tell them apart (`distinguish`) and list the others under
`related`, so a reader who lands on the wrong one is sent to the right one.
Codes are compared ignoring case.

Good: two entries list `0x80370102`, both have `distinguish` and relate to each other.
Bad:  two entries list `0x80370102` and one of them has no `distinguish`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "duplicate-error-code"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    owners: dict[str, list] = defaultdict(list)
    for entry in project.entries:
        for index, code in enumerate(entry.error_codes):
            owners[code.casefold()].append((entry, index))
    for claims in owners.values():
        if len(claims) < 2:
            continue
        ids = [entry.id for entry, _ in claims]
        for entry, index in claims:
            related = set(entry.related)  # a code may have hundreds of owners, each relating to all
            missing_related = [other for other in ids if other != entry.id and other not in related]
            if entry.distinguish is not None and not missing_related:
                continue
            others = [other for other in ids if other != entry.id]
            needs = []
            if entry.distinguish is None:
                needs.append("a 'distinguish' text saying how to tell them apart")
            if missing_related:
                needs.append("'related' entries " + ", ".join(f"'{o}'" for o in missing_related))
            line, col = entry.locate("error_codes", index)
            yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                             f"error code '{entry.error_codes[index]}' is also claimed by "
                             + ", ".join(f"'{o}'" for o in others),
                             "add " + " and ".join(needs))
