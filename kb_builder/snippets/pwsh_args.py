"""PowerShell argument-mode tokens that tree-sitter-powershell 0.26 rejects and PowerShell accepts.

PowerShell reads a command's arguments in "argument mode": a token runs to the next space or
`;|&(){}`, quoted and bare pieces joined without a space are one argument (`"a"b"c"` is `abc`),
and a `-` token is passed to a native program as typed (`git log -n5`, `ssh -p2222`,
`docker logs --tail=100`). The grammar knows parameters only as `-name` or `-name:value` with a
name of letters, `_` and `-`, refuses a quoted piece followed by a bare one, and refuses a bare
word running into a parenthesised expression (`connectaddress=(wsl hostname -I)`).

`normalize` rewrites exactly those forms, character for character, into forms the grammar reads
the same way (one argument stays one argument), so every column stays where it was and a real
error elsewhere is still found at its place. Checked case by case in tests/test_snippets.py.
- `-n5`, `-p2222`: digits and dots of a parameter's name become letters (`-nx`, `-pxxxx`);
- `--tail=100`, `--name="x"`: the `=` after a parameter's name becomes `:` (`--tail:100`);
- `"echo "bare"done"`, `'a'b`: the joined argument becomes one double-quoted string;
- `name=(expr)`, `name=$(expr)`: the `=` before the parenthesis becomes a space.
Strings, here-strings and comments are skipped, so nothing inside them changes.
"""

from __future__ import annotations

import re

_STOP = frozenset(" \t\r\n;|&(){}")
_PARAMETER = re.compile(r"--?[A-Za-z_][A-Za-z_-]*")
_NOT_ARGUMENT_AFTER = frozenset("=(,;|&{[+*/%<>!") | {"\n", ""}


def normalize(text: str) -> str:
    """`text` with the argument forms above rewritten; same length, same line breaks."""
    out = list(text)
    for start, end, pieces in _tokens(text):
        before = _previous_char(text, start)
        if before in _NOT_ARGUMENT_AFTER or text[start - 1:start] not in (" ", "\t"):
            continue  # the start of a statement or an expression, not an argument
        token = text[start:end]
        if pieces[0][0] == "bare" and _PARAMETER.match(token):
            _rewrite_parameter(out, start, pieces)
        elif len(pieces) > 1 and pieces[0][0] == "quoted":
            for index in range(start + 1, end - 1):
                if out[index] in "\"'`":
                    out[index] = "_"
            out[start], out[end - 1] = '"', '"'
        if (token.endswith("=") and text[end:end + 1] == "(") or (token.endswith("=$") and text[end:end + 1] == "("):
            out[end - 1 - token.endswith("=$")] = " "
    return "".join(out)


def _rewrite_parameter(out: list[str], start: int, pieces: list[tuple[str, int, int]]) -> None:
    _kind, piece_start, piece_end = pieces[0]
    name_end = start + _PARAMETER.match("".join(out[piece_start:piece_end])).end()
    if name_end >= piece_end and len(pieces) == 1:
        return
    if name_end < piece_end and out[name_end] in "=:":
        out[name_end] = ":"
        return
    if name_end == piece_end:  # `-name"value"`: a quote right after the name
        return
    index = name_end
    while index < piece_end and out[index] not in "=:$":
        out[index] = "x" if not (out[index].isalpha() or out[index] in "_-") else out[index]
        index += 1
    if index < piece_end and out[index] == "=":
        out[index] = ":"


def _previous_char(text: str, start: int) -> str:
    index = start - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    return text[index] if index >= 0 else ""


def _tokens(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """(start, end, pieces) of every token outside strings and comments; a piece is
    ('bare' | 'quoted', start, end)."""
    found = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char in _STOP:
            index += 1
        elif text.startswith("<#", index):
            close = text.find("#>", index + 2)
            index = length if close < 0 else close + 2
        elif char == "#":
            close = text.find("\n", index)
            index = length if close < 0 else close
        elif text.startswith(('@"', "@'"), index) and text[index + 2:index + 3] in ("\n", "\r"):
            close = re.compile(r"^" + re.escape(text[index + 1]) + "@", re.M).search(text, index + 3)
            index = length if close is None else close.end()
        else:
            start, pieces = index, []
            while index < length and text[index] not in _STOP:
                if text[index] in "'\"":
                    end = _string_end(text, index)
                    pieces.append(("quoted", index, end))
                else:
                    end = index
                    while end < length and text[end] not in _STOP and text[end] not in "'\"":
                        end += 1
                    pieces.append(("bare", index, end))
                index = end
            found.append((start, index, pieces))
    return found


def _string_end(text: str, start: int) -> int:
    """Index after the string that opens at `start` (the end of the text when unclosed)."""
    quote, index, depth = text[start], start + 1, 0
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "`":
            index += 2
            continue
        if quote == '"' and text.startswith("$(", index):
            depth += 1
            index += 2
            continue
        if depth and char == ")":
            depth -= 1
        elif char == quote and not depth:
            if text[index + 1:index + 2] == quote:
                index += 2  # a doubled quote is the quote itself
                continue
            return index + 1
        index += 1
    return len(text)
