"""The reader's experience in a real browser, real content: every page kind in both languages is
self-contained, free of serious accessibility faults (axe-core, content tabs included), usable by keyboard,
an entry's copy buttons copy the command alone (in a later content tab too), and its error codes are chips
that do not break mid-word. An entry leads with its fix: the first step, or the link to it, is within the
first screen of every entry on a desktop and on a phone. Screenshots of an entry, a shared code's page, the
code index and the home page at both sizes go to test-artifacts/reader/.
"""

from __future__ import annotations

import re

import pytest
from browser import search
from conftest import REPO

from kb_builder.config import load_config
from kb_builder.content.project import load_project
from kb_builder.render import labels as page_labels

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


def _command_in_a_later_tab():
    """The first entry (by id) with a step whose options (content tabs) hold a command beyond the first tab."""
    for entry in sorted(PROJECT.entries, key=lambda e: e.id):
        for step in entry.steps:
            for index, option in enumerate(step.options):
                if index > 0 and option.command:
                    return entry, step, index
    raise AssertionError("no entry has a command in a content tab other than the first")


def _longest_codes():
    """The entry with the longest error code: the one whose codes are most likely to wrap."""
    return max(PROJECT.entries, key=lambda e: max((len(code) for code in e.error_codes), default=0))


def _most_messages():
    """The entry with the most verbatim messages (first by id): the one whose list folds."""
    return max(sorted(PROJECT.entries, key=lambda e: e.id), key=lambda e: len(e.messages))


def _shared_code():
    """The code listed by the most entries (first by code): it has a page that helps choose."""
    rows = page_labels.code_pages(PROJECT.entries)
    assert rows, "no code is listed by several entries"
    return max(rows, key=lambda row: len(row.entries))


ENTRY, ADMIN_COMMAND = _admin_step()
MESSAGES_ENTRY = _most_messages()
SHARED = _shared_code()
TABBED, TABBED_STEP, TAB_INDEX = _command_in_a_later_tab()
CODES_ENTRY = _longest_codes()
PAGE_KINDS = {
    "home": "",
    "guide": PROJECT.guides_in("zh")[0].page_path.removesuffix(".md").removesuffix("index") + "/",
    "platform": "platforms/windows/",
    "entry": f"entries/{ENTRY.id}/",
    "entry with tabs": f"entries/{TABBED.id}/",
    "lookup": "lookup/",
    "codes": "codes/",
    "code page": f"codes/{SHARED.slug}/",
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
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # A click or scroll starts Material's transitions (the header swaps the site name for the page
    # title, fading): colours are judged at rest, not half-faded.
    page.wait_for_timeout(50)  # let a transition that the last action starts begin
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=10000)
    return page.evaluate(_AXE_SERIOUS)


def _tab(page, lang: str):  # noqa: ANN001, ANN202
    """The label and the block of TABBED_STEP's tab number TAB_INDEX, on TABBED's page."""
    label_text = TABBED_STEP.options[TAB_INDEX].label[lang].replace('"', "'")
    labels = page.locator(".tabbed-labels > label")
    tabs = page.locator(".tabbed-set").filter(has=labels.filter(has_text=re.compile(f"^{re.escape(label_text)}$")))
    assert tabs.count() >= 1, f"no content tabs labelled {label_text!r}"
    tabs = tabs.first
    label = tabs.locator(".tabbed-labels > label").nth(TAB_INDEX)
    assert label.inner_text().strip() == label_text
    return label, tabs.locator(".tabbed-content > .tabbed-block").nth(TAB_INDEX)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_accessibility_violation_on_any_page_kind(browser, real_site_url: str, lang: str,  # noqa: ANN001
                                                             viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    found = {}
    for kind, path in PAGE_KINDS.items():
        page.goto(real_site_url + LANGUAGES[lang] + path)
        found[kind] = _axe_violations(page)
        if kind == "entry with tabs":  # axe skips hidden tabs: open a later one and check again
            label, block = _tab(page, lang)
            label.click()
            assert block.is_visible()
            found[f"{kind}, tab {TAB_INDEX + 1} open"] = _axe_violations(page)
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_copy_button_in_a_later_content_tab_copies_that_tab_s_command(browser, real_site_url: str,  # noqa: ANN001
                                                                          lang: str) -> None:
    page = _open(browser, real_site_url, permissions=["clipboard-read", "clipboard-write"])
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["entry with tabs"])
    command = TABBED_STEP.options[TAB_INDEX].command.run.rstrip()
    label, block = _tab(page, lang)
    assert not block.is_visible(), "a later tab is open before its label is clicked"
    label.click()
    assert block.is_visible()
    assert block.locator("pre code").inner_text().rstrip() == command
    page.evaluate("navigator.clipboard.writeText('')")
    block.locator(COPY_BUTTON).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == command
    assert page.problems == []
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
    # A click starts the navigation without waiting for it: going back while it is still on its
    # way fails now and then ("Not attached to an active page").
    page.wait_for_url(real_site_url + LANGUAGES[lang] + "lookup/", wait_until="load")
    page.go_back(wait_until="load")
    page.wait_for_selector("#kb-ask-search")
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


_CHIPS = """() => {
    const dd = document.querySelector('section.kb-facts dd.kb-facts__codes');
    const card = getComputedStyle(document.querySelector('section.kb-facts')).backgroundColor;
    return [...dd.querySelectorAll('.kb-codes > li > code')].map(code => {
        const style = getComputedStyle(code);
        const room = dd.getBoundingClientRect().width - ['paddingLeft', 'paddingRight', 'borderLeftWidth',
            'borderRightWidth'].reduce((sum, side) => sum + parseFloat(style[side]), 0);
        // A text node lies between two break opportunities (<wbr> after each '/'): on one line, its
        // boxes share one top, unless the piece alone is wider than the column.
        const pieces = [...code.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(node => {
            const range = document.createRange();
            range.selectNodeContents(node);
            const rects = [...range.getClientRects()].filter(r => r.width > 0);
            return {text: node.textContent, lines: new Set(rects.map(r => Math.round(r.top))).size,
                    width: rects.reduce((sum, r) => sum + r.width, 0)};
        });
        const box = code.getBoundingClientRect();
        return {text: code.textContent, display: style.display, select: style.userSelect,
                edge: style.backgroundColor !== card || parseFloat(style.borderTopWidth) >= 1,
                left: box.left, right: box.right, top: Math.round(box.top),
                broken: pieces.filter(p => p.lines > 1 && p.width < room).map(p => p.text)};
    });
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_error_codes_are_chips_that_never_break_mid_word(browser, real_site_url: str, lang: str,  # noqa: ANN001
                                                          viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    page.goto(real_site_url + LANGUAGES[lang] + f"entries/{CODES_ENTRY.id}/")
    chips = page.evaluate(_CHIPS)
    assert [chip["text"] for chip in chips] == list(CODES_ENTRY.error_codes), "one chip per code, copied as written"
    assert {chip["display"] for chip in chips} == {"inline-block"} and "none" not in {c["select"] for c in chips}
    assert all(chip["edge"] for chip in chips), "a chip must stand out from the card"
    assert {chip["text"]: chip["broken"] for chip in chips if chip["broken"]} == {}, "a code breaks mid-word"
    for before, after in zip(chips, chips[1:]):
        if before["top"] == after["top"]:  # side by side: a visible gap between them
            assert after["left"] - before["right"] >= 4, (before["text"], after["text"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("section.kb-facts").screenshot(path=str(ARTIFACTS / f"codes-{lang}-{viewport['width']}.png"))
    page.context.close()


_PIECES_ON_TWO_LINES = """(selector) => {
    const codes = [...document.querySelectorAll(selector)];
    const broken = codes.flatMap(code => [...code.childNodes].filter(node => {
        if (node.nodeType !== Node.TEXT_NODE) return false;
        const range = document.createRange();
        range.selectNodeContents(node);
        return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1;
    }).map(node => node.textContent));
    return {count: codes.length, broken};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_error_code_index_breaks_codes_only_after_a_slash(browser, real_site_url: str, lang: str,  # noqa: ANN001
                                                              viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["codes"])
    found = page.evaluate(_PIECES_ON_TWO_LINES, "article .kb-code-index code")
    assert found["count"] > 0 and found["broken"] == []
    assert page.problems == []
    page.context.close()


_FIRST_STEP = """() => {
    const marks = [document.querySelector('article .kb-lead__go'), document.querySelector('article ol.kb-steps > li')];
    const bottoms = marks.filter(Boolean).map(el => el.getBoundingClientRect().bottom + scrollY);
    return bottoms.length ? Math.min(...bottoms) : null;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_entry_shows_its_first_step_or_the_link_to_it_within_the_first_screen(browser, real_site_url: str,  # noqa: ANN001
                                                                                     viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    screens = {}
    for lang, root in LANGUAGES.items():
        for entry in sorted(PROJECT.entries, key=lambda e: e.id):
            page.goto(real_site_url + root + f"entries/{entry.id}/", wait_until="domcontentloaded")
            bottom = page.evaluate(_FIRST_STEP)
            screens[f"{lang}:{entry.id}"] = None if bottom is None else round(bottom / viewport["height"], 2)
    ordered = sorted(v for v in screens.values() if v is not None)
    print(f"\n{viewport['width']}x{viewport['height']}: the fix's link ends at a median {ordered[len(ordered) // 2]}"
          f" screens, at most {ordered[-1]}")
    assert {key: value for key, value in screens.items() if value is None or value > 1} == {}
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reader_sees_the_page_s_contents_and_long_message_lists_fold(browser, real_site_url: str, lang: str,  # noqa: ANN001
                                                                         viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    page.goto(real_site_url + LANGUAGES[lang] + f"entries/{MESSAGES_ENTRY.id}/")
    toc_visible = page.locator(".md-sidebar--secondary .md-nav__link[href='#fix']").is_visible()
    jump = page.locator(".kb-jump a[href='#fix']")
    assert toc_visible or jump.is_visible(), "no contents list on screen"
    assert jump.bounding_box() is None or jump.bounding_box()["y"] < viewport["height"]
    jump_or_toc = jump if jump.is_visible() else page.locator(".md-sidebar--secondary .md-nav__link[href='#fix']")
    jump_or_toc.click()
    page.wait_for_function("location.hash === '#fix'")
    assert page.locator("#fix").bounding_box()["y"] < viewport["height"]
    blocks = page.locator(".kb-messages .highlight")
    assert blocks.count() == len(MESSAGES_ENTRY.messages) > 2
    assert sum(blocks.nth(i).is_visible() for i in range(blocks.count())) == 2, "all messages shown at once"
    last = MESSAGES_ENTRY.messages[-1].text.strip().splitlines()[0]
    assert last in page.locator(".kb-messages").text_content(), "a folded message left the page"
    page.locator(".kb-more-messages > summary").click()
    assert all(blocks.nth(i).is_visible() for i in range(blocks.count()))
    assert page.problems == []
    page.context.close()


def test_an_entry_with_a_shared_code_links_the_page_that_helps_choose(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url, PHONE)
    owner = SHARED.entries[-1]
    page.goto(real_site_url + f"en/entries/{owner.id}/")
    link = page.locator(f".kb-lead a[href='../../codes/{SHARED.slug}/']")
    assert link.is_visible() and link.bounding_box()["y"] < PHONE["height"]
    link.click()
    page.wait_for_url(real_site_url + f"en/codes/{SHARED.slug}/")
    shown = page.locator("ol.kb-choose > li h2").evaluate_all("hs => hs.map(h => h.id)")
    assert shown == [entry.id for entry in SHARED.entries]  # most common first (code_pages' own order)
    assert page.locator("ol.kb-choose .kb-prevalence--common").count() == sum(
        e.prevalence == "common" for e in SHARED.entries)
    page.locator(f"ol.kb-choose > li:has(h2#{owner.id}) a.kb-choose__go").click()
    page.wait_for_url(real_site_url + f"en/entries/{owner.id}/#fix")
    assert page.problems == []
    page.context.close()


_WIDER_THAN_THE_PAGE = """() => [...document.querySelectorAll('article *')]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(el => el.tagName + '.' + el.className).slice(0, 5)"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_code_index_fits_the_screen_and_lists_each_code_once(browser, real_site_url: str, lang: str,  # noqa: ANN001
                                                                 viewport: dict[str, int]) -> None:
    page = _open(browser, real_site_url, viewport)
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["codes"])
    assert page.evaluate(_WIDER_THAN_THE_PAGE) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    rows = page.locator(".kb-code-index__row").evaluate_all("rows => rows.map(r => r.id)")
    assert len(rows) == len(set(rows)) == len(page_labels.code_index(PROJECT.entries))
    _screenshot(page, f"codes-index-{lang}-{viewport['width']}")
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["code page"])
    assert page.evaluate(_WIDER_THAN_THE_PAGE) == []
    _screenshot(page, f"code-page-{lang}-{viewport['width']}")
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["entry"])
    _screenshot(page, f"entry-top-{lang}-{viewport['width']}")
    page.goto(real_site_url + LANGUAGES[lang])
    _screenshot(page, f"home-{lang}-{viewport['width']}")
    assert page.problems == []
    page.context.close()


def _screenshot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_leads_with_the_box_then_the_common_problems_each_title_once(browser, real_site_url: str,  # noqa: ANN001
                                                                                  lang: str) -> None:
    page = _open(browser, real_site_url, PHONE)
    page.goto(real_site_url + LANGUAGES[lang])
    common = page.locator(".kb-common > li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(common) == sorted(f"entries/{e.id}/" for e in page_labels.common_entries(PROJECT.entries, lang))
    assert page.locator(".kb-common__symptom").count() == len(common) > 0
    entries = page.locator("article a[href^='entries/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(entries) == len(set(entries)), "an entry's title repeated on the home page"
    assert page.locator("#kb-ask-text").bounding_box()["y"] < PHONE["height"]
    assert page.evaluate("document.documentElement.scrollHeight") < 4 * PHONE["height"]
    assert not page.locator(".kb-keyhint").is_visible(), "'press /' shown on a phone"
    page.context.close()


@pytest.mark.parametrize("where", ["", "no/such/page/"], ids=["home", "404"])
def test_enter_in_the_paste_box_submits_and_shift_enter_starts_a_line(browser, real_site_url: str, where: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + "en/" + where)
    box = page.locator("#kb-ask-text")
    box.click()
    page.keyboard.insert_text("0x80370102")
    page.keyboard.press("Shift+Enter")
    page.keyboard.insert_text("second line")
    assert box.input_value() == "0x80370102\nsecond line"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(real_site_url + "en/lookup/?error=") + r"0x80370102%0D?%0Asecond"))
    page.context.close()


def test_github_pages_root_404_sends_an_english_address_to_the_english_page(browser, real_site_url: str,  # noqa: ANN001
                                                                            built_real_site) -> None:  # noqa: ANN001
    """GitHub Pages answers every missing address with the root 404.html, /en/... too."""
    page = _open(browser, real_site_url)
    root_404 = (built_real_site / "404.html").read_bytes()
    page.route(re.compile(r".*/en/no/such/.*"), lambda route: route.fulfill(
        status=404, body=root_404, headers={"Content-Type": "text/html; charset=utf-8"}))
    page.goto(real_site_url + "en/no/such/page/")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("article h1").inner_text() == page_labels.labels("en")["not_found_title"]
    page.goto(real_site_url + "no/such/page/")
    assert page.evaluate("document.documentElement.lang") == "zh"
    page.context.close()


def test_the_language_and_the_colour_scheme_are_remembered_in_every_language(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry"])
    page.locator("label[for^='__palette']:visible").first.click()
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator(".md-select__link[hreflang='en']").dispatch_event("click")
    page.wait_for_url(real_site_url + "en/" + PAGE_KINDS["entry"])
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.goto(real_site_url + PAGE_KINDS["codes"])  # typed: no referrer from this site
    page.wait_for_url(real_site_url + "en/" + PAGE_KINDS["codes"])
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.context.close()


def test_switching_the_language_keeps_the_anchor(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry"] + "#verify")
    page.locator(".md-select__link[hreflang='en']").dispatch_event("click")
    page.wait_for_url(real_site_url + "en/" + PAGE_KINDS["entry"] + "#verify")
    assert page.locator("#verify").bounding_box()["y"] < DESKTOP["height"]
    page.context.close()


def test_notes_and_tab_labels_are_large_enough_for_chinese(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry with tabs"])
    sizes = page.evaluate("""() => ['.admonition', '.tabbed-labels > label'].map(s =>
        parseFloat(getComputedStyle(document.querySelector('article ' + s)).fontSize))""")
    assert min(sizes) >= 14, sizes
    page.context.close()


_WORDS_ON_TWO_LINES = """(selector) => [...document.querySelectorAll(selector)].flatMap(el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const broken = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.textContent.matchAll(/[A-Za-z0-9_]{3,}/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(word[0]);
        }
    }
    return broken;
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_codes_in_titles_break_only_at_their_separators_on_a_phone(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url, PHONE)
    found = {}
    for entry in SHARED.entries:
        page.goto(real_site_url + LANGUAGES[lang] + f"entries/{entry.id}/")
        found[entry.id] = page.evaluate(_WORDS_ON_TWO_LINES, "article h1")
    for kind in ("codes", "code page"):
        page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS[kind])
        found[kind] = page.evaluate(_WORDS_ON_TWO_LINES, "article h1, article h2, article li a")
    assert {key: words for key, words in found.items() if words} == {}
    page.context.close()


_COPY_OVER_TEXT = """() => [...document.querySelectorAll('article .highlight')].filter(block => {
    const button = block.querySelector('button.md-code__button, .md-clipboard');
    const code = block.querySelector('pre > code');
    if (!button || !code || !button.getBoundingClientRect().width) return false;
    const b = button.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(code);
    return [...range.getClientRects()].some(r => r.width > 0 && r.left < b.right && r.right > b.left
        && r.top < b.bottom && r.bottom > b.top);
}).length"""


def test_the_copy_button_covers_no_text_of_a_wrapped_block_on_a_phone(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url, PHONE)
    covered = {}
    for entry in (ENTRY, MESSAGES_ENTRY, CODES_ENTRY):
        page.goto(real_site_url + f"entries/{entry.id}/")
        covered[entry.id] = page.evaluate(_COPY_OVER_TEXT)
    assert {key: count for key, count in covered.items() if count} == {}
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_lookup_says_only_that_it_needs_javascript(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url, java_script_enabled=False)
    page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS["lookup"])
    status = page.locator(".kb-lookup__status").inner_text().strip()
    assert status == page_labels.labels(lang)["lookup_noscript"]
    page.context.close()


def test_a_printed_entry_shows_where_its_references_lead(browser, real_site_url: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url)
    page.goto(real_site_url + PAGE_KINDS["entry"])
    page.emulate_media(media="print")
    printed = page.locator("a.kb-reference").evaluate_all(
        "links => links.map(a => getComputedStyle(a, '::after').content)")
    assert printed == [f'" ({reference.url})"' for reference in ENTRY.references]
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_serious_accessibility_violation_in_the_dark_scheme(browser, real_site_url: str, lang: str) -> None:  # noqa: ANN001
    page = _open(browser, real_site_url, PHONE, color_scheme="dark")
    found = {}
    for kind in ("home", "entry", "entry with tabs", "codes", "code page"):
        page.goto(real_site_url + LANGUAGES[lang] + PAGE_KINDS[kind])
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        found[kind] = _axe_violations(page)
    page.goto(real_site_url + LANGUAGES[lang] + f"entries/{MESSAGES_ENTRY.id}/")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    found["folded messages"] = _axe_violations(page)
    assert {kind: v for kind, v in found.items() if v} == {}
    page.context.close()
