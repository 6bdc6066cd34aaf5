"""Read one YAML file into plain data while keeping every node's source position.

The loader is deliberately strict, because entries come from many hands:
- UTF-8 only (a byte-order mark and CRLF line ends, as Windows editors write, are fine);
- exactly one document; no anchors or aliases; no tags beyond the plain JSON-like ones;
- no duplicate keys; bounded nesting and file size;
- YAML 1.2 scalars: only `true`/`false` are booleans and dates stay strings, so `no`, `on`
  or `2026-11-29` mean what a contributor typed.
"""

from __future__ import annotations

import re
from array import array
from sys import intern
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb_builder.check.diagnostics import Diagnostic, Severity

try:  # libyaml is ten times faster and gives the same marks.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
ANCHOR_MESSAGE = "anchors and aliases (&name, *name) are not allowed in entries"
TAG_HINT = "remove the '!' tag; entries hold plain text, numbers, lists and mappings"
DEPTH_HINT = "flatten the structure; entries need a few levels at most"
_MAY_HOLD_ANCHOR = re.compile(r"(?:^[ \t]*(?:-[ \t]+)?|[:,\[{?-][ \t]+|[\[{,])&\S", re.M)
"""Where an anchor (`&name`) can start: at a line's start, after `- `, `: `, `? ` or a flow
indicator. A prefilter only (the events decide): it keeps `&&` in commands and `&` in URLs
from costing a second parse."""

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_ALLOWED_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    _NULL,
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core-schema scalars."""


_StrictLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _StrictLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass(frozen=True)
class Place:
    """Where a value (and, in a mapping, its key) stands in the file; 1-based."""

    line: int
    col: int
    key_line: int | None = None
    key_col: int | None = None
    style: str | None = None
    """Scalar style: None (plain), "'" or '"' (quoted), "|" or ">" (block)."""


Places = tuple[tuple[str | int | None, ...], bytes]
"""Where every value of a document stands, in the order of a walk through it (a value, then the
values inside it): each one's key or index (None for the whole document), and six 32-bit numbers
each: how many values its subtree holds (itself included), then its line, column, key line, key
column (0: no key) and the code of its style (`_STYLES`).

Plain values, so the entry cache and the second parsing process pass them on with `marshal`.
About 3 KB an entry: a mapping of field paths to tuples took 22 KB, as much as the entry's data."""
_FIELDS = 6
_STYLES = (None, "", "'", '"', "|", ">")
_STYLE_CODE = {style: code for code, style in enumerate(_STYLES)}


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its data and where each of its values stands."""

    path: str
    data: Any
    places: Places

    def locate(self, path: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `path` (of its key with `at_key`).

        A path that does not exist (a missing key) resolves to the deepest value that does.
        """
        fields, at, _whole = self._find(path)
        if at_key and fields[at + 3]:
            return fields[at + 3], fields[at + 4]
        return fields[at + 1], fields[at + 2]

    def place(self, path: Sequence[str | int]) -> Place | None:
        fields, at, whole = self._find(path)
        if not whole:
            return None
        return Place(fields[at + 1], fields[at + 2], fields[at + 3] or None, fields[at + 4] or None,
                     _STYLES[fields[at + 5]])

    def _find(self, path: Sequence[str | int]) -> tuple[memoryview, int, bool]:
        """The numbers of `places`, where those of the deepest value along `path` start, and
        whether that value is the one at `path` itself. Keys compare as a mapping's keys do."""
        keys, marks = self.places
        fields = memoryview(marks).cast("i")
        at = 0
        for part in path:
            end = at + fields[at] * _FIELDS
            child = at + _FIELDS
            while child < end and keys[child // _FIELDS] != part:
                child += fields[child] * _FIELDS
            if child >= end:
                return fields, at, False
            at = child
        return fields, at, True


def load_shipped_data(text: str) -> Any:
    """A YAML data file of this package (the command catalogue, the labels): libyaml's safe
    loader, ten times faster than the pure-Python one, without the checks entries need."""
    return yaml.load(text, Loader=_BaseLoader)  # noqa: S506 - _BaseLoader is a SafeLoader


def read_source(path: Path, display_path: str, root: Path | None = None) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of an entry file, or None when it is not a regular file of a sensible size inside
    `root` (default: its own folder); read by kb_builder.content.rawtext, which never blocks."""
    from kb_builder.content.rawtext import Refusal, read_content

    found = read_content(path, root if root is not None else path.parent, MAX_FILE_BYTES)
    if not isinstance(found, Refusal):
        return found, []
    if found.kind == "too-large":
        return None, [Diagnostic(display_path, 1, 1, "file-too-large", Severity.ERROR,
                                 f"file is {found.what}; an entry may be at most {MAX_FILE_BYTES} bytes",
                                 "an entry is one problem: split it, or link to a guide for long background")]
    return None, [Diagnostic(display_path, 1, 1, "yaml-not-a-file", Severity.ERROR,
                             f"not a regular file: {found.what}", not_a_file_hint(found.what, "content/entries"))]


def not_a_file_hint(what: str, folder: str) -> str:
    """How to mend a content path that is not a regular file."""
    if "link" in what or "outside" in what:
        return f"content files are plain files inside {folder}; replace the link by the file itself"
    return f"content files are plain text files inside {folder}; remove it or replace it by one"


def load_yaml(path: Path, display_path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read and parse `path`; return the document, or None with diagnostics saying why not."""
    raw, problems = read_source(path, display_path)
    if raw is None:
        return None, problems
    return parse_yaml(raw, display_path)


def parse_yaml(raw: bytes, display_path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse the bytes of an entry file; return the document, or None with diagnostics saying why not."""

    def problem(rule: str, message: str, line: int = 1, col: int = 1, hint: str | None = None) -> Diagnostic:
        return Diagnostic(display_path, line, col, rule, Severity.ERROR, message, hint)

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, col = _position_of_byte(raw, error.start)
        return None, [problem("yaml-encoding", f"not valid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded", line, col,
                              "save the file as UTF-8")]
    if not text.strip():
        return None, [problem("yaml-empty", "the file is empty", hint="start from 'kb new' or copy an existing entry")]

    loader = _StrictLoader(text)
    try:
        try:
            nodes = []
            while loader.check_node():
                nodes.append(loader.get_node())
        except yaml.MarkedYAMLError as error:
            return None, [_syntax_problem(display_path, text, error)]
        except yaml.reader.ReaderError as error:  # a control character such as NUL: no mark, a position
            line, col = _position_of_reader_error(text, error.position)
            return None, [problem("yaml-syntax", f"the character U+{_code_point(error.character):04X} "
                                  "(a control character) is not allowed in YAML", line, col,
                                  "delete it; entries hold printable text")]
        except RecursionError:
            return None, [problem("yaml-too-deep", f"nesting deeper than {MAX_DEPTH} levels", hint=DEPTH_HINT)]
        if len(nodes) != 1:
            if not nodes:
                return None, [problem("yaml-empty", "the file holds no YAML document")]
            mark = nodes[1].start_mark
            return None, [problem("yaml-multiple-documents", "the file holds more than one YAML document (a second '---')",
                                  mark.line + 1, mark.column + 1, "keep one entry per file")]
        root = nodes[0]
        problems, places, data = _inspect(root, display_path)
        if not problems:
            problems = _spec_violations(root, text, display_path)
        if problems:
            return None, [_at_first_alias(text, d) if d.rule == "yaml-alias" else d for d in problems]
        if _may_hold_anchor(text):  # an anchor nothing refers to leaves no trace in the nodes
            anchored = _first_anchor(text, display_path)
            if anchored is not None:
                return None, [anchored]
    finally:
        loader.dispose()
    return YamlDocument(display_path, data, places), []


def _may_hold_anchor(text: str) -> bool:
    """Whether _MAY_HOLD_ANCHOR matches, found from each `&`: the expression tried at every
    character of every file cost as much as checking the spec's rules."""
    at = text.find("&")
    while at != -1:
        if text[at + 1:at + 2].strip():
            start = at
            while start and text[start - 1] in " \t":
                start -= 1
            before = text[start - 1] if start else "\n"
            if before == "\n" or (before in ":,[{?-" if start < at else before in "[{,"):
                return True
        at = text.find("&", at + 1)
    return False


def _syntax_problem(display_path: str, text: str, error: yaml.MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(part for part in (error.context, error.problem) if part)
    lines = text.splitlines()
    at = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
    if "nesting depth" in message:  # libyaml stops runaway flow nesting ([[[[...) itself
        return Diagnostic(display_path, line, col, "yaml-too-deep", Severity.ERROR,
                          f"nesting deeper than {MAX_DEPTH} levels", DEPTH_HINT)
    hint = "indent with spaces; YAML does not allow tabs for indentation" if at == "\t" else None
    return Diagnostic(display_path, line, col, "yaml-syntax", Severity.ERROR, f"YAML syntax error: {message}", hint)


_SCALARS = yaml.constructor.SafeConstructor()
"""Turns the rare scalars that are not text (`3`, `true`, `~`, `!!float 1e3`) into values."""
_KIND_OF_TAG = {"tag:yaml.org,2002:seq": yaml.SequenceNode, "tag:yaml.org,2002:map": yaml.MappingNode}
_TAG_IS_FOR = {_STR: "text", "tag:yaml.org,2002:int": "a whole number", "tag:yaml.org,2002:float": "a number",
               "tag:yaml.org,2002:bool": "true or false", _NULL: "null",
               "tag:yaml.org,2002:seq": "a list", "tag:yaml.org,2002:map": "a mapping"}


def _inspect(root: yaml.Node, display_path: str) -> tuple[list[Diagnostic], Places, Any]:
    """Aliases, foreign tags, duplicate keys and runaway nesting (found without recursion), the
    place of every value, and the data (None when there are problems).

    The data is built in the same walk, from the nodes libyaml composed: PyYAML's constructor
    walks them again in pure Python and resolves every scalar a second time, a fifth of parsing."""
    problems: list[Diagnostic] = []
    keys: list[str | int | None] = []
    depths: list[int] = []
    fields: list[int] = []
    seen: set[int] = set()
    document: list[Any] = [None]
    # (node, its path, its key node, the container it goes into, its key or index there)
    stack: list[tuple[yaml.Node, tuple[str | int, ...], yaml.Node | None, Any, Any]] = [(root, (), None, document, 0)]
    while stack:
        node, path, key, container, slot = stack.pop()
        mark = node.start_mark
        if id(node) in seen:
            return [Diagnostic(display_path, mark.line + 1, mark.column + 1, "yaml-alias", Severity.ERROR,
                               ANCHOR_MESSAGE, "write the value out in full")], ((), b""), None
        seen.add(id(node))
        if len(path) >= MAX_DEPTH:
            return [Diagnostic(display_path, mark.line + 1, mark.column + 1, "yaml-too-deep", Severity.ERROR,
                               f"nesting deeper than {MAX_DEPTH} levels", DEPTH_HINT)], ((), b""), None
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            problems.append(_tag_problem(node, display_path))
            continue
        keys.append(path[-1] if path else None)
        depths.append(len(path))
        if key is None:
            fields += (0, mark.line + 1, mark.column + 1, 0, 0, _STYLE_CODE[getattr(node, "style", None)])
        else:
            key_mark = key.start_mark
            fields += (0, mark.line + 1, mark.column + 1, key_mark.line + 1, key_mark.column + 1,
                       _STYLE_CODE[getattr(node, "style", None)])
        kind = node.__class__
        if kind is not _KIND_OF_TAG.get(tag, yaml.ScalarNode):  # `!!seq text`, `!!str [a]`
            problems.append(_tag_problem(node, display_path))
            continue
        if kind is yaml.MappingNode:
            problems.extend(_duplicate_keys(node, display_path))
            value: Any = {}
            for child_key, child in reversed(node.value):
                if isinstance(child_key, yaml.ScalarNode):
                    built = _scalar(child_key, display_path)
                    if built.__class__ is Diagnostic:
                        problems.append(built)
                        continue
                    # One string for each key however many entries repeat it (`zh`, `text`: 5 KB an entry).
                    name = intern(child_key.value)
                    stack.append((child, (*path, name), child_key, value, name if built.__class__ is str else built))
        elif kind is yaml.SequenceNode:
            value = [None] * len(node.value)
            stack.extend((child, (*path, index), None, value, index)
                         for index, child in reversed(list(enumerate(node.value))))
        elif tag == _STR:
            value = node.value
        else:
            value = _scalar(node, display_path)
            if value.__class__ is Diagnostic:
                problems.append(value)
                continue
        container[slot] = value
    if problems:
        return problems, ((), b""), None
    return problems, _packed_places(keys, depths, fields), document[0]


def _packed_places(keys: list[str | int | None], depths: list[int], fields: list[int]) -> Places:
    """`Places` of the values walked, given each one's depth: its subtree's size filled in."""
    count = len(keys)
    open_values: list[int] = []
    for number, depth in enumerate(depths):
        while open_values and depths[open_values[-1]] >= depth:
            done = open_values.pop()
            fields[done * _FIELDS] = number - done
        open_values.append(number)
    for done in open_values:
        fields[done * _FIELDS] = count - done
    return tuple(keys), array("i", fields).tobytes()


def _scalar(node: yaml.ScalarNode, display_path: str) -> Any:
    """A scalar's value as PyYAML's SafeConstructor makes it (a key may be `1` or `null` too), or
    the Diagnostic saying why its tag does not fit it (`!!int text`, `!!seq text`, `!foo`)."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:  # PyYAML reads `!!null text` as null, and the text would be lost
        return None if node.value in ("", "~", "null", "Null", "NULL") else _tag_problem(node, display_path)
    if tag in _ALLOWED_TAGS and tag not in _KIND_OF_TAG:
        try:
            return _SCALARS.yaml_constructors[tag](_SCALARS, node)
        except (ValueError, KeyError, IndexError):  # `!!int foo`, `!!bool maybe`, `!!float ""`
            pass
    return _tag_problem(node, display_path)


def _tag_problem(node: yaml.Node, display_path: str) -> Diagnostic:
    """Why a node's explicit tag is refused: a tag entries do not use, or one that does not fit the node."""
    tag = node.tag
    if tag not in _TAG_IS_FOR:
        message = f"the tag '{tag}' is not allowed"
    else:
        if isinstance(node, yaml.ScalarNode):
            text = node.value.split("\n", 1)[0]
            what = f"the text '{text[:40]}…'" if len(text) > 40 else f"the text '{text}'"
        else:
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        message = f"the tag '{tag}' is for {_TAG_IS_FOR[tag]}, not for {what}"
    mark = node.start_mark
    return Diagnostic(display_path, mark.line + 1, mark.column + 1, "yaml-tag", Severity.ERROR, message, TAG_HINT)


_HEADER_COMMENT = re.compile(r"[|>][0-9+-]*#")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DIRECTIVE_COMMENT = re.compile(r"^%[^\n]*[^ \t\n]#", re.M)


def _spec_violations(root: yaml.Node, text: str, display_path: str) -> list[Diagnostic]:
    """What the YAML 1.2 spec forbids and libyaml lets through (yaml-test-suite, tests/test_hardening_yaml.py).

    A comment glued to the token before it (`[a]#x`, `"v"#x`, `>#x`, `a,#x`, `%YAML 1.2#x`); a plain
    `-` as a flow item (`[-]`); a flow collection or quoted text continued on a line that is not
    indented past its block's indentation (`key: [a,\nb]`, `key: "a\n\tb"`)."""
    # Lines as libyaml counts them (marks): splitlines also splits at \v, \f and \x1c-\x1e, which the
    # reader has refused before this point, and it is twice as fast as a regular expression.
    lines = text.splitlines()
    found = _DIRECTIVE_COMMENT.search(text[: text.find("\n---")] if text.startswith("%") else "")
    if found:
        line = len(_LINE_BREAK.split(text[:found.end()]))
        return [_spec_problem(display_path, lines, line, found.end() - found.start(), "a comment needs a space before '#'")]
    stack: list[tuple[yaml.Node, int, bool]] = [(root, -1, False)]
    scalar = yaml.ScalarNode
    while stack:
        node, indent, in_flow = stack.pop()
        if node.__class__ is scalar and not in_flow and not node.style:
            continue  # a plain scalar in block context: the most common node, nothing to check
        if node.__class__ is scalar and node.style in ("'", '"') and node.start_mark.line == node.end_mark.line:
            end = node.end_mark  # a one-line quoted scalar: only what follows it
            if lines[end.line][end.column:end.column + 1] == "#":
                return [_spec_problem(display_path, lines, end.line + 1, end.column + 1,
                                      "a comment needs a space before '#'")]
            continue
        problem = _node_violation(node, lines, indent, in_flow)
        if problem is not None:
            line, col, message = problem
            return [_spec_problem(display_path, lines, line, col, message)]
        if isinstance(node, yaml.ScalarNode):
            continue
        flow = in_flow or bool(node.flow_style)
        inner = indent if flow else node.start_mark.column
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        for child in reversed(children):
            if flow and _char_at(lines, child.end_mark.line, _after_blanks(lines, child.end_mark)) == "," and \
                    _char_at(lines, child.end_mark.line, _after_blanks(lines, child.end_mark) + 1) == "#":
                at = _after_blanks(lines, child.end_mark) + 2
                return [_spec_problem(display_path, lines, child.end_mark.line + 1, at, "a comment needs a space before '#'")]
            stack.append((child, inner, flow))
    return []


def _node_violation(node: yaml.Node, lines: list[str], indent: int, in_flow: bool) -> tuple[int, int, str] | None:
    start, end = node.start_mark, node.end_mark
    style = getattr(node, "style", None)
    if isinstance(node, yaml.ScalarNode) and style in ("|", ">"):
        if _HEADER_COMMENT.match(lines[start.line], start.column):
            return start.line + 1, lines[start.line].index("#", start.column) + 1, "a comment needs a space before '#'"
        return _blank_block_scalar_violation(node, lines, indent)
    return _flow_violation(node, lines, indent, in_flow)


def _blank_block_scalar_violation(node: yaml.ScalarNode, lines: list[str], indent: int) -> tuple[int, int, str] | None:
    """An empty block scalar whose blank lines hold more spaces than the line after them, when that
    line is indented into the scalar (past its block's `indent`): spec 8.1.1.1, leading empty lines
    may not be indented more than the first non-empty line."""
    if node.value.strip() or re.match(r"[|>][+-]?[1-9]", lines[node.start_mark.line][node.start_mark.column:]):
        return None
    widest, row = 0, node.start_mark.line + 1
    while row < len(lines) and not lines[row].strip(" "):
        widest = max(widest, len(lines[row]))
        row += 1
    if row < len(lines) and widest > len(lines[row]) - len(lines[row].lstrip(" ")) > indent:
        return node.start_mark.line + 2, 1, "a blank line of this block text holds more spaces than the line after it"
    return None


def _flow_violation(node: yaml.Node, lines: list[str], indent: int, in_flow: bool) -> tuple[int, int, str] | None:
    start, end = node.start_mark, node.end_mark
    style = getattr(node, "style", None)
    if isinstance(node, yaml.ScalarNode) and not style:  # plain: None, or "" from libyaml
        if in_flow and (node.value == "-" or node.value.startswith("- ")):
            return start.line + 1, start.column + 1, "a plain '-' cannot start a value in a flow list (quote it: \"-\")"
        return None
    flow = style in ("'", '"') or bool(getattr(node, "flow_style", False)) and not isinstance(node, yaml.ScalarNode)
    if not flow:
        return None
    for row in range(start.line + 1, min(end.line, len(lines) - 1) + 1):
        line = lines[row]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
            return row + 1, 1, f"this continued line must be indented by more than {indent} spaces (tabs do not count)"
    if _char_at(lines, end.line, end.column) == "#":
        return end.line + 1, end.column + 1, "a comment needs a space before '#'"
    return None


def _char_at(lines: list[str], row: int, col: int) -> str:
    return lines[row][col:col + 1] if row < len(lines) else ""


def _after_blanks(lines: list[str], mark: yaml.Mark) -> int:
    line = lines[mark.line] if mark.line < len(lines) else ""
    col = mark.column
    while col < len(line) and line[col] in " \t":
        col += 1
    return col


def _spec_problem(display_path: str, lines: list[str], line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(display_path, line, col, "yaml-syntax", Severity.ERROR, f"YAML syntax error: {message}")


def _first_anchor(text: str, display_path: str) -> Diagnostic | None:
    for event in yaml.parse(text, Loader=_StrictLoader):
        if getattr(event, "anchor", None) is not None and not isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            return Diagnostic(display_path, mark.line + 1, mark.column + 1, "yaml-alias", Severity.ERROR,
                              ANCHOR_MESSAGE, f"remove '&{event.anchor}'; write every value out in full")
    return None


def _at_first_alias(text: str, found: Diagnostic) -> Diagnostic:
    """Move an alias diagnostic from the anchor (where the shared node starts) to the first '*alias'."""
    for event in yaml.parse(text, Loader=_StrictLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            return Diagnostic(found.path, mark.line + 1, mark.column + 1, found.rule, found.severity,
                              found.message, found.hint)
    return found  # pragma: no cover - an alias node always comes from an alias event


def _duplicate_keys(node: yaml.MappingNode, display_path: str) -> Iterator[Diagnostic]:
    first_line: dict[str, int] = {}
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            mark = key.start_mark
            yield Diagnostic(display_path, mark.line + 1, mark.column + 1, "yaml-complex-key", Severity.ERROR,
                             "a key must be plain text")
            continue
        if key.value in first_line:
            mark = key.start_mark
            yield Diagnostic(display_path, mark.line + 1, mark.column + 1, "duplicate-key", Severity.ERROR,
                             f"duplicate key '{key.value}' (first defined on line {first_line[key.value]})",
                             "keep one of them; YAML would silently use the last")
        else:
            first_line[key.value] = key.start_mark.line + 1


def _code_point(character: str | int) -> int:
    return character if isinstance(character, int) else ord(character)  # libyaml gives an int


def _position_of_reader_error(text: str, offset: int) -> tuple[int, int]:
    """libyaml counts the offset in UTF-8 bytes, the pure-Python reader in characters."""
    if _BaseLoader is not yaml.SafeLoader:
        return _position_of_byte(text.encode("utf-8"), offset)
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, col
