"""`kb check`: load the content and run every rule, without building anything."""

from __future__ import annotations

from collections.abc import Iterable

from kb_builder.config import KbConfig
from kb_builder.diagnostics import Diagnostic, sort_diagnostics
from kb_builder.project import Project, load_project
from kb_builder.rules import run_rules


def check_project(project: Project, focus: frozenset[str] | None = None) -> list[Diagnostic]:
    """Every problem of the project, loader and rules alike, sorted (see run_rules for `focus`)."""
    return sort_diagnostics([*project.diagnostics, *run_rules(project, focus)])


def check(config: KbConfig, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """Check the whole project; with `only`, report just the problems of those files.

    Cross-entry rules still see every entry, so a duplicate id in another file is caught.
    """
    if only is None:
        return check_project(load_project(config))
    wanted = frozenset(only)
    return [d for d in check_project(load_project(config), wanted) if d.path in wanted]
