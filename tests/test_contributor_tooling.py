"""CI and pre-commit conventions, and the GitHub annotation format they rely on.

The workflow cannot run here; these tests pin what can be read from its files. The escaping
rules are those of GitHub's workflow commands (and of actions/toolkit's `escapeData` and
`escapeProperty`): in data `%`, CR and LF; in properties also `:` and `,`.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.check.report import format_github
from kb_builder.cli import main


def _unescape(text: str) -> str:
    """What the runner reads back (the inverse of GitHub's escaping)."""
    return re.sub(r"%([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), text)


def test_github_annotations_escape_percent_and_line_breaks_in_the_message() -> None:
    d = Diagnostic("content/entries/a.yaml", 3, 5, "raw-html", Severity.ERROR, "100% sure\r\nsecond line", "fix: it")
    assert format_github([d]) == (
        "::error file=content/entries/a.yaml,line=3,col=5,title=raw-html::100%25 sure%0D%0Asecond line%0Ahint: fix: it\n"
    )


def test_github_annotations_escape_colon_and_comma_in_properties_only() -> None:
    d = Diagnostic("content/entries/a,b:c%.yaml", 1, 1, "rule:x,y", Severity.WARNING, "a: b, c")
    line = format_github([d])
    assert line == "::warning file=content/entries/a%2Cb%3Ac%25.yaml,line=1,col=1,title=rule%3Ax%2Cy::a: b, c\n"
    properties, message = line.rstrip("\n").removeprefix("::warning ").split("::", 1)
    parsed = dict(item.split("=", 1) for item in properties.split(","))  # as the runner splits them
    assert _unescape(parsed["file"]) == "content/entries/a,b:c%.yaml"
    assert _unescape(parsed["title"]) == "rule:x,y"
    assert _unescape(message) == "a: b, c"


def test_github_annotations_map_every_severity_and_print_nothing_for_no_problems() -> None:
    rows = [Diagnostic("f", 1, 1, "r", severity, "m") for severity in Severity]
    assert [line.split(" ")[0] for line in format_github(rows).splitlines()] == ["::notice", "::warning", "::error"]
    assert format_github([]) == ""


def _workflow() -> dict:
    # BaseLoader keeps `on` a string key (YAML 1.1 would read it as true).
    return yaml.load((REPO / ".github/workflows/ci.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_the_workflow_runs_make_test_on_pushes_and_pull_requests() -> None:
    workflow = _workflow()
    assert {"push", "pull_request"} <= set(workflow["on"])
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "make test" in runs
    assert "if" not in workflow["jobs"]["test"]


def test_the_workflow_annotates_pull_requests_with_kb_check() -> None:
    steps = _workflow()["jobs"]["test"]["steps"]
    check = next(step for step in steps if step.get("run") == "make check")
    assert check["if"] == "github.event_name == 'pull_request'"
    assert "$(BIN)/kb check" in (REPO / "Makefile").read_text(encoding="utf-8")  # GITHUB_ACTIONS picks github


def test_the_workflow_builds_and_deploys_pages_only_from_main_with_the_official_actions() -> None:
    jobs = _workflow()["jobs"]
    main_push = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert jobs["build"]["if"] == main_push and jobs["deploy"]["if"] == main_push
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    uses = [step.get("uses", "").split("@")[0] for step in jobs["build"]["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    assert "make build" in [step.get("run") for step in jobs["build"]["steps"]]
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for name, job in jobs.items():
        if name != "deploy":
            assert "permissions" not in job, f"{name} must keep the read-only default"


@pytest.mark.parametrize("config_file", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hooks_run_kb_check_on_changed_entries_and_guides_only(config_file: str) -> None:
    data = yaml.safe_load((REPO / config_file).read_text(encoding="utf-8"))
    hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "kb-check")
    assert hook["entry"].endswith("kb check") and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for path in ("content/entries/windows/x.yaml", "content/entries/linux/y.yml", "content/guides/zh/a.md",
                 "content/guides/en/sub/b.md"):
        assert files.search(path), path
    for path in ("kb_builder/site/events.py", "content/entries/README.md", "mkdocs.yml", "docs/content/entries/x.yaml"):
        assert not files.search(path), path


def test_the_local_hook_uses_the_projects_own_kb() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["repo"] == "local"
    assert config["repos"][0]["hooks"][0]["entry"] == ".venv/bin/kb check"


def test_checking_one_real_file_is_quick_and_reports_only_that_file(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    started = time.monotonic()
    assert main(["check", "content/entries/windows/cpu-without-slat.yaml"]) == 0
    elapsed = time.monotonic() - started
    assert capsys.readouterr().out == ""
    assert elapsed < 10, f"kb check of one file took {elapsed:.1f}s"


CONTRIBUTING = [REPO / "CONTRIBUTING.md", REPO / "CONTRIBUTING.zh.md"]


@pytest.mark.parametrize("guide", CONTRIBUTING, ids=[p.name for p in CONTRIBUTING])
def test_the_contributing_example_entry_passes_the_schema(guide: Path, tmp_path: Path) -> None:
    from kb_builder.content.entry_schema import check_entry
    from kb_builder.content.yamlsource import load_yaml

    example = re.search(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.DOTALL).group(1)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    document, problems = load_yaml(path, "example.yaml")
    assert problems == [] and check_entry(document) == []
    assert set(document.data) >= {"id", "messages", "steps", "verify", "references", "distinguish", "notes"}


@pytest.mark.parametrize("guide", CONTRIBUTING, ids=[p.name for p in CONTRIBUTING])
def test_the_contributing_guide_names_only_rules_that_exist_and_the_commands_to_run(guide: Path) -> None:
    from kb_builder.rules import all_rule_ids

    text = guide.read_text(encoding="utf-8")
    rules_section = text.split("\n## ")[-1]
    named = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", rules_section)) - {"yaml-*"}
    assert named and named <= set(all_rule_ids()), named - set(all_rule_ids())
    for command in ("kb new", "kb check", "kb rules", "kb stats", "make serve", "make test"):
        assert f"`{command}" in text, command
