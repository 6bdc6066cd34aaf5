"""`kb build [--site-dir DIR]`: validate, then build every language into the site folder."""

from __future__ import annotations

import argparse

from kb_builder.commands.logs import show_mkdocs_log
from kb_builder.config import CONFIG_FILE, KbConfig
from kb_builder.errors import BuildError

NAME = "build"
HELP = "validate, then build every language into the site folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    parser.add_argument("--no-strict", action="store_true", help="do not stop on warnings")


def run(args: argparse.Namespace, config: KbConfig) -> int:
    from kb_builder.site.languages import Abort, build_site

    show_mkdocs_log(verbose=args.verbose)
    try:
        build_site(str(config.root / CONFIG_FILE), args.site_dir, strict=not args.no_strict)
    except Abort as error:  # MkDocs has logged why; anything else escaping the build is a bug
        raise BuildError(str(error)) from error
    return 0
