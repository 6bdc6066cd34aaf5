"""Subcommands of `kb`: one module each, with `NAME`, `HELP`, `add_arguments(parser)` and `run(args, config)`.

`run` returns the exit code: 0 success, 1 problems found, 2 usage error. Add a command by
writing its module and listing it in `COMMANDS`.
"""

from kb_builder.commands import build, check, diagnose, links, new, rules, serve, stats

COMMANDS = (check, build, serve, diagnose, rules, new, stats, links)
