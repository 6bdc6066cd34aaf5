"""Bad input that a data fixture cannot hold (bytes, links, sizes): a clear error, never a crash."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, write_project
from kb_builder import report
from kb_builder.checks import check
from kb_builder.config import load_config
from kb_builder.yamlsource import MAX_FILE_BYTES, load_yaml

MINIMAL = (FIXTURES / "checks" / "valid--minimal-entry.yaml")


def _minimal_entry() -> str:
    import yaml

    return yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))["files"]["content/entries/windows/sample.yaml"]


def _check_bytes(tmp_path: Path, data: bytes) -> str:
    root = write_project(tmp_path / "p", {})
    target = root / "content/entries/windows/sample.yaml"
    target.parent.mkdir(parents=True)
    target.write_bytes(data)
    return report.format_text(check(load_config(root)))


def test_windows_editor_bytes_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + _minimal_entry().replace("\n", "\r\n").encode("utf-8")
    assert _check_bytes(tmp_path, data) == ""


def test_bytes_that_are_not_utf8_are_reported_at_their_line_and_column(tmp_path: Path) -> None:
    data = _minimal_entry().encode("utf-8")
    data = data.replace("标题".encode("utf-8"), "标题".encode("gbk"), 1)
    assert _check_bytes(tmp_path, data) == (
        "content/entries/windows/sample.yaml:7:13: error [yaml-encoding] not valid UTF-8: byte 0xb1 cannot be decoded\n"
        "  hint: save the file as UTF-8\n"
        "1 error, 0 warnings\n"
    )


def test_a_file_larger_than_the_limit_is_refused_without_parsing(tmp_path: Path) -> None:
    data = _minimal_entry().encode("utf-8") + b"notes: {zh: '" + b"x" * MAX_FILE_BYTES + b"', en: y}\n"
    output = _check_bytes(tmp_path, data)
    assert output.startswith("content/entries/windows/sample.yaml:1:1: error [file-too-large] file is ")


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    started = time.monotonic()
    output = _check_bytes(tmp_path, ("\n".join(lines) + "\n").encode())
    assert "[yaml-alias]" in output and output.startswith("content/entries/windows/sample.yaml:2:10:")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("depth, rule", [(40, "yaml-too-deep"), (5000, "yaml-syntax")])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int, rule: str) -> None:
    # Past our limit the loader says so; far past it libyaml itself stops (at 1,000 levels).
    output = _check_bytes(tmp_path, b"a: " + b"[" * depth + b"]" * depth + b"\n")
    assert f"error [{rule}]" in output


def test_a_directory_named_like_an_entry_is_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {})
    (root / "content/entries/windows/folder.yaml").mkdir(parents=True)
    assert report.format_text(check(load_config(root))).startswith(
        "content/entries/windows/folder.yaml:1:1: error [yaml-not-a-file]")


def test_a_symlink_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(_minimal_entry(), encoding="utf-8")
    root = write_project(tmp_path / "p", {})
    link = root / "content/entries/windows/sample.yaml"
    link.parent.mkdir(parents=True)
    os.symlink(outside, link)
    assert "[yaml-not-a-file]" in report.format_text(check(load_config(root)))


def test_a_mapping_key_that_is_a_list_is_refused(tmp_path: Path) -> None:
    output = _check_bytes(tmp_path, b"? [a, b]\n: 1\n")
    assert output.startswith("content/entries/windows/sample.yaml:1:3: error [yaml-complex-key]")


@pytest.mark.parametrize("text, rule", [
    ("---\ntitle: [\n---\n# Guide\n", "guide-front-matter"),
])
def test_a_guide_with_broken_front_matter_is_reported(tmp_path: Path, text: str, rule: str) -> None:
    root = write_project(tmp_path / "p", {"content/guides/zh/g.md": text, "content/guides/en/g.md": "# G\n"})
    assert f"[{rule}]" in report.format_text(check(load_config(root)))


def test_a_guide_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"content/guides/en/g.md": "# G\n"})
    (root / "content/guides/zh").mkdir(parents=True)
    (root / "content/guides/zh/g.md").write_bytes("# 指南\n".encode("gbk"))
    assert "content/guides/zh/g.md:1:1: error [guide-encoding] not valid UTF-8" in report.format_text(
        check(load_config(root)))


def test_positions_count_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 中文中文 : b\n", encoding="utf-8")
    _, problems = load_yaml(path, "x.yaml")
    assert (problems[0].line, problems[0].col) == (1, 9)


def test_a_text_longer_than_allowed_is_reported(tmp_path: Path) -> None:
    entry = _minimal_entry().replace("title: {zh: 标题, en: Title}", "title: {zh: 标题, en: " + "T" * 201 + "}")
    output = _check_bytes(tmp_path, entry.encode())
    assert "error [text-length] title.en must be at most 200 characters long (it has 201)" in output
