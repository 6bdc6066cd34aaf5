"""The one-file rules' cache (kb_builder/check/cache.py) answers only for what did not change: an
edited file, an edited mkdocs.yml or a damaged cache file gives the findings of a fresh check."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, write_project

from kb_builder.check.cache import CACHE_FILE
from kb_builder.check.runner import check
from kb_builder.config import load_config

CASE = FIXTURES / "checks" / "insecure-url--http-links.yaml"
ENTRY = "content/entries/windows/alpha-entry.yaml"
GUIDE = "content/guides/en/setup.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", yaml.safe_load(CASE.read_text(encoding="utf-8"))["files"])


def _found(root: Path) -> list[tuple[str, str]]:
    return [(d.path, d.rule) for d in check(load_config(root))]


def test_an_edited_entry_is_checked_again_and_the_others_are_remembered(root: Path) -> None:
    assert _found(root) == [(ENTRY, "insecure-url"), (GUIDE, "insecure-url")]
    entry = root / ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace("http://www.linux-kvm", "https://www.linux-kvm"),
                     encoding="utf-8")
    assert _found(root) == [(GUIDE, "insecure-url")]
    entry.write_text(entry.read_text(encoding="utf-8").replace("https://www.linux-kvm", "http://www.linux-kvm"),
                     encoding="utf-8")
    assert _found(root) == [(ENTRY, "insecure-url"), (GUIDE, "insecure-url")]


def test_an_edited_mkdocs_yml_forgets_everything(root: Path) -> None:
    assert _found(root) == [(ENTRY, "insecure-url"), (GUIDE, "insecure-url")]
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8").replace(
        "[legacy.example.org]", "[legacy.example.org, www.linux-kvm.org, linux-kvm.org]"), encoding="utf-8")
    assert _found(root) == []  # neither file changed; what the rule may accept did


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\x00" * 64])
def test_a_damaged_cache_file_is_ignored(root: Path, damage: bytes) -> None:
    expected = _found(root)
    (root / CACHE_FILE).write_bytes(damage)
    assert _found(root) == expected
    assert (root / CACHE_FILE).read_bytes() != damage  # written afresh


def test_remembered_links_are_judged_afresh_against_the_pages_of_this_run(root: Path) -> None:
    """Links of an unchanged file come from the cache, but whether they land is decided each run:
    creating the page a link names clears the finding without touching the linking file."""
    entry = root / ENTRY
    text = entry.read_text(encoding="utf-8").replace("[KVM](http://www.linux-kvm.org/page/Main_Page)",
                                                     "[the other entry](beta-entry.md)")
    entry.write_text(text, encoding="utf-8")
    assert (ENTRY, "broken-link") in _found(root)
    assert (ENTRY, "broken-link") in _found(root)  # the second run reads the links from the cache
    beta = root / "content/entries/windows/beta-entry.yaml"
    beta.write_text(text.replace("alpha-entry", "beta-entry").replace("[the other entry](beta-entry.md)", "Plain."),
                    encoding="utf-8")
    assert (ENTRY, "broken-link") not in _found(root)
    beta.unlink()
    assert (ENTRY, "broken-link") in _found(root)
