"""Find the snippets of a project and where each of their lines stands in its file.

Entries: every `command` of a step, of a step option and of `verify`. A YAML block scalar
(`run: |`) has its mark on the `|` line and its text from the next line, indented; a flow or
quoted scalar starts at its mark (after the quote). Guides: every fenced block whose language is
a shell (or a console session), found with markdown-it-py, whose tokens carry line maps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from kb_builder.content.fields import field_path
from kb_builder.content.model import Command, Entry, Guide
from kb_builder.content.yamlsource import Place
from kb_builder.snippets.console import CONSOLE_LANGUAGES, split_console
from kb_builder.snippets.snippet import Snippet

if TYPE_CHECKING:
    from kb_builder.content.project import Project

FENCE_SHELLS = {
    "bash": "bash", "sh": "sh", "shell": "bash", "zsh": "bash",
    "powershell": "powershell", "pwsh": "powershell", "ps1": "powershell", "ps": "powershell",
    "cmd": "cmd", "bat": "cmd", "batch": "cmd", "doscon": "cmd",
}


def extract_snippets(project: Project) -> list[Snippet]:
    found: list[Snippet] = []
    for entry in project.entries:
        found.extend(_entry_snippets(entry, project.entry_source(entry).split("\n")))
    for by_lang in project.guides.values():
        for _lang, guide in sorted(by_lang.items()):
            found.extend(guide_snippets(guide))
    return found


def entry_commands(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], Command]]:
    """(field path, command) of every command of an entry, in file order."""
    for index, step in enumerate(entry.steps):
        if step.command:
            yield ("steps", index, "command"), step.command
        for option_index, option in enumerate(step.options):
            if option.command:
                yield ("steps", index, "options", option_index, "command"), option.command
    if entry.verify.command:
        yield ("verify", "command"), entry.verify.command


def _entry_snippets(entry: Entry, file_lines: list[str]) -> Iterator[Snippet]:
    for path, command in entry_commands(entry):
        place = entry.document.place((*path, "run")) if entry.document else None
        origin = _scalar_origin(place, command.run, file_lines) if place is not None else ()
        yield Snippet(entry.source_path, command.shell, command.run.rstrip("\n"), origin,
                      field_path(path), admin=command.admin, unsafe_ok=_raw_field(entry, (*path, "unsafe_ok")))


def _raw_field(entry: Entry, path: tuple[str | int, ...]) -> dict | None:
    """A field of the entry's data that the model does not carry."""
    data = entry.document.data if entry.document else None
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, dict) else None


def _scalar_origin(place: Place, value: str, file_lines: list[str]) -> tuple[tuple[int, int], ...]:
    count = value.rstrip("\n").count("\n") + 1
    mark_line, mark_col = place.line, place.col
    if place.style in ("|", ">"):
        first = mark_line + 1  # the text starts on the line after the indicator
        indent = next((len(line) - len(line.lstrip(" ")) for line in file_lines[first - 1:] if line.strip()), 0)
        return tuple((first + index, indent + 1) for index in range(count))
    quoted = place.style in ("'", '"')
    return tuple((mark_line, mark_col + quoted) for _ in range(count))


def guide_snippets(guide: Guide) -> Iterator[Snippet]:
    """The shell and console blocks of a guide, with the file position of each line."""
    file_lines = guide.text.replace("\r\n", "\n").split("\n")
    for token in MarkdownIt("commonmark").parse(guide.text):
        if token.type != "fence" or token.map is None:
            continue
        language = token.info.strip().split(maxsplit=1)[0].lstrip("{.").rstrip("}").lower() if token.info.strip() else ""
        first = token.map[0] + 2  # 1-based line of the block's first content line
        lines = token.content.rstrip("\n").split("\n")
        origin = [(first + i, _column_of(file_lines, first + i, line)) for i, line in enumerate(lines)]
        if language in CONSOLE_LANGUAGES:
            shell = CONSOLE_LANGUAGES[language]
            commands = split_console(lines, shell)
            text = "\n".join(line for _index, _cut, line in commands)
            cmd_origin = tuple((origin[i][0], origin[i][1] + cut) for i, cut, _line in commands)
            yield Snippet(guide.source_path, shell, text, cmd_origin or (origin[0],), f"{language} block",
                          console=True)
        elif language in FENCE_SHELLS:
            yield Snippet(guide.source_path, FENCE_SHELLS[language], "\n".join(lines), tuple(origin),
                          f"{language} block")


def _column_of(file_lines: list[str], line_number: int, content: str) -> int:
    """1-based file column of a block line's first character (blocks in lists are indented)."""
    if line_number - 1 >= len(file_lines):
        return 1
    raw = file_lines[line_number - 1]
    if content and raw.endswith(content):
        return len(raw) - len(content) + 1
    return len(raw) - len(raw.lstrip(" ")) + 1
