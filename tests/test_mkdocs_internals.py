"""Each private MkDocs or Material attribute kb_builder/site/internals.py relies on still works.

A new MkDocs, Material or watchdog release that renames or changes one fails the test named for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser, SearchIndex
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from kb_builder.site import internals


@pytest.fixture
def config(tmp_path: Path):  # noqa: ANN201 - MkDocsConfig
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material, language: zh}\nplugins: [search]\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def _file(config, name: str) -> File:  # noqa: ANN001 - MkDocsConfig
    return File(name, config.docs_dir, config.site_dir, use_directory_urls=True)


def test_the_overlay_server_adds_its_html_to_served_pages_only_while_set(tmp_path: Path) -> None:
    server = internals.KbLiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                                                   root=str(tmp_path))
    page = b"<html><body><p>page</p></body></html>"
    plain = server._inject_js_into_html(page, 1)
    assert b"livereload" in plain and b"kb-overlay" not in plain  # MkDocs' own script still goes in
    server.overlay = b'<div id="kb-overlay">errors</div>'
    shown = server._inject_js_into_html(page, 1)
    assert shown.index(b"kb-overlay") < shown.index(b"</body>") and b"livereload" in shown
    server.server_close()


def test_the_server_hears_a_save_at_once_and_not_a_read(tmp_path: Path) -> None:
    import time

    watched = tmp_path / "entries"
    watched.mkdir()
    (watched / "a.yaml").write_text("id: a\n", encoding="utf-8")
    server = internals.KbLiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path),
                                          polling_interval=600)  # only the native observer can hear it
    if server._native is None:
        pytest.skip("no native file system events on this platform: polling alone hears saves")
    server.watch(str(watched))
    server._native.start()
    try:
        time.sleep(0.2)
        (watched / "a.yaml").read_text(encoding="utf-8")  # the build reads files: that is no save
        time.sleep(0.3)
        assert not server._want_rebuild
        (watched / "a.yaml").write_text("id: b\n", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild
    finally:
        server._native.stop()
        server.server_close()


def test_a_page_populated_and_written_alone_is_the_page_a_build_writes(config) -> None:  # noqa: ANN001
    from mkdocs.commands.build import build
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    config.site_url = "https://example.com/"
    build(config)
    built = (Path(config.site_dir) / "index.html").read_bytes()
    sitemap = (Path(config.site_dir) / "sitemap.xml").read_bytes()
    (Path(config.site_dir) / "index.html").unlink()
    config.plugins.on_config(config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    nav = get_navigation(files, config)
    page = files.get_file_from_path("index.md").page
    internals.populate_page(page, config, files)
    internals.write_page(page, config, files.documentation_pages(), nav, env)
    assert (Path(config.site_dir) / "index.html").read_bytes() == built
    (Path(config.site_dir) / "sitemap.xml").unlink()
    internals.write_theme_template("sitemap.xml", config, files, nav, env)
    assert (Path(config.site_dir) / "sitemap.xml").read_bytes() == sitemap
    assert b"<loc>https://example.com/</loc>" in sitemap


def test_replace_search_index_swaps_the_index_materials_plugin_writes(config) -> None:  # noqa: ANN001
    config.plugins.on_config(config)
    search = config.plugins[internals.SEARCH_PLUGIN]
    made = {}

    class Recording(SearchIndex):
        def __init__(self, **settings: object) -> None:
            super().__init__(**settings)
            made.update(settings)

    index = internals.replace_search_index(config, Recording)
    assert isinstance(index, Recording) and search.search_index is index
    assert {"lang", "separator", "pipeline", "fields"} <= made.keys()
    site = Path(config.site_dir) / "search"
    site.mkdir(parents=True)
    search.on_post_build(config=config)  # the plugin writes the index it holds: ours
    assert (site / "search_index.json").is_file()


def test_replace_search_index_without_the_search_plugin_does_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: []\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert internals.replace_search_index(config, SearchIndex) is None


def test_a_page_with_own_html_gives_mkdocs_its_title_and_html(config) -> None:  # noqa: ANN001
    page = internals.PageWithOwnHtml(None, _file(config, "entry.md"), config)
    page.markdown, page.meta = "", {}
    page.set_rendered("<h1 id='top'>Title</h1>", "Title", {"top"})
    assert page.title == "Title"  # Page.title reads _title_from_render
    assert page.content == "<h1 id='top'>Title</h1>"
    assert page.links_to_anchors == {}


def test_mkdocs_validates_links_into_a_page_with_own_html_by_its_anchor_ids(config, caplog) -> None:  # noqa: ANN001
    file = _file(config, "entry.md")
    page = internals.PageWithOwnHtml(None, file, config)
    page.set_rendered("<h2 id='fix'>Fix</h2>", None, {"fix"})
    other = Page(None, _file(config, "other.md"), config)
    other.links_to_anchors = {file: {"fix": "entry.md#fix", "gone": "entry.md#gone"}}
    with caplog.at_level("INFO", logger="mkdocs"):
        other.validate_anchor_links(files=Files([file, other.file]), log_level=30)
    assert [r.getMessage() for r in caplog.records] == [
        "Doc file 'other.md' contains a link 'entry.md#gone', but the doc 'entry.md' does not contain an anchor '#gone'."]


def _sections(html: str) -> list:  # noqa: ANN401 - Material's Section
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def test_materials_index_calls_the_segmenter_for_each_sections_title_and_text(config) -> None:  # noqa: ANN001
    calls = []

    class Recording(internals.SearchIndexWithSegmenter):
        def segment_chinese(self, data: str) -> str:
            calls.append(data)
            return data

    page = Page("页面", _file(config, "p.md"), config)
    page.meta = {}
    index = Recording(lang=["zh"], separator=r"[\s\-]+", pipeline=[], fields={})
    section = _sections("<h2 id='install'>安装</h2><p>无法启动</p>")[-1]
    index.create_entry_for_section(section, [], "p/", page)
    assert calls == ["安装", "<p>无法启动</p>"]
    assert index.entries == [{"location": "p/#install", "title": "安装", "text": "<p>无法启动</p>"}]


def test_materials_own_segmenter_stays_reachable() -> None:
    index = internals.SearchIndexWithSegmenter(lang=["zh"], separator=r"[\s\-]+", pipeline=[], fields={})
    assert index.segment_chinese("无法安装 Docker") == "无法\u200b安装\u200b Docker"


def test_materials_templates_are_where_the_theme_includes_them_from() -> None:
    templates = internals.material_templates_dir()
    for name in ("base.html", "main.html", "partials/header.html", "partials/search.html"):
        assert (templates / name).is_file(), name
