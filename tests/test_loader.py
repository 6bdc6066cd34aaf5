"""Bad input that a data fixture cannot hold (bytes, links, sizes): a clear error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, write_project

from kb_builder.check import report
from kb_builder.check.runner import check
from kb_builder.config import load_config
from kb_builder.content.yamlsource import load_yaml

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


# BOM and CRLF, bytes that are not UTF-8, file size, billion laughs, nesting, folders and links:
# tests/test_hardening_yaml.py runs them through the `kb check` process.


def test_a_mapping_key_that_is_a_list_is_refused(tmp_path: Path) -> None:
    output = _check_bytes(tmp_path, b"? [a, b]\n: 1\n")
    assert output.startswith("content/entries/windows/sample.yaml:1:3: error [yaml-complex-key]")


@pytest.mark.parametrize("text, rule", [
    ("---\ntitle: [\n---\n# Guide\n", "guide-front-matter"),
    ("---\ntitle: !!int Guide\n---\n# Guide\n", "guide-front-matter"),
    ("---\nupdated: 2026-13-45\n---\n# Guide\n", "guide-front-matter"),
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


def test_a_second_check_reads_unchanged_entries_from_the_cache_and_sees_a_changed_one(tmp_path: Path) -> None:
    from kb_builder.content.cache import CACHE_FILE

    root = write_project(tmp_path / "p", {"content/entries/windows/sample.yaml": _minimal_entry()})
    assert check(load_config(root)) == []
    cache = root / CACHE_FILE
    stamp = cache.stat().st_mtime_ns
    assert check(load_config(root)) == []
    assert cache.stat().st_mtime_ns == stamp  # nothing new learnt, nothing written
    entry = root / "content/entries/windows/sample.yaml"
    entry.write_text(_minimal_entry().replace("status: draft", "status: drafty"), encoding="utf-8")
    assert [d.rule for d in check(load_config(root))] == ["invalid-value"]
    cache.write_bytes(b"not marshal data")
    assert [d.rule for d in check(load_config(root))] == ["invalid-value"]
