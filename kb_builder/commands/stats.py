"""`kb stats [--json]`: how much content there is, and where translations, checks and sources are missing."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kb_builder.check.stats import compute_stats
from kb_builder.config import KbConfig
from kb_builder.content.project import load_project

NAME = "stats"
HELP = "count entries by platform, component and status, and list gaps (translations, verify commands...)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (sorted keys, with schema_version)")


def run(args: argparse.Namespace, config: KbConfig) -> int:
    stats = compute_stats(load_project(config))
    if args.json:
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(format_table(stats))
    return 0


def format_table(stats: dict[str, Any]) -> str:
    """The numbers as aligned text, one section per question."""
    files = stats["files"]
    t = stats["translations"]
    lines = [f"entries: {files['valid']} valid of {files['entries']} files"]
    lines += _listed("invalid (see kb check)", files["invalid"])
    for title, key in (("by platform", "by_platform"), ("by component", "by_component"), ("by status", "by_status")):
        lines += ["", f"{title}:"] + [f"  {name:20} {count:>5}" for name, count in stats[key].items()]
    lines += ["", f"translations ({' + '.join(t['languages'])}):",
              f"  entries complete     {t['entries_complete']:>5} of {files['valid']} valid",
              f"  guides complete      {t['guides_complete']:>5} of {t['guides']}"]
    lines += _listed("entries missing a language", t["entries_missing_a_language"])
    lines += _listed("entries with untranslated text", t["entries_with_untranslated_text"])
    lines += _listed("guide translations missing", t["guides_missing"])
    lines += ["", "gaps:"]
    for title, key in (("without signatures", "without_signatures"), ("without verify command", "without_verify_command"),
                       ("without references", "without_references")):
        lines.append(f"  {title:24} {len(stats[key]):>3}" + (f"  {', '.join(stats[key])}" if stats[key] else ""))
    shared = stats["shared_error_codes"]
    lines += ["", f"error codes claimed by more than one entry: {len(shared)}"]
    lines += [f"  {code}: {', '.join(ids)}" for code, ids in shared.items()]
    return "\n".join(lines) + "\n"


def _listed(title: str, items: list[str]) -> list[str]:
    return [f"  {title}:"] + [f"    {item}" for item in items] if items else []
