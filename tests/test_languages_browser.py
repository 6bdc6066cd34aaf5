"""The Traditional Chinese edition in a real browser: its search box finds Traditional queries, and
the language switch moves among the three editions on the same page."""

from __future__ import annotations

import pytest
import yaml
from browser import search
from conftest import FIXTURES, REPO

from kb_builder.config import load_config

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

CONFIG = load_config(REPO)
TRADITIONAL = yaml.safe_load((FIXTURES / "diagnose/traditional.yaml").read_text(encoding="utf-8"))["cases"]
CONVERTED = next(lang for lang in CONFIG.languages if lang.is_converted)


def _search(browser, url: str, query: str) -> list[str]:  # noqa: ANN001
    page = browser.new_page()
    page.goto(url)
    results = [result.removeprefix(url) for result in search(page, query, typed=False)]
    page.close()
    return results


@pytest.mark.parametrize("case", TRADITIONAL, ids=[case["text"] for case in TRADITIONAL])
def test_a_traditional_query_finds_its_entry_first_in_the_converted_edition(
        browser, real_site_url: str, case: dict) -> None:  # noqa: ANN001
    results = _search(browser, real_site_url + CONVERTED.url_root, case["text"])
    assert results and results[0] == f"entries/{case['expected']}/", results[:3]


@pytest.mark.parametrize("query", ["當前電腦設定不支援 WSL2", "当前计算机配置不支持 WSL2"])
def test_why_a_pasted_error_matched_is_told_in_the_editions_script(
        browser, real_site_url: str, query: str) -> None:  # noqa: ANN001
    page = browser.new_page()
    page.goto(real_site_url + CONVERTED.url_root)
    search(page, query, typed=False)
    why = page.locator(".md-search-result__item .kb-hit").first.inner_text()
    page.close()
    # The signature the entry lists (zh-CN), as the edition writes it: not the folded, lower-cased form.
    assert "當前電腦設定不支援 WSL2" in why and "当前" not in why, why


@pytest.mark.parametrize("traditional, simplified", [
    ("當前計算機配置不支持 WSL2", "当前计算机配置不支持 WSL2"),
    ("啟用虛擬化", "启用虚拟化"),
])
def test_a_traditional_query_finds_what_the_simplified_one_finds_in_the_source_edition(
        browser, real_site_url: str, traditional: str, simplified: str) -> None:  # noqa: ANN001
    # The first result: the pages' words differ where OpenCC changes a phrase, so the rest may too.
    converted = _search(browser, real_site_url + CONVERTED.url_root, traditional)[:1]
    source = _search(browser, real_site_url + CONFIG.language(CONVERTED.convert_from).url_root, simplified)[:1]
    assert converted and converted == source


def test_the_language_switch_moves_among_every_edition_on_the_same_page(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = browser.new_page()
    path = "entries/wsl-virtual-machine-platform-disabled/"
    visited = []
    current = CONFIG.default_language
    page.goto(real_site_url + current.url_root + path)
    for target in (*CONFIG.languages[1:], CONFIG.default_language):  # zh -> zh-Hant -> en -> zh
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'.md-select__link[hreflang="{target.code}"]').click()
        page.wait_for_load_state()
        visited.append((page.url.removeprefix(real_site_url), page.locator("html").get_attribute("lang")))
    page.close()
    assert visited == [(lang.url_root + path, lang.code) for lang in (*CONFIG.languages[1:], CONFIG.default_language)]


def test_the_results_mark_the_traditional_words_of_a_traditional_query(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = browser.new_page()
    page.goto(real_site_url + CONVERTED.url_root)
    assert search(page, "虛擬機器平台")
    marked = page.locator(".md-search-result__list mark").all_inner_texts()
    page.close()
    assert "虛擬" in "".join(marked), marked[:5]  # found through the fold, marked as the page writes it
