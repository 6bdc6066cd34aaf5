"""The text of a new entry, as `kb new` writes it: every field in place, every text a placeholder.

The placeholders are valid values (the file passes the schema), each starting with
`PLACEHOLDER` and saying what belongs there; the `unfilled-scaffold` rule rejects any that is
left, so a scaffold can never be published unfilled. Commands are optional and written as YAML
comments to uncomment: a placeholder command would be a shell syntax error, not a clear TODO.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from kb_builder.config import DEFAULT_LANGUAGES, default_script


def _default_languages() -> tuple[tuple[str, str], ...]:
    return tuple((language["code"], default_script(language["code"])) for language in DEFAULT_LANGUAGES)

PLACEHOLDER = "TODO(kb-new)"
"""Marks a text still to be written; `kb check` reports every one (rule unfilled-scaffold)."""

_SHELL_OF_PLATFORM = {"windows": "powershell", "linux": "bash", "macos": "bash"}


@dataclass(frozen=True)
class ScaffoldRequest:
    """What a contributor told `kb new`."""

    id: str
    platforms: tuple[str, ...]
    components: tuple[str, ...]
    error_codes: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    """Entries that already claim one of the codes: the new entry must relate to them and say how it differs."""
    extra_comments: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = field(default_factory=_default_languages)
    """(code, script) of each language the contributor writes (KbConfig.written_language_codes)."""


def _todo(text: str) -> str:
    """A placeholder as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(f"{PLACEHOLDER}: {text}", ensure_ascii=False)


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flow_list(values: Sequence[str], *, quote: bool = False) -> str:
    """`[a, b]`; ids and enum values are plain words, error codes are quoted (`80370102` is text)."""
    return "[" + ", ".join(_quoted(v) if quote else v for v in values) + "]"


def _localized(key: str, han: str, latin: str, languages: Sequence[tuple[str, str]], indent: str = "") -> list[str]:
    """A localized field: a placeholder per language, in Chinese for a language written in Han."""
    return [f"{indent}{key}:", *_texts(han, latin, languages, indent + "  ")]


def _texts(han: str, latin: str, languages: Sequence[tuple[str, str]], indent: str) -> list[str]:
    return [f"{indent}{code}: {_todo(han if script == 'han' else latin)}" for code, script in languages]


def _command(shell: str, indent: str) -> list[str]:
    """An optional command, commented out: a placeholder command would trip the shell checks."""
    return [f"{indent}# Optional: the command, if there is one. To add it, delete '# ' at the start of the next 3 lines.",
            f"{indent}# command:", f"{indent}#   shell: {shell}", f"{indent}#   run: the command, without a prompt"]


def render_scaffold(request: ScaffoldRequest, schema_reference: str, today: str) -> str:
    """The YAML text of the new entry (ends with a newline)."""
    shell = _SHELL_OF_PLATFORM.get(request.platforms[0], "bash")
    languages = request.languages
    lines = [
        f"# yaml-language-server: $schema={schema_reference}",
        f"# Written by `kb new`. Replace every {PLACEHOLDER.split('(')[0]} text below in both languages; the field guide",
        "# is CONTRIBUTING.md (中文：CONTRIBUTING.zh.md). Chinese: natural wording and full-width punctuation.",
        *(f"# {comment}" for comment in request.extra_comments),
        f"id: {request.id}",
        "status: draft",
        f"platforms: {_flow_list(request.platforms)}",
        f"components: {_flow_list(request.components)}",
        "# Every form a user sees: 0x80370102 and 80370102, a whole Wsl/Service/... path and the bare code.",
        f"error_codes: {_flow_list(request.error_codes, quote=True)}",
        "# Short fragments copied verbatim from the message or log, in every UI language you have seen.",
        "signatures:",
        f"  - {_todo('a short fragment copied verbatim from the message')}",
        *_localized("title", "读者会怎样称呼这个问题（一行）", "the problem as a reader would name it (one line)", languages),
        *_localized("symptoms", "读者看到的现象", "what the reader sees", languages),
        "# The message exactly as shown (copy it, do not retype it); add an item per UI language (lang: zh-CN...).",
        "messages:",
        "  - lang: en-US",
        f"    source: {_todo('the program or dialog that shows it')}",
        f"    text: {_todo('the message exactly as shown')}",
        *_localized("cause", "为什么会出现这个问题", "why it happens", languages),
    ]
    if request.related:
        lines += _localized("distinguish", "如何与共用同一错误代码的条目区分",
                            "how to tell this problem from the entries that share its error code", languages)
    lines += [
        "steps:",
        "  - text:",
        *_texts("做什么、为什么；每一步一项", "what to do and why; one item per step", languages, "      "),
        *_command(shell, "    "),
        "verify:",
        *_localized("text", "如何确认问题已解决", "how to check that the fix worked", languages, indent="  "),
        *_command(shell, "  "),
        *_localized("expect", "修复后应看到的结果", "what a fixed system shows", languages, indent="  "),
    ]
    if request.related:
        lines.append(f"related: {_flow_list(request.related)}")
    lines += [
        "# Optional: the versions the problem occurs on, where an official source or release notes say so.",
        "# To add them, delete '# ' at the start of the next lines and keep the products it depends on",
        "# (docker_desktop, docker_engine, wsl, windows, macos; distributions by their os-release ID).",
        "# applies_to:",
        '#   docker_desktop: ">=4.30"',
        '#   distributions: {ubuntu: ">=24.04"}',
        "# Official sources only (Microsoft Learn, Docker Docs, the distribution's documentation...).",
        "references:",
        f"  - title: {_todo('the page title as published')}",
        f"    url: https://example.com/{PLACEHOLDER}  # the https address of the official page",
        f"updated: {_quoted(today)}",
    ]
    return "\n".join(lines) + "\n"
