"""The reader's experience in a real browser, real content: every page kind in both languages is
self-contained, free of serious accessibility faults (axe-core), usable by keyboard, and an entry's
copy buttons copy the command alone. Screenshots of an entry page go to test-artifacts/reader/.
"""

from __future__ import annotations

import re

import pytest
from browser import search
from conftest import REPO

from kb_builder.config import load_config
from kb_builder.project import load_project

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")

AXE = REPO / "node_modules/axe-core/axe.min.js"
ARTIFACTS = REPO / "test-artifacts/reader"
PROJECT = load_project(load_config(REPO))
LANGUAGES = {"zh": "", "en": "en/"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
COPY_BUTTON = "button.md-code__button[data-md-type='copy']"  # Material 9.8; older versions: .md-clipboard


def _admin_step():
    """The first entry (by id) with a step whose own command needs an administrator or root shell."""
    for entry in sorted(PROJECT.entries, key=lambda e: e.id):
        for step in entry.steps:
            if step.command and step.command.admin:
                return entry, step.command
    raise AssertionError("no entry has an administrator/root step command")


ENTRY, ADMIN_COMMAND = _admin_step()
PAGE_KINDS = {
    "home": "",
    "guide": PROJECT.guides_in("zh")[0].page_path.removesuffix(".md").removesuffix("index") + "/",
    "platform": "platforms/windows/",
    "entry": f"entries/{ENTRY.id}/",
    "lookup": "lookup/",
    "codes": "codes/",
    "404": "no/such/page/",
}


def _open(browser, real_site_url: str, viewport: dict[str, int] = DESKTOP, **options):  # noqa: ANN001, ANN202
    """A page in a fresh context that records console errors, failed loads and other-origin requests."""
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, **options)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
            and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"script error: {e}"))
    page.on("request", lambda r: r.url.startswith(real_site_url) or page.problems.append(f"other origin: {r.url}"))
    # Material asks for sitemap.xml beside pages (404 is harmless); a missing page is the 404 page itself.
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/sitemap.xml")
            and not (r.request.is_navigation_request() and "/no/such/" in r.url)
            and page.problems.append(f"HTTP {r.status}: {r.url}"))
    return page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_kind_loads_offline_without_errors(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    found = {}
    for kind, path in PAGE_KINDS.items():
        page.problems.clear()
        page.goto(real_site_url + LANGUAGES[lang] + path)
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.documentElement.lang") != lang or page.locator("article h1").count() != 1:
            page.problems.append("not a page of this language with one h1")
        scripts = page.eval_on_selector_all("script[src]", "s => s.map(e => e.getAttribute('src'))")
        if any("kb-lookup.js" in src for src in scripts) != (kind == "lookup"):
            page.problems.append(f"kb-lookup.js only belongs on the lookup page: {scripts}")
        found[kind] = list(page.problems)
    assert {kind: problems for kind, problems in found.items() if problems} == {}
    page.context.close()


_AXE_SERIOUS = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""


def _axe_violations(page) -> list[str]:  # noqa: ANN001
    assert AXE.is_file(), "axe-core is missing: `make test` installs it (npm ci, from package-lock.json)"
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_SERIOUS)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_accessibility_violation_on_any_page_kind(browser, real_site_url: str, lang: str,  # noqa: ANN001
                                                             viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    found = {}
    for kind, path in PAGE_KINDS.items():
        page.goto(real_site_url + LANGUAGES[lang] + path)
        found[kind] = _axe_violations(page)
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["entry"])
    page.keyboard.press("/")  # opens the search on a phone too, where the box hides behind an icon
    search(page, "docker", typed=False)
    found["search results"] = _axe_violations(page)
    assert {kind: v for kind, v in found.items() if v} == {}
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_copy_button_of_a_step_copies_the_command_alone(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url, permissions=["clipboard-read", "clipboard-write"])
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["entry"])
    command = ADMIN_COMMAND.run.rstrip()
    block = page.locator("div.highlight").filter(has=page.locator("code", has_text=command.split("\n")[0])).first
    assert block.locator(".kb-admin").is_visible(), "the administrator/root badge is missing"
    block.locator(COPY_BUTTON).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == command
    page.context.close()


def test_the_admin_badge_says_what_shell_is_needed(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry"])
    badge = page.locator(".kb-admin").first
    assert re.search(r"管理员|root", badge.inner_text())
    assert re.search(r"以管理员身份运行|以 root 身份执行", badge.text_content())  # the screen reader's sentence
    page.context.close()


def _tab_until(page, selector: str, presses: int = 40) -> bool:  # noqa: ANN001
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def test_keyboard_reaches_the_search_with_its_shortcut(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry"])
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.context.close()


def test_keyboard_switches_the_language_on_the_same_page(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry"])
    assert _tab_until(page, ".md-select__link[hreflang='en']")
    page.keyboard.press("Enter")
    page.wait_for_url(real_site_url + "en/" + PAGE_KINDS["entry"])
    assert page.problems == []
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_reaches_the_home_error_box_and_it_finds_the_entry(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + LANGUAGES[lang])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.md-skip')")
    page.keyboard.press("Enter")  # "skip to content"
    assert _tab_until(page, "#kb-ask-text", presses=3)
    page.keyboard.insert_text(ENTRY.error_codes[0] if ENTRY.error_codes else ENTRY.messages[0].text)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(real_site_url + LANGUAGES[lang]) + r"lookup/\?error="))
    assert _tab_until(page, "#kb-lookup-text")
    first = page.locator(".kb-lookup__results li a").first
    assert first.get_attribute("href").rstrip("/").endswith(ENTRY.id)
    assert page.problems == []
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_page_offers_lookup_and_search_at_any_depth(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    response = page.goto(real_site_url + LANGUAGES[lang] + "no/such/page/at/depth")
    assert response.status == 404 and page.evaluate("document.documentElement.lang") == lang
    page.locator("article a[href$='/lookup/']").click()
    assert page.url == real_site_url + LANGUAGES[lang] + "lookup/"
    page.go_back()
    page.fill("#kb-ask-search", "docker")
    page.locator(".kb-ask--search button").click()
    page.wait_for_url(re.compile(r"\?q=docker"))
    assert page.url.startswith(real_site_url + LANGUAGES[lang] + "?q=")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    assert page.problems == []
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_entry_page_shows_its_facts_at_a_glance(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["entry"])
    facts = page.locator("section.kb-facts")
    box = facts.bounding_box()
    assert box is not None and box["y"] + box["height"] < DESKTOP["height"], "facts below the fold"
    assert facts.locator(f".kb-status--{ENTRY.status}").is_visible()
    assert facts.locator("time").get_attribute("datetime") == ENTRY.updated
    assert page.locator("#verify").is_visible()
    fonts = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "WenQuanYi Micro Hei" in fonts and fonts.startswith('"PingFang SC"') == (lang == "zh"), fonts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"entry-{lang}.png"), full_page=True)
    page.context.close()
