"""`kb rules`: list every rule id with its severity and what it checks."""

from __future__ import annotations

import argparse

from kb_builder.config import KbConfig

NAME = "rules"
HELP = "list every rule id with what it checks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, config: KbConfig) -> int:
    from kb_builder.links.external import RULE as EXTERNAL_LINK
    from kb_builder.rules import LOADER_RULES, PROJECT_RULES, describe

    rows = [(rule_id, "error", text) for rule_id, text in LOADER_RULES.items()]
    rows.append((EXTERNAL_LINK, "error", "Only with 'kb links --online': an external URL is broken or does not "
                                         "answer (a warning while rate-limited, info when it moved)."))
    rows += [(rule_id, str(severity), summary) for rule_id, severity, summary in map(describe, PROJECT_RULES)]
    for rule_id, severity, text in sorted(rows):
        print(f"{rule_id:28} {severity:8} {text}")
    return 0
