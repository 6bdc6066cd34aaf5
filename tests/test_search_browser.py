"""Finding the fix from an error, in a real browser: site search and the lookup page, real content."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

import pytest
import yaml
from browser import search
from conftest import FIXTURES, REPO, build_fixture_project_with

from kb_builder.config import load_config
from kb_builder.content.convert import edition, fold_text, matcher_entries, search_fold
from kb_builder.content.project import load_project
from kb_builder.search.lookup import code_forms, match_data, rank

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

CONFIG = load_config(REPO)
PROJECT = load_project(CONFIG)
VECTORS = yaml.safe_load((FIXTURES / "diagnose/vectors.yaml").read_text(encoding="utf-8"))["vectors"]


def _code_queries() -> list[tuple[str, set[str]]]:
    """Every code of the real content as typed: whole, without 0x, the bare code of each path."""
    owners: dict[str, set[str]] = {}
    queries: dict[str, str] = {}
    for entry in PROJECT.entries:
        for code in entry.error_codes:
            for form in code_forms(code):
                owners.setdefault(form["key"], set()).add(entry.id)
                queries.setdefault(form["form"] if not form["full"] else code, form["key"])
    return sorted((query, owners[key]) for query, key in queries.items())


@pytest.fixture(scope="module", params=["", "en/"], ids=["zh", "en"])
def search_page(request: pytest.FixtureRequest, browser, real_site_url: str):  # noqa: ANN001
    page = browser.new_page()
    page.goto(real_site_url + request.param)
    yield page, real_site_url + request.param
    page.close()


def test_every_error_code_finds_its_entry_first(search_page) -> None:  # noqa: ANN001
    page, base = search_page
    misses = []
    for query, owners in _code_queries():
        results = [link.removeprefix(base) for link in search(page, query, typed=False)]
        if results and results[0].startswith("codes/"):  # a shared code: the page comparing its causes leads
            assert len(owners) > 1, (query, results[0])
            results = results[1:]
        first = results[0].removeprefix("entries/").strip("/") if results else None
        if first not in owners:
            misses.append((query, first, sorted(owners)))
    assert misses == []


@pytest.mark.parametrize("lang, query, expected", [
    ("", "当前计算机配置不支持 WSL2", "wsl-virtual-machine-platform-disabled"),
    ("", "没有可安装候选", "apt-no-installation-candidate"),
    ("", "docker.sock 权限", "docker-sock-permission-denied"),
    ("en/", "WSL 2 requires an update to its kernel component", "wsl-kernel-missing-or-outdated"),
    ("en/", "Is the docker daemon running", "docker-daemon-not-running"),
    ("en/", "docker-users group", "user-not-in-docker-users"),
])
def test_a_phrase_finds_the_right_entry_in_the_top_3(browser, real_site_url: str, lang: str, query: str,  # noqa: ANN001
                                                     expected: str) -> None:
    page = browser.new_page()
    page.goto(real_site_url + lang)
    # The box is filled at once: this test is about ranking. Typed key by key on a loaded 2-core CI
    # machine, the results twice stayed those of the prefix "docker" (never reproduced otherwise).
    results = [link.removeprefix(real_site_url + lang) for link in search(page, query, typed=False)]
    page.close()
    assert f"entries/{expected}/" in results[:3], results[:5]


def _diagnose_ranking(prefix: str) -> tuple[dict, Callable[[str], str]]:
    """The match data `kb diagnose --lang` ranks with for the edition at `prefix`, and what it does
    to a text first (a converted edition folds it)."""
    language = next(lang for lang in CONFIG.languages if lang.url_root == prefix)
    fold = search_fold(language)
    data = match_data(matcher_entries(edition(PROJECT, language).entries, language))
    return data, lambda text: fold_text(text, fold)


@pytest.mark.parametrize("lang", ["", "zh-Hant/", "en/"])
def test_lookup_page_ranks_exactly_as_kb_diagnose(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(real_site_url + lang + "lookup/")
    page.wait_for_selector(".kb-lookup--ready")
    expected_data, prepare = _diagnose_ranking(lang)
    texts = [v["text"] for v in VECTORS]
    for corpus in sorted((FIXTURES / "diagnose").glob("*.yaml")):
        if corpus.name != "vectors.yaml":
            texts += [case["text"] for case in yaml.safe_load(corpus.read_text(encoding="utf-8"))["cases"]]
    texts += ["kvm-ok", "1bc", "docker-users", "虚拟机平台", "虛擬機器平台", "Virtual Machine Platform", ""]
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    in_browser = page.evaluate(
        """async (texts) => {
            const lookup = new kbMatcher.Lookup(new URL('../search/errors/', location.href));
            const ranked = [];
            for (const t of texts) ranked.push((await lookup.rank(t)).map(r => [r.id, r.score, r.strong]));
            return ranked;
        }""", texts)
    in_python = [[[m.id, m.score, m.strong] for m in rank(prepare(text), expected_data)] for text in texts]
    assert in_browser == in_python
    assert not [url for url in fetched if "export/" in url]  # the lookup files, never the whole export
    page.fill("textarea", VECTORS[0]["text"])
    page.wait_for_selector(".kb-lookup__results li a")
    first = page.locator(".kb-lookup__results li a").first.get_attribute("href")
    assert first == f"../entries/{VECTORS[0]['top'][0]}/"
    page.fill("textarea", "0x80370102")
    page.wait_for_function("document.querySelectorAll('.kb-lookup__results li details').length >= 2")
    assert page.locator(".kb-lookup__compare a").get_attribute("href") == "../codes/0x80370102/"
    assert errors == []
    page.close()


SOCKET_PASTE = ('Got permission denied while trying to connect to the Docker daemon socket at '
                'unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json": '
                'dial unix /var/run/docker.sock: connect: permission denied')
UNCOVERED = yaml.safe_load((FIXTURES / "diagnose/uncovered.yaml").read_text(encoding="utf-8"))["cases"]


def _results(page) -> list[dict]:  # noqa: ANN001 - a Playwright page
    """Each result of Material's list: its link, its strength badge, its text."""
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => ({
        href: item.querySelector('a').href,
        strength: (item.querySelector('.kb-hit__strength') || {className: ''}).className,
        text: item.innerText}))""")


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_a_pasted_error_in_the_search_box_puts_its_entry_first_and_says_why(browser, real_site_url: str,  # noqa: ANN001
                                                                              lang: str) -> None:
    page = browser.new_page()
    page.goto(real_site_url + lang + "entries/apt-no-pubkey/")  # readers paste into the box of any page
    search(page, SOCKET_PASTE, typed=False)
    first = _results(page)[0]
    page.close()
    assert "/entries/docker-sock-permission-denied/" in first["href"]
    assert "kb-hit__strength--strong" in first["strength"]
    # Why, in the entry's words (not the matcher's lower-cased form), and the symptom, not the facts box.
    assert "permission denied while trying to connect to the Docker daemon socket" in first["text"]
    assert not {"Validated", "已验证", "Platform", "平台"} & set(first["text"].replace("\n", " ").split())


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_entries_sharing_a_code_come_most_common_first_with_how_to_tell_apart(browser, real_site_url: str,  # noqa: ANN001
                                                                               lang: str) -> None:
    page = browser.new_page()
    page.goto(real_site_url + lang)
    search(page, "0x80370102", typed=False)
    compare, *results = _results(page)
    page.close()
    assert "/codes/0x80370102/" in compare["href"]  # the page that helps choose comes first
    owners = sorted((entry for entry in PROJECT.entries if "0x80370102" in entry.error_codes),
                    key=lambda entry: ({"common": 0, "occasional": 1, "rare": 2}[entry.prevalence], entry.id))
    assert "0x80370102" in compare["text"] and str(len(owners)) in compare["text"]
    shown = [r["href"].split("/entries/")[1].split("/")[0] for r in results[:len(owners)]]
    assert shown == [entry.id for entry in owners]
    assert all("kb-hit__strength--strong" in r["strength"] for r in results[:len(owners)])
    told = [r for r in results[:len(owners)] if "如何区分" in r["text"] or "How to tell apart" in r["text"]]
    assert len(told) >= 2


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_a_paste_no_entry_covers_is_told_so_and_offered_a_report(browser, real_site_url: str,  # noqa: ANN001
                                                                lang: str) -> None:
    text = UNCOVERED[0]["text"].strip()  # Docker Hub's pull rate limit: no entry is about it
    page = browser.new_page()
    page.goto(real_site_url + lang)
    search(page, text, typed=False)
    results = _results(page)
    page.close()
    assert not any("kb-hit__strength--strong" in r["strength"] for r in results)
    assert any(r["href"].endswith("/collect-diagnostics/") or "/collect-diagnostics/?" in r["href"] for r in results)
    report = next(r["href"] for r in results if "/issues/new?" in r["href"])
    assert "toomanyrequests" in urllib.parse.unquote(report)
    assert ("zh" if lang == "" else "en") in urllib.parse.unquote(report)


def test_a_paste_with_the_mouse_searches_without_a_key(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = browser.new_page()
    page.goto(real_site_url + "en/")
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("document.querySelector('.md-search-result__meta') !== null")
    # What a paste from a context menu does: the value changes and an input event fires, no key.
    page.evaluate("""(text) => { const box = document.querySelector('input.md-search__input');
        box.value = text; box.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})); }""",
                  "0x800701bc")
    page.wait_for_selector(".md-search-result__item a[href*='wsl-kernel-missing-or-outdated']", timeout=10000)
    page.close()


@pytest.mark.parametrize("prefix", ["", "en/"], ids=["zh", "en"])
def test_materials_own_search_still_finds_a_code_with_search_engine_lunr(
        browser, tmp_path_factory: pytest.TempPathFactory, prefix: str) -> None:  # noqa: ANN001
    from browser import serve_folder

    site = build_fixture_project_with(tmp_path_factory, "lunr", "search_engine: lunr")
    with serve_folder(site) as url:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url + prefix)
        results = search(page, "0x80370102")
        page.close()
    assert results[0] == f"{url}{prefix}entries/wsl-virtual-machine-platform-disabled/"
    assert any("/workers/search." in r for r in requests) and not any("kb-search-worker" in r for r in requests)
