"""Builds that are killed part-way publish nothing half-written; two builds of one commit are identical.

A failed build leaving the last good site in place is tested in test_build.py.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, copy_project

from kb_builder.site.publish import PREVIOUS_SUFFIX, STAGING_SUFFIX, recover_interrupted_build

KB_BUILD = [sys.executable, "-m", "kb_builder", "build"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return {**env, **extra}


def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _add_generated_entries(root: Path, count: int) -> None:
    """`count` valid entries, copies of a fixture entry with their own ids, so a build takes seconds."""
    source = root / "content/entries/linux/docker-sock-denied.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    folder = root / "content/entries/generated"
    folder.mkdir(parents=True)
    for number in range(count):
        data.update(id=f"generated-entry-{number:03d}", error_codes=[], related=[],
                    title={"zh": f"生成的条目 {number}", "en": f"Generated entry {number}"})
        data.pop("distinguish", None)
        (folder / f"generated-entry-{number:03d}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("big") / "p")
    _add_generated_entries(root, 300)
    return root


def test_a_build_killed_midway_leaves_the_previous_site_and_the_next_build_cleans_up(big_project: Path) -> None:
    site = big_project / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site\n", encoding="utf-8")
    before = _tree(site)
    build = subprocess.Popen(KB_BUILD, cwd=big_project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=_env())
    staging = big_project / f"site{STAGING_SUFFIX}"
    deadline = time.monotonic() + 60
    # Kill it once it is writing pages, not while it is still loading: at once, for a build of 300
    # entries writes them in well under a second on a fast machine.
    while not (staging / "entries").is_dir() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build finished before it could be killed: make the project bigger"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()

    assert _tree(site) == before
    assert staging.is_dir(), "the killed build should have left its half-written staging folder"
    (staging / "stale-page-from-the-killed-build.html").write_text("stale\n", encoding="utf-8")

    for extra in sorted((big_project / "content/entries/generated").glob("*.yaml"))[10:]:
        extra.unlink()  # the next build need not be slow
    subprocess.run(KB_BUILD, cwd=big_project, check=True, capture_output=True, env=_env())
    assert not staging.exists() and not (big_project / f"site{PREVIOUS_SUFFIX}").exists()
    assert not (site / "stale-page-from-the-killed-build.html").exists()
    assert (site / "entries/generated-entry-009/index.html").is_file()
    assert (site / "en/entries/generated-entry-009/index.html").is_file()
    assert not (site / "entries/generated-entry-010").exists()


def test_a_site_left_under_its_previous_name_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    # Killed between the two renames of replace_directory: no site/, the last good one beside it.
    previous = tmp_path / f"site{PREVIOUS_SUFFIX}"
    previous.mkdir()
    (previous / "index.html").write_text("last good\n", encoding="utf-8")
    (tmp_path / f"site{STAGING_SUFFIX}").mkdir()
    recover_interrupted_build(str(tmp_path / "site"))
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "last good\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_leftover_previous_site_never_replaces_a_site_that_exists(tmp_path: Path) -> None:
    for name, text in (("site", "current\n"), (f"site{PREVIOUS_SUFFIX}", "older\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(text, encoding="utf-8")
    recover_interrupted_build(str(tmp_path / "site"))
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "current\n"


def test_two_builds_in_separate_processes_without_source_date_epoch_are_byte_identical(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    trees = []
    for run in ("first", "second"):
        subprocess.run([*KB_BUILD, "--site-dir", str(tmp_path / run)], cwd=root, check=True, capture_output=True,
                       env=_env())
        trees.append(_tree(tmp_path / run))
        if run == "first":
            time.sleep(1.1)  # a clock-based date or gzip timestamp would now differ
    assert "sitemap.xml.gz" in trees[0] and "en/sitemap.xml.gz" in trees[0]
    assert trees[0] == trees[1]
    # The date comes from the content: the newest `updated` of the fixture entries, 2026-11-29 at 00:00 UTC,
    # not the clock (whose seconds would show in the gzip header).
    assert "<lastmod>2026-11-29</lastmod>" in (tmp_path / "first/sitemap.xml").read_text(encoding="utf-8")
    assert _gzip_mtime(tmp_path / "first/sitemap.xml.gz") == 1795910400


def _gzip_mtime(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[4:8], "little")  # the MTIME field of the gzip header


def test_source_date_epoch_is_honoured(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    subprocess.run(KB_BUILD, cwd=root, check=True, capture_output=True, env=_env(SOURCE_DATE_EPOCH="1700000000"))
    assert "<lastmod>2023-11-14</lastmod>" in (root / "site/sitemap.xml").read_text(encoding="utf-8")
    # MkDocs dates the sitemap by the day: 1700000000 is 2023-11-14 22:13 UTC, so 00:00 that day.
    assert _gzip_mtime(root / "site/sitemap.xml.gz") == 1699920000
    assert b"2023-11-14" in gzip.decompress((root / "site/sitemap.xml.gz").read_bytes())
