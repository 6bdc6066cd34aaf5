"""A contribution cannot attack readers: no script, handler or script URL from content reaches a page.

Two layers, each tested on its own:
- Markdown text fields (and guides) may hold anything a contributor types, so the checks refuse
  raw HTML (raw-html), script URLs (unsafe-url) and whatever else the site's own renderer would turn
  into script (unsafe-markup). `kb check` and `kb build` run the same checks, so a build refuses too.
- Fields that are not Markdown (messages, commands and their output, error codes, reference titles
  and URLs, tab labels) are escaped by the renderer, whatever they hold.

To see the second layer in built HTML the checks must be out of the way, since `kb build` refuses
the hostile entry. The test project's mkdocs.yml therefore drops the validation hook and keeps
everything else (our bilingual hook, templates, theme, Markdown extensions): the pages are exactly
what `kb build` would write, which neither the generated pages plus a bare MkDocs build nor a
renderer unit test would show (they skip the theme, the search index and the second language).
"""

from __future__ import annotations

import html
import html.parser
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, write_project

from kb_builder.check import report
from kb_builder.check.htmlsafety import url_scheme
from kb_builder.check.runner import check
from kb_builder.config import load_config

ENTRY = "content/entries/windows/sample.yaml"
GUIDES = {"content/guides/zh/g.md": "# 指南\n", "content/guides/en/g.md": "# Guide\n"}


def _entry(**fields: object) -> dict:
    text = yaml.safe_load((FIXTURES / "checks/valid--minimal-entry.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(text["files"][ENTRY])
    data.update(fields)
    return data


def _check(tmp_path: Path, data: dict) -> str:
    root = write_project(tmp_path / "p", {ENTRY: yaml.safe_dump(data, allow_unicode=True), **GUIDES})
    return report.format_text(check(load_config(root)))


# -- Markdown fields: the checks refuse every trick ----------------------------------------------

MARKDOWN_TRICKS = {
    "script element": ("<script>alert(1)</script>", "raw-html"),
    "img onerror": ("<img src=x onerror=alert(1)>", "raw-html"),
    "svg onload without white space": ("<svg/onload=alert(1)>", "raw-html"),
    "javascript link": ("[x](javascript:alert(1))", "unsafe-url"),
    "mixed-case scheme": ("[x](JaVaScRiPt:alert(1))", "unsafe-url"),
    "entity-encoded scheme": ("[x](&#106;avascript:alert(1))", "unsafe-url"),
    "tab inside the scheme": ("[x](java&#9;script:alert(1))", "unsafe-url"),
    "autolink": ("<javascript:alert(1)>", "unsafe-url"),
    "reference-style link": ("See [x][1].\n\n[1]: javascript:alert(1)", "unsafe-url"),
    "reference definition inside the paragraph": ("See [x][1].\n[1]: javascript:alert(1)", "unsafe-markup"),
    "data: image": ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "unsafe-url"),
    "attribute list with a handler": ('[x](https://example.com/){ onmouseover="alert(1)" }', "unsafe-markup"),
    "attribute list replacing href": ("[x](https://example.com/){: href=javascript:alert(1) }", "unsafe-markup"),
    "paragraph attribute list": ("Text\n{: onclick=alert(1) }", "unsafe-markup"),
}


@pytest.mark.parametrize("payload, rule", MARKDOWN_TRICKS.values(), ids=MARKDOWN_TRICKS.keys())
@pytest.mark.parametrize("field", ["cause", "symptoms", "steps"])
def test_markdown_tricks_in_any_text_field_are_refused(tmp_path: Path, payload: str, rule: str, field: str) -> None:
    text = {"zh": "中文", "en": payload}
    data = _entry(**({field: text} if field != "steps" else {"steps": [{"text": text}]}))
    output = _check(tmp_path, data)
    assert re.search(rf"^{ENTRY}:\d+:\d+: error \[{rule}\] ", output, re.M), output


@pytest.mark.parametrize("field, value, rule", [
    ("title", {"zh": "标题", "en": "<img src=x onerror=alert(1)>"}, "raw-html"),
    ("references", [{"title": "Doc <script>alert(1)</script>", "url": "https://example.com/"}], "raw-html"),
    ("references", [{"title": "Doc", "url": "https://example.com/a)[y](javascript:alert(1)"}], "unsafe-markup"),
    ("steps", [{"text": {"zh": "步", "en": "Step"},
                "options": [{"label": {"zh": "a", "en": "<b onmouseover=alert(1)>b</b>"}},
                            {"label": {"zh": "c", "en": "c"}}]}], "raw-html"),
], ids=["title", "reference title", "reference URL closing the link early", "tab label"])
def test_titles_labels_and_reference_urls_are_checked_too(tmp_path: Path, field: str, value: object,
                                                          rule: str) -> None:
    assert f"error [{rule}]" in _check(tmp_path, _entry(**{field: value}))


def test_kb_build_refuses_a_hostile_entry_and_writes_no_site(tmp_path: Path) -> None:
    data = _entry(cause={"zh": "原因", "en": "[x](javascript:alert(1)) <script>alert(2)</script>"})
    root = write_project(tmp_path / "p", {ENTRY: yaml.safe_dump(data, allow_unicode=True), **GUIDES})
    result = subprocess.run([sys.executable, "-m", "kb_builder", "build"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[raw-html]" in result.stderr and "[unsafe-url]" in result.stderr
    assert not (root / "site").exists()


# -- fields that are not Markdown: escaped by the renderer, checked in the built HTML -------------

HOSTILE_PLAIN_FIELDS = _entry(
    error_codes=["x`<svg/onload=alert(101)>`"],
    signatures=["<script>alert(102)</script>"],
    messages=[{"lang": "en-US", "source": 'wsl.exe" onmouseover="alert(103)',
               "text": "</code></pre><script>alert(104)</script>\n```\n<img src=x onerror=alert(105)>"}],
    steps=[{"text": {"zh": "步骤", "en": "Step"},
            "command": {"shell": "bash", "run": "echo '</pre><script>alert(106)</script>'\n````\n<svg/onload=alert(107)>",
                        "output": "<img src=x onerror=alert(108)>"},
            "options": [{"label": {"zh": 'a" onclick="alert(109)', "en": "a"}},
                        {"label": {"zh": "b", "en": "b"}, "command": {"shell": "cmd", "run": "<script>alert(110)</script>"}}]}],
    references=[{"title": "Doc [x](javascript:alert(111))", "url": 'https://example.com/"onmouseover=alert(112)'}],
)


class _Dangers(html.parser.HTMLParser):
    """Script from content: handlers, script URLs, and script elements holding a payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value}>")
            elif name in ("href", "src") and value and url_scheme(value) not in (None, "http", "https", "mailto"):
                self.found.append(f"<{tag} {name}={value[:50]}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:50]}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _dangers(page: Path) -> list[str]:
    parser = _Dangers()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("hostile") / "p",
                         {ENTRY: yaml.safe_dump(HOSTILE_PLAIN_FIELDS, allow_unicode=True), **GUIDES})
    mkdocs_yml = root / "mkdocs.yml"
    without_checks = re.sub(r"\n *- \S*hooks/validate\.py", "", mkdocs_yml.read_text(encoding="utf-8"))
    assert without_checks != mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(without_checks, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=root, check=True, capture_output=True)
    return root / "site"


def test_the_scanner_finds_script_that_does_reach_a_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<p><a href="&#106;avascript:alert(1)">x</a><img src=x onerror=alert(2)>'
                    '<script>alert(3)</script></p>', encoding="utf-8")
    assert len(_dangers(page)) == 3


def test_plain_fields_reach_the_built_html_escaped(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert hostile_site / "entries/sample/index.html" in pages and hostile_site / "en/codes/index.html" in pages
    assert {page.relative_to(hostile_site).as_posix(): _dangers(page) for page in pages if _dangers(page)} == {}
    entry = (hostile_site / "en/entries/sample/index.html").read_text(encoding="utf-8")
    visible = html.unescape(re.sub(r"<[^>]+>", "", entry))
    for number in (101, 103, 104, 105, 106, 107, 108, 110):  # the payloads are there, as text a reader sees
        assert f"alert({number})" in visible


# -- in a real browser: no dialog ever opens ----------------------------------------------------------

_TOUCH_EVERYTHING = """() => {
    for (const element of document.querySelectorAll('*')) {
        for (const kind of ['mouseover', 'mouseenter', 'focus', 'click']) {
            if (element.closest('a[href]')) continue;  // following links would leave the page
            element.dispatchEvent(new Event(kind, {bubbles: true}));
        }
    }
}"""


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["entries/sample/", "en/entries/sample/", "codes/", "en/codes/", "", "en/"])
def test_no_dialog_opens_in_a_browser(browser, hostile_site: Path, page_path: str) -> None:  # noqa: ANN001
    from browser import serve_folder

    with serve_folder(hostile_site) as url:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + page_path)
        page.wait_for_load_state("networkidle")
        page.evaluate(_TOUCH_EVERYTHING)
        page.wait_for_timeout(200)
        assert dialogs == []
        page.evaluate("setTimeout(() => alert('control'), 0)")  # the listener does see a real dialog
        page.wait_for_timeout(200)
        assert dialogs == ["control"]
        context.close()
