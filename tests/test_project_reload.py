"""A project loaded again after some files changed (`kb serve` after a save) is the project a
first load of the same files gives, and keeps the entries of the files that did not change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import minimal_entry, write_project

from kb_builder.config import load_config
from kb_builder.content import project as project_module
from kb_builder.content.project import Project, load_project


def _first_load(root: Path) -> Project:
    project_module._last_loaded = None
    return load_project(load_config(root))


def _comparable(project: Project) -> tuple:
    return (project.entries, project.guides, sorted(project.diagnostics, key=repr), project.entry_files,
            project.file_digests, {e.id: project.entry_source(e) for e in project.entries})


def _touch_later(path: Path) -> None:
    """A save that keeps the size: the reload must see the mtime move (a coarse clock may not)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


CHANGES = {
    "edit": lambda root: (root / "content/entries/b.yaml").write_text(
        minimal_entry("b").replace("en: Title", "en: Edited title"), encoding="utf-8"),
    "same size": lambda root: ((root / "content/entries/b.yaml").write_text(
        minimal_entry("b").replace("en: Title", "en: Eltit"), encoding="utf-8"),
        _touch_later(root / "content/entries/b.yaml")),
    "add": lambda root: (root / "content/entries/d.yaml").write_text(minimal_entry("d"), encoding="utf-8"),
    "delete": lambda root: (root / "content/entries/b.yaml").unlink(),
    "rename": lambda root: ((root / "content/entries/b.yaml").unlink(),
                            (root / "content/entries/e.yaml").write_text(minimal_entry("e"), encoding="utf-8")),
    "break": lambda root: (root / "content/entries/b.yaml").write_text("id: [b\n", encoding="utf-8"),
    "guide": lambda root: (root / "content/guides/en/start.md").write_text("# Started\n", encoding="utf-8"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_reload_equals_a_first_load_and_keeps_unchanged_entries(tmp_path: Path, change: str) -> None:
    root = write_project(tmp_path / "p", {
        **{f"content/entries/{name}.yaml": minimal_entry(name) for name in ("a", "b", "c")},
        "content/guides/zh/start.md": "# 开始\n", "content/guides/en/start.md": "# Start\n"})
    before = _first_load(root)
    CHANGES[change](root)
    reloaded = load_project(load_config(root))
    kept = {e.id: e for e in before.entries}
    assert reloaded is not before
    assert _comparable(reloaded) == _comparable(_first_load(root))
    # The entries of untouched files are the same objects, so what was made from them stays valid.
    for entry in reloaded.entries:
        if entry.source_path != "content/entries/b.yaml" and entry.id in kept:
            assert entry is kept[entry.id]


def test_a_project_whose_texts_a_build_released_checks_and_reloads_as_before(tmp_path: Path) -> None:
    from kb_builder.check.runner import check_project, release_check_state

    broken_link = minimal_entry("b").replace(  # its diagnostics point inside the file's text
        "symptoms: {zh: 症状, en: Symptoms}", 'symptoms: {zh: "症状 [x](gone.md)", en: "Symptoms [x](gone.md)"}')
    root = write_project(tmp_path / "p", {
        "content/entries/a.yaml": minimal_entry("a"), "content/entries/b.yaml": broken_link,
        "content/guides/zh/start.md": "# 开始\n", "content/guides/en/start.md": "# Start\n"})
    project = _first_load(root)
    sources = {e.id: project.entry_source(e) for e in project.entries}
    found = check_project(project, remember=True)
    assert any(d.rule == "broken-link" for d in found)
    release_check_state(project)
    assert project._sources == {}
    assert {e.id: project.entry_source(e) for e in project.entries} == sources
    assert check_project(project, remember=True) == found
    CHANGES["edit"](root)
    assert _comparable(load_project(load_config(root))) == _comparable(_first_load(root))
