"""Present diagnostics as text, JSON or GitHub workflow annotations."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from kb_builder.check.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github")


def chosen_format(requested: str | None) -> str:
    """The format asked for; otherwise GitHub annotations on GitHub Actions, else text."""
    return requested or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        lines.append(f"{d.path}:{d.line}:{d.col}: {d.severity} [{d.rule}] {d.message}")
        if d.hint:
            lines.append(f"  hint: {d.hint}")
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if diagnostics:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (::error file=…,line=…::message)."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        props = f"file={_escape_property(d.path)},line={d.line},col={d.col},title={_escape_property(d.rule)}"
        lines.append(f"::{level[d.severity]} {props}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def render(diagnostics: Sequence[Diagnostic], fmt: str) -> str:
    return {"text": format_text, "json": format_json, "github": format_github}[fmt](diagnostics)
