"""kb_builder.util.atomic: the one way the caches are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_builder.util.atomic import write_atomically


def test_text_and_bytes_are_written_whole_into_a_new_folder(tmp_path: Path) -> None:
    write_atomically(tmp_path / "a/b/cache.json", "{\"键\": 1}\n")
    write_atomically(tmp_path / "a/b/cache.bin", b"\x00\x01")
    assert (tmp_path / "a/b/cache.json").read_text(encoding="utf-8") == "{\"键\": 1}\n"
    assert (tmp_path / "a/b/cache.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in (tmp_path / "a/b").iterdir()) == ["cache.bin", "cache.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "cache"
    target.mkdir()  # os.replace cannot put a file over a folder
    (target / "inside").write_text("old\n", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomically(target, "new\n")
    assert [p.name for p in tmp_path.iterdir()] == ["cache"]
    assert (target / "inside").read_text(encoding="utf-8") == "old\n"
