"""`kb new`: a scaffold that `kb check` rejects until filled, and accepts once it is."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, write_project

from kb_builder.check import report
from kb_builder.check.runner import check
from kb_builder.cli import main
from kb_builder.config import load_config
from kb_builder.content.project import load_project
from kb_builder.content.scaffold import PLACEHOLDER

EXISTING = """\
# yaml-language-server: $schema=../../../kb_builder/schema/entry.schema.json
id: bios-virtualization-disabled
status: draft
platforms: [windows]
components: [virtualization]
error_codes: ["0x80370102"]
signatures: [virtualization is disabled]
title: {zh: 固件中未开启虚拟化, en: Virtualization is off in the firmware}
symptoms: {zh: 症状, en: Symptoms}
messages: [{lang: en-US, text: Error text}]
cause: {zh: 原因, en: Cause}
steps: [{text: {zh: 步骤, en: Step}}]
verify: {text: {zh: 检查, en: Check}}
references: [{title: Doc, url: "https://example.com/"}]
updated: "2026-11-29"
"""

# What a contributor writes in place of each placeholder, by the key it stands under.
_FILLINGS = {
    "zh": "在 PowerShell 中运行下面的命令，然后重启电脑。",
    "en": "Run the command below in PowerShell, then restart the computer.",
    "source": "wsl.exe",
    "text": "The virtual machine could not be started.",
    "run": "wsl --update",
    "title": "Install WSL | Microsoft Learn",
    "url": "https://learn.microsoft.com/en-us/windows/wsl/install",
    "": "The virtual machine could not be started",  # a list item: the signature
}
_PLACEHOLDER_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?:(?P<key>\w+): )?(?P<value>.*TODO\(kb-new\).*)$")


_COMMENTED_COMMAND = re.compile(r"^(?P<lead>\s*)# (?P<rest>command:|  shell: |  run: )")


def _fill(text: str) -> str:
    """Replace every placeholder as a contributor would (a real value of the right kind), and add the commands."""
    lines = []
    for line in text.splitlines():
        line = _COMMENTED_COMMAND.sub(r"\g<lead>\g<rest>", line)
        if line.lstrip().startswith("run: "):
            line = line.split("run: ")[0] + "run: " + _FILLINGS["run"]
        match = _PLACEHOLDER_LINE.match(line)
        if match:
            key = match.group("key") or ""
            line = f"{match.group('lead')}{key + ': ' if key else ''}{_FILLINGS[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project holding the schema (as this repository does) and one entry; cwd is its root."""
    root = write_project(tmp_path / "project", {"content/entries/windows/bios-virtualization-disabled.yaml": EXISTING})
    (root / "kb_builder/schema").mkdir(parents=True)
    shutil.copy(REPO / "kb_builder/schema/entry.schema.json", root / "kb_builder/schema/entry.schema.json")
    monkeypatch.chdir(root)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: flags only
    return root


def _check(root: Path, *paths: str) -> str:
    return report.format_text(check(load_config(root), list(paths) or None))


def test_a_new_entry_is_rejected_at_every_placeholder_until_filled_then_passes(project: Path, capsys) -> None:
    assert main(["new", "--id", "wsl-kernel-too-old", "--platform", "windows", "--component", "wsl",
                 "--component", "docker-desktop", "--code", "0x8007019e"]) == 0
    target = project / "content/entries/windows/wsl-kernel-too-old.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../kb_builder/schema/entry.schema.json\n")

    diagnostics = check(load_config(project))
    placeholder_lines = [n for n, line in enumerate(text.splitlines(), 1) if PLACEHOLDER in line]
    assert len(placeholder_lines) >= 15  # both languages of every text, commands and the reference
    assert [(d.path, d.line, d.rule, str(d.severity)) for d in diagnostics] == [
        ("content/entries/windows/wsl-kernel-too-old.yaml", line, "unfilled-scaffold", "error")
        for line in placeholder_lines
    ]
    assert "placeholder left by 'kb new': TODO(kb-new): the problem as a reader would name it (one line)" in \
        _check(project)

    filled = _fill(text)
    assert filled.count("run: wsl --update") == 2 and "shell: powershell" in filled  # commands uncommented
    target.write_text(filled, encoding="utf-8")
    assert _check(project) == ""


def test_a_new_entry_prints_where_it_is_and_what_to_do_next(project: Path, capsys) -> None:
    main(["new", "--id", "docker-group-missing", "--platform", "linux", "--component", "permissions"])
    out = capsys.readouterr().out
    assert out.splitlines()[:5] == [
        "created content/entries/linux/docker-group-missing.yaml",
        "next:",
        "  1. replace every TODO(kb-new) text, in Chinese and in English (field guide: CONTRIBUTING.md)",
        "  2. kb check content/entries/linux/docker-group-missing.yaml   (repeat until it prints 'no problems found')",
        "  3. make serve, then open http://127.0.0.1:8000/entries/docker-group-missing/ "
        "(English: http://127.0.0.1:8000/en/entries/docker-group-missing/)",
    ]
    text = (project / "content/entries/linux/docker-group-missing.yaml").read_text(encoding="utf-8")
    assert "#   shell: bash" in text and "powershell" not in text


def test_the_group_flag_chooses_the_folder_and_the_schema_path_follows_it(project: Path) -> None:
    assert main(["new", "--id", "proxy-blocks-pull", "--platform", "linux", "--component", "network",
                 "--group", "network"]) == 0
    text = (project / "content/entries/network/proxy-blocks-pull.yaml").read_text(encoding="utf-8")
    assert "schema-reference" not in _check(project)
    assert text.splitlines()[0].endswith("$schema=../../../kb_builder/schema/entry.schema.json")


def test_a_code_already_claimed_makes_the_scaffold_relate_and_distinguish(project: Path, capsys) -> None:
    main(["new", "--id", "vmp-disabled", "--platform", "windows", "--component", "wsl", "--code", "0x80370102"])
    out = capsys.readouterr().out
    assert "note: Error code '0x80370102' is also in: bios-virtualization-disabled." in out
    assert "Also add 'vmp-disabled' to 'related' of those entries." in out
    path = project / "content/entries/windows/vmp-disabled.yaml"
    text = path.read_text(encoding="utf-8")
    assert "related: [bios-virtualization-disabled]" in text and "\ndistinguish:\n" in text
    path.write_text(_fill(text), encoding="utf-8")
    assert _check(project, str(path)) == ""  # the new entry is complete; the old one must still relate back


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "bios-virtualization-disabled", "--platform", "windows", "--component", "wsl"],
     "kb new: an entry with id 'bios-virtualization-disabled' already exists: "
     "content/entries/windows/bios-virtualization-disabled.yaml; choose another id, or edit that entry\n"),
    (["--id", "WSL_Kernel", "--platform", "windows", "--component", "wsl"],
     "kb new: invalid id 'WSL_Kernel': use lower-case letters, digits and single hyphens, at most 80 characters "
     "(for example 'wsl-kernel')\n"),
    (["--id", "x-y", "--platform", "widows", "--component", "wsl"],
     "kb new: --platform 'widows' is not one of: windows, linux, macos; did you mean 'windows'?\n"),
    (["--id", "x-y", "--platform", "windows", "--component", "wsl", "--code", "0x8007 019e"],
     "kb new: --code '0x8007 019e' must be one word (no spaces) of 2 to 200 characters; "
     "give each form of the code as its own --code\n"),
    (["--id", "x-y"], "kb new: missing --platform, --component (or run 'kb new' in a terminal to be asked)\n"),
])
def test_bad_answers_exit_2_with_a_clear_message_and_write_nothing(project: Path, capsys, args, message) -> None:
    def content_files() -> list[Path]:  # .cache/ holds what kb learnt while reading: not content
        return sorted(p.relative_to(project) for p in project.rglob("*") if ".cache" not in p.parts)

    before = content_files()
    assert main(["new", *args]) == 2
    assert capsys.readouterr().err == message
    assert content_files() == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_terminal_missing_answers_are_asked_and_wrong_ones_asked_again(project: Path, monkeypatch,
                                                                              capsys) -> None:
    answers = iter(["Bad Id", "hyperv-off", "windows", "hyper-v, virtualisation", "hyper-v virtualization",
                    "0x80370102 80370102", ""])
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert main(["new"]) == 0
    text = (project / "content/entries/windows/hyperv-off.yaml").read_text(encoding="utf-8")
    assert "components: [hyper-v, virtualization]" in text
    assert 'error_codes: ["0x80370102", "80370102"]' in text
    err = capsys.readouterr().err
    assert "invalid id 'Bad Id'" in err and "did you mean 'virtualization'?" in err


def test_flags_given_in_a_terminal_are_not_asked_again(project: Path, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail(f"asked: {prompt}"))
    assert main(["new", "--id", "a-b", "--platform", "macos", "--component", "docker-desktop"]) == 0
    assert (project / "content/entries/macos/a-b.yaml").is_file()


def test_the_versions_the_scaffold_suggests_pass_once_uncommented(project: Path) -> None:
    assert main(["new", "--id", "wsl-kernel-too-old", "--platform", "windows", "--component", "wsl"]) == 0
    target = project / "content/entries/windows/wsl-kernel-too-old.yaml"
    lines = _fill(target.read_text(encoding="utf-8")).splitlines()
    start = lines.index("# applies_to:")
    lines[start:start + 3] = [line.removeprefix("# ") for line in lines[start:start + 3]]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _check(project) == ""
    entry = load_project(load_config(project)).entries_by_id()["wsl-kernel-too-old"]
    assert [(r.product, r.versions) for r in entry.applies_to] == [("docker_desktop", ">=4.30"), ("ubuntu", ">=24.04")]
