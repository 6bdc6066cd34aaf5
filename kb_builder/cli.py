"""The `kb` command: check, build and preview the knowledge base."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kb_builder import report
from kb_builder.config import CONFIG_FILE, ConfigError, find_root, load_config
from kb_builder.diagnostics import Severity, worst

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kb", description="Check, build and preview the Docker install knowledge base.")
    parser.add_argument("--root", type=Path, help=f"project folder (default: the nearest folder with {CONFIG_FILE})")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate all content without building")
    check.add_argument("paths", nargs="*", help="report only these files (cross-entry rules still see every entry)")
    check.add_argument("--format", choices=report.FORMATS, help="output format (default: github on GitHub Actions, else text)")

    build = commands.add_parser("build", help="validate, then build every language into the site folder")
    build.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument("--no-strict", action="store_true", help="do not stop on warnings")

    serve = commands.add_parser("serve", help="preview with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")

    commands.add_parser("rules", help="list every rule id with what it checks")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and EXIT_USAGE
    try:
        root = (args.root or find_root(Path.cwd())).resolve()
        config = load_config(root)
    except ConfigError as error:
        print(f"kb: {error}", file=sys.stderr)
        return EXIT_USAGE
    handler = {"check": _check, "build": _build, "serve": _serve, "rules": _rules}[args.command]
    return handler(args, config)


def _check(args: argparse.Namespace, config) -> int:  # noqa: ANN001
    from kb_builder.checks import check

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    only = None
    if args.paths:
        only = []
        for raw in args.paths:
            path = Path(raw).resolve()
            if not path.exists():
                print(f"kb check: no such file: {raw}", file=sys.stderr)
                return EXIT_USAGE
            try:
                only.append(path.relative_to(config.root).as_posix())
            except ValueError:
                print(f"kb check: {raw} is outside the project {config.root}", file=sys.stderr)
                return EXIT_USAGE
    diagnostics = check(config, only)
    sys.stdout.write(report.render(diagnostics, fmt))
    if fmt == "text" and not diagnostics:
        print("no problems found", file=sys.stderr)
    return EXIT_PROBLEMS if worst(diagnostics) is Severity.ERROR else EXIT_OK


def _show_mkdocs_log(verbose: bool = False) -> None:
    """Print MkDocs' own messages (and our diagnostics logged through it) as `mkdocs` would."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def _build(args: argparse.Namespace, config) -> int:  # noqa: ANN001
    from kb_builder.site import Abort, build_site

    _show_mkdocs_log()
    try:
        build_site(str(config.root / CONFIG_FILE), args.site_dir, strict=not args.no_strict)
    except Abort as error:
        print(f"kb build: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:  # noqa: BLE001 - a build failure is reported, never a traceback
        print(f"kb build: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _serve(args: argparse.Namespace, config) -> int:  # noqa: ANN001
    from kb_builder.site import serve_site

    _show_mkdocs_log()
    serve_site(str(config.root / CONFIG_FILE), args.dev_addr)
    return EXIT_OK


def _rules(args: argparse.Namespace, config) -> int:  # noqa: ANN001
    from kb_builder.rules import LOADER_RULES, PROJECT_RULES, describe

    rows = [(rule_id, "error", text) for rule_id, text in LOADER_RULES.items()]
    rows += [(rule_id, str(severity), summary) for rule_id, severity, summary in map(describe, PROJECT_RULES)]
    for rule_id, severity, text in sorted(rows):
        print(f"{rule_id:28} {severity:8} {text}")
    return EXIT_OK
