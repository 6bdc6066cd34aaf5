"""Code blocks in entry texts (kb_builder/render/markdown.py): markdown-it calls a render rule as a
method of its renderer, so a rule written as a plain function crashed `kb build` on the first fenced
or indented block while `kb check`, which only parses, passed."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import FIXTURES, copy_project

from kb_builder.config import load_config
from kb_builder.content.project import Project, load_project
from kb_builder.render.entry import render_entry_html
from kb_builder.render.markdown import to_html

INI_BLOCK = "Add these lines:\n\n```ini\n[boot]\nsystemd=true\n```\n"


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("markdown") / "p")
    return load_project(load_config(root))


def test_a_fenced_block_renders_as_a_highlighted_block_in_its_language() -> None:
    html = to_html(INI_BLOCK, "entries/a.md")
    assert html.startswith("<p>Add these lines:</p>\n")
    assert '<div class="highlight"><pre><span></span><code><span class="k">[boot]</span>' in html
    assert '<span class="na">systemd</span><span class="o">=</span><span class="s">true</span>' in html


def test_an_indented_block_renders_as_a_highlighted_block_of_plain_text() -> None:
    html = to_html("Run:\n\n    wsl --shutdown\n", "entries/a.md")
    assert html == ("<p>Run:</p>\n"
                    '<div class="highlight"><pre><span></span><code>wsl --shutdown\n</code></pre></div>\n')


def test_an_entry_whose_step_text_holds_a_fenced_block_renders_its_page(fixture_project: Project) -> None:
    entry = fixture_project.entries[0]
    step = dataclasses.replace(entry.steps[0], text={"zh": "加入以下内容：\n\n" + INI_BLOCK.split("\n\n", 1)[1],
                                                     "en": INI_BLOCK})
    changed = dataclasses.replace(entry, steps=(step, *entry.steps[1:]))
    titles = {e.id: e.title["en"] for e in fixture_project.entries}
    for lang in ("zh", "en"):
        html = render_entry_html(changed, lang, entry_titles=titles, edit_url=None).html
        assert '<code><span class="k">[boot]</span>' in html
