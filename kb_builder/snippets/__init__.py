"""Command snippets: every command an entry publishes and every shell block of a guide.

One place finds them (`extract`), knows where each of their lines stands in its file, and parses
them once (`parse`), so the snippet rules (kb_builder/rules/snippet_*.py and friends) share the
work: `snippets_of(project)` is computed once per loaded project.

Placeholders: a reader replaces `<your-user>`, `<version>`, `<VMName>`: an angle-bracketed name
of letters, digits, `-`, `_` and `.`, with no space. They are a documented convention of our
content (see `placeholders.py`), never an error: before parsing and linting each one is replaced
by a token of the same length that every shell reads as a plain word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb_builder.snippets.snippet import SHELLS, WINDOWS_SHELLS, Snippet

if TYPE_CHECKING:
    from kb_builder.content.project import Project

__all__ = ["SHELLS", "WINDOWS_SHELLS", "Snippet", "snippets_of"]


def snippets_of(project: Project) -> list[Snippet]:
    """Every snippet of the project, in file order; computed once per project object."""
    from kb_builder.snippets.extract import extract_snippets

    cached = _CACHE.get("snippets")
    if cached is not None and cached[0] is project:
        return cached[1]
    found = extract_snippets(project)
    _CACHE["snippets"] = (project, found)
    return found


_CACHE: dict[str, tuple[object, list[Snippet]]] = {}
