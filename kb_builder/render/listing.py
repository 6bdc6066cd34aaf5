"""The listing pages as HTML: the home page, one page per platform, the error-code index.

Each lists every entry (or every code), so at 2,000 entries they are the longest pages of the site,
and Python-Markdown took seconds over each; their layout is ours (templates/*.html.j2), like the
entry pages' (kb_builder/render/writer.py). The groupings and orders come from kb_builder.render.labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from kb_builder.content.model import Entry, Guide
from kb_builder.render import labels
from kb_builder.render.labels import CODES_PAGE, HOME_PAGE
from kb_builder.render.writer import PageWriter, RenderedPage, template

__all__ = ["CodeRowView", "code_row_views", "render_code_html", "render_codes_html", "render_home_html",
           "render_platform_html"]



def render_home_html(entries: tuple[Entry, ...], guides: list[Guide], lang: str) -> RenderedPage:
    t = labels.labels(lang)
    writer = PageWriter(HOME_PAGE, explicit_ids=("common", "browse", "guides"))
    body = template("home.html.j2").render(grouped=labels.group_entries(entries, lang), guides=guides, lang=lang,
                                           common=labels.common_entries(entries, lang),
                                           h=writer, t=t, platform_page_path=labels.platform_page_path)
    return writer.page(body, t["home_title"])


def render_platform_html(platform: str, entries: tuple[Entry, ...], lang: str) -> RenderedPage:
    t = labels.labels(lang)
    by_component = labels.group_entries(entries, lang).get(platform, {})
    writer = PageWriter(labels.platform_page_path(platform), explicit_ids=by_component)
    body = template("platform.html.j2").render(platform=platform, lang=lang, h=writer, t=t,
                                               by_component=by_component)
    return writer.page(body, t["platforms"][platform])


@dataclass(frozen=True)
class CodeRowView:
    """What the error-code index shows of one code in one language: its row is the same HTML
    while this is equal (the index of 2,000 entries has 8,000 rows; `kb serve` writes it again
    after every save that changes a title or a code)."""

    slug: str
    code: str
    platforms: tuple[str, ...]
    variants: tuple[str, ...]
    entries: tuple[tuple[str, str], ...]
    """(page path, title) of each entry that lists the code, most common cause first."""
    page_path: str


def code_row_views(rows: list[labels.CodeRow], lang: str) -> tuple[CodeRowView, ...]:
    return tuple(CodeRowView(row.slug, row.code, tuple(row.platforms), tuple(row.variants),
                             tuple((entry.page_path, entry.title[lang]) for entry in row.entries), row.page_path)
                 for row in rows)


_last_rows: dict[str, dict[CodeRowView, str]] = {}
"""Per language, the rows of the index written last, by what they show."""


def render_codes_html(rows: tuple[CodeRowView, ...], lang: str) -> RenderedPage:
    t = labels.labels(lang)
    writer = PageWriter(CODES_PAGE)
    row_template, last = template("code-index-row.html.j2"), _last_rows.get(lang, {})
    written = {row: last.get(row) or row_template.render(row=row, h=writer, t=t) + "\n" for row in rows}
    _last_rows[lang] = written
    body = template("codes.html.j2").render(rows_html=Markup("".join(written[row] for row in rows)),
                                            lang=lang, h=writer, t=t)
    return writer.page(body, t["codes_title"])


def render_code_html(row: labels.CodeRow, lang: str) -> RenderedPage:
    """The page of a code several entries list: which of them is yours, most common cause first."""
    t = labels.labels(lang)
    writer = PageWriter(row.page_path, explicit_ids=[entry.id for entry in row.entries])
    body = template("code.html.j2").render(row=row, lang=lang, h=writer, t=t)
    return writer.page(body, code_page_title(row, lang))


def code_page_title(row: labels.CodeRow, lang: str) -> str:
    return labels.labels(lang)["code_page_title"].format(code=row.code, count=len(row.entries))
