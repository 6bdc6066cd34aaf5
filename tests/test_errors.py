"""The exception policy of `kb` (kb_builder/errors.py): expected failures are one clear line and
exit 1 or 2; anything else is a bug, said in one line (exit 3), whose traceback `--verbose` shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from kb_builder.cli import main
from kb_builder.commands import check as check_command
from kb_builder.snippets import shellcheck

BUG_HINT = "  hint: run 'kb --verbose {command} ...' to see where it happened, and report it\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "site-project", tmp_path / "p")


def _failing_shellcheck(folder: Path) -> Path:
    script = folder / "shellcheck"
    script.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "version: 0.0.1"; exit 0; fi\n'
                      'echo "shellcheck: out of memory" >&2\nexit 3\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_failing_shellcheck_is_one_line_and_exit_1(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    script = _failing_shellcheck(tmp_path)
    monkeypatch.setattr(shellcheck, "shellcheck_binary", lambda: str(script))
    assert main(["--root", str(project), "check"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"kb check: shellcheck ({script}) failed with exit code 3: shellcheck: out of memory\n")


def test_a_shellcheck_that_cannot_run_is_one_line_and_exit_1(project: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "shellcheck"
    script.write_text("not a program\n", encoding="utf-8")  # not executable
    monkeypatch.setattr(shellcheck, "shellcheck_binary", lambda: str(script))
    assert main(["--root", str(project), "check"]) == 1
    assert capsys.readouterr().err == f"kb check: shellcheck ({script}) could not run: Permission denied\n"


def _raise(error: Exception):  # noqa: ANN202
    def run(*args: object, **kwargs: object) -> int:
        raise error
    return run


def test_an_unexpected_exception_is_called_a_bug_with_a_hint(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(check_command, "check", _raise(KeyError("steps")))
    assert main(["--root", str(project), "check"]) == 3
    out, err = capsys.readouterr()
    assert (out, err) == ("", "kb check: internal error (a bug in kb): KeyError: 'steps'\n"
                              + BUG_HINT.format(command="check"))


def test_verbose_shows_the_traceback_of_a_bug(project: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(check_command, "check", _raise(KeyError("steps")))
    assert main(["--root", str(project), "--verbose", "check"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("KeyError: 'steps'\nkb check: internal error (a bug in kb): KeyError: 'steps'\n")


def test_kb_build_no_longer_swallows_a_bug(project: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import kb_builder.site.languages as languages

    monkeypatch.setattr(languages, "build_site", _raise(TypeError("_fence() takes 4 positional arguments")))
    assert main(["--root", str(project), "build"]) == 3
    assert capsys.readouterr().err == ("kb build: internal error (a bug in kb): TypeError: _fence() takes 4 "
                                       "positional arguments\n" + BUG_HINT.format(command="build"))


def test_kb_build_reports_an_aborted_build_in_one_line(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import kb_builder.site.languages as languages

    monkeypatch.setattr(languages, "build_site", _raise(languages.Abort("Aborted with 2 warnings in strict mode!")))
    assert main(["--root", str(project), "build"]) == 1
    assert capsys.readouterr().err.endswith("kb build: Aborted with 2 warnings in strict mode!\n")


@pytest.mark.parametrize("args, message", [
    (["check", "no/such/file.yaml"], "kb check: no such file: no/such/file.yaml\n"),
    (["diagnose", "--top", "0", "x"],
     "kb diagnose: give the error text as an argument, with --file, or on standard input; --top >= 1\n"),
    (["diagnose", "--file", "no-such.log"], "kb diagnose: [Errno 2] No such file or directory: 'no-such.log'\n"),
])
def test_usage_errors_are_one_line_and_exit_2(project: Path, args: list[str], message: str,
                                              monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    assert main(args) == 2
    assert capsys.readouterr() == ("", message)


def test_mkdocs_build_stops_on_a_wrong_setting_without_a_traceback(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  kb:\n", "\n  kb:\n    search_engine: 7\n", 1),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("mkdocs.yml:94:20: error [invalid-setting] extra.kb.search_engine must be one of: lunr, chunked, "
            "pagefind; not an integer") in result.stderr
