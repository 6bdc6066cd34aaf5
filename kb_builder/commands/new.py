"""`kb new`: write a new entry with every field in place, ready to fill, and say what to do next.

Flags give the answers (`--id`, `--platform`, `--component`, `--code`, `--group`); in a terminal,
whatever is missing is asked for. The entry's texts are `TODO(kb-new)` placeholders that
`kb check` rejects until they are replaced (rule unfilled-scaffold).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kb_builder.config import KbConfig
from kb_builder.content.entry_schema import entry_schema
from kb_builder.content.project import Project, load_project
from kb_builder.content.scaffold import PLACEHOLDER, ScaffoldRequest, render_scaffold
from kb_builder.content.schemaref import reference_for
from kb_builder.errors import UsageError
from kb_builder.util.suggest import did_you_mean

NAME = "new"
HELP = "write a new entry to fill in (asks in a terminal, or takes flags)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", dest="entry_id", help="the entry id: lower-case words joined by hyphens (the page URL)")
    parser.add_argument("--platform", dest="platforms", action="append", default=[],
                        help="operating system (repeatable): " + ", ".join(_allowed("platforms")))
    parser.add_argument("--component", dest="components", action="append", default=[],
                        help="part of the stack involved (repeatable): " + ", ".join(_allowed("components")))
    parser.add_argument("--code", dest="codes", action="append", default=[],
                        help="error code as the user sees it (repeatable; give every form: 0x80370102 and 80370102)")
    parser.add_argument("--group", help="folder under the entries folder (default: the first platform)")


def run(args: argparse.Namespace, config: KbConfig) -> int:
    interactive = sys.stdin.isatty() and not (args.entry_id and args.platforms and args.components)
    try:
        answers = _ask_missing(args) if interactive else args
        _require(answers)
        project = load_project(config)
        request, target = _plan(answers, config, project)
    except (EOFError, KeyboardInterrupt):
        raise UsageError("stopped; nothing was written") from None
    relative = target.relative_to(config.root).as_posix()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_scaffold(request, reference_for(config, relative), datetime.date.today().isoformat()),
                      encoding="utf-8")
    _print_next_steps(target, request)
    return 0


# -- validating the answers -------------------------------------------------------------------


def _allowed(field: str) -> list[str]:
    return list(entry_schema()["properties"][field]["items"]["enum"])


def _check_id(value: str) -> str:
    rules = entry_schema()["properties"]["id"]
    if not re.fullmatch(rules["pattern"], value) or len(value) > rules["maxLength"]:
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f" (for example '{suggestion}')" if suggestion and suggestion != value else ""
        raise UsageError(f"invalid id '{value}': use lower-case letters, digits and single hyphens, "
                         f"at most {rules['maxLength']} characters{hint}")
    return value


def _check_choice(field: str, flag: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        allowed = _allowed(field)
        if value not in allowed:
            guess = did_you_mean(value, allowed)
            raise UsageError(f"{flag} '{value}' is not one of: {', '.join(allowed)}" + (f"; {guess}" if guess else ""))
        return value
    return check


def _check_code(value: str) -> str:
    rules = entry_schema()["properties"]["error_codes"]["items"]
    if not re.fullmatch(rules["pattern"], value) or not rules["minLength"] <= len(value) <= rules["maxLength"]:
        raise UsageError(f"--code '{value}' must be one word (no spaces) of {rules['minLength']} to "
                         f"{rules['maxLength']} characters; give each form of the code as its own --code")
    return value


def _check_group(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise UsageError(f"--group '{value}' must be one folder name: lower-case words joined by hyphens")
    return value


def _require(answers: argparse.Namespace) -> None:
    missing = [flag for flag, value in (("--id", answers.entry_id), ("--platform", answers.platforms),
                                        ("--component", answers.components)) if not value]
    if missing:
        raise UsageError(f"missing {', '.join(missing)} (or run 'kb new' in a terminal to be asked)")
    _check_id(answers.entry_id)
    for value in answers.platforms:
        _check_choice("platforms", "--platform")(value)
    for value in answers.components:
        _check_choice("components", "--component")(value)
    for value in answers.codes:
        _check_code(value)
    if answers.group:
        _check_group(answers.group)


def _plan(answers: argparse.Namespace, config: KbConfig, project: Project) -> tuple[ScaffoldRequest, Path]:
    existing = {Path(path).stem: path for path in project.entry_files}
    existing.update({entry.id: entry.source_path for entry in project.entries})
    if answers.entry_id in existing:
        raise UsageError(f"an entry with id '{answers.entry_id}' already exists: {existing[answers.entry_id]}; "
                         "choose another id, or edit that entry")
    group = answers.group or answers.platforms[0]
    target = config.path(config.entries_dir) / group / f"{answers.entry_id}.yaml"
    owners = _code_owners(project, answers.codes)
    comments = tuple(f"Error code '{code}' is also in: {', '.join(ids)}. Say here how to tell them apart (distinguish)."
                     for code, ids in owners.items())
    related = tuple(sorted({entry_id for ids in owners.values() for entry_id in ids}))
    request = ScaffoldRequest(answers.entry_id, tuple(dict.fromkeys(answers.platforms)),
                              tuple(dict.fromkeys(answers.components)), tuple(dict.fromkeys(answers.codes)),
                              related, comments, tuple((lang.code, lang.script) for lang in config.languages
                                                       if not lang.is_converted))
    return request, target


def _code_owners(project: Project, codes: Sequence[str]) -> dict[str, list[str]]:
    """Codes (as typed) that existing entries already claim, with those entries' ids."""
    owners: dict[str, list[str]] = {}
    for code in dict.fromkeys(codes):
        ids = sorted(e.id for e in project.entries if code.casefold() in {c.casefold() for c in e.error_codes})
        if ids:
            owners[code] = ids
    return owners


# -- asking in a terminal -----------------------------------------------------------------------


def _ask_missing(args: argparse.Namespace) -> argparse.Namespace:
    print("New entry: answer each question (Ctrl+C to stop, nothing is written until the end).", file=sys.stderr)
    entry_id = args.entry_id or _ask_one("id (lower-case words joined by hyphens, e.g. wsl-kernel-missing)", _check_id)
    platforms = args.platforms or _ask_list("platforms", _allowed("platforms"), _check_choice("platforms", "platform"))
    components = args.components or _ask_list("components", _allowed("components"),
                                              _check_choice("components", "component"))
    codes = args.codes or _ask_list("error codes, every form a user sees (empty: none)", None, _check_code,
                                    optional=True)
    group = args.group or _ask_one(f"folder under entries [{platforms[0]}]", _check_group, default=platforms[0])
    return argparse.Namespace(entry_id=entry_id, platforms=platforms, components=components, codes=codes, group=group)


def _ask_one(question: str, check: Callable[[str], str], default: str | None = None) -> str:
    while True:
        answer = input(f"{question}: ").strip() or (default or "")
        try:
            return check(answer)
        except UsageError as error:
            print(f"  {error}", file=sys.stderr)


def _ask_list(question: str, allowed: list[str] | None, check: Callable[[str], str], *,
              optional: bool = False) -> list[str]:
    choices = f" [{', '.join(allowed)}]" if allowed else ""
    while True:
        answer = input(f"{question}, separated by spaces or commas{choices}: ")
        values = [v for v in re.split(r"[\s,]+", answer.strip()) if v]
        if not values and not optional:
            print("  give at least one", file=sys.stderr)
            continue
        try:
            return [check(v) for v in values]
        except UsageError as error:
            print(f"  {error}", file=sys.stderr)


# -- what to do next ----------------------------------------------------------------------------


def _print_next_steps(target: Path, request: ScaffoldRequest) -> None:
    shown = _shown_path(target)
    print(f"created {shown}")
    print("next:")
    print(f"  1. replace every {PLACEHOLDER} text, in Chinese and in English (field guide: CONTRIBUTING.md)")
    print(f"  2. kb check {shown}   (repeat until it prints 'no problems found')")
    print(f"  3. make serve, then open http://127.0.0.1:8000/entries/{request.id}/ "
          f"(English: http://127.0.0.1:8000/en/entries/{request.id}/)")
    for comment in request.extra_comments:
        print(f"note: {comment} Also add '{request.id}' to 'related' of those entries.")


def _shown_path(target: Path) -> str:
    """The path as the contributor can type it from where they are."""
    try:
        return Path(os.path.relpath(target, Path.cwd())).as_posix()
    except ValueError:  # another drive on Windows
        return target.as_posix()
