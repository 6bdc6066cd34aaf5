"""What a catalogued tool is given: its flags with their values, and its positional arguments.

`read_arguments(tool, args)` follows the catalogue level by level as `catalogue.problems` does
(subcommands, `--flag=value`, `-aG docker` bundles, Windows `/flag:value`, PowerShell prefixes) and
says what each word is. The rules `missing-argument` and `invalid-option-value` judge the result;
a word the catalogue does not know stops the reading (`unknown-command-flag` reports it).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass, field

from kb_builder.snippets.catalogue import Level, Tool, _check_flag, _is_flag
from kb_builder.snippets.parse import Word
from kb_builder.snippets.placeholders import has_placeholder

_HELP = frozenset({"--help", "-h", "/?", "-?", "--version", "-v", "-V"})


@dataclass
class FlagUse:
    word: Word
    flag: str
    """The flag as the catalogue normalises it (`-G` for the `G` of `-aG`)."""
    value: str | None
    """Its value, inline (`--restart=always`) or the next word; None when it takes none."""
    value_word: Word | None = None
    missing_value: bool = False


@dataclass
class Arguments:
    level: Level | None
    """The deepest level reached (None: reading stopped at something unknown)."""
    path: list[str]
    flags: list[FlagUse] = field(default_factory=list)
    positionals: list[Word] = field(default_factory=list)
    asks_for_help: bool = False


def read_arguments(tool: Tool, args: tuple[Word, ...]) -> Arguments:
    level, found = tool.root, Arguments(tool.root, [tool.name])
    index = 0
    while index < len(args):
        word, text = args[index], args[index].text
        if level.flags is None:
            found.level = None
            return found
        if text in _HELP:
            found.asks_for_help = True
        if text and not has_placeholder(text) and _is_flag(text, tool.style):
            takes = _check_flag(tool, level, text, " ".join(found.path))
            if isinstance(takes, tuple):
                found.level = None
                return found
            use = _flag_use(tool, level, word, bool(takes))
            if takes:
                if index + 1 < len(args):
                    use.value_word = args[index + 1]
                    use.value = use.value_word.text
                else:
                    use.missing_value = True
                index += 1
            found.flags.append(use)
        elif text and level.commands and not found.positionals and not has_placeholder(text):
            sub = level.commands.get(tool.norm(text))
            if sub is None:
                found.level = None
                return found
            level = found.level = sub
            found.path.append(text)
        else:
            found.positionals.append(word)
            if level.rest == "stop":
                break
        index += 1
    return found


def _flag_use(tool: Tool, level: Level, word: Word, takes_next: bool) -> FlagUse:
    flags = level.flags or {}
    separator = ":" if tool.style in ("windows", "powershell") else "="
    name, inline, value = word.text.partition(separator)
    key = tool.norm(name)
    if key not in flags and tool.style == "powershell":
        key = next((f for f in sorted(flags) if f.startswith(key)), key)
    elif key not in flags and tool.style == "gnu" and not name.startswith("--"):
        for position, letter in enumerate(name[1:], start=1):  # a bundle: the first letter taking a value
            if flags.get(f"-{letter}"):
                rest = name[position + 1:]
                return FlagUse(word, f"-{letter}", rest or None if not takes_next else None)
        key = f"-{name[-1]}"
    return FlagUse(word, key, value if inline else None)


def missing(tool: Tool, args: tuple[Word, ...]) -> Iterator[tuple[Word | None, str, str]]:
    """(word to point at or None for the command name, message, hint) for each thing left out."""
    found = read_arguments(tool, args)
    if found.level is None or found.asks_for_help:
        return
    where = " ".join(found.path)
    for use in found.flags:
        if use.missing_value:
            yield use.word, f"'{use.word.text}' of '{where}' needs a value and none follows", \
                f"write the value after it; see {tool.source}"
    needed = found.level.args
    if needed and len(found.positionals) < needed:
        name = found.level.args_name or f"{needed} argument(s)"
        yield None, f"'{where}' needs {name} and none is given", f"add it, e.g. as a <placeholder>; see {tool.source}"


def bad_values(tool: Tool, args: tuple[Word, ...]) -> Iterator[tuple[Word, str, str]]:
    """(value word, message, hint) for each value a flag does not accept."""
    found = read_arguments(tool, args)
    level = found.level
    if level is None:
        return
    yield from _bad_keyword_values(tool, level, found)
    for use in found.flags:
        allowed = level.values.get(use.flag)
        value = use.value
        if not allowed or not value or any(c in value for c in "$%`<") or has_placeholder(value):
            continue
        typed = value.lower() if tool.case_insensitive else value
        if not any(fnmatch.fnmatchcase(typed, pattern.lower() if tool.case_insensitive else pattern)
                   for pattern in allowed):
            word = use.value_word or use.word
            shown = ", ".join(a.replace("*", "N") for a in allowed)
            yield word, f"'{level.display.get(use.flag, use.flag)}' of '{' '.join(found.path)}' does not accept '{value}'", \
                f"use one of: {shown}"


def _bad_keyword_values(tool: Tool, level: Level, found: Arguments) -> Iterator[tuple[Word, str, str]]:
    """A keyword positional with its value in the next word: `bcdedit /set hypervisorlaunchtype auto`."""
    for keyword, value in zip(found.positionals, found.positionals[1:]):
        allowed = level.values.get(tool.norm(keyword.text))
        text = value.text
        if not allowed or not text or any(c in text for c in "$%`<") or has_placeholder(text):
            continue
        typed = tool.norm(text)
        if not any(fnmatch.fnmatchcase(typed, tool.norm(pattern)) for pattern in allowed):
            yield value, f"'{keyword.text}' of '{' '.join(found.path)}' does not accept '{text}'", \
                f"use one of: {', '.join(allowed)}"
