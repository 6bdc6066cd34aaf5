"""Golden pages: the fixture entries render to exactly the HTML (entry pages) and Markdown (listings)
kept in tests/goldens/; and the orders the goldens cannot show with one entry per group (listings,
messages)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections import defaultdict

import pytest
from conftest import FIXTURES, GOLDENS, REPO, copy_project

from kb_builder.config import load_config
from kb_builder.content.model import Message
from kb_builder.content.project import Project, load_project
from kb_builder.render import labels
from kb_builder.render.entry import render_entry_html
from kb_builder.render.listing import render_home_html
from kb_builder.render.pages import html_pages, markdown_pages

PAGES = ["lookup.md"]
"""Generated pages in Markdown, which MkDocs renders."""
HTML_PAGES = ["entries/wsl-virtual-machine-platform-disabled.md", "entries/docker-sock-denied.md", "index.md",
              "platforms/linux.md", "codes.md"]
"""Generated pages whose HTML we write."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("golden") / "p")
    return load_project(load_config(root))


@pytest.fixture(scope="module")
def pages(project: Project) -> dict[str, dict[str, str]]:
    return {lang: markdown_pages(project, lang) for lang in ("zh", "en")}


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


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", HTML_PAGES)
def test_generated_html_matches_the_golden_file(project: Project, page: str, lang: str, update_goldens: bool) -> None:
    golden = GOLDENS / lang / page.replace(".md", ".html")
    actual = html_pages(project, lang)[page].render().html
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_every_language_generates_the_same_pages(project: Project) -> None:
    assert sorted(html_pages(project, "zh")) == sorted(html_pages(project, "en"))
    assert sorted(markdown_pages(project, "zh")) == sorted(markdown_pages(project, "en"))


def test_messages_in_the_page_language_come_first_each_group_in_entry_order(project: Project) -> None:
    messages = (Message("en-US", "EN-ONE"), Message("zh-CN", "ZH-ONE"), Message("en-GB", "EN-TWO"),
                Message("zh-TW", "ZH-TWO"), Message("de-DE", "DE-ONE"))
    entry = dataclasses.replace(project.entries_by_id()["wsl-virtual-machine-platform-disabled"], messages=messages)
    order = {}
    for lang in ("zh", "en"):
        text = render_entry_html(entry, lang, entry_titles=defaultdict(lambda: "title"), edit_url=None).html
        order[lang] = sorted((m.text for m in messages), key=text.index)
    assert order == {"zh": ["ZH-ONE", "ZH-TWO", "EN-ONE", "EN-TWO", "DE-ONE"],
                     "en": ["EN-ONE", "EN-TWO", "ZH-ONE", "ZH-TWO", "DE-ONE"]}


def _title_order(title: str) -> str:
    """Alphabetical as a reader expects it: case aside, and a leading quote or bracket aside."""
    return re.sub(r"^\W+", "", title).casefold()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_page_lists_each_group_by_title_and_marks_drafts(lang: str) -> None:
    real = load_project(load_config(REPO))
    by_title = {entry.title[lang].replace("`", ""): entry for entry in real.entries}  # as shown: code spans rendered
    groups: list[list[str]] = []
    drafts = []
    page = render_home_html(real.entries, real.guides_in(lang), lang).html
    browse = page.split(f"{labels.labels(lang)['browse']}<a", 1)[1].split("<h2", 1)[0]
    for line in browse.splitlines():
        if line.startswith("<p><strong>"):
            groups.append([])
        link = re.match(r'<li><a href="entries/([^/]+)/">(.*?)</a>(.*)</li>$', line)
        if link and groups:
            groups[-1].append(html.unescape(re.sub(r"<[^>]+>", "", link.group(2))))
            if "kb-tag" in link.group(3):
                drafts.append(link.group(1))
    assert any(len(group) > 2 for group in groups), "no group to show an order with"
    assert [group for group in groups if group != sorted(group, key=_title_order)] == []
    assert all(title in by_title for group in groups for title in group)
    listed = {by_title[title].id for group in groups for title in group}
    assert sorted(set(drafts)) == sorted(e.id for e in real.entries if e.status != "validated" and e.id in listed)
