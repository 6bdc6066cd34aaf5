r"""Text fields hold Markdown, never raw HTML, so no entry can inject markup or script into a page.

Good: `zh: 运行 \`wsl --update\`，然后重启。`
Bad:  `en: Run <b>wsl --update</b>` (write **wsl --update** or `wsl --update` instead).
Text inside `inline code` is not HTML and is allowed: `<your-user>` placeholders belong there.
Reference titles are checked too: they become the text of a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.fields import field_path, localized_fields

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "raw-html"
SEVERITY = Severity.ERROR
SCOPE = "file"

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# A tag name may be followed by white space or by '/' (`<svg/onload=...>` is a tag to a browser).
_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?|/[A-Za-z][A-Za-z0-9-]*\s*|!--.*?--)>", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]+>")


def find_html(text: str) -> re.Match[str] | None:
    """The first raw HTML tag or comment in Markdown text, outside code spans and autolinks."""
    if "<" not in text:
        return None
    blanked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
    blanked = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), blanked)
    return _HTML.search(blanked)


def check(project: Project) -> Iterator[Diagnostic]:
    for entry in project.entries:
        for path, _lang, text in localized_fields(entry):
            match = find_html(text)
            if match:
                line, col = entry.locate(*path)
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"raw HTML '{match.group(0)[:40]}' in {field_path(path)}",
                                 "use Markdown (**bold**, `code`, [link](url)); put <placeholders> in `code`")
        for index, reference in enumerate(entry.references):  # the title is the text of a Markdown link
            match = find_html(reference.title)
            if match:
                line, col = entry.locate("references", index, "title")
                yield Diagnostic(entry.source_path, line, col, ID, SEVERITY,
                                 f"raw HTML '{match.group(0)[:40]}' in references[{index}].title",
                                 "write the page title as plain text")
