"""`kb diagnose "TEXT" | --file F | < stdin`: rank entries for a pasted error text.

Exit 0 when an entry matched, 1 when none did, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING

from kb_builder.config import KbConfig
from kb_builder.errors import UsageError
from kb_builder.util.suggest import did_you_mean

if TYPE_CHECKING:
    from kb_builder.search.lookup import Match

NAME = "diagnose"
HELP = "find the entries that fix a pasted error text (an argument, --file, or standard input)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", help="the error text (default: --file or standard input)")
    parser.add_argument("--file", help="read the error text (one line or a whole log) from this file")
    parser.add_argument("--lang", help="language of titles and URLs, a code of extra.kb.languages in mkdocs.yml "
                        "(default: the site's default)")
    parser.add_argument("--top", type=int, default=5, help="how many entries to show (default 5)")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list of {id, title, url, score, strong, matched}, plus 'distinguish' (how to tell "
                             "it apart) when another listed entry matched the same code")


def _read_text(args: argparse.Namespace) -> str | None:
    if args.text is not None:
        return args.text
    if args.file:
        with open(args.file, "rb") as handle:
            return handle.read().decode("utf-8-sig", errors="replace")
    if sys.stdin is None or sys.stdin.isatty():
        return None
    return sys.stdin.buffer.read().decode("utf-8-sig", errors="replace")


def _shares_a_code(match: Match, matches: list[Match]) -> bool:
    """Another ranked entry matched one of the same codes: the reader must tell them apart."""
    codes = {m["value"] for m in match.matched if m["kind"] == "code"}
    return any(other is not match and codes & {m["value"] for m in other.matched if m["kind"] == "code"}
               for other in matches)


def run(args: argparse.Namespace, config: KbConfig) -> int:
    from kb_builder.content.convert import edition, fold_text, matcher_entries, search_fold
    from kb_builder.content.project import load_project
    from kb_builder.render import labels
    from kb_builder.render.export import entry_path
    from kb_builder.search.lookup import Matcher, describe, match_data

    try:
        text = _read_text(args)
    except OSError as error:
        raise UsageError(str(error)) from error
    if not text or not text.strip() or args.top < 1:
        raise UsageError("give the error text as an argument, with --file, or on standard input; --top >= 1")
    if args.lang is not None and args.lang not in config.language_codes:
        raise UsageError(f"--lang is '{args.lang}', expected one of: {', '.join(config.language_codes)}"
                         + (f" ({hint})" if (hint := did_you_mean(args.lang, config.language_codes)) else ""))
    lang = config.language(args.lang or config.default_language.code)
    project = edition(load_project(config), lang)
    entries = project.entries_by_id()
    site_root = config.site_url_for(lang)
    results = []
    # As the edition's site ranks: a converted edition compares texts folded to Simplified characters.
    fold = search_fold(lang)
    matcher = Matcher(match_data(matcher_entries(project.entries, lang)))
    matches = matcher.rank(fold_text(text, fold), args.top)
    for match in matches:
        entry = entries[match.id]
        result = {"id": match.id, "title": entry.title[lang.code], "url": site_root + entry_path(entry),
                  "score": match.score, "strong": match.strong, "matched": match.matched}
        if entry.distinguish and _shares_a_code(match, matches):
            result["distinguish"] = entry.distinguish[lang.code].strip()
        results.append(result)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    elif not results:
        print(labels.labels(lang.code)["lookup_none"], file=sys.stderr)
    else:
        words = labels.labels(lang.code)["paste"]
        for position, result in enumerate(results, 1):
            strength = words["strong" if result["strong"] else "weak"]
            print(f"{position}. {result['title']}  [{result['id']}, score {result['score']}, {strength}]")
            print(f"   {result['url']}")
            # Compared folded to Simplified characters, shown in the edition's script (as the site does).
            shown = [m if fold is None or m["kind"] == "code" else {**m, "value": fold.show(m["value"])}
                     for m in result["matched"]]
            print(f"   matched {describe(shown)}")
            if "distinguish" in result:
                print(textwrap.indent(result["distinguish"], "   | ", lambda line: True))
    return 0 if results else 1
