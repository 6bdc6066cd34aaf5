"""An entry's page as HTML (templates/entry.html.j2): the facts, the verbatim messages, the steps
with their commands and tabs, the check and the references, in the markup Material styles.

The template calls an `EntryWriter` (`h`) for the parts that need code: highlighted command blocks
with their shell and role, admonitions, pymdownx.tabbed's alternate tab sets numbered through the
page, error-code chips. See kb_builder/render/writer.py for why these pages are not Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kb_builder.content.model import Command, Entry
from kb_builder.render import labels
from kb_builder.render.codeblocks import highlight_block
from kb_builder.render.writer import PageWriter, RenderedPage, template

__all__ = ["SECTION_IDS", "VERIFY_ID", "render_entry_html"]

SECTION_IDS = {"symptoms": "symptoms", "messages": "messages", "cause": "cause", "steps": "fix",
               "verify": "verify", "related": "related", "references": "references"}
"""The ids of an entry's headings: the same in every language, readable in a link (`#fix`, not `#_4`)."""
VERIFY_ID = SECTION_IDS["verify"]
"""The id of the "check that it worked" heading (links end in #verify)."""
MESSAGES_SHOWN = 2
"""Verbatim messages shown before the rest fold into a <details> (still in the page for search and Ctrl+F)."""
_PYGMENTS_LEXER = {"bash": "bash", "sh": "sh", "powershell": "powershell", "cmd": "batch"}
_WINDOWS_SHELLS = {"powershell", "cmd"}


@dataclass
class _TabSet:
    number: int
    count: int

    @property
    def name(self) -> str:
        return f"__tabbed_{self.number}"

    def input_id(self, index: int) -> str:
        return f"__tabbed_{self.number}_{index}"


class EntryWriter(PageWriter):
    def __init__(self, lang: str, page_src: str) -> None:
        super().__init__(page_src, explicit_ids=SECTION_IDS.values())
        self.lang = lang
        self.t = labels.labels(lang)
        self._tab_sets = 0

    def tab_set(self, count: int) -> _TabSet:
        self._tab_sets += 1
        tabs = _TabSet(self._tab_sets, count)
        self.ids.update(tabs.input_id(index) for index in range(1, count + 1))
        return tabs

    def admonition(self, kind: str, title: str, text: str) -> Markup:
        return Markup(f'<div class="admonition {kind}">\n<p class="admonition-title">{Markup.escape(title)}</p>\n'
                      f"{self.md(text)}\n</div>")

    def command(self, command: Command) -> Markup:
        shell = self.t["shells"][command.shell]
        title = shell
        if command.admin:
            role = self.t["admin_windows"] if command.shell in _WINDOWS_SHELLS else self.t["admin_unix"]
            title = f"{shell} · {role}"
        block = highlight_block(command.run.rstrip(), _PYGMENTS_LEXER[command.shell], title)
        if command.output:
            block += "\n" + highlight_block(command.output.rstrip(), "text", self.t["output"])
        return Markup(block)

    def message(self, text: str, source: str | None, message_lang: str) -> Markup:
        base = message_lang.split("-")[0]
        names = self.t["languages"]  # a UI language by its code (zh-TW), else by its language (zh)
        language = self.t["message_lang"].format(lang=names.get(message_lang, names.get(base, message_lang)))
        return Markup(highlight_block(text.rstrip(), "text", f"{source} · {language}" if source else language))

    def names(self, group: str, keys: tuple[str, ...]) -> str:
        return " · ".join(self.t[group][key] for key in keys)

    def codes(self, codes: tuple[str, ...]) -> Markup:
        """Error codes as a list of chips (kb.css): one code never breaks inside unless it alone is
        wider than the column, and then only after a `/` (<wbr>, which copies as nothing)."""
        if not codes:
            return Markup.escape(self.t["no_codes"])
        chips = (f"<li>{self.error_code(code)}</li>" for code in codes)
        return Markup('<ul class="kb-codes">' + " ".join(chips) + "</ul>")

    def messages(self, entry: Entry) -> list[Any]:
        return labels.messages_in_page_order(entry, self.lang)


def render_entry_html(entry: Entry, lang: str, *, entry_titles: dict[str, str], edit_url: str | None,
                      shared_codes: tuple[labels.SharedCode, ...] = ()) -> RenderedPage:
    """The page of `entry` in `lang`; `shared_codes`: its codes that other entries list too (the lead
    links each one's page, which helps choose between them)."""
    writer = EntryWriter(lang, entry.page_path)
    body = template("entry.html.j2").render(entry=entry, lang=lang, h=writer, t=writer.t, ids=SECTION_IDS,
                                            entry_titles=entry_titles, edit_url=edit_url,
                                            shared_codes=shared_codes, MESSAGES_SHOWN=MESSAGES_SHOWN)
    return writer.page(body, entry.title[lang])
