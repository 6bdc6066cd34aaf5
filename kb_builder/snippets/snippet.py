"""A snippet: the commands of one code block or one `command.run` field, and where its lines stand.

A module of its own, so that the modules that make and read snippets (extract.py, catalogue.py)
need not import the package that calls them.
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
