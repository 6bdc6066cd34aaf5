"""`kb check`: load the content and run every rule, without building anything."""

from __future__ import annotations

from collections.abc import Iterable

from kb_builder.check.cache import FileRuleCache
from kb_builder.check.diagnostics import Diagnostic, sort_diagnostics
from kb_builder.config import KbConfig
from kb_builder.content.project import Project, load_project, release_sources
from kb_builder.rules import file_rules_on_two_cores, run_project_rules, run_rules


def check_project(project: Project, focus: frozenset[str] | None = None, *,
                  remember: bool = False) -> list[Diagnostic]:
    """Every problem of the project, loader and rules alike, sorted (see run_rules for `focus`).

    With `remember`, the one-file rules' findings for files unchanged since an earlier run come
    from the project's cache (kb_builder/check/cache.py) rather than from running the rules again.
    """
    if not remember:
        return sort_diagnostics([*project.diagnostics, *run_rules(project, focus)])
    files = _rule_files(project)
    wanted = files if focus is None else files & focus
    with_cache = FileRuleCache.open(project.config.root, project.file_digests)
    known = with_cache.unchanged(wanted)
    to_check = frozenset(wanted - known)
    project.memory = with_cache  # the link rules also take each unchanged file's links from it
    found = file_rules_on_two_cores(project.narrowed_to(to_check))
    with_cache.record(to_check, found)
    across = list(run_project_rules(project))
    if to_check or with_cache.links:
        with_cache.save(files if focus is None else set(with_cache.stored))
    return sort_diagnostics([*project.diagnostics, *found, *with_cache.findings(known), *across])


def release_check_state(project: Project) -> None:
    """Drop what only checking `project` needed, for a build that has checked it and builds once:
    the files' texts, entries' localized texts, the rules' record of files, the link index and the
    memos of Markdown. Every language's process would keep them (210 MB at 10,000 entries); a later
    check reads the texts again and makes the rest afresh."""
    from kb_builder.check.htmlsafety import markdown_risks
    from kb_builder.links.extract import find_links
    from kb_builder.links.index import forget_link_index

    release_sources(project)
    for entry in project.entries:
        entry.forget_localized_texts()
    project.memory = None
    forget_link_index()
    markdown_risks.cache_clear()
    find_links.cache_clear()


def _rule_files(project: Project) -> frozenset[str]:
    """Every file a one-file rule may report on: entry files (valid or not) and guides."""
    guides = {guide.source_path for by_lang in project.guides.values() for guide in by_lang.values()}
    return frozenset(project.entry_files) | guides


def check(config: KbConfig, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """Check the whole project; with `only`, report just the problems of those files.

    Cross-entry rules still see every entry, so a duplicate id in another file is caught.
    """
    if only is None:
        return check_project(load_project(config), remember=True)
    wanted = frozenset(only)
    return [d for d in check_project(load_project(config), wanted, remember=True) if d.path in wanted]
