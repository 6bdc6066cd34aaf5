"""Entry pages as HTML we write (kb_builder/render/entry.py): the ids, links and search sections
MkDocs and Material would have made from the same page in Markdown, and what the change fixed."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import FIXTURES, REPO, copy_project
from material.plugins.search.plugin import Parser

from kb_builder.config import load_config
from kb_builder.content.project import Project, load_project
from kb_builder.render.admin_badge import mark_admin_blocks
from kb_builder.render.console_copy import add_copy_attributes
from kb_builder.render.entry import SECTION_IDS, render_entry_html
from kb_builder.render.markdown import relative_url, to_html
from kb_builder.render.pages import entry_pages
from kb_builder.search import sections

LINK_CASES = yaml.safe_load((FIXTURES / "prose" / "links.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real() -> Project:
    return load_project(load_config(REPO))


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("entry-html") / "p")
    return load_project(load_config(root))


@pytest.mark.parametrize("case", LINK_CASES, ids=lambda c: f"{c['page']}->{c['href']}")
def test_a_relative_link_lands_where_mkdocs_would_send_it(case: dict[str, str]) -> None:
    assert relative_url(case["page"], case["href"]) == case["url"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heading_ids_are_the_ones_mkdocs_toc_gives_the_same_headings(real: Project, lang: str) -> None:
    """Links into entry pages (`#fix`, `#verify`) keep working: each heading gets the id Python-Markdown's
    toc extension gives a Markdown page with the same headings, the sections' ids given by hand."""
    for rendered in entry_pages(real, lang).values():
        headings = re.findall(r'<h([1-6]) id="([^"]+)">(.*?)<a class="headerlink"', rendered.html)
        given = {*SECTION_IDS.values(), rendered.headings[0].id}  # the title's id: the entry's id
        source = "\n\n".join(f"{'#' * int(level)} {_text(inner)}" + (f" {{ #{anchor} }}" if anchor in given else "")
                             for level, anchor, inner in headings)
        expected = re.findall(r'<h[1-6] id="([^"]+)"',
                              markdown.markdown(source, extensions=["toc", "attr_list"]))
        assert [anchor for _, anchor, _ in headings] == expected, rendered.title


def test_an_entry_s_section_anchors_are_readable_and_the_same_in_every_language(real: Project) -> None:
    """A link to `#fix` copied from the English page works on the Chinese one (toc made `#_4` there)."""
    zh, en = entry_pages(real, "zh"), entry_pages(real, "en")
    for src, page in zh.items():
        ids = [re.findall(r'<h2 id="([^"]+)"', p.html) for p in (page, en[src])]
        assert ids[0] == ids[1], src
        assert all(re.fullmatch(r"[a-z]+", anchor) for anchor in ids[0]), ids[0]
        assert {"symptoms", "cause", "fix", "verify"} <= set(ids[0])


def _text(inner_html: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", inner_html)).replace("`", "").replace("<", "&lt;")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_sections_are_what_materials_parser_reads_from_the_page(real: Project, lang: str) -> None:
    """kb_builder.search.sections replaces Material's HTML parser for entry pages: on every real page,
    as the hooks leave it, it must give the same sections, titles and texts."""
    for rendered in entry_pages(real, lang).values():
        page_html = mark_admin_blocks(add_copy_attributes(rendered.html), lang)
        parser = Parser()
        parser.feed(page_html)
        parser.close()
        theirs = [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data]
        ours = [(s.id, "".join(s.title).strip(), "".join(s.text).strip()) for s in sections.sections(page_html)]
        assert ours == theirs, rendered.title


def test_a_list_right_after_a_line_of_text_is_a_list() -> None:
    """Python-Markdown wanted a blank line before a list, so three real entries showed their lists
    as one paragraph of '- ' runs; entry texts are CommonMark now, as every rule reads them."""
    html = to_html("Common reasons:\n- the service is stopped;\n- the feature is off.", "entries/a.md")
    assert "<ul>\n<li>the service is stopped;</li>" in html


@pytest.mark.parametrize("text", ['<img src=x onerror="alert(1)">', "[x](javascript:alert(1))",
                                  "<script>alert(1)</script>"])
def test_a_text_cannot_put_script_into_the_page(text: str) -> None:
    html = to_html(text, "entries/a.md")
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html


def test_tab_sets_are_numbered_through_the_page_and_each_opens_on_its_first_tab(fixture_project: Project) -> None:
    entry = fixture_project.entries_by_id()["wsl-virtual-machine-platform-disabled"]
    step = next(step for step in entry.steps if len(step.options) >= 2)
    options = step.options
    twice = dataclasses.replace(entry, steps=(step, *entry.steps))  # the step's tabs, twice
    titles = {e.id: e.title["en"] for e in fixture_project.entries}
    html = render_entry_html(twice, "en", entry_titles=titles, edit_url=None).html
    for number in (1, 2):
        ids = re.findall(rf'<input (?:checked="checked" )?id="(__tabbed_{number}_\d+)" name="__tabbed_{number}"', html)
        assert ids == [f"__tabbed_{number}_{i}" for i in range(1, len(options) + 1)]
        assert f'<input checked="checked" id="__tabbed_{number}_1"' in html
        assert f'data-tabs="{number}:{len(options)}"' in html


def test_the_page_lists_its_ids_for_link_checks(fixture_project: Project) -> None:
    rendered = entry_pages(fixture_project, "zh")["entries/docker-sock-denied.md"]
    assert {"verify", "fix", "symptoms"} <= rendered.ids
    assert rendered.heading_ids()["检查是否修复"] == "verify"
    assert all(f'id="{anchor}"' in rendered.html for anchor in rendered.ids)


def test_the_same_entry_renders_byte_identical_pages(fixture_project: Project, tmp_path: Path) -> None:
    first = {k: v.html for k, v in entry_pages(fixture_project, "en").items()}
    again = load_project(load_config(copy_project(FIXTURES / "site-project", tmp_path / "again")))
    assert {k: v.html.replace(str(again.config.root), "") for k, v in entry_pages(again, "en").items()} == \
        {k: v.replace(str(fixture_project.config.root), "") for k, v in first.items()}
