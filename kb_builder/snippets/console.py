"""Console sessions (```console, ```pwsh-session): command lines after a prompt, then output.

A bash session line is a command when it starts with `$ ` (a user prompt) or `# ` (root); a
PowerShell session line when it starts with `PS C:\\path> ` (or `PS> `). A command continues on the
next line after a trailing `\\` (bash) or a backtick (PowerShell), on `>> ` lines (PowerShell's
continuation prompt), and through a here-document up to its delimiter. Every other line is output:
shown, checked by nobody, and never copied (see kb_builder/render/console_copy.py).

`# ` is a root prompt and a comment alike (Docker's install pages put `# Add Docker's official GPG
key:` between `$ ` lines). It counts as a prompt unless the rest reads as prose: a capitalised word
first (`# Add ...`), an apostrophe inside a word (`don't`), or a closing `:`.

Plain command blocks and `run` fields must not contain prompts: `prompt_at` finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CONSOLE_LANGUAGES = {"console": "bash", "shell-session": "bash", "pwsh-session": "powershell", "ps1con": "powershell"}

_BASH_PROMPT = re.compile(r"^[$#] ")
_PWSH_PROMPT = re.compile(r"^PS(?: [^>\n]*)?> ")
_PWSH_CONTINUATION = re.compile(r"^>> ")
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


def split_console(lines: list[str], shell: str) -> list[tuple[int, int, str]]:
    """(line index, prompt length, command text) of every command line of a session."""
    prompt = _PWSH_PROMPT if shell == "powershell" else _BASH_PROMPT
    commands: list[tuple[int, int, str]] = []
    continues = False
    heredoc: str | None = None
    for index, line in enumerate(lines):
        if heredoc is not None:
            commands.append((index, 0, line))
            heredoc = None if line.strip() == heredoc else heredoc
            continue
        match = prompt.match(line)
        if match and line.startswith("#") and not continues and is_comment(line[2:]):
            match = None
        continuation = _PWSH_CONTINUATION.match(line) if shell == "powershell" else None
        if match or continuation:
            cut = (match or continuation).end()
        elif continues:
            cut = 0
        else:
            continues = False
            continue
        text = line[cut:]
        commands.append((index, cut, text))
        continues = text.endswith("`" if shell == "powershell" else "\\")
        found = _HEREDOC.search(text) if shell != "powershell" else None
        heredoc = found.group(2) if found else None
    return commands


_PROSE = re.compile(r"^[A-Z][a-z]+[ ',]|[A-Za-z]'[a-z]|:$")
"""A comment, not a command: `Add Docker's official GPG key:`, `don't`, `Then:`."""


def is_comment(rest: str) -> bool:
    """Whether the text after a session's `# ` is a comment rather than a root command."""
    return _PROSE.search(rest.rstrip()) is not None


_PLAIN_PROMPTS = (
    (re.compile(r"^PS(?: [A-Za-z]:\\[^>\n]*)?> ?"), "PowerShell prompt"),
    (re.compile(r"^[A-Za-z]:\\[^>\n]*> ?"), "cmd prompt"),
    (re.compile(r"^\$ "), "prompt"),
    (re.compile(r"^> "), "prompt"),
)
_ROOT_PROMPT = re.compile(r"^# (?=\S)")


def prompt_at(line: str, looks_like_command: Callable[[str], bool]) -> tuple[str, str] | None:
    """(the prompt, what it is) when a command line starts with a prompt a reader would copy.

    `# ` is a comment in bash as often as a root prompt; it counts as a prompt only when the rest of
    the line is a command of our catalogue (`# apt-get update`, not `# then restart`).
    """
    for pattern, what in _PLAIN_PROMPTS:
        match = pattern.match(line)
        if match:
            return match.group(0), what
    match = _ROOT_PROMPT.match(line)
    if match and looks_like_command(line[match.end():]):
        return match.group(0), "root prompt"
    return None
