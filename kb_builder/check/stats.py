"""Numbers about the content: what there is, what is missing, where the gaps are.

A pure function of a loaded project, so `kb stats`, its JSON and the tests agree. Counts by
platform, component and status list every value the schema allows, zeros included: a zero is
a gap worth seeing. Entries that fail the schema are not counted there; they are listed under
`files.invalid` (run `kb check` for why).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kb_builder.content.entry_schema import entry_schema
from kb_builder.content.project import Project
from kb_builder.rules import untranslated_text

SCHEMA_VERSION = 1


def compute_stats(project: Project) -> dict[str, Any]:
    """Every number `kb stats` shows, as plain data with sorted lists."""
    entries = project.entries
    valid_paths = {entry.source_path for entry in entries}
    return {
        "schema_version": SCHEMA_VERSION,
        "files": {
            "entries": len(project.entry_files),
            "valid": len(entries),
            "invalid": sorted(set(project.entry_files) - valid_paths),
        },
        "by_platform": _count(_allowed("platforms"), (p for e in entries for p in e.platforms)),
        "by_component": _count(_allowed("components"), (c for e in entries for c in e.components)),
        "by_status": _count(entry_schema()["properties"]["status"]["enum"], (e.status for e in entries)),
        "translations": _translations(project),
        "without_signatures": sorted(e.id for e in entries if not e.signatures),
        "without_verify_command": sorted(e.id for e in entries if e.verify.command is None),
        "without_references": sorted(e.id for e in entries if not e.references),
        "shared_error_codes": _shared_error_codes(project),
    }


def _allowed(field: str) -> list[str]:
    return list(entry_schema()["properties"][field]["items"]["enum"])


def _count(allowed: list[str], values: Any) -> dict[str, int]:
    counts = Counter(values)
    return {value: counts.get(value, 0) for value in sorted({*allowed, *counts})}


def _translations(project: Project) -> dict[str, Any]:
    """Entries with a language missing or left untranslated, and guides missing a language.

    A complete entry passed the schema (so every text has both languages) and no Chinese text of
    it looks like an untranslated English copy. Entries missing a language fail the schema: they
    are listed by file.
    """
    missing = sorted({d.path for d in project.diagnostics if d.rule == "missing-translation"})
    suspect = sorted({d.path for d in untranslated_text.check(project)})
    codes = project.config.written_language_codes  # a converted edition is complete by construction
    guides_missing = sorted(f"{project.config.guides_dir}/{code}/{name}.md"
                            for name, by_lang in project.guides.items() for code in codes if code not in by_lang)
    incomplete_guides = {name for name, by_lang in project.guides.items() if set(codes) - set(by_lang)}
    return {
        "languages": list(codes),
        "entries_complete": len(project.entries) - len(suspect),
        "entries_missing_a_language": missing,
        "entries_with_untranslated_text": suspect,
        "guides": len(project.guides),
        "guides_complete": len(project.guides) - len(incomplete_guides),
        "guides_missing": guides_missing,
    }


def _shared_error_codes(project: Project) -> dict[str, list[str]]:
    """Error code -> ids of the entries claiming it, for codes claimed more than once (case ignored).

    The code is shown as the first claiming entry (by id) writes it.
    """
    claims: dict[str, tuple[str, set[str]]] = {}
    for entry in project.entries:  # sorted by id
        for code in entry.error_codes:
            spelling, ids = claims.setdefault(code.casefold(), (code, set()))
            ids.add(entry.id)
    return {spelling: sorted(ids) for spelling, ids in sorted(claims.values()) if len(ids) > 1}
