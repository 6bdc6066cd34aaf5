"""`kb check [PATHS] [--format text|json|github]`: validate all content without building."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kb_builder.check import report
from kb_builder.check.diagnostics import Severity, worst
from kb_builder.check.runner import check
from kb_builder.config import KbConfig
from kb_builder.errors import UsageError
from kb_builder.util.gcpolicy import pace_for_batch

NAME = "check"
HELP = "validate all content without building"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="report only these files (cross-entry rules still see every entry)")
    parser.add_argument("--format", choices=report.FORMATS,
                        help="output format (default: github on GitHub Actions, else text)")


def run(args: argparse.Namespace, config: KbConfig) -> int:
    pace_for_batch()
    fmt = report.chosen_format(args.format)
    only = None
    if args.paths:
        only = []
        for raw in args.paths:
            # Resolve the folder, not the file: a link, a FIFO or a link loop is reported by the loader.
            path = Path(os.path.realpath(Path(raw).parent)) / Path(raw).name
            if not os.path.lexists(path):
                raise UsageError(f"no such file: {raw}")
            try:
                only.append(path.relative_to(config.root).as_posix())
            except ValueError:
                raise UsageError(f"{raw} is outside the project {config.root}") from None
    diagnostics = check(config, only)
    sys.stdout.write(report.render(diagnostics, fmt))
    if fmt == "text" and not diagnostics:
        print("no problems found", file=sys.stderr)
    return 1 if worst(diagnostics) is Severity.ERROR else 0
