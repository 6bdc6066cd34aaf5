"""The registry of content rules.

Each rule is a module with `ID`, `SEVERITY`, and `check(project)` yielding diagnostics; its
docstring is the rule's documentation. A rule whose every finding concerns only the file it read
says `SCOPE = "file"`: `kb check FILE...` gives it just those files (the others see everything). Problems found while reading files (YAML and schema) have
rule ids too; `LOADER_RULES` documents them so that every id a contributor sees is explained by
`kb rules`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.rules import (  # links, images and URLs (kb_builder/links)  # command snippets (kb_builder/snippets)
    broken_anchor,
    broken_link,
    chinese_terminology,
    cross_language_link,
    duplicate_error_code,
    duplicate_id,
    guide_translation,
    id_filename_mismatch,
    image_outside_repo,
    insecure_url,
    invalid_option_value,
    lookalike_character,
    missing_admin,
    missing_argument,
    missing_alt_text,
    missing_image,
    pipe_instead_of_and,
    placeholder_format,
    platform_mismatch,
    raw_html,
    redundant_override,
    schema_reference,
    snippet_lint,
    snippet_prompt,
    snippet_syntax,
    unfilled_scaffold,
    unknown_command_flag,
    unknown_related_entry,
    unsafe_command,
    unsafe_markup,
    unsafe_url,
    untranslated_text,
)
from kb_builder.util import parallel

if TYPE_CHECKING:
    from kb_builder.content.project import Project

SNIPPET_RULES: tuple[ModuleType, ...] = (
    snippet_syntax,
    snippet_prompt,
    unknown_command_flag,
    missing_argument,
    invalid_option_value,
    lookalike_character,
    placeholder_format,
    pipe_instead_of_and,
    unsafe_command,
    platform_mismatch,
    missing_admin,
    snippet_lint,
)

PROJECT_RULES: tuple[ModuleType, ...] = (
    id_filename_mismatch,
    duplicate_id,
    unknown_related_entry,
    duplicate_error_code,
    raw_html,
    untranslated_text,
    chinese_terminology,
    redundant_override,
    guide_translation,
    unfilled_scaffold,
    schema_reference,
    broken_link,
    broken_anchor,
    cross_language_link,
    missing_image,
    image_outside_repo,
    missing_alt_text,
    unsafe_url,
    unsafe_markup,
    insecure_url,
    *SNIPPET_RULES,
)

LOADER_RULES: dict[str, str] = {
    "yaml-syntax": "The file is not valid YAML (the message says what the parser expected).",
    "yaml-encoding": "The file is not UTF-8.",
    "yaml-empty": "The file is empty.",
    "yaml-not-a-file": "An entry path is a directory, a symbolic link, a FIFO, a socket or a device.",
    "yaml-multiple-documents": "A file holds more than one YAML document.",
    "yaml-alias": "Anchors and aliases are refused (they hide content and can blow up in size).",
    "yaml-tag": "Tags such as !!python/object are refused, and so is a tag that does not fit its value (!!int text).",
    "yaml-too-deep": "Nesting is deeper than any entry needs.",
    "yaml-complex-key": "A mapping key is not plain text.",
    "file-too-large": "The file is larger than an entry may be.",
    "duplicate-key": "A key appears twice in one mapping.",
    "unknown-key": "A key the entry format does not have (often a typo: see the hint).",
    "missing-key": "A required key is missing.",
    "missing-translation": "A text lacks one language, or is empty in one.",
    "wrong-type": "A value has the wrong type (text where a list is expected...).",
    "invalid-value": "A value is not one of the allowed ones.",
    "invalid-format": "A value does not have the expected form (id, date, URL...).",
    "duplicate-item": "A list holds the same value twice.",
    "item-count": "A list has too few or too many items.",
    "text-length": "A text is too short or too long.",
    "schema": "Any other schema violation.",
    "guide-encoding": "A guide is not UTF-8.",
    "guide-not-a-file": "A guide path is a directory, a symbolic link, a FIFO, a socket or a device.",
    "guide-front-matter": "A guide's front matter is not valid YAML.",
}


def all_rule_ids() -> list[str]:
    return sorted([*LOADER_RULES, *(rule.ID for rule in PROJECT_RULES)])


def run_rules(project: Project, focus: frozenset[str] | None = None) -> Iterator[Diagnostic]:
    """Every rule's findings. With `focus` (file paths), rules whose findings concern one file
    alone (`SCOPE = "file"`) read only those files; cross-file rules still read everything."""
    yield from run_file_rules(project.narrowed_to(focus) if focus is not None else project)
    yield from run_project_rules(project)


def _is_file_rule(rule: ModuleType) -> bool:
    return getattr(rule, "SCOPE", "project") == "file"


def run_file_rules(project: Project) -> Iterator[Diagnostic]:
    """Findings of the rules that read one file at a time (each about the file it read)."""
    for rule in PROJECT_RULES:
        if _is_file_rule(rule):
            yield from rule.check(project)


PARALLEL_MIN_FILES = 400
"""From this many files, `file_rules_on_two_cores` gives the command-snippet rules to a second process."""


def file_rules_on_two_cores(project: Project) -> list[Diagnostic]:
    """What run_file_rules finds, with the command-snippet rules (about a third of the time, and
    the only writers of shellcheck's cache) in a forked process beside the others."""
    if len(project.entry_files) < PARALLEL_MIN_FILES or not parallel.can_fork():
        return list(run_file_rules(project))
    snippets = [rule for rule in SNIPPET_RULES if _is_file_rule(rule)]
    others = [rule for rule in PROJECT_RULES if _is_file_rule(rule) and rule not in snippets]
    there, here = parallel.beside(partial(_findings, snippets, project), partial(_findings, others, project))
    return here + there


def _findings(rules: list[ModuleType], project: Project) -> list[Diagnostic]:
    return [d for rule in rules for d in rule.check(project)]


def run_project_rules(project: Project) -> Iterator[Diagnostic]:
    """Findings of the rules that compare files (duplicate codes, links into other pages...)."""
    for rule in PROJECT_RULES:
        if not _is_file_rule(rule):
            yield from rule.check(project)


def describe(rule: ModuleType) -> tuple[str, Severity, str]:
    summary = (rule.__doc__ or "").strip().splitlines()[0]
    return rule.ID, rule.SEVERITY, summary
