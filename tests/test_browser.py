"""The built site in a real browser: language switch, search, no console errors."""

from __future__ import annotations

import pytest
from browser import search

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

ENTRY = "entries/docker-sock-denied/"


@pytest.fixture
def page(browser, fixture_site_url: str):  # noqa: ANN001
    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(fixture_site_url) else page.foreign_requests.append(r.url))
    yield page
    context.close()


@pytest.mark.parametrize("start, lang, target, heading", [
    (ENTRY, "en", f"en/{ENTRY}", "Permission denied on /var/run/docker.sock"),
    (f"en/{ENTRY}", "zh", ENTRY, "连接 /var/run/docker.sock 时提示权限不足"),
    ("", "en", "en/", "Docker install and start-up troubleshooting"),
])
def test_language_switch_lands_on_the_same_page(page, fixture_site_url: str, start: str, lang: str, target: str,
                                                heading: str) -> None:
    page.goto(fixture_site_url + start)
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link[hreflang='{lang}']")
    page.wait_for_load_state()
    assert page.url == fixture_site_url + target
    assert page.locator("article h1").first.inner_text().strip().rstrip("¶") == heading
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.console_errors == [] and page.foreign_requests == []


@pytest.mark.parametrize("start, query, expected", [
    ("", "权限不足", ENTRY),
    ("en/", "permission denied", ENTRY),
    ("", "HCS_E_HYPERV_NOT_INSTALLED", "entries/wsl-virtual-machine-platform-disabled/"),
])
def test_search_finds_the_entry_in_each_language(page, fixture_site_url: str, start: str, query: str,
                                                 expected: str) -> None:
    page.goto(fixture_site_url + start)
    results = search(page, query)
    assert results, f"no result for {query!r}"
    assert any(link.rstrip("/").endswith(expected.rstrip("/")) for link in results[:3]), results
    assert page.console_errors == [] and page.foreign_requests == []
