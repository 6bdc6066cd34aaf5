"""Bad YAML of every kind, through the real `kb check` process: exit 1, a path:line:col line, no traceback.

Each class of bad input has one test (or one row of a table) here. Cases that plain text can hold
are the data fixtures in fixtures/checks/ (their exact output is pinned by test_check_fixtures.py);
this module runs each of them once more as a user does, in a subprocess, to pin the exit code and
the absence of a traceback. Cases that need bytes, sizes, folders or links are written here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, copy_project, write_project

from kb_builder.content.yamlsource import MAX_DEPTH, MAX_FILE_BYTES

ENTRY = "content/entries/windows/sample.yaml"
KB = [sys.executable, "-m", "kb_builder"]


def _fixture(name: str) -> dict:
    return yaml.safe_load((FIXTURES / "checks" / f"{name}.yaml").read_text(encoding="utf-8"))


def _minimal_entry() -> str:
    return _fixture("valid--minimal-entry")["files"][ENTRY]


def _kb_check(root: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KB, "check"], cwd=root, capture_output=True, text=True, timeout=timeout)


def _assert_refused(result: subprocess.CompletedProcess[str], first_line: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout.splitlines()[0] == first_line


def _project_with_bytes(tmp_path: Path, data: bytes) -> Path:
    root = write_project(tmp_path / "p", {})
    target = root / ENTRY
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    return root


# -- classes that a text fixture holds -------------------------------------------------------

TEXT_CASES = {
    "syntax error": "yaml-syntax--unclosed-flow-list",
    "tab indentation": "yaml-syntax--tab-indentation",
    "empty file": "yaml-empty--blank-file",
    "several documents": "yaml-multiple-documents--two-entries",
    "duplicate key": "duplicate-key--title-twice",
    "unknown tag (!!python/object)": "yaml-tag--python-object",
    "unknown tag (!foo)": "yaml-tag--unknown-local-tag",
    "binary (!!binary)": "yaml-tag--binary",
    "a list's tag on text (!!seq)": "yaml-tag--seq-on-text",
    "a mapping's tag on text (!!map)": "yaml-tag--map-on-text",
    "a number's tag on text (!!int foo)": "yaml-tag--int-on-text",
    "scalar tags that do not fit (!!bool, !!float, !!null, !!str)": "yaml-tag--scalar-tags-that-do-not-fit",
    "a tag on a key": "yaml-tag--on-a-key",
    "anchor and alias": "yaml-alias--shared-text",
}


@pytest.mark.parametrize("fixture", TEXT_CASES.values(), ids=TEXT_CASES.keys())
def test_kb_check_refuses_bad_yaml_with_its_first_problem_and_no_traceback(tmp_path: Path, fixture: str) -> None:
    case = _fixture(fixture)
    root = write_project(tmp_path / "p", case["files"])
    _assert_refused(_kb_check(root), case["expected"].splitlines()[0])


# -- classes that need bytes, sizes, folders or links ----------------------------------------

def test_bytes_that_are_not_utf8_are_refused_at_their_line_and_column(tmp_path: Path) -> None:
    data = _minimal_entry().encode("utf-8").replace("标题".encode("utf-8"), "标题".encode("gbk"), 1)
    _assert_refused(_kb_check(_project_with_bytes(tmp_path, data)),
                    f"{ENTRY}:7:13: error [yaml-encoding] not valid UTF-8: byte 0xb1 cannot be decoded")


def test_a_control_character_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    data = _minimal_entry().encode("utf-8").replace(b"Title", b"Ti\x00tle", 1)
    _assert_refused(_kb_check(_project_with_bytes(tmp_path, data)),
                    f"{ENTRY}:7:23: error [yaml-syntax] the character U+0000 (a control character) is not allowed in YAML")


def test_a_ten_megabyte_string_is_refused_by_the_file_size_limit_without_parsing(tmp_path: Path) -> None:
    data = _minimal_entry().encode("utf-8") + b"notes: {zh: '" + b"x" * 10_000_000 + b"', en: y}\n"
    started = time.monotonic()
    result = _kb_check(_project_with_bytes(tmp_path, data))
    _assert_refused(result, f"{ENTRY}:1:1: error [file-too-large] file is {len(data)} bytes; "
                            f"an entry may be at most {MAX_FILE_BYTES} bytes")
    assert time.monotonic() - started < 20


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _run_measured(command: list[str], cwd: Path) -> tuple[int, str, str, float, int]:
    """Exit code, stdout, stderr, seconds and peak memory (KiB) of one child process."""
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = child.communicate(timeout=60)
    # communicate() has reaped the child; its peak memory is the largest of all children so far,
    # which bounds this one from above.
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return child.returncode, out, err, time.monotonic() - started, peak


def test_billion_laughs_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    # Expanded, this document would hold 10^9 strings; aliases are refused before anything expands.
    code, out, err, seconds, peak_kib = _run_measured([*KB, "check"], _project_with_bytes(tmp_path, _billion_laughs()))
    _assert_refused(subprocess.CompletedProcess([], code, out, err),
                    f"{ENTRY}:2:10: error [yaml-alias] anchors and aliases (&name, *name) are not allowed in entries")
    assert seconds < 20
    assert peak_kib < 1_000_000, f"peak memory {peak_kib} KiB"


@pytest.mark.parametrize("depth, first_line", [
    # The root mapping is level 1, so the first list past the limit opens at column MAX_DEPTH + 3.
    (MAX_DEPTH + 8, f"{ENTRY}:1:{MAX_DEPTH + 3}: error [yaml-too-deep] nesting deeper than {MAX_DEPTH} levels"),
    # Far past our limit libyaml itself stops, at 1,000 levels, before any recursion in Python.
    (100_000, f"{ENTRY}:1:1003: error [yaml-too-deep] nesting deeper than {MAX_DEPTH} levels"),
], ids=["past the limit", "a hundred thousand levels"])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int, first_line: str) -> None:
    data = b"a: " + b"[" * depth + b"]" * depth + b"\n"
    _assert_refused(_kb_check(_project_with_bytes(tmp_path, data)), first_line)


def test_a_directory_named_like_an_entry_is_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    (root / "content/entries/windows/folder.yaml").mkdir(parents=True)
    _assert_refused(_kb_check(root), "content/entries/windows/folder.yaml:1:1: error [yaml-not-a-file] "
                                     "not a regular file: a directory")


def test_a_symlink_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(_minimal_entry(), encoding="utf-8")
    root = write_project(tmp_path / "p", {})
    (root / ENTRY).parent.mkdir(parents=True)
    os.symlink(outside, root / ENTRY)
    _assert_refused(_kb_check(root), f"{ENTRY}:1:1: error [yaml-not-a-file] "
                                     "not a regular file: a symbolic link")


# -- limits of the schema ----------------------------------------------------------------------

def _entry_with(**changes: str) -> str:
    text = _minimal_entry()
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


LIMIT_CASES = {
    "31 steps": (
        {"steps: [{text: {zh: 步骤, en: Step}}]": "steps: [" + ", ".join(["{text: {zh: 步骤, en: Step}}"] * 31) + "]"},
        f"{ENTRY}:11:8: error [item-count] steps must have at most 30 items"),
    "a command of 4001 characters": (
        {"steps: [{text: {zh: 步骤, en: Step}}]":
         "steps: [{text: {zh: 步骤, en: Step}, command: {shell: bash, run: '" + "x" * 4001 + "'}}]"},
        f"{ENTRY}:11:64: error [text-length] steps[0].command.run must be at most 4000 characters long (it has 4001)"),
    "a title of 201 characters": (
        {"title: {zh: 标题, en: Title}": "title: {zh: 标题, en: " + "T" * 201 + "}"},
        f"{ENTRY}:7:21: error [text-length] title.en must be at most 200 characters long (it has 201)"),
    "a message of 20001 characters": (
        {"text: Error text": "text: " + "e" * 20001},
        f"{ENTRY}:9:32: error [text-length] messages[0].text must be at most 20000 characters long (it has 20001)"),
}


@pytest.mark.parametrize("changes, first_line", LIMIT_CASES.values(), ids=LIMIT_CASES.keys())
def test_documented_limits_give_a_clear_diagnostic(tmp_path: Path, changes: dict[str, str], first_line: str) -> None:
    root = write_project(tmp_path / "p", {ENTRY: _entry_with(**changes)})
    _assert_refused(_kb_check(root), first_line)


# -- what Windows editors write is accepted, and builds the same site ---------------------------

def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_bom_and_crlf_entry_builds_a_byte_identical_site(tmp_path: Path) -> None:
    windows = copy_project(FIXTURES / "site-project", tmp_path / "windows")
    unix = copy_project(FIXTURES / "site-project", tmp_path / "unix")
    for entry in sorted((windows / "content/entries").rglob("*.yaml")):
        text = entry.read_text(encoding="utf-8")
        entry.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert _kb_check(windows).returncode == 0
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764374400"}
    for root in (windows, unix):
        subprocess.run([*KB, "build"], cwd=root, check=True, capture_output=True, env=env)
    windows_tree, unix_tree = _tree(windows / "site"), _tree(unix / "site")
    assert windows_tree == unix_tree


# -- the YAML spec's own test suite ----------------------------------------------------------

SUITE = FIXTURES / "yaml-test-suite"


def _suite(name: str) -> dict:
    import json

    return json.loads((SUITE / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _suite("invalid")["cases"], ids=lambda case: case["id"])
def test_yaml_the_spec_calls_invalid_is_refused(case: dict) -> None:
    from kb_builder.content.yamlsource import parse_yaml

    accepted = _suite("invalid")["accepted"]
    document, problems = parse_yaml(case["yaml"].encode("utf-8"), "x.yaml")
    if case["id"] in accepted:
        assert document is not None and problems == [], f"{case['id']} is refused now: drop it from 'accepted'"
    else:
        assert document is None and problems, f"{case['id']} ({case['name']}) is accepted"
        assert problems[0].rule.startswith("yaml-") or problems[0].rule == "duplicate-key"


@pytest.mark.parametrize("case", _suite("valid")["cases"], ids=lambda case: case["id"])
def test_valid_yaml_of_the_suite_is_not_refused_by_the_spec_checks(case: dict) -> None:
    from kb_builder.content.yamlsource import parse_yaml

    assert parse_yaml(case["yaml"].encode("utf-8"), "x.yaml")[1] == []
