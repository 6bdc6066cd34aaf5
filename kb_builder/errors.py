"""What can go wrong in `kb`, and how each failure is told (kb_builder/cli.py applies this).

An expected failure is a KbError: `kb` prints its message in one line (a ConfigError: its
diagnostics) and exits with its `exit_code`, never with a traceback. Any other exception is a bug
in kb: one line says so, with a hint to rerun with `kb --verbose`, which shows the traceback.
"""

from __future__ import annotations

from kb_builder.check.diagnostics import Diagnostic
from kb_builder.check.report import format_text

EXIT_OK = 0
EXIT_FAILED = 1
"""Errors found in the content, or the work could not be done (a build aborted, a tool failed)."""
EXIT_USAGE = 2
"""The command line or the settings are wrong."""
EXIT_BUG = 3
"""An exception kb did not expect: a bug."""


class KbError(Exception):
    """An expected failure, told in one line."""

    exit_code = EXIT_FAILED

    def report(self, command: str) -> str:
        """The text `kb <command>` prints on standard error."""
        return f"kb {command}: {self}"


class UsageError(KbError):
    """The command line asks for something that cannot be done; the message says what is expected."""

    exit_code = EXIT_USAGE


class ConfigError(KbError):
    """mkdocs.yml is missing, unreadable, or holds wrong settings (`diagnostics`, one per setting)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics

    def __str__(self) -> str:
        if not self.diagnostics:
            return super().__str__()
        return format_text(self.diagnostics).rstrip("\n").rsplit("\n", 1)[0]  # without the count line

    def report(self, command: str) -> str:
        return str(self) if self.diagnostics else f"kb: {self}"


class ToolError(KbError):
    """A program kb runs (shellcheck, Pagefind, a link checker) failed; the message quotes it."""


class BuildError(KbError):
    """MkDocs stopped the build; its own messages, logged above, say why."""
