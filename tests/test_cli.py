"""`kb` as a contributor runs it: exit codes, output formats, partial checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

BROKEN = {"status: draft": "status: drft", "platforms: [linux]": "platforms: linux"}


def kb(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    return subprocess.run([sys.executable, "-m", "kb_builder", *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "site-project", tmp_path / "p")


@pytest.fixture
def broken_project(project: Path) -> Path:
    entry = project / "content/entries/linux/docker-sock-denied.yaml"
    text = entry.read_text(encoding="utf-8")
    for old, new in BROKEN.items():
        text = text.replace(old, new)
    entry.write_text(text, encoding="utf-8")
    other = project / "content/entries/windows/wsl-virtual-machine-platform-disabled.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("symptoms:", "symptom:"), encoding="utf-8")
    return project


def test_check_of_clean_content_exits_0_and_says_so(project: Path) -> None:
    result = kb("check", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "no problems found\n")


def test_check_prints_every_problem_of_every_file_sorted_and_exits_1(broken_project: Path) -> None:
    result = kb("check", cwd=broken_project)
    assert result.returncode == 1
    assert result.stdout == (
        "content/entries/linux/docker-sock-denied.yaml:3:9: error [invalid-value] status is 'drft', expected one of: "
        "draft, validated, archived\n"
        "  hint: did you mean 'draft'?\n"
        "content/entries/linux/docker-sock-denied.yaml:4:12: error [wrong-type] platforms must be a list, not text\n"
        "content/entries/windows/wsl-virtual-machine-platform-disabled.yaml:2:1: error [missing-key] missing required "
        "key 'symptoms'\n"
        "  hint: symptoms: What the reader sees.\n"
        "content/entries/windows/wsl-virtual-machine-platform-disabled.yaml:22:1: error [unknown-key] unknown key "
        "'symptom'\n"
        "  hint: did you mean 'symptoms'?\n"
        "4 errors, 0 warnings\n"
    )


def test_json_format_gives_one_object_per_problem(broken_project: Path) -> None:
    result = kb("check", "--format", "json", cwd=broken_project)
    problems = json.loads(result.stdout)
    assert result.returncode == 1
    assert problems[0] == {"file": "content/entries/linux/docker-sock-denied.yaml", "line": 3, "col": 9,
                           "severity": "error", "rule": "invalid-value",
                           "message": "status is 'drft', expected one of: draft, validated, archived",
                           "hint": "did you mean 'draft'?"}
    assert len(problems) == 4


def test_github_format_is_chosen_on_github_actions(broken_project: Path) -> None:
    result = kb("check", cwd=broken_project, env={"GITHUB_ACTIONS": "true"})
    first = result.stdout.splitlines()[0]
    assert first == ("::error file=content/entries/linux/docker-sock-denied.yaml,line=3,col=9,title=invalid-value::"
                     "status is 'drft', expected one of: draft, validated, archived%0Ahint: did you mean 'draft'?")


def test_check_of_one_file_reports_only_that_file(broken_project: Path) -> None:
    result = kb("check", "content/entries/linux/docker-sock-denied.yaml", cwd=broken_project)
    assert result.returncode == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")} == {
        "content/entries/linux/docker-sock-denied.yaml", "2 errors, 0 warnings"}


@pytest.mark.parametrize("args", [("check", "--format", "xml"), ("frobnicate",), ("check", "no/such/file.yaml")])
def test_usage_errors_exit_2_without_a_traceback(project: Path, args: tuple[str, ...]) -> None:
    result = kb(*args, cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr


def test_outside_a_project_kb_says_where_it_looked(tmp_path: Path) -> None:
    result = kb("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"kb: no mkdocs.yml in {tmp_path} or any folder above it\n"


def test_rules_lists_every_rule_id(project: Path) -> None:
    from kb_builder.links.external import RULE as EXTERNAL_LINK
    from kb_builder.rules import all_rule_ids

    listed = [line.split()[0] for line in kb("rules", cwd=project).stdout.splitlines()]
    assert listed == sorted([*all_rule_ids(), EXTERNAL_LINK])  # and the one rule of 'kb links --online'
