"""The two Jinja environments over kb_builder/templates/, named for what they write.

- `html_templates()`: the generated pages' HTML (`*.html.j2`), autoescaped: a text reaches the page
  escaped unless our code marked it as HTML it wrote (markupsafe.Markup).
- `markdown_templates()`: Markdown that MkDocs renders (`*.md.j2`, the lookup page), not
  autoescaped, since escaping would show in the Markdown; HTML facts go through `|e` explicitly.
"""

from __future__ import annotations

import html
import json
from functools import cache

import jinja2


def _environment(*, autoescape: bool, keep_trailing_newline: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kb_builder", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=autoescape,
        keep_trailing_newline=keep_trailing_newline,
        auto_reload=False,  # the templates are package data: they do not change during a run
    )


@cache
def html_templates() -> jinja2.Environment:
    """Autoescaped: for the HTML of entry pages and listings."""
    return _environment(autoescape=True, keep_trailing_newline=False)


@cache
def markdown_templates() -> jinja2.Environment:
    """Not autoescaped: for Markdown pages; `|e` escapes for HTML, `|json` writes JSON."""
    env = _environment(autoescape=False, keep_trailing_newline=True)
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["e"] = html.escape
    return env
