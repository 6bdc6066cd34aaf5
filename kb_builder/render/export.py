"""The JSON export of all entries of one language, for the lookup page and any outside tool.

Its shape is `schema/export.schema.json`; `schema_version` changes when a field changes meaning
or disappears (adding a field keeps it).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from kb_builder.content.model import Command, Entry
from kb_builder.content.project import Project
from kb_builder.search.lookup import match_data

SCHEMA_VERSION = 1
EXPORT_PATH = "export/entries.json"
SCHEMA_PATH = "export/entries.schema.json"


def entry_path(entry: Entry) -> str:
    """URL of the entry's page relative to its language's site root."""
    return f"entries/{entry.id}/"


def build_export(project: Project, lang: str, site_root: str | None,
                 matches: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Every entry in `lang`, with the match data `kb diagnose` ranks with (`matches`, when the
    caller has made it already)."""
    if matches is None:
        matches = match_data(project.entries)
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": lang,
        "entries": [_entry(entry, lang, site_root, matches[entry.id]) for entry in project.entries],
    }


def export_schema_text() -> str:
    """The export's JSON Schema, published beside the export."""
    return resources.files("kb_builder.schema").joinpath("export.schema.json").read_text(encoding="utf-8")


def to_json(data: dict[str, Any]) -> str:
    return _dumps(data) + "\n"


def write_json(data: dict[str, Any], path: Path) -> None:
    """`to_json(data)` into `path`, written a list item at a time: at 2,000 entries the export is
    20 MB of text, which a build would otherwise hold (as text, then as bytes) for a while.
    (`json.dump` streams too, but through the pure-Python encoder: four times slower.)"""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("{")
        for index, key in enumerate(sorted(data)):
            out.write(("," if index else "") + _dumps(key) + ":")
            value = data[key]
            if isinstance(value, list):
                out.write("[")
                for position, item in enumerate(value):
                    out.write(("," if position else "") + _dumps(item))
                out.write("]")
            else:
                out.write(_dumps(value))
        out.write("}\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _command(command: Command | None) -> dict[str, Any] | None:
    if command is None:
        return None
    return {"shell": command.shell, "run": command.run, "admin": command.admin, "output": command.output}


def _entry(entry: Entry, lang: str, site_root: str | None, match: dict[str, Any]) -> dict[str, Any]:
    path = entry_path(entry)
    return {
        "id": entry.id,
        "path": path,
        "url": (site_root + path) if site_root else path,
        "title": entry.title[lang],
        "status": entry.status,
        "platforms": list(entry.platforms),
        "components": list(entry.components),
        "error_codes": list(entry.error_codes),
        "signatures": list(entry.signatures),
        "symptoms": entry.symptoms[lang],
        "cause": entry.cause[lang],
        "distinguish": entry.distinguish[lang] if entry.distinguish else None,
        "notes": entry.notes[lang] if entry.notes else None,
        "messages": [{"lang": m.lang, "source": m.source, "text": m.text} for m in entry.messages],
        "steps": [{"text": step.text[lang], "command": _command(step.command),
                   "options": [{"label": o.label[lang], "text": o.text[lang] if o.text else None,
                                "command": _command(o.command)} for o in step.options]}
                  for step in entry.steps],
        "verify": {"text": entry.verify.text[lang], "command": _command(entry.verify.command),
                   "expect": entry.verify.expect[lang] if entry.verify.expect else None},
        "applies_to": [{"product": r.product, "versions": r.versions, "distribution": r.distribution}
                       for r in entry.applies_to],
        "related": list(entry.related),
        "references": [{"title": r.title, "url": r.url} for r in entry.references],
        "updated": entry.updated,
        "match": match,
    }
