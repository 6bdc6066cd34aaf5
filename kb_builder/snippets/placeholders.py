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


MALFORMED = re.compile(r"(?<![<\w$])<([A-Za-z][A-Za-z0-9_.-]*(?:[ ][A-Za-z0-9_.-]+)+"
                       r"|[A-Za-z0-9][A-Za-z0-9_.-]*(?:[|][A-Za-z0-9_.-]+)+)>(?!>)")
"""`<Distribution Name>`, `<1|2>`: words or choices in angle brackets meant as a placeholder."""


def mask(text: str) -> str:
    """`text` with every placeholder (well-formed or not) replaced by a same-length plain word."""
    text = MALFORMED.sub(lambda m: "_" + re.sub(r"\W", "_", m.group(1)) + "_", text)
    return PLACEHOLDER.sub(lambda m: "_" + m.group(1) + "_", text)


def malformed_placeholders(text: str, shell: str) -> list[tuple[int, int, str]]:
    """(line, col, text) of each angle-bracketed phrase meant as a placeholder, outside comments."""
    found = []
    comment = re.compile(r"^\s*(?:rem\s|::)" if shell == "cmd" else r"(?:^|\s)#")
    for number, line in enumerate(text.split("\n"), start=1):
        cut = comment.search(line)
        code = line[:cut.start()] if cut else line
        found.extend((number, m.start() + 1, m.group(0)) for m in MALFORMED.finditer(code))
    return found


def suggested_name(found: str) -> str:
    """How to write it: `<distribution-name>`; for a choice (`<1|2>`), one of the values."""
    if "|" in found:
        return " or ".join(found[1:-1].split("|"))
    return "<" + re.sub(r"[^a-z0-9_.]+", "-", found[1:-1].lower()).strip("-") + ">"


def has_placeholder(word: str) -> bool:
    return PLACEHOLDER.search(word) is not None
