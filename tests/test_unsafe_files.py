"""Paths that are not files, named like entries or guides: a diagnostic within seconds, exit 1.

A FIFO waits for a writer forever when opened for reading; a link to /dev/zero reads without end;
a socket cannot be opened; a link loop fails to resolve. kb_builder.content.rawtext refuses each
before it reads a byte, and nothing else opens content files (the caches take the loader's digests).
Each case runs `kb check` as a user does, twice (the second run goes through the caches).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, write_project

KB = [sys.executable, "-m", "kb_builder"]
ENTRY = "content/entries/windows/x.yaml"
GUIDE = "content/guides/zh/x.md"


def _minimal_entry() -> str:
    fixture = yaml.safe_load((FIXTURES / "checks" / "valid--minimal-entry.yaml").read_text(encoding="utf-8"))
    return fixture["files"]["content/entries/windows/sample.yaml"]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    os.symlink("/dev/zero", path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def _loop(path: Path) -> None:
    os.symlink(path.name, path)


MAKERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "a named pipe (FIFO)"),
    "symlink to /dev/zero": (_dev_zero, "a symbolic link"),
    "socket": (_socket, "a socket"),
    "symlink loop": (_loop, "a symbolic link"),
}
KINDS = {"entry": (ENTRY, "yaml-not-a-file"), "guide": (GUIDE, "guide-not-a-file")}


def _project(tmp_path: Path, kind: str, make: Callable[[Path], None]) -> Path:
    files = {"content/entries/windows/sample.yaml": _minimal_entry(), "content/guides/en/x.md": "# X\n"}
    root = write_project(tmp_path / "p", files)
    path, _rule = KINDS[kind]
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    make(root / path)
    return root


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("case", sorted(MAKERS))
def test_a_path_that_is_not_a_regular_file_ends_in_a_diagnostic(tmp_path: Path, kind: str, case: str) -> None:
    make, what = MAKERS[case]
    root = _project(tmp_path, kind, make)
    path, rule = KINDS[kind]
    for _run in range(2):
        result = subprocess.run([*KB, "check"], cwd=root, capture_output=True, text=True, timeout=20)
        assert "Traceback" not in result.stdout + result.stderr
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"{path}:1:1: error [{rule}] not a regular file: {what}" in result.stdout.splitlines()


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("case", sorted(MAKERS))
def test_naming_such_a_path_on_the_command_line_reports_it_too(tmp_path: Path, kind: str, case: str) -> None:
    make, what = MAKERS[case]
    root = _project(tmp_path, kind, make)
    path, rule = KINDS[kind]
    result = subprocess.run([*KB, "check", path], cwd=root, capture_output=True, text=True, timeout=20)
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == f"{path}:1:1: error [{rule}] not a regular file: {what}"


def test_a_guide_behind_a_linked_folder_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("# X\n", encoding="utf-8")
    root = write_project(tmp_path / "p", {"content/guides/en/x.md": "# X\n"})
    os.symlink(outside, root / "content/guides/zh")
    result = subprocess.run([*KB, "check"], cwd=root, capture_output=True, text=True, timeout=20)
    # rglob does not descend into a linked folder, so the guide is simply not found; a direct
    # read through read_content is refused all the same:
    from kb_builder.content.rawtext import Refusal, read_content

    assert "Traceback" not in result.stdout + result.stderr
    refused = read_content(root / "content/guides/zh/x.md", root, 1 << 20)
    assert isinstance(refused, Refusal) and refused.what.startswith("outside the project")


def test_the_size_limit_holds_before_the_read(tmp_path: Path) -> None:
    from kb_builder.content.rawtext import Refusal, read_content

    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(10 * 1024 * 1024 * 1024)  # a sparse 10 GiB file: reading it would take minutes
    assert read_content(big, tmp_path, 1 << 20) == Refusal("too-large", f"{10 * 1024 ** 3} bytes")


def test_each_content_file_is_opened_once_by_a_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb_builder.check.runner import check
    from kb_builder.config import load_config
    from kb_builder.content import project as project_module
    from kb_builder.content import rawtext

    root = write_project(tmp_path / "p", {"content/entries/windows/sample.yaml": _minimal_entry(),
                                          "content/guides/zh/x.md": "# 指南\n", "content/guides/en/x.md": "# X\n"})
    opened: list[str] = []
    real_open = os.open

    def counting_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202
        if str(path).startswith(str(root / "content")):
            opened.append(Path(path).relative_to(root).as_posix())
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(rawtext.os, "open", counting_open)
    real_read_bytes = Path.read_bytes

    def no_direct_reads(self: Path) -> bytes:
        assert not str(self).startswith(str(root / "content")), f"{self} read outside rawtext"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", no_direct_reads)
    for _run in range(2):  # the second run answers from the caches
        project_module._last_loaded = None
        opened.clear()
        assert check(load_config(root)) == []
        assert sorted(opened) == ["content/entries/windows/sample.yaml", "content/guides/en/x.md",
                                  "content/guides/zh/x.md"]
