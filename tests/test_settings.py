"""Settings of `extra.kb`: each wrong one is a diagnostic at its place in mkdocs.yml, exit code 2.

A case is a file of tests/fixtures/settings/: the mkdocs.yml to read and the exact text `kb`
prints for it (empty: the settings are right). Every command that reads the settings says the
same, and none of them gets further.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb_builder.cli import main
from kb_builder.config import ConfigError, config_from_mapping, load_config

REPO = Path(__file__).resolve().parent.parent
CASES = sorted((Path(__file__).parent / "fixtures/settings").glob("*.yaml"))
COMMANDS = (["check"], ["build"], ["diagnose", "Cannot connect to the Docker daemon"], ["serve"])


def _case(path: Path, tmp_path: Path) -> tuple[Path, str]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    (tmp_path / "mkdocs.yml").write_text(case["mkdocs.yml"], encoding="utf-8")
    return tmp_path, case["expected"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_load_config_reports_exactly_the_fixtures_problems(path: Path, tmp_path: Path) -> None:
    root, expected = _case(path, tmp_path)
    if not expected:
        load_config(root)
        return
    with pytest.raises(ConfigError) as error:
        load_config(root)
    assert str(error.value) + "\n" == expected


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("path", [p for p in CASES if p.stem != "valid-settings"],
                         ids=[p.stem for p in CASES if p.stem != "valid-settings"])
def test_every_command_prints_the_problems_and_exits_2(path: Path, command: list[str], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root, expected = _case(path, tmp_path)
    assert main(["--root", str(root), *command]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", expected)


def test_the_projects_own_settings_are_right() -> None:
    config = load_config(REPO)
    assert config.language_codes[0] == "zh" and config.entries_dir == "content/entries"


def test_settings_given_as_data_are_checked_the_same_way(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        config_from_mapping(tmp_path, {"search_engine": "algolia", "entries_dir": 5})
    assert str(error.value) == (
        "mkdocs.yml:1:1: error [invalid-setting] extra.kb.entries_dir must be a folder relative to mkdocs.yml, "
        "not an integer\n  hint: e.g. 'content/entries'\n"
        "mkdocs.yml:1:1: error [invalid-setting] extra.kb.search_engine is 'algolia', expected one of: "
        "lunr, chunked, pagefind")


def test_a_missing_mkdocs_yml_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path), "check"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"kb: {tmp_path / 'mkdocs.yml'}: No such file")
