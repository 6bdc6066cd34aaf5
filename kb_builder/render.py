"""Render entries, the home page and listing pages to Markdown, one language at a time.

Templates (`templates/*.md.j2`) decide the layout; this module gives them escaped facts and a
few helpers for code fences, indentation and labels. Text from entries is Markdown already
checked for raw HTML (rule raw-html); facts that go into our own HTML are escaped here.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import yaml

from kb_builder.model import Command, Entry, Guide

_PYGMENTS_LEXER = {"bash": "bash", "sh": "sh", "powershell": "powershell", "cmd": "batch"}
_WINDOWS_SHELLS = {"powershell", "cmd"}


@cache
def labels(lang: str) -> dict[str, Any]:
    """Interface words of generated pages in `lang`."""
    text = resources.files("kb_builder.locales").joinpath(f"{lang}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kb_builder", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Markdown; HTML facts are escaped with |e explicitly
    )
    env.filters["indent_block"] = indent_block
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["e"] = html.escape
    env.filters["link_text"] = link_text
    return env


def fence(code: str, lexer: str, title: str | None = None) -> str:
    """A fenced code block that no backtick run inside `code` can close early."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    marks = "`" * max(3, longest + 1)
    attrs = f' title="{title.replace(chr(34), chr(39))}"' if title else ""
    return f"{marks}{lexer}{attrs}\n{code.rstrip()}\n{marks}"


def link_text(text: str) -> str:
    """Text safe inside [...] of a Markdown link: brackets and backslashes escaped."""
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def indent_block(text: str, width: int = 4, first: bool = True) -> str:
    """Indent every non-empty line by `width` spaces (all but the first with first=False)."""
    pad = " " * width
    lines = text.strip("\n").split("\n")
    out = [(pad + line if line.strip() else "") for line in lines]
    if not first and out:
        out[0] = lines[0]
    return "\n".join(out)


@dataclass(frozen=True)
class _Helpers:
    lang: str

    @property
    def t(self) -> dict[str, Any]:
        return labels(self.lang)

    def command(self, command: Command) -> str:
        shell = self.t["shells"][command.shell]
        title = shell
        if command.admin:
            role = self.t["admin_windows"] if command.shell in _WINDOWS_SHELLS else self.t["admin_unix"]
            title = f"{shell} · {role}"
        block = fence(command.run, _PYGMENTS_LEXER[command.shell], title)
        if command.output:
            block += "\n\n" + fence(command.output, "text", self.t["output"])
        return block

    def message(self, text: str, source: str | None, message_lang: str) -> str:
        base = message_lang.split("-")[0]
        language = self.t["message_lang"].format(lang=self.t["languages"].get(base, message_lang))
        return fence(text, "text", f"{source} · {language}" if source else language)

    def names(self, group: str, keys: tuple[str, ...]) -> str:
        return " · ".join(html.escape(self.t[group][key]) for key in keys)


def render_entry(entry: Entry, lang: str, *, entry_titles: dict[str, str], edit_url: str | None) -> str:
    """The Markdown page of one entry in one language."""
    return _environment().get_template("entry.md.j2").render(
        entry=entry, lang=lang, h=_Helpers(lang), t=labels(lang), entry_titles=entry_titles, edit_url=edit_url,
    )


def group_entries(entries: tuple[Entry, ...]) -> dict[str, dict[str, list[Entry]]]:
    """platform -> primary component -> entries, in a stable order."""
    grouped: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        for platform in entry.platforms:
            grouped[platform][entry.components[0]].append(entry)
    return {platform: {component: sorted(items, key=lambda e: e.id)
                       for component, items in sorted(by_component.items())}
            for platform, by_component in sorted(grouped.items(), key=lambda kv: _PLATFORM_ORDER.index(kv[0]))}


_PLATFORM_ORDER = ["windows", "linux", "macos"]


def platform_page_path(platform: str) -> str:
    return f"platforms/{platform}.md"


def render_home(entries: tuple[Entry, ...], guides: list[Guide], lang: str) -> str:
    return _environment().get_template("home.md.j2").render(
        grouped=group_entries(entries), guides=guides, lang=lang, h=_Helpers(lang), t=labels(lang),
        platform_page_path=platform_page_path,
    )


def render_platform(platform: str, entries: tuple[Entry, ...], lang: str) -> str:
    grouped = group_entries(entries).get(platform, {})
    return _environment().get_template("platform.md.j2").render(
        platform=platform, by_component=grouped, lang=lang, h=_Helpers(lang), t=labels(lang),
    )
