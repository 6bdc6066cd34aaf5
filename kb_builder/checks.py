"""`kb check`: load the content and run every rule, without building anything."""

from __future__ import annotations

from collections.abc import Iterable

from kb_builder.config import KbConfig
from kb_builder.diagnostics import Diagnostic, sort_diagnostics
from kb_builder.project import Project, load_project
from kb_builder.rules import run_rules


def check_project(project: Project) -> list[Diagnostic]:
    """Every problem of the project, loader and rules alike, sorted."""
    return sort_diagnostics([*project.diagnostics, *run_rules(project)])


def check(config: KbConfig, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """Check the whole project; with `only`, report just the problems of those files.

    Cross-entry rules still see every entry, so a duplicate id in another file is caught.
    """
    diagnostics = check_project(load_project(config))
    if only is None:
        return diagnostics
    wanted = set(only)
    return [d for d in diagnostics if d.path in wanted]
