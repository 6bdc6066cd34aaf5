"""Code block highlighting for the site, registered with pymdownx.superfences as the `*` fence.

pymdownx.highlight creates a Pygments HtmlFormatter for every block, and building its style sheet
is most of the cost (0.7 ms a block; 8,000 blocks in a 2,000-entry site). This formatter keeps one
lexer per language and one formatter, and writes the same HTML as pymdownx.highlight does with
our settings (a title, no line numbers, no language class), so pages, Material's copy button and
our HTML hooks see no difference.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

__all__ = ["format_code", "highlight_block", "highlight_validator"]


@cache
def _lexer(language: str) -> Lexer:
    try:
        return get_lexer_by_name(language or "text", stripnl=False, ensurenl=True)
    except ClassNotFound:
        return TextLexer(stripnl=False, ensurenl=True)


@cache
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(nowrap=True)


def highlight_validator(language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any],
                        md: Any) -> bool:
    """pymdownx.highlight's own option validator (imported when a guide is rendered, not by `kb check`)."""
    from pymdownx.superfences import highlight_validator as validate

    return validate(language, inputs, options, attrs, md)


def format_code(source: str, language: str, class_name: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
    """The HTML of one fenced block of a guide (pymdownx.superfences' custom fence signature)."""
    return highlight_block(source, language, options.get("title"))


def highlight_block(source: str, language: str, title: str | None = None) -> str:
    """The HTML of one code block: `<div class="highlight">`, its title, then `<pre><code>`."""
    body = highlight(source, _lexer(language), _formatter())
    heading = f'<span class="filename">{html.escape(title)}</span>' if title else ""
    return f'<div class="highlight">{heading}<pre><span></span><code>{body}</code></pre></div>'
