"""The placeholder convention: `<your-user>`, `<version>`, `<VMName>` stand for what the reader types.

A placeholder is `<` + a name of ASCII letters, digits, `-`, `_`, `.` (starting with a letter) +
`>`, with no space inside: `<your user>` is not one (write `<your-user>`). The same convention is
stated in the entry schema (`run`: "<placeholders> are replaced by the reader").

Shells read `<` and `>` as redirections, so before parsing or linting a placeholder is replaced by
`_name_`, a word of exactly the same length: every column stays where it was, and diagnostics
point at the published text.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_.-]*)>")


def mask(text: str) -> str:
    """`text` with every placeholder replaced by a same-length plain word."""
    return PLACEHOLDER.sub(lambda m: "_" + m.group(1) + "_", text)


def has_placeholder(word: str) -> bool:
    return PLACEHOLDER.search(word) is not None
