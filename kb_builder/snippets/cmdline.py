"""A small parser for what cmd.exe accepts, enough to catch what breaks a pasted command.

cmd has no grammar file and no runtime here, so this follows the documented rules (`cmd /?`,
`help if`, Microsoft's "Command shell overview" and "Using command redirection operators"):
- `"` starts and ends a quoted part; an unclosed quote is an error; inside quotes nothing is special;
- `^` escapes the next character; at the end of a line it continues the command on the next line;
- `&`, `&&`, `||` and `|` join commands: each needs a command on both sides;
- `(` at a command's start opens a block closed by `)`; blocks must balance;
- `<`, `>`, `>>` and `n>`/`n>&m` redirect: each needs a target.
"""

from __future__ import annotations

from dataclasses import dataclass

_OPERATORS = ("&&", "||", "&", "|")


@dataclass(frozen=True)
class CmdWord:
    text: str
    line: int
    col: int


@dataclass
class _Scan:
    """Tokens of a snippet: ('word', text, line, col), ('op', text, ...), ('(', ...), (')', ...), ('redir', ...), ('eol', ...)."""

    tokens: list[tuple[str, str, int, int]]
    problem: tuple[int, int, str] | None


def _scan(text: str) -> _Scan:
    tokens: list[tuple[str, str, int, int]] = []
    lines = text.split("\n")
    word, word_at = "", (0, 0)
    for line_index, line in enumerate(lines, start=1):
        col = 0
        quote_at: int | None = None
        continued = False
        while col < len(line):
            char = line[col]
            if quote_at is not None:
                word += char
                if char == '"':
                    quote_at = None
                col += 1
                continue
            if char == "^":
                if col + 1 >= len(line):
                    continued = True
                    break
                if not word:
                    word_at = (line_index, col + 1)
                word += line[col + 1]
                col += 2
                continue
            operator = _operator_at(line, col)
            if char in " \t;," or operator or char in "()<>":
                if word:
                    tokens.append(("word", word, *word_at))
                    word = ""
                if operator:
                    tokens.append(("op", operator, line_index, col + 1))
                    col += len(operator)
                    continue
                if char in "<>":
                    length = 2 if line[col:col + 2] == ">>" else 1
                    kind = "redir"
                    if line[col + length:col + length + 2] in ("&0", "&1", "&2"):
                        length, kind = length + 2, "redir-done"  # `2>&1` names its target itself
                    tokens.append((kind, line[col:col + length], line_index, col + 1))
                    col += length
                    continue
                if char in "()":
                    tokens.append((char, char, line_index, col + 1))
                col += 1
                continue
            if not word:
                word_at = (line_index, col + 1)
                if char in "0123456789" and line[col + 1:col + 2] in ("<", ">"):
                    col += 1  # a stream number: `2>nul`
                    continue
            if char == '"':
                quote_at = col
            word += char
            col += 1
        if quote_at is not None:
            return _Scan(tokens, (line_index, quote_at + 1, 'unclosed quote: the " here is never closed'))
        if not continued:
            if word:
                tokens.append(("word", word, *word_at))
                word = ""
            tokens.append(("eol", "", line_index, len(line) + 1))
    return _Scan(tokens, None)


def _operator_at(line: str, col: int) -> str | None:
    for operator in _OPERATORS:
        if line.startswith(operator, col):
            return operator
    return None


def syntax_problem(text: str) -> tuple[int, int, str] | None:
    """(line, col, message) of the first thing cmd would reject, or None."""
    scan = _scan(text)
    if scan.problem:
        return scan.problem
    depth: list[tuple[int, int]] = []
    previous = "eol"
    for kind, value, line, col in scan.tokens:
        if kind == "op" and previous in ("eol", "op", "("):
            return line, col, f"'{value}' has no command before it"
        if kind == "op" or kind == "redir":
            pass
        elif kind in ("eol", ")") and previous == "op" and not depth:
            return line, col, "a command must follow the operator at the end of the line"
        elif kind in ("eol", ")", "op") and previous == "redir":
            return line, col, "a redirection needs a file name after it"
        if kind == "redir-done":
            continue
        if kind == "(":
            depth.append((line, col))
        elif kind == ")":
            if not depth:
                return line, col, "')' closes no '('"
            depth.pop()
        if not (kind == "eol" and depth and previous in ("op", "(")):
            previous = kind if kind != "word" else "word"
    if depth:
        line, col = depth[-1]
        return line, col, "'(' is never closed"
    return None


def simple_commands(text: str) -> list[list[CmdWord]]:
    """The words of each command (split at operators, parentheses and line ends)."""
    from kb_builder.snippets.placeholders import mask

    # Scan the masked text (a placeholder's < and > are not redirections), take words from the original.
    lines = text.split("\n")
    commands: list[list[CmdWord]] = []
    current: list[CmdWord] = []
    skip_next = False
    for kind, value, line, col in _scan(mask(text)).tokens:
        if kind == "word":
            if skip_next:
                skip_next = False
                continue
            original = lines[line - 1][col - 1:col - 1 + len(value)]
            published = original if mask(original) == value else value
            current.append(CmdWord(published.strip('"'), line, col))
            continue
        skip_next = kind == "redir"
        if kind not in ("redir", "redir-done") and current:
            commands.append(current)
            current = []
    if current:
        commands.append(current)
    return commands
