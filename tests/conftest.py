"""Shared helpers: small projects made from data, and the built fixture site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDENS = Path(__file__).resolve().parent / "goldens"

# A Chinese-first, bilingual mkdocs.yml for test projects: the real one, with the hooks and the
# theme folder pointed at this repository so that a project in a temporary folder builds.
def minimal_entry(entry_id: str) -> str:
    """The YAML of a valid entry with every required field and nothing more."""
    return _MINIMAL_ENTRY.format(id=entry_id)


_MINIMAL_ENTRY = """\
id: {id}
status: draft
platforms: [windows]
components: [wsl]
error_codes: []
signatures: [some distinctive signature]
title: {{zh: 标题, en: Title}}
symptoms: {{zh: 症状, en: Symptoms}}
messages: [{{lang: en-US, text: Error text}}]
cause: {{zh: 原因, en: Cause}}
steps: [{{text: {{zh: 步骤, en: Step}}}}]
verify: {{text: {{zh: 检查, en: Check}}}}
references: [{{title: Doc, url: "https://example.com/"}}]
updated: "2026-11-29"
"""


def project_mkdocs_yml() -> str:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("- hooks/", f"- {REPO.as_posix()}/hooks/")
    return text.replace("custom_dir: kb_builder/theme", f"custom_dir: {REPO.as_posix()}/kb_builder/theme")


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A project in `root` with mkdocs.yml and the given files (path -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(project_mkdocs_yml(), encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def copy_project(source: Path, root: Path) -> Path:
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("site", "site.*", "mkdocs.yml"))
    (root / "mkdocs.yml").write_text(project_mkdocs_yml(), encoding="utf-8")
    return root


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """tests/fixtures/site-project, built once with `kb build`."""
    from kb_builder.site.languages import build_site

    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("fixture") / "project")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764374400")
    build_site(str(root / "mkdocs.yml"))
    yield root / "site"


def build_fixture_project_with(tmp_path_factory: pytest.TempPathFactory, name: str, kb_setting: str) -> Path:
    """tests/fixtures/site-project with one more `extra.kb` line (e.g. `search_engine: lunr`),
    built with `kb build`; returns its site folder."""
    from kb_builder.site.languages import build_site

    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp(name) / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  kb:\n" in text
    config.write_text(text.replace("\n  kb:\n", f"\n  kb:\n    {kb_setting}\n", 1), encoding="utf-8")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764374400")
    build_site(str(config))
    return root / "site"


@pytest.fixture(scope="session")
def built_real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's own content, built once with `kb build` into a temporary folder."""
    from kb_builder.site.languages import build_site

    site = tmp_path_factory.mktemp("real") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764374400")
    build_site(str(REPO / "mkdocs.yml"), str(site))
    yield site


@pytest.fixture(scope="session")
def fixture_site_url(built_fixture_site: Path) -> Iterator[str]:
    """The built fixture site, served on 127.0.0.1."""
    from browser import serve_folder

    with serve_folder(built_fixture_site) as url:
        yield url


@pytest.fixture(scope="session")
def real_site_url(built_real_site: Path) -> Iterator[str]:
    """The built real content, served on 127.0.0.1."""
    from browser import serve_folder

    with serve_folder(built_real_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's package), one per test module."""
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
