"""`kb stats`: exact numbers on a small project where every count is known by construction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_project

from kb_builder.cli import main


def _entry(entry_id: str, platforms: str, components: str, status: str, codes: str, *,
           verify: str = "{text: {zh: 检查, en: Check}, command: {shell: bash, run: docker version}}",
           symptoms_zh: str = "症状", title_en: str = "en: Title") -> str:
    return f"""\
id: {entry_id}
status: {status}
platforms: {platforms}
components: {components}
error_codes: {codes}
signatures: [some distinctive signature]
title: {{zh: 标题, {title_en}}}
symptoms: {{zh: "{symptoms_zh}", en: Symptoms}}
messages: [{{lang: en-US, text: Error text}}]
cause: {{zh: 原因, en: Cause}}
steps: [{{text: {{zh: 步骤, en: Step}}}}]
verify: {verify}
references: [{{title: Doc, url: "https://example.com/"}}]
updated: "2026-11-29"
"""


FILES = {
    "content/entries/windows/a.yaml": _entry("a", "[windows]", "[wsl, docker-desktop]", "validated", '["0x1", "ABC"]'),
    "content/entries/linux/b.yaml": _entry("b", "[linux]", "[docker-engine]", "draft", '["abc"]',
                                           verify="{text: {zh: 检查, en: Check}}"),
    "content/entries/linux/c.yaml": _entry("c", "[windows, linux]", "[network]", "draft", '["0x1"]',
                                           symptoms_zh="The daemon does not answer on its socket"),
    "content/entries/linux/d.yaml": _entry("d", "[linux]", "[network]", "draft", "[]", title_en="en: ''"),
    "content/entries/linux/e.yaml": "id: e\nstatus: [draft\n",
    "content/guides/zh/start.md": "# 开始\n",
    "content/guides/en/start.md": "# Start\n",
    "content/guides/zh/安装.md": "# 安装\n",
}

EXPECTED = {
    "schema_version": 1,
    "files": {"entries": 5, "valid": 3,
              "invalid": ["content/entries/linux/d.yaml", "content/entries/linux/e.yaml"]},
    "by_platform": {"linux": 2, "macos": 0, "windows": 2},
    "by_component": {"docker-cli": 0, "docker-desktop": 1, "docker-engine": 1, "hyper-v": 0, "kvm": 0,
                     "network": 1, "package-manager": 0, "permissions": 0, "security": 0,
                     "virtualization": 0, "wsl": 1},
    "by_status": {"archived": 0, "draft": 2, "validated": 1},
    "translations": {
        "languages": ["zh", "en"],
        "entries_complete": 2,
        "entries_missing_a_language": ["content/entries/linux/d.yaml"],
        "entries_with_untranslated_text": ["content/entries/linux/c.yaml"],
        "guides": 2,
        "guides_complete": 1,
        "guides_missing": ["content/guides/en/安装.md"],
    },
    "without_signatures": [],
    "without_verify_command": ["b"],
    "without_references": [],
    "shared_error_codes": {"0x1": ["a", "c"], "ABC": ["a", "b"]},
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", FILES)


def test_stats_json_gives_the_exact_numbers_of_the_fixture_project(project: Path, capsys) -> None:
    assert main(["--root", str(project), "stats", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == EXPECTED
    assert out == json.dumps(EXPECTED, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert "安装.md" in out  # written as is, not as \\u escapes


def test_stats_text_shows_each_section_and_every_gap(project: Path, capsys) -> None:
    assert main(["--root", str(project), "stats"]) == 0
    out = capsys.readouterr().out
    for line in ("entries: 3 valid of 5 files",
                 "  windows                  2",
                 "  macos                    0",
                 "  entries complete         2 of 3 valid",
                 "  guides complete          1 of 2",
                 "    content/guides/en/安装.md",
                 "    content/entries/linux/d.yaml",
                 "  without verify command     1  b",
                 "error codes claimed by more than one entry: 2",
                 "  0x1: a, c",
                 "  ABC: a, b"):
        assert line in out.splitlines()


def test_stats_of_the_real_content_count_every_entry_file() -> None:
    from conftest import REPO

    from kb_builder.check.stats import compute_stats
    from kb_builder.config import load_config
    from kb_builder.content.project import load_project

    project = load_project(load_config(REPO))
    stats = compute_stats(project)
    assert stats["files"]["entries"] == len(list((REPO / "content/entries").rglob("*.yaml")))
    assert sum(stats["by_status"].values()) == stats["files"]["valid"]
