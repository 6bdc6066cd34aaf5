"""The Pagefind prototype (`extra.kb.search_engine: pagefind`): its setting, its index, its search pages."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, build_fixture_project_with

from kb_builder.config import ConfigError, config_from_mapping, load_config
from kb_builder.search.pagefind import SEARCH_PAGE, search_pages

ENTRY_OF_CODE = "wsl-virtual-machine-platform-disabled"
SOCKET_ENTRY = "docker-sock-denied"


def test_the_chunked_index_is_the_default_and_adds_no_pagefind_page(tmp_path: Path) -> None:
    kb = config_from_mapping(tmp_path, {})
    assert kb.search_engine == "chunked"
    assert search_pages(kb, kb.default_language) == {}


def test_an_unknown_search_engine_is_a_config_error_that_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        config_from_mapping(tmp_path, {"search_engine": "algolia"})
    assert str(error.value) == ("mkdocs.yml:1:1: error [invalid-setting] extra.kb.search_engine is 'algolia', "
                                "expected one of: lunr, chunked, pagefind")


def test_the_english_search_page_loads_the_one_bundle_at_the_site_root(tmp_path: Path) -> None:
    kb = config_from_mapping(tmp_path, {"search_engine": "pagefind"})
    pages = {lang.code: search_pages(kb, lang)[SEARCH_PAGE] for lang in kb.languages}
    assert 'kb_pagefind_bundle: "pagefind/"' in pages["zh"]
    assert 'kb_pagefind_bundle: "../pagefind/"' in pages["en"]
    assert "# 搜索（Pagefind）" in pages["zh"] and "# Search (Pagefind)" in pages["en"]


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """tests/fixtures/site-project with the setting on, built once with `kb build`."""
    yield build_fixture_project_with(tmp_path_factory, "pagefind", "search_engine: pagefind")


def test_the_build_indexes_entries_and_guides_of_each_language_separately(pagefind_site: Path) -> None:
    entry = json.loads((pagefind_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # Two entries and one guide a language; the listings (home, codes, platforms, lookup) are left out.
    codes = load_config(REPO).language_codes  # Pagefind names a language in lower case
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {c.lower(): 3 for c in codes}
    assert not (pagefind_site / "en/pagefind").exists()  # one bundle serves both languages
    assert (pagefind_site / "search-pagefind/index.html").is_file()
    assert (pagefind_site / "en/search-pagefind/index.html").is_file()


def pagefind_results(page, query: str) -> list[str]:  # noqa: ANN001 - a Playwright page
    """Type `query` into Pagefind's UI and return the result paths, best first."""
    page.locator(".pagefind-ui__search-input").fill(query)
    page.wait_for_function(_ANSWERED, arg=[query], timeout=15000)
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.pathname)")


# The UI says how many results it found for the query before it has loaded them; each result then
# loads on its own, so a later one can show its link first: wait until every result shown has loaded.
_ANSWERED = """([query]) => {
    const message = document.querySelector('.pagefind-ui__message')?.textContent || '';
    if (!message.includes(query)) return false;
    if (/^(No results|未找到)/.test(message)) return true;
    const results = [...document.querySelectorAll('.pagefind-ui__results > li.pagefind-ui__result')];
    return results.length > 0 && results.every(result =>
        result.querySelector('.pagefind-ui__result-link') !== null && result.querySelector('.pagefind-ui__loading') === null);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("prefix, queries", [
    ("", {"HCS_E_HYPERV_NOT_INSTALLED": ENTRY_OF_CODE, "0x80370102": ENTRY_OF_CODE,
          "当前计算机配置不支持": ENTRY_OF_CODE, "权限不足": SOCKET_ENTRY}),
    ("en/", {"HCS_E_HYPERV_NOT_INSTALLED": ENTRY_OF_CODE, "80370102": ENTRY_OF_CODE,
             "Virtual Machine Platform": ENTRY_OF_CODE,
             "permission denied while trying to connect": SOCKET_ENTRY}),
], ids=["zh", "en"])
def test_the_search_page_of_each_language_finds_entries_by_code_and_phrase_from_this_site_alone(
        pagefind_site: Path, browser, prefix: str, queries: dict[str, str]) -> None:  # noqa: ANN001
    from browser import serve_folder

    with serve_folder(pagefind_site) as url:
        page = browser.new_page()
        console_errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{url}{prefix}search-pagefind/")
        firsts = {query: (pagefind_results(page, query) or [None])[0] for query in queries}
        page.close()
    assert firsts == {query: f"/{prefix}entries/{entry}/" for query, entry in queries.items()}
    assert [r for r in requests if not r.startswith(url)] == []
    assert [r for r in requests if "search_index.json" in r] == []  # lunr's index is not fetched here
    assert console_errors == []
    # The page's language picked its own index, and no other language's.
    indexes = sorted({Path(r).name.split("_")[0] for r in requests if r.endswith(".pf_meta")})
    assert indexes == [f"pagefind.{prefix.strip('/') or 'zh'}"]


def test_pagefinds_entry_file_lists_the_languages_in_one_order_whatever_order_it_wrote() -> None:
    from kb_builder.search.pagefind import languages_in_order

    written = ('{"version":"1.5.2","languages":{"zh-hant":{"hash":"zh-hant_7","page_count":3},'
               '"zh":{"hash":"zh_a","page_count":3},"en":{"hash":"en_2","page_count":3}},'
               '"include_characters":["_","‿"]}')
    ordered = languages_in_order(written)
    assert ordered == ('{"version":"1.5.2","languages":{"en":{"hash":"en_2","page_count":3},'
                       '"zh":{"hash":"zh_a","page_count":3},"zh-hant":{"hash":"zh-hant_7","page_count":3}},'
                       '"include_characters":["_","‿"]}')
    assert languages_in_order(ordered) == ordered
