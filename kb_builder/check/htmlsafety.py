"""What a reader's browser would run in HTML rendered from content: script, handlers, script URLs.

Rules read Markdown with markdown-it (CommonMark), as entry pages are rendered, but the site
renders guides with Python-Markdown and its extensions, which read some text differently: an
attribute list `{ onclick=... }` sets any attribute, a reference definition inside a paragraph
still defines a link, and `&#106;` in a link target is decoded by the browser, not by Markdown.
So the last word is the HTML itself: the text is rendered as Python-Markdown renders guides (the
more permissive of the two) and the result is inspected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown

from kb_builder.links.anchors import markdown_settings

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
SCRIPT_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                             "form", "meta", "link", "style", "template", "noscript"})
"""Elements that run or load code, or change where the page's links and forms go."""
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                            "data", "cite", "srcset", "lowsrc", "dynsrc"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Risk:
    """One thing in the HTML that could run script or send the reader elsewhere unasked."""

    what: str
    """Human description: "the element <script>", "the attribute onclick=...", "the URL 'javascript:...'"."""
    needle: str
    """Text to look for in the source to say where it came from."""
    url: str | None = None
    """The URL, for risks that are a URL (other rules may report those already)."""


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see: control characters and white space removed, lower case."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match.group(1).lower() if match else None


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values come out decoded, as a browser reads them
        self.risks: list[Risk] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SCRIPT_ELEMENTS:
            self.risks.append(Risk(f"the element <{tag}>", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on") or name in ("srcdoc", "style"):
                shown = f"{name}={value}" if value is not None else name
                self.risks.append(Risk(f"the attribute '{shown[:60]}'", name))
            elif name in URL_ATTRIBUTES and value:
                for url in (part.strip().split(" ")[0] for part in value.split(",")) if name == "srcset" else (value,):
                    scheme = url_scheme(url)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        self.risks.append(Risk(f"a link to '{url[:60]}' (the '{scheme}:' scheme)", url, url))

    handle_startendtag = handle_starttag


def html_risks(html: str) -> list[Risk]:
    """Everything in `html` that could run script, in document order."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.risks


@cache
def _renderer(mkdocs_yml: Path) -> markdown.Markdown:
    names, configs = markdown_settings(mkdocs_yml)
    return markdown.Markdown(extensions=list(names), extension_configs=configs)


def render_markdown(text: str, mkdocs_yml: Path) -> str:
    """`text` rendered as the site renders a page (Python-Markdown with the extensions of mkdocs.yml)."""
    renderer = _renderer(mkdocs_yml)
    renderer.reset()
    return renderer.convert(text)


_MARKUP_TRIGGERS = re.compile(r"[<\[{&]")
"""Without one of these, Markdown makes no tag with attributes, no link and no entity: only
paragraphs, lists, emphasis and code, which cannot carry script."""


@lru_cache(maxsize=65536)
def markdown_risks(text: str, mkdocs_yml: Path) -> tuple[Risk, ...]:
    """What `text` would put into a page that could run script (memoized like `_renderer`: `kb
    serve` checks every text again at each rebuild, and most did not change)."""
    if not _MARKUP_TRIGGERS.search(text):
        return ()  # rendering 50,000 plain texts is what made a 2,000-entry check slow
    return tuple(html_risks(render_markdown(text, mkdocs_yml)))
