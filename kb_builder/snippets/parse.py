"""Parse snippets in process: syntax errors, and the simple commands (words with positions) they run.

bash/sh: tree-sitter-bash. PowerShell: tree-sitter-powershell (no PowerShell runtime is needed).
cmd: our own small parser (cmdline.py). Positions are 1-based lines and columns inside the snippet
text, in characters (tree-sitter counts bytes; we convert).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import tree_sitter
import tree_sitter_bash
import tree_sitter_powershell

from kb_builder.snippets import cmdline, pwsh_args
from kb_builder.snippets.placeholders import mask


@dataclass(frozen=True)
class Word:
    text: str
    """The word as published (placeholders kept), quotes removed."""
    line: int
    col: int


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    col: int
    message: str


@dataclass(frozen=True)
class Parsed:
    problem: SyntaxProblem | None
    commands: tuple[tuple[Word, ...], ...]
    """Each simple command as its words: name first (prefixes like sudo are kept)."""
    piped: frozenset[tuple[int, int]] = frozenset()
    """(line, col) of the first word of each command that a `|` feeds (bash, sh, PowerShell)."""


@lru_cache(maxsize=2)
def _parser(shell: str) -> tree_sitter.Parser:
    grammar = tree_sitter_powershell.language() if shell == "powershell" else tree_sitter_bash.language()
    return tree_sitter.Parser(tree_sitter.Language(grammar))


# tree-sitter-powershell 0.26 rejects bare-word arrays as arguments (`Select-Object Name, State`),
# which PowerShell accepts. Moving the comma after its spaces (`Name ,State`) keeps every column and
# parses; checked against the grammar in tests/test_snippets.py.
_BARE_ARRAY_COMMA = re.compile(r"(?<=[A-Za-z0-9_*.\-])(,)([ \t]*)(?=[A-Za-z_*])")


def parse(text: str, shell: str) -> Parsed:
    """Parse one snippet; the cache makes a snippet shared by several rules parse once."""
    return _parse(text, shell)


@lru_cache(maxsize=8192)
def _parse(text: str, shell: str) -> Parsed:
    masked = mask(text)
    if shell == "cmd":
        problem = cmdline.syntax_problem(masked)
        commands = tuple(tuple(Word(w.text, w.line, w.col) for w in ws) for ws in cmdline.simple_commands(text))
        return Parsed(SyntaxProblem(*problem) if problem else None, commands)
    if shell == "powershell":
        masked = _BARE_ARRAY_COMMA.sub(lambda m: (m.group(2) + ",") if m.group(2) else " ", pwsh_args.normalize(masked))
    source = masked.encode("utf-8")
    tree = _parser(shell).parse(source)
    lines = text.split("\n")
    problem = _first_problem(tree.root_node, lines, shell) if tree.root_node.has_error else None
    commands = _commands(tree.root_node, lines, shell)
    return Parsed(problem, tuple(words for words, _piped in commands),
                  frozenset((words[0].line, words[0].col) for words, piped in commands if piped))


def _char_col(lines: list[str], row: int, byte_col: int) -> int:
    if row >= len(lines):
        return len(lines[-1]) + 1 if lines else 1
    return len(lines[row].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore")) + 1


def _position(node: tree_sitter.Node, lines: list[str]) -> tuple[int, int]:
    row, col = node.start_point
    if row >= len(lines):
        return len(lines), _char_col(lines, len(lines) - 1, 10**6)
    return row + 1, _char_col(lines, row, col)


def _first_problem(root: tree_sitter.Node, lines: list[str], shell: str) -> SyntaxProblem | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing and node.type in ("\"", "'"):
            quote = _unclosed_quote("\n".join(lines), shell)
            if quote is not None:
                before = "\n".join(lines)[: quote[0]]
                return SyntaxProblem(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1,
                                     f"unclosed quote: the {quote[1]} here is never closed")
        if node.is_missing:
            line, col = _position(node, lines)
            return SyntaxProblem(line, col, f"missing '{node.type}'")
        if node.type == "ERROR":
            return _describe_error(node, lines, shell)
        stack.extend(reversed(node.children))
    return None


def _describe_error(node: tree_sitter.Node, lines: list[str], shell: str) -> SyntaxProblem:
    line, col = _position(node, lines)
    snippet_text = "\n".join(lines)
    start = sum(len(l) + 1 for l in lines[: line - 1]) + col - 1
    end_line, end_col = node.end_point
    end = sum(len(l) + 1 for l in lines[:end_line]) + _char_col(lines, end_line, end_col) - 1 if end_line < len(lines) else len(snippet_text)
    quote = _unclosed_quote(snippet_text[start:max(end, start + 1)], shell)
    if quote is not None:
        offset, char = quote
        before = snippet_text[: start + offset]
        q_line = before.count("\n") + 1
        q_col = len(before) - (before.rfind("\n") + 1) + 1
        return SyntaxProblem(q_line, q_col, f"unclosed quote: the {char} here is never closed")
    found = snippet_text[start:end].strip().split("\n")[0][:30] or snippet_text[start:start + 1]
    return SyntaxProblem(line, col, f"{_shell_name(shell)} cannot parse '{found}'")


def _shell_name(shell: str) -> str:
    return {"bash": "bash", "sh": "sh", "powershell": "PowerShell"}.get(shell, shell)


def _unclosed_quote(text: str, shell: str) -> tuple[int, str] | None:
    escape = "`" if shell == "powershell" else "\\"
    open_at: int | None = None
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if char == escape and quote != "'":
            index += 2
            continue
        if open_at is None and char in "'\"":
            open_at, quote = index, char
        elif open_at is not None and char == quote:
            open_at, quote = None, ""
        index += 1
    return (open_at, quote) if open_at is not None else None


_BASH_SKIP = {"variable_assignment", "file_redirect", "heredoc_redirect", "herestring_redirect"}


_PIPELINES = {"pipeline", "pipeline_chain"}


def _commands(root: tree_sitter.Node, lines: list[str], shell: str) -> list[tuple[tuple[Word, ...], bool]]:
    """Each command's words, and whether a pipe feeds it."""
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "command":
            words = _powershell_words(node, lines) if shell == "powershell" else _bash_words(node, lines)
            if words:
                found.append((tuple(words), _is_piped_into(node)))
        stack.extend(reversed(node.children))
    return sorted(found, key=lambda item: (item[0][0].line, item[0][0].col))


def _is_piped_into(node: tree_sitter.Node) -> bool:
    parent = node.parent
    if parent is None or parent.type not in _PIPELINES:
        return False
    sibling = node.prev_sibling
    while sibling is not None and not sibling.is_named:
        if sibling.type == "|":
            return True
        sibling = sibling.prev_sibling
    return False


def _word(node: tree_sitter.Node, lines: list[str]) -> Word:
    line, col = _position(node, lines)
    end_row, end_col = node.end_point
    if end_row == line - 1:
        text = lines[line - 1][col - 1 : _char_col(lines, end_row, end_col) - 1]
    else:
        text = lines[line - 1][col - 1 :]
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return Word(text, line, col)


def _bash_words(node: tree_sitter.Node, lines: list[str]) -> list[Word]:
    return [_word(child, lines) for child in node.children
            if child.type not in _BASH_SKIP and child.is_named]


_PS_ELEMENT_SKIP = {"command_argument_sep", "comment"}


def _powershell_words(node: tree_sitter.Node, lines: list[str]) -> list[Word]:
    words = []
    for child in node.children:
        if child.type in ("command_name", "command_name_expr"):
            words.append(_word(child, lines))
        elif child.type == "command_elements":
            words.extend(_word(element, lines) for element in child.children
                         if element.type not in _PS_ELEMENT_SKIP and "redirection" not in element.type)
    return words
