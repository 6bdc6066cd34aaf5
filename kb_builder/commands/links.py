"""`kb links [--online]`: list the content's external URLs, or check them over the network.

Without `--online` nothing leaves the machine: every external URL is listed with the places
that hold it. With `--online` each distinct URL is asked once (see kb_builder/links/online.py
for the politeness and retry rules) and every broken one is reported at each file:line:col
that holds it. Verdicts are cached in `.cache/kb/links.json` for `--max-age` (default 1d).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kb_builder.check import report
from kb_builder.check.diagnostics import Severity, worst
from kb_builder.config import KbConfig
from kb_builder.content.project import load_project
from kb_builder.links.external import diagnostics_for, external_urls
from kb_builder.links.online import CheckSettings, LinkChecker

NAME = "links"
HELP = "list external links, or check them over the network with --online"
DEFAULT_CACHE = ".cache/kb/links.json"
_DURATION = re.compile(r"\A(\d+(?:\.\d+)?)([smhd]?)\Z")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(text: str) -> float:
    """Seconds from '90', '90s', '30m', '12h' or '1d'."""
    match = _DURATION.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration such as 30m, 12h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = CheckSettings()
    parser.add_argument("--online", action="store_true", help="ask every external URL over the network")
    parser.add_argument("--timeout", type=float, default=defaults.timeout, help="seconds of silence before a request gives up")
    parser.add_argument("--retries", type=int, default=defaults.retries, help="retries after a 429, 5xx, time-out or refused connection")
    parser.add_argument("--retry-wait", type=float, default=defaults.retry_wait, help="first wait before a retry when no Retry-After is given (doubles)")
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency, help="requests at once, all hosts together")
    parser.add_argument("--per-host", type=int, default=defaults.per_host, help="requests at once to one host")
    parser.add_argument("--max-age", type=duration, default=defaults.max_age, help="reuse cached verdicts younger than this (e.g. 12h; 0 asks again)")
    parser.add_argument("--cache", default=DEFAULT_CACHE, help=f"cache file, relative to the project (default: {DEFAULT_CACHE})")
    parser.add_argument("--allow-private", action="store_true", help="also ask private and loopback hosts (for tests against a local server)")
    parser.add_argument("--format", choices=report.FORMATS, help="output format (default: github on GitHub Actions, else text)")


def run(args: argparse.Namespace, config: KbConfig) -> int:
    places = external_urls(load_project(config), allow_private=args.allow_private)
    if not args.online:
        for url, links in places.items():
            print(url)
            for link in links:
                print(f"  {link.path}:{link.line}:{link.col}")
        print(f"{len(places)} external URLs; 'kb links --online' checks them", file=sys.stderr)
        return 0
    settings = CheckSettings(timeout=args.timeout, retries=args.retries, retry_wait=args.retry_wait,
                             concurrency=args.concurrency, per_host=args.per_host, max_age=args.max_age)
    checker = LinkChecker(settings, config.root / Path(args.cache))
    verdicts = checker.check(places)
    diagnostics = diagnostics_for(verdicts, places)
    fmt = report.chosen_format(args.format)
    sys.stdout.write(report.render(diagnostics, fmt))
    failed = sum(v.failed for v in verdicts.values())
    print(f"{len(verdicts)} external URLs: {checker.asked} asked, {len(verdicts) - checker.asked} from the cache, "
          f"{failed} failed", file=sys.stderr)
    return 1 if worst(diagnostics) is Severity.ERROR else 0
