"""The `kb` command: check, build and preview the knowledge base (one module per subcommand).

Failures follow kb_builder/errors.py: an expected one (KbError) is one clear line and exit 1 or 2;
anything else is a bug, said in one line (exit 3) whose traceback `kb --verbose` shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from kb_builder.commands import COMMANDS
from kb_builder.config import CONFIG_FILE, find_root, load_config
from kb_builder.errors import EXIT_BUG, EXIT_USAGE, KbError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Check, build and preview the Docker install knowledge base.")
    parser.add_argument("--root", type=Path, help=f"project folder (default: the nearest folder with {CONFIG_FILE})")
    parser.add_argument("--verbose", action="store_true",
                        help="show the traceback of an unexpected error, and MkDocs' debug messages")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_arguments(subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on a usage error and 0 for --help
        return EXIT_USAGE if exit_.code else 0
    command = next(c for c in COMMANDS if c.NAME == args.command)
    try:
        config = load_config((args.root or find_root(Path.cwd())).resolve())
        return command.run(args, config)
    except KbError as error:
        print(error.report(args.command), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # `kb check | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"\nkb {args.command}: stopped", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - anything unexpected is a bug: said in one line
        if args.verbose:
            traceback.print_exc()
        print(_bug_report(args.command, error, verbose=args.verbose), file=sys.stderr)
        return EXIT_BUG


def _bug_report(command: str, error: Exception, *, verbose: bool) -> str:
    first_line = (str(error).strip().splitlines() or [""])[0]
    text = f"kb {command}: internal error (a bug in kb): {type(error).__name__}"
    text += f": {first_line}" if first_line else ""
    if not verbose:
        text += f"\n  hint: run 'kb --verbose {command} ...' to see where it happened, and report it"
    return text
