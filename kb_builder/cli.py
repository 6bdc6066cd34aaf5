"""The `kb` command: check, build and preview the knowledge base (one module per subcommand)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kb_builder.commands import COMMANDS
from kb_builder.config import CONFIG_FILE, ConfigError, find_root, load_config

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Check, build and preview the Docker install knowledge base.")
    parser.add_argument("--root", type=Path, help=f"project folder (default: the nearest folder with {CONFIG_FILE})")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_arguments(subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on a usage error and 0 for --help
        return EXIT_USAGE if exit_.code else 0
    try:
        root = (args.root or find_root(Path.cwd())).resolve()
        config = load_config(root)
    except ConfigError as error:
        print(error if error.diagnostics else f"kb: {error}", file=sys.stderr)
        return EXIT_USAGE
    command = next(c for c in COMMANDS if c.NAME == args.command)
    try:
        return command.run(args, config)
    except BrokenPipeError:  # `kb check | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
