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
from kb_builder.render.listing import render_home_html, render_platform_html
from kb_builder.search.lookup import code_forms
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


def test_every_generated_page_has_the_same_readable_heading_ids_in_every_language(real: Project) -> None:
    """A link to a heading copied from one edition works in the others (toc gave Chinese ones `_1`)."""
    pages = {lang: html_pages(real, lang) for lang in ("zh", "en")}
    ids = {lang: {src: re.findall(r'<h[1-6] id="([^"]+)"', page.render().html) for src, page in by_src.items()}
           for lang, by_src in pages.items()}
    assert ids["zh"] == ids["en"]
    assert [(src, anchor) for src, found in ids["zh"].items() for anchor in found if re.fullmatch(r"_\d+", anchor)] == []


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


@pytest.fixture(scope="module")
def real() -> Project:
    return load_project(load_config(REPO))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_platform_page_lists_each_group_by_title_and_marks_drafts(real: Project, lang: str) -> None:
    by_title = {entry.title[lang].replace("`", ""): entry for entry in real.entries}  # as shown: code spans rendered
    groups: list[list[str]] = []
    drafts = []
    for platform in labels.group_entries(real.entries):
        page = render_platform_html(platform, real.entries, lang).html
        for line in page.splitlines():
            if line.startswith("<h2"):
                groups.append([])
            link = re.match(r'<li><a href="../../entries/([^/]+)/">(.*?)</a>(.*)</li>$', line)
            if link and groups:
                groups[-1].append(html.unescape(re.sub(r"<[^>]+>", "", link.group(2))))
                if "<em>" in link.group(3):
                    drafts.append(link.group(1))
    assert any(len(group) > 2 for group in groups), "no group to show an order with"
    assert [group for group in groups if group != sorted(group, key=_title_order)] == []
    assert all(title in by_title for group in groups for title in group)
    listed = {by_title[title].id for group in groups for title in group}
    assert listed == {e.id for e in real.entries}
    assert sorted(set(drafts)) == sorted(e.id for e in real.entries if e.status != "validated")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_page_shows_the_common_problems_once_each_with_a_symptom(real: Project, lang: str) -> None:
    page = render_home_html(real.entries, real.guides_in(lang), lang).html
    linked = re.findall(r'href="entries/([^/]+)/"', page)
    assert len(linked) == len(set(linked)), "an entry's title shown twice on the home page"
    common = sorted(e.id for e in real.entries if e.prevalence == "common" and e.status != "archived")
    assert common and sorted(linked) == common
    assert page.count('class="kb-common__symptom"') == len(common)
    assert page.index('id="kb-ask-text"') < page.index('id="common"') < page.index('id="browse"')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_shared_code_has_a_page_listing_its_entries_most_common_first(real: Project, lang: str) -> None:
    pages = html_pages(real, lang)
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in real.entries:
        for code in entry.error_codes:
            owners[labels.code_slug(code_forms(code)[0]["key"])].add(entry.id)
    shared = {slug: ids for slug, ids in owners.items() if len(ids) > 1}
    assert shared, "no code is listed by several entries"
    by_id = real.entries_by_id()
    for slug, ids in shared.items():
        page = pages[f"codes/{slug}.md"].render().html
        shown = re.findall(r'<h2 id="([^"]+)">', page)
        rank = {"common": 0, "occasional": 1, "rare": 2}
        assert shown == sorted(ids, key=lambda i: (rank[by_id[i].prevalence], i)), slug
        assert all(f'href="../../entries/{entry_id}/#fix"' in page for entry_id in ids), slug
    index = pages["codes.md"].render().html
    assert all(f'href="{slug}/"' in index for slug in shared)
    for entry_id in sorted(set().union(*shared.values())):
        entry_page = pages[by_id[entry_id].page_path].render().html
        assert any(f'href="../../codes/{slug}/"' in entry_page for slug, ids in shared.items() if entry_id in ids)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_code_index_has_one_row_per_code_with_its_forms_and_entries(real: Project, lang: str) -> None:
    index = html_pages(real, lang)["codes.md"].render().html
    rows = re.findall(r'<li class="kb-code-index__row" id="([^"]+)">(.*?)\n</li>\n(?=<li class="kb-code-index__row"|</ul>\s*$)',
                      index, re.S)
    assert len(rows) == len({row_id for row_id, _ in rows}), "a code listed twice"
    text = {row_id: body.replace("<wbr>", "") for row_id, body in rows}
    for entry in real.entries:
        for code in entry.error_codes:
            body = text[labels.code_slug(code_forms(code)[0]["key"])]
            assert f">{html.escape(code)}</code>" in body and f'href="../entries/{entry.id}/"' in body, code
