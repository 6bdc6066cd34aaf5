"""Every file in fixtures/checks/ is one case: a small project and the exact `kb check` output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, write_project

from kb_builder.check import report
from kb_builder.check.cache import CACHE_FILE
from kb_builder.check.runner import check, check_project
from kb_builder.config import load_config
from kb_builder.content.project import load_project

CASES = sorted((FIXTURES / "checks").glob("*.yaml"))


class _LiteralDumper(yaml.SafeDumper):
    pass


_LiteralDumper.add_representer(
    str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_check_output_matches_the_fixture(case: Path, tmp_path: Path, update_goldens: bool) -> None:
    fixture = yaml.safe_load(case.read_text(encoding="utf-8"))
    root = write_project(tmp_path / "project", fixture["files"])
    output = report.format_text(check(load_config(root)))
    if update_goldens:
        fixture["expected"] = output
        header = case.read_text(encoding="utf-8").split("\n", 1)[0]
        case.write_text(header + "\n" + yaml.dump(fixture, Dumper=_LiteralDumper, allow_unicode=True,
                                                  sort_keys=False, width=200), encoding="utf-8")
    assert output == fixture.get("expected", "")


def test_every_rule_has_a_fixture() -> None:
    from kb_builder.rules import all_rule_ids

    covered = {case.stem.split("--")[0] for case in CASES}
    untested = {"yaml-encoding", "yaml-not-a-file", "yaml-too-deep", "yaml-complex-key", "file-too-large",
                "text-length", "schema", "guide-encoding", "guide-front-matter", "guide-not-a-file"}
    # Those are covered by test_loader.py, test_hardening_yaml.py and test_unsafe_files.py, which can write
    # bytes, links, pipes and huge files.
    assert set(all_rule_ids()) - covered - untested == set()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_a_check_of_one_file_finds_what_the_whole_check_finds_in_it(case: Path, tmp_path: Path) -> None:
    # Rules that read only the named files must lose nothing that concerns those files (run
    # afresh: the one-file rules' cache, tested below, would answer from the first run).
    root = write_project(tmp_path / "project", yaml.safe_load(case.read_text(encoding="utf-8"))["files"])
    project = load_project(load_config(root))
    everything = check_project(project)
    for path in sorted({d.path for d in everything}):
        alone = [d for d in check_project(project, frozenset([path])) if d.path == path]
        assert alone == [d for d in everything if d.path == path], path


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_a_second_check_remembers_exactly_what_a_fresh_check_finds(case: Path, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", yaml.safe_load(case.read_text(encoding="utf-8"))["files"])
    config = load_config(root)
    fresh = check_project(load_project(config))
    first, second = check(config), check(config)
    assert (root / CACHE_FILE).is_file()
    assert first == fresh and second == fresh


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_the_rules_split_over_two_processes_find_exactly_what_one_process_finds(
        case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A large project (PARALLEL_MIN_FILES) runs the command-snippet rules in a forked process.
    import kb_builder.rules as rules
    from kb_builder.util import parallel

    if not parallel.can_fork():
        pytest.skip("one core, or no fork: the rules always run in one process here")
    root = write_project(tmp_path / "project", yaml.safe_load(case.read_text(encoding="utf-8"))["files"])
    project = load_project(load_config(root))
    alone = sorted(rules.run_file_rules(project), key=repr)
    monkeypatch.setattr(rules, "PARALLEL_MIN_FILES", 0)
    assert sorted(rules.file_rules_on_two_cores(project), key=repr) == alone
