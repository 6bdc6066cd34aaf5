"""Characters that look like what a shell needs and are not: `–` for `-`, `“` for `"`, `，` for `,`.

Word processors, chat tools and Chinese input methods put them into copied commands; the shell then
reads `wsl.exe –shutdown` as a distribution command named `–shutdown`, or a full-width `：` as
part of a word. Each has a name (U+2013 EN DASH) and what to type instead.

Where: in the command text outside comments. Inside a quoted string only a dash that starts a
word counts (a message in `echo "Docker’s 完成："` is text, but `"–d"` is still a broken flag).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
           "\ufe63": "-", "\uff0d": "-"}
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\uff02": '"',
           "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\uff07": "'"}
_SPACES = {"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
           "\u202f": " ", "\u3000": " ", "\u200b": "nothing (delete it)", "\ufeff": "nothing (delete it)"}
_CJK = {"\u3001": ",", "\u3002": ".", "\u300c": '"', "\u300d": '"', "\u300e": '"', "\u300f": '"',
        "\u3010": "[", "\u3011": "]"}


def _full_width(char: str) -> str | None:
    """The ASCII character a full-width form stands for (U+FF01..U+FF5E)."""
    if "\uff01" <= char <= "\uff5e":
        return chr(ord(char) - 0xFEE0)
    return None


def replacement(char: str) -> str | None:
    """What to type instead of `char`, or None when it is not a look-alike."""
    for table in (_DASHES, _QUOTES, _SPACES, _CJK):
        if char in table:
            return table[char]
    return _full_width(char)


def name_of(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNKNOWN')}"


def lookalikes(text: str, shell: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, col, character, what to type) of each look-alike in commands, 1-based."""
    if text.isascii():  # every look-alike is past ASCII; most commands are ASCII alone
        return
    comment = "rem" if shell == "cmd" else "#"
    for number, line in enumerate(text.split("\n"), start=1):
        quote = ""
        for index, char in enumerate(line):
            if not quote and _starts_comment(line, index, comment):
                break
            if char in "'\"" and (not quote or quote == char):
                quote = "" if quote else char
                continue
            instead = replacement(char)
            if instead is None:
                continue
            if quote and (char not in _DASHES or line[index - 1] not in " \t'\""):
                continue  # text in quotes: only a dash that starts a word (a flag, "–d") is suspect
            yield number, index + 1, char, instead


def _starts_comment(line: str, index: int, comment: str) -> bool:
    at_word_start = index == 0 or line[index - 1] in " \t;"
    if comment == "#":
        return line[index] == "#" and at_word_start
    stripped = line[:index].strip()
    return not stripped and (line[index:index + 4].lower() in ("rem ", "rem") or line[index:index + 2] == "::")
