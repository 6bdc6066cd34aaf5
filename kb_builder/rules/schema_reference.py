"""The first line of every entry points editors at the entry JSON Schema, by a correct relative path.

With that line, an editor with the YAML language server (VS Code's YAML extension and others)
completes keys, shows each field's description in English and Chinese, and underlines mistakes
while the contributor types, before `kb check` runs. The path is relative to the entry file, so it
breaks when a file moves to another folder depth; this rule catches that. It applies to projects
that hold the schema at `kb_builder/schema/entry.schema.json`, as this repository does.

Good (content/entries/windows/wsl-kernel.yaml):
    # yaml-language-server: $schema=../../../kb_builder/schema/entry.schema.json
    id: wsl-kernel
Bad:  no such first line, or `$schema=../../kb_builder/schema/entry.schema.json` (one level short).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.rawtext import entry_texts
from kb_builder.content.schemaref import MODELINE, MODELINE_PREFIX, SCHEMA_IN_REPOSITORY, local_schema, modeline

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "schema-reference"
SEVERITY = Severity.WARNING
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    if local_schema(project.config) is None:
        return
    for path, text in entry_texts(project):
        first_line = text.splitlines()[0] if text else ""
        expected = modeline(project.config, path)
        match = MODELINE.match(first_line)
        if match is None:
            yield Diagnostic(path, 1, 1, ID, SEVERITY,
                             "the first line does not point editors at the entry schema",
                             f"make the first line: {expected}")
        elif not _leads_to_schema(path, match.group("target")):
            yield Diagnostic(path, 1, len(MODELINE_PREFIX) + 1, ID, SEVERITY,
                             f"schema path '{match.group('target')}' does not lead to {SCHEMA_IN_REPOSITORY}",
                             f"make the first line: {expected}")


def _leads_to_schema(entry_path: str, target: str) -> bool:
    if "://" in target or target.startswith("/"):
        return False  # an address or an absolute path works on one machine, or online only
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(entry_path), target))
    return resolved == SCHEMA_IN_REPOSITORY
