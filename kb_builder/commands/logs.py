"""Show MkDocs' log (and our diagnostics logged through it) on standard error, as `mkdocs` does."""

from __future__ import annotations

import logging
import sys


def show_mkdocs_log(verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
