r"""No text renders to HTML that runs script: checked on the HTML the site would really produce.

Every Markdown text of an entry and every guide is rendered with Python-Markdown and the
extensions of mkdocs.yml, as a build renders guides, and the HTML is inspected for event handlers
(`onclick=`...), `style`, script elements and links or images with a scheme other than
https/http/mailto. This catches what a Markdown reader sees differently from the site: an
attribute list that sets an attribute, a reference definition written inside a paragraph,
a tag without white space (`<svg/onload=...>`), a reference URL whose ')' ends the link early.
Raw HTML tags in entries (rule raw-html) and URLs that rule unsafe-url reports are not reported twice.
Entry pages themselves render their texts with markdown-it, raw HTML off (kb_builder/render/markdown.py),
which makes none of these; an entry text is still held to the guides' renderer, so it stays safe
wherever it is moved, and a contributor learns one rule for both.

Good: `[Install WSL](https://learn.microsoft.com/windows/wsl/install){ .md-button }`
Bad:  `[Install WSL](https://learn.microsoft.com/windows/wsl/install){ onmouseover="alert(1)" }`
Bad:  `See [the fix][1].` followed on the next line by `[1]: javascript:alert(1)`
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.check.htmlsafety import Risk, markdown_risks
from kb_builder.content.fields import field_path, localized_fields
from kb_builder.links.extract import Locator, find_links
from kb_builder.rules.raw_html import find_html

if TYPE_CHECKING:
    from pathlib import Path

    from kb_builder.content.model import Entry
    from kb_builder.content.project import Project

ID = "unsafe-markup"
SEVERITY = Severity.ERROR
SCOPE = "file"
_URL_BREAKERS = re.compile(r"[()<>\s\"'{}\\&\[\]]")
_HINT = "write plain Markdown: no attribute lists other than {: .class #id }, links only to https:// pages"


def check(project: Project) -> Iterator[Diagnostic]:
    mkdocs_yml = project.config.root / "mkdocs.yml"
    for entry in project.entries:
        locator = None
        for path, _lang, text in localized_fields(entry):
            if find_html(text):
                continue  # raw-html reports the field
            for risk in _unreported(text, markdown_risks(text, mkdocs_yml)):
                locator = locator or Locator(project.entry_source(entry))
                line, col = _in_field(locator, entry.locate(*path), risk.needle)
                field = field_path(path)
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"{field} would put {risk.what} into the page", _HINT)
        yield from _reference_risks(entry, mkdocs_yml)
    for by_lang in project.guides.values():
        for guide in by_lang.values():
            for risk in _unreported(guide.text, markdown_risks(guide.text, mkdocs_yml)):
                line, col = _position(guide.text, risk.needle)
                yield Diagnostic(guide.source_path, line, col, ID, SEVERITY,
                                 f"the page would contain {risk.what}", _HINT)


def _reference_risks(entry: Entry, mkdocs_yml: Path) -> Iterator[Diagnostic]:
    """A reference is written into the page as `[title](url)`: a ')' in the URL could end the link early."""
    for index, reference in enumerate(entry.references):
        if not _URL_BREAKERS.search(reference.url):
            continue  # nothing in the URL can end the link or add markup: skip rendering it
        line_markdown = f"[reference]({reference.url})"  # the title is raw-html's business
        for risk in dict.fromkeys(markdown_risks(line_markdown, mkdocs_yml)):  # unsafe-url sees the URL whole
            line, col = entry.locate("references", index, "url")
            yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                             f"references[{index}] would put {risk.what} into the page",
                             "percent-encode '(', ')', '<' and '>' in the URL (%28, %29, %3C, %3E)")


def _unreported(text: str, risks: Iterable[Risk]) -> Iterator[Risk]:
    """Risks other than URLs that markdown-it also finds (rule unsafe-url reports those)."""
    seen_by_unsafe_url = {found.url for found in find_links(text)}
    for risk in dict.fromkeys(risks):
        if risk.url is None or risk.url not in seen_by_unsafe_url:
            yield risk


def _in_field(locator: Locator, field_start: tuple[int, int], needle: str) -> tuple[int, int]:
    """Where `needle` stands in the file, from the field's start on (inside a block scalar, the
    line of the text rather than the key's); the field's start when the needle is not found."""
    at = locator.text.find(needle, locator.offset(*field_start)) if needle else -1
    return locator.position(at) if at >= 0 else field_start


def _position(text: str, needle: str) -> tuple[int, int]:
    at = text.find(needle)
    if at < 0:
        return 1, 1
    before = text[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1
