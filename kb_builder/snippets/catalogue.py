"""The command catalogue (kb_builder/data/commands.yaml): which tools we document, and their flags.

`invocations(snippet)` yields every simple command of a snippet with its `sudo`/`env` prefixes split
off; `problems(tool, args, shell)` says which argument is not a flag or subcommand of the tool.
Windows tools and PowerShell parameters are case-insensitive (`/Online` = `/online`, `DISM.exe` =
`dism`); PowerShell accepts any unambiguous parameter prefix (`-Feat` for `-FeatureName`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kb_builder.content.yamlsource import load_shipped_data
from kb_builder.snippets import snippets_of
from kb_builder.snippets.parse import Word, parse
from kb_builder.snippets.placeholders import has_placeholder
from kb_builder.snippets.snippet import WINDOWS_SHELLS, Snippet
from kb_builder.util.suggest import closest

if TYPE_CHECKING:
    from kb_builder.content.project import Project

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "commands.yaml"
POWERSHELL_COMMON = ("-Verbose", "-Debug", "-ErrorAction=", "-WarningAction=", "-InformationAction=",
                     "-ErrorVariable=", "-WarningVariable=", "-InformationVariable=", "-OutVariable=",
                     "-OutBuffer=", "-PipelineVariable=", "-ProgressAction=")
_SUDO_VALUE_OPTIONS = {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U"}


@dataclass
class Level:
    flags: dict[str, bool] | None  # normalised flag -> takes a value; None: not checked
    commands: dict[str, Level] = field(default_factory=dict)
    rest: str = "free"
    display: dict[str, str] = field(default_factory=dict)  # normalised name -> as documented
    args: int = 0
    """How many positional arguments this level needs (`usermod` needs the user)."""
    args_name: str = ""
    """What they are, for messages: "the user's login name"."""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Normalised flag -> the values it accepts (shell-style patterns: `on-failure:*`)."""


@dataclass
class Tool:
    name: str
    source: str
    platform: str
    style: str
    root: Level
    bundles: bool = True
    case_insensitive: bool = False
    elevated: tuple[frozenset[str], ...] = ()
    unless: frozenset[str] = frozenset()
    reads_stdin: bool = True
    """False for tools that never read their input: a pipe into them is a mistake for `&&`."""

    def norm(self, word: str) -> str:
        return word.lower() if self.case_insensitive else word


@dataclass(frozen=True)
class Invocation:
    prefixes: tuple[str, ...]
    """`sudo`, `env`: what runs the command."""
    name: Word
    args: tuple[Word, ...]
    tool: Tool | None


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[dict[str, Tool], dict[str, str]]:
    """Tools by every name they are typed as, and the platform of platform-only commands."""
    data = load_shipped_data(CATALOGUE_FILE.read_text(encoding="utf-8"))
    tools: dict[str, Tool] = {}
    for name, spec in data["tools"].items():
        insensitive = spec.get("case_insensitive", spec["style"] in ("windows", "powershell"))
        extra = POWERSHELL_COMMON if spec["style"] == "powershell" else ()
        global_flags = [*spec.get("global_flags", ()), *extra]
        tool = Tool(name, spec["source"], spec["platform"], spec["style"],
                    _level(spec, global_flags, insensitive, None), spec.get("bundles", True), insensitive,
                    tuple(frozenset(_n(w, insensitive) for w in p) for p in spec.get("elevated", ())),
                    frozenset(spec.get("unless", ())), spec.get("reads_stdin", True))
        for typed in spec["names"]:
            tools[_key(typed)] = tool
    platform_only = {_key(word): platform for platform, words in data.get("platform_only", {}).items()
                     for word in words}
    return tools, platform_only


def _n(word: str, insensitive: bool) -> str:
    return word.lower() if insensitive else word


def _key(name: str) -> str:
    return name.lower().removesuffix(".exe")


def _level(spec: dict, global_flags: list[str], insensitive: bool, inherited: dict[str, bool] | None) -> Level:
    raw = spec.get("flags")
    if raw == "any":
        return Level(None, rest="free")
    flags = dict(inherited or {})
    if raw is not None:
        flags = {}
    display = {}
    for flag in [*(raw or ()), *global_flags]:
        name = flag.rstrip("=")
        flags[_n(name, insensitive)] = flag.endswith("=")
        display[_n(name, insensitive)] = name
    commands = {_n(name, insensitive): _level(sub or {}, global_flags, insensitive, flags)
                for name, sub in (spec.get("commands") or {}).items()}
    display.update({_n(name, insensitive): name for name in (spec.get("commands") or {})})
    values = {_n(flag, insensitive): tuple(str(v) for v in allowed) for flag, allowed in (spec.get("values") or {}).items()}
    return Level(flags, commands, spec.get("rest", "free"), display, spec.get("args", 0), spec.get("args_name", ""),
                 values)


def find_tool(name: str, shell: str) -> Tool | None:
    tools, _ = load_catalogue()
    tool = tools.get(_key(name))
    if tool is None:
        return None
    # bash is case-sensitive and runs Windows programs (from WSL) only by their .exe name.
    if shell not in WINDOWS_SHELLS and name not in ("wsl.exe",) and name != name.lower() and tool.style != "powershell":
        return None
    return tool


def catalogued(project: Project) -> Iterator[tuple[Snippet, Invocation, Tool]]:
    """Every command of every snippet whose tool the catalogue knows, with its snippet and that
    tool: what the catalogue's rules (unknown-command-flag, missing-argument, invalid-option-value)
    check."""
    for snippet in snippets_of(project):
        for invocation in invocations(snippet):
            if invocation.tool is not None:
                yield snippet, invocation, invocation.tool


def invocations(snippet: Snippet) -> Iterator[Invocation]:
    for words in parse(snippet.text, snippet.shell).commands:
        prefixes, rest = _strip_prefixes(list(words))
        if rest:
            yield Invocation(tuple(prefixes), rest[0], tuple(rest[1:]), find_tool(rest[0].text, snippet.shell))


def _strip_prefixes(words: list[Word]) -> tuple[list[str], list[Word]]:
    prefixes: list[str] = []
    while words and words[0].text in ("sudo", "env"):
        prefixes.append(words[0].text)
        words = words[1:]
        while words and (words[0].text.startswith("-") or "=" in words[0].text):
            takes_value = prefixes[-1] == "sudo" and words[0].text in _SUDO_VALUE_OPTIONS
            words = words[2:] if takes_value else words[1:]
    return prefixes, words


def problems(tool: Tool, args: tuple[Word, ...]) -> Iterator[tuple[Word, str, str | None]]:
    """(argument, message, hint) for each flag or subcommand the tool does not have."""
    level, path = tool.root, [tool.name]
    index = 0
    while index < len(args) and level.flags is not None:
        word = args[index]
        text = word.text
        if not text or has_placeholder(text):
            index += 1
            continue
        if _is_flag(text, tool.style):
            found = _check_flag(tool, level, text, " ".join(path))
            if isinstance(found, tuple):
                yield (word, *found)
                return
            index += 2 if found else 1
            continue
        if level.commands:
            sub = level.commands.get(tool.norm(text))
            if sub is None:
                yield word, f"'{' '.join(path)}' has no subcommand '{text}'", _hint(text, level, tool)
                return
            level, path = sub, [*path, text]
        elif level.rest == "stop":
            return
        index += 1


def _is_flag(text: str, style: str) -> bool:
    if style == "windows":
        return text.startswith("/") and len(text) > 1
    if style == "powershell":
        return re.match(r"^-[A-Za-z]", text) is not None
    if style == "gnu":
        return text.startswith("-") and len(text) > 1 and not re.match(r"^-\d", text)
    return False


def _check_flag(tool: Tool, level: Level, text: str, where: str) -> bool | tuple[str, str | None]:
    """True when the flag takes the next word as its value, False when not, or (message, hint)."""
    flags = level.flags or {}
    separator = ":" if tool.style in ("windows", "powershell") else "="
    name, inline, _value = text.partition(separator)
    key = tool.norm(name)
    if key in flags:
        return flags[key] and not inline
    if tool.style == "powershell":
        matches = sorted(f for f in flags if f.startswith(key))
        if len(matches) == 1:
            return flags[matches[0]] and not inline
        if matches:
            return f"'{name}' is ambiguous for '{where}'", "could be " + ", ".join(matches)
    if tool.style == "gnu" and tool.bundles and not text.startswith("--") and len(text) > 2:
        for position, letter in enumerate(text[1:], start=1):
            short = f"-{letter}"
            if short not in flags:
                return f"'{where}' has no flag '{short}' (in '{text}')", _hint(short, level, tool)
            if flags[short]:
                return position == len(text) - 1  # the rest of the bundle is the value
        return False
    return f"'{where}' has no flag '{name}'", _hint(name, level, tool)


def _hint(word: str, level: Level, tool: Tool) -> str:
    """A did-you-mean in the documented spelling, else where the tool's flags are documented."""
    wanted = set(level.commands) if not word.startswith(("-", "/")) else set(level.flags or ())
    matches = closest(tool.norm(word), wanted)
    if not matches:
        return f"see {tool.source}"
    return "did you mean " + " or ".join(f"'{level.display.get(m, m)}'" for m in matches) + "?"


def needs_elevation(tool: Tool, args: tuple[Word, ...]) -> bool:
    words = {tool.norm(w.text) for w in args}
    if words & tool.unless:
        return False
    return any(pattern <= words for pattern in tool.elevated)


def is_catalogued_command(line: str) -> bool:
    """Whether a line (a comment's text, say) runs a catalogued tool with flags it has."""
    if line.startswith("sudo "):
        return False  # a root prompt needs no sudo: this is a commented-out command
    probe = Snippet("", "bash", line, ((1, 1),), "")
    for invocation in invocations(probe):
        return invocation.tool is not None and not any(True for _ in problems(invocation.tool, invocation.args))
    return False


def platform_of(name: str, shell: str) -> str | None:
    """'windows' or 'linux' for a command that exists on one platform only."""
    tool = find_tool(name, shell)
    if tool is not None:
        return tool.platform if tool.platform != "any" else None
    _, platform_only = load_catalogue()
    if _key(name) in platform_only:
        return platform_only[_key(name)]
    return "windows" if _CMDLET.match(name) else None


_CMDLET = re.compile(r"^(?:Get|Set|New|Remove|Add|Enable|Disable|Start|Stop|Restart|Select|Where|Sort|Resolve|"
                     r"Test|Invoke|Write|Out|Format|Import|Export|Install|Uninstall|Update|Clear|Measure)-[A-Z][A-Za-z]+$")
