"""End to end: a fixture project and the real content build into a complete bilingual site."""

from __future__ import annotations

import filecmp
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, build_fixture_project_with, copy_project

from kb_builder.config import load_config
from kb_builder.content.project import load_project

HAN = re.compile(r"[\u3400-\u9fff]")
ENTRY_PAGES = ["entries/wsl-virtual-machine-platform-disabled/index.html", "entries/docker-sock-denied/index.html"]
PAGES = ["index.html", "getting-started/index.html", "platforms/windows/index.html", "platforms/linux/index.html",
         *ENTRY_PAGES]


def _read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_exists_in_both_languages_with_its_html_lang(built_fixture_site: Path, page: str) -> None:
    assert '<html lang="zh"' in _read(built_fixture_site, page)
    assert '<html lang="en"' in _read(built_fixture_site / "en", page)


def _visible_text(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def test_entry_page_shows_what_a_reader_needs(built_fixture_site: Path) -> None:
    raw = _read(built_fixture_site / "en", "entries/docker-sock-denied/index.html")
    html = raw + _visible_text(raw)
    for expected in ("Permission denied on /var/run/docker.sock", "Draft (not yet confirmed)", "Symptoms",
                     "permission denied while trying to connect", "Bash root (run as root", "sudo usermod -aG docker",
                     'id="verify"', "Hello from Docker!", "Related entries", "References",
                     "docs.docker.com/engine/install/linux-postinstall/", "2026-11-28",
                     "edit/main/content/entries/linux/docker-sock-denied.yaml"):
        assert expected in html, expected


def test_commands_are_plain_code_blocks_so_the_copy_button_copies_only_the_command(built_fixture_site: Path) -> None:
    html = _read(built_fixture_site, "entries/docker-sock-denied/index.html")
    block = re.search(r'<span class="filename">Bash <span class="kb-admin">root.*?</span></span></span><pre>(.*?)</pre>',
                      html, re.S)
    assert block is not None
    assert _visible_text(block.group(1)).strip() == 'sudo usermod -aG docker "$USER"'


def test_alternative_ways_of_a_step_are_tabs(built_fixture_site: Path) -> None:
    html = _read(built_fixture_site, "entries/wsl-virtual-machine-platform-disabled/index.html")
    assert html.count('class="tabbed-set') == 1
    labels = re.findall(r'<label for="__tabbed_1_\d+">([^<]*)</label>', html)
    assert labels == ["wsl.exe", "DISM", "Windows 功能对话框"]
    assert "dism.exe /online /enable-feature" in _visible_text(html)


def _index(site: Path) -> dict:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lunr_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with Material's own search (lunr) instead of the chunked index."""
    return build_fixture_project_with(tmp_path_factory, "lunr", "search_engine: lunr")


def test_each_language_has_its_own_search_index_with_its_own_language(lunr_site: Path) -> None:
    zh, en = _index(lunr_site), _index(lunr_site / "en")
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    project = load_project(load_config(lunr_site.parent))
    zh_text = " ".join(doc["title"] + " " + doc["text"] for doc in zh["docs"]).replace("\u200b", "")
    en_text = " ".join(doc["title"] + " " + doc["text"] for doc in en["docs"])
    zh_text, en_text = _visible_text(zh_text), _visible_text(en_text)
    for entry in project.entries:
        assert entry.title["zh"] in zh_text and entry.title["en"] not in zh_text
        assert entry.title["en"] in en_text and entry.title["zh"] not in en_text
        assert entry.cause["en"].split("\n")[0] not in zh_text
    assert all(doc["location"].startswith(("", "entries/", "platforms/", "getting-started/")) for doc in en["docs"])


def test_chinese_text_is_segmented_for_search(lunr_site: Path) -> None:
    titles = [doc["title"] for doc in _index(lunr_site)["docs"]]
    assert any("\u200b" in title for title in titles)


@pytest.mark.parametrize("page", PAGES)
def test_language_switch_links_the_same_page(built_fixture_site: Path, page: str) -> None:
    url = page.removesuffix("index.html")
    depth = url.count("/")
    zh_links = dict(re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', _read(built_fixture_site, page)))
    en_links = dict(re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', _read(built_fixture_site / "en", page)))
    assert {lang: href for href, lang in zh_links.items()}["en"] == "../" * depth + "en/" + url
    assert {lang: href for href, lang in en_links.items()}["zh"] == "../" * (depth + 1) + url


def test_no_page_loads_anything_from_another_host(built_fixture_site: Path) -> None:
    for page in built_fixture_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|img|iframe|link(?![^>]*rel="(?:canonical|alternate)"))[^>]+'
                           r'(?:src|href)="((?:https?:)?//[^"]*)"', html)
        assert loads == [], f"{page} loads {loads}"
        assert "fonts.googleapis" not in html and 'data-md-component="source"' not in html


def test_guide_image_is_published(built_fixture_site: Path) -> None:
    assert (built_fixture_site / "images/flow.svg").is_file()
    assert 'src="../images/flow.svg"' in _read(built_fixture_site / "en", "getting-started/index.html")


def test_sitemap_lists_the_other_language_of_every_page(built_fixture_site: Path) -> None:
    sitemap = (built_fixture_site / "en/sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="zh" href="https://docker-install-kb.github.io/entries/docker-sock-denied/"' in sitemap


def _tree_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_mkdocs_build_gives_the_same_site_as_kb_build(built_fixture_site: Path, tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-d", str(tmp_path / "out")],
                   cwd=root, check=True, env={**_env(), "SOURCE_DATE_EPOCH": "1764374400"})
    assert _tree_digest(tmp_path / "out") == _tree_digest(built_fixture_site)


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


@pytest.mark.parametrize("command, last_line", [
    (["-m", "kb_builder", "build"], "kb build: Aborted with a BuildError!"),
    (["-m", "mkdocs", "build", "--strict"], "Aborted with a BuildError!"),
], ids=["kb", "mkdocs"])
def test_a_failed_build_leaves_the_last_good_site_in_place(tmp_path: Path, command: list[str],
                                                           last_line: str) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    subprocess.run([sys.executable, *command], cwd=root, check=True, capture_output=True)
    before = _tree_digest(root / "site")
    entry = root / "content/entries/linux/docker-sock-denied.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("status: draft", "status: drafty"), encoding="utf-8")
    failed = subprocess.run([sys.executable, *command], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    assert failed.returncode == 1
    assert "content/entries/linux/docker-sock-denied.yaml:3:9: [invalid-value]" in failed.stdout
    assert "Traceback" not in failed.stdout
    assert failed.stdout.strip().splitlines()[-1] == last_line
    assert _tree_digest(root / "site") == before
    assert not (root / "site.kb-staging").exists()


def test_a_guide_missing_in_one_language_fails_the_build(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    (root / "content/guides/en/getting-started.md").unlink()
    failed = subprocess.run([sys.executable, "-m", "kb_builder", "build"], cwd=root, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "[guide-translation] guide 'getting-started' has no 'en' version" in failed.stderr


def test_the_real_content_builds_in_both_languages(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kb_builder", "build", "--site-dir", str(tmp_path / "site")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    project = load_project(load_config(REPO))
    for entry in project.entries:
        assert (tmp_path / "site/entries" / entry.id / "index.html").is_file()
        assert (tmp_path / "site/en/entries" / entry.id / "index.html").is_file()
    for name in project.guides:
        assert (tmp_path / "site" / name / "index.html").is_file()
        assert (tmp_path / "site/en" / name / "index.html").is_file()
    assert filecmp.cmp(tmp_path / "site/assets/kb.css", tmp_path / "site/en/assets/kb.css", shallow=False)


@pytest.mark.parametrize("command", [["-m", "kb_builder", "build"], ["-m", "mkdocs", "build", "--strict"]])
def test_a_build_failing_only_on_warnings_in_strict_mode_leaves_the_site_in_place(tmp_path: Path,
                                                                                   command: list[str]) -> None:
    # MkDocs counts warnings and aborts after the last build event: the new site must not be published.
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    subprocess.run([sys.executable, "-m", "kb_builder", "build"], cwd=root, check=True, capture_output=True)
    before = _tree_digest(root / "site")
    entry = root / "content/entries/linux/docker-sock-denied.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "zh: 当前用户不在 `docker` 组中，无权访问守护进程的套接字。",
        "zh: The current user is not in the docker group and cannot open the socket."), encoding="utf-8")
    failed = subprocess.run([sys.executable, *command], cwd=root, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "[untranslated-text] cause.zh has no Chinese text" in failed.stderr
    assert _tree_digest(root / "site") == before
    assert not (root / "site.kb-staging").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_code_index_lists_every_code_once_with_the_entries_that_list_it(built_fixture_site: Path, lang: str) -> None:
    html = (built_fixture_site / ("en/" if lang == "en" else "") / "codes/index.html").read_text(encoding="utf-8")
    rows = [r.replace("<wbr>", "") for r in re.findall(r'<li class="kb-code-index__row".*?</ul>', html, re.S)]
    project = load_project(load_config(built_fixture_site.parent))
    expected = missing = 0
    for entry in project.entries:
        for code in entry.error_codes:
            expected += 1
            found = [r for r in rows if f'<code class="kb-code">{code}</code>' in r]
            missing += len(found) != 1 or f'href="../entries/{entry.id}/"' not in found[0]
    assert expected > 0 and missing == 0


@pytest.mark.parametrize(("lang", "home", "codes"), [("zh", "首页", "错误代码索引"), ("en", "Home", "Error codes")])
def test_the_sidebar_names_generated_pages_as_the_navigation_does(built_fixture_site: Path, lang: str, home: str,
                                                                  codes: str) -> None:
    """Generated pages are made before MkDocs reads the navigation, which then keeps them as they
    are: the short names the navigation gives them ("Home", not the home page's H1) must survive."""
    site = built_fixture_site / "en" if lang == "en" else built_fixture_site
    for page in ("index.html", ENTRY_PAGES[0], "platforms/linux/index.html"):
        sidebar = _read(site, page).split('data-md-type="navigation"', 1)[1].split('data-md-type="toc"', 1)[0]
        labels = [_visible_text(label).strip() for label in re.findall(r'<span class="md-ellipsis">(.*?)</span>',
                                                                        sidebar, re.S)]
        assert home in labels and codes in labels, (page, labels)


def test_entry_pages_share_one_sidebar_and_keep_their_table_of_contents(built_fixture_site: Path) -> None:
    pages = [_read(built_fixture_site, page) for page in ENTRY_PAGES]
    sidebars = [p.split('data-md-type="navigation"', 1)[1].split('data-md-type="toc"', 1)[0] for p in pages]
    tocs = [p.split('data-md-type="toc"', 1)[1].split('class="md-content"', 1)[0] for p in pages]
    assert sidebars[0] == sidebars[1]
    assert all('href="#verify"' in toc and 'href="#fix"' in toc for toc in tocs)
