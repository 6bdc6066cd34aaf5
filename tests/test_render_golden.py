"""Golden pages: the fixture entries render to exactly the Markdown kept in tests/goldens/."""

from __future__ import annotations


import pytest

from conftest import FIXTURES, GOLDENS, copy_project
from kb_builder.config import load_config
from kb_builder.project import load_project
from kb_builder.pages import generated_pages

PAGES = ["entries/wsl-virtual-machine-platform-disabled.md", "entries/docker-sock-denied.md", "index.md",
         "platforms/linux.md"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("golden") / "p")
    project = load_project(load_config(root))
    return {lang: generated_pages(project, lang) for lang in ("zh", "en")}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_generated_markdown_matches_the_golden_file(pages: dict[str, dict[str, str]], page: str, lang: str,
                                                    update_goldens: bool) -> None:
    golden = GOLDENS / lang / page
    actual = pages[lang][page]
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_every_language_generates_the_same_pages(pages: dict[str, dict[str, str]]) -> None:
    assert sorted(pages["zh"]) == sorted(pages["en"])


def test_a_command_with_backticks_gets_a_longer_fence() -> None:
    from kb_builder.render import fence

    assert fence("echo ```", "bash") == "````bash\necho ```\n````"
