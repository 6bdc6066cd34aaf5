"""`kb serve [--dev-addr HOST:PORT]`: preview with live reload."""

from __future__ import annotations

import argparse

from kb_builder.commands.logs import show_mkdocs_log
from kb_builder.config import CONFIG_FILE, KbConfig
from kb_builder.errors import BuildError

NAME = "serve"
HELP = "preview with live reload (rebuilds when an entry, a guide or an image changes)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")


def run(args: argparse.Namespace, config: KbConfig) -> int:
    from kb_builder.site.languages import Abort
    from kb_builder.site.serve import serve_site

    show_mkdocs_log(verbose=args.verbose)
    try:
        serve_site(str(config.root / CONFIG_FILE), args.dev_addr)
    except Abort as error:  # MkDocs has logged why (a first build that failed, a port in use)
        raise BuildError(str(error)) from error
    return 0
