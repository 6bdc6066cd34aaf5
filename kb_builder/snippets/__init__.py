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

from dataclasses import dataclass

SHELLS = ("bash", "sh", "powershell", "cmd")
WINDOWS_SHELLS = frozenset({"powershell", "cmd"})


@dataclass(frozen=True)
class Snippet:
    """The commands of one code block or one `command.run` field."""

    path: str
    """File it comes from, relative to the project root."""
    shell: str
    """bash, sh, powershell or cmd."""
    text: str
    """The commands as published (for a console block: only the command lines, prompts removed)."""
    origin: tuple[tuple[int, int], ...]
    """For each line of `text`: file line and file column of the snippet line's first character."""
    where: str
    """What the snippet is, for messages: 'steps[0].command' or 'bash block'."""
    admin: bool | None = None
    """An entry command's `admin` flag; None for guide blocks (a guide states elevation in prose)."""
    console: bool = False
    """A console block (prompts and output) rather than a plain command block."""
    unsafe_ok: dict | None = None
    """An entry command's `unsafe_ok` ({zh, en}: why a risky command is deliberate), if any."""

    def locate(self, line: int, col: int) -> tuple[int, int]:
        """File line and column of a 1-based line and column inside the snippet."""
        if not self.origin:
            return 1, 1
        line = min(max(line, 1), len(self.origin))
        file_line, file_col = self.origin[line - 1]
        return file_line, file_col + max(col, 1) - 1

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def snippets_of(project) -> list[Snippet]:  # noqa: ANN001 - Project (import cycle)
    """Every snippet of the project, in file order; computed once per project object."""
    from kb_builder.snippets.extract import extract_snippets

    cached = _CACHE.get("snippets")
    if cached is not None and cached[0] is project:
        return cached[1]
    found = extract_snippets(project)
    _CACHE["snippets"] = (project, found)
    return found


_CACHE: dict[str, tuple[object, list[Snippet]]] = {}
