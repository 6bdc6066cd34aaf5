"""What counts as Chinese text: one Han character class for every Python module that asks.

The class covers the CJK Unified Ideographs (U+4E00-9FFF), Extension A (U+3400-4DBF) and the
Compatibility Ideographs (U+F900-FAFF): every character of our Chinese content. The browser's
twins (theme/assets/javascripts/kb-search-worker.js, theme/assets/kb-lookup.js) spell the same ranges.
"""

from __future__ import annotations

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""The ranges of a regex character class, to write inside brackets: f"[{HAN}]+" is a run of Han."""

_TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})
"""BCP 47 subtags of Chinese written in Traditional characters: the script, and the regions."""


def message_in_language(message_lang: str, page_lang: str) -> bool:
    """Whether a verbatim message shown in the UI language `message_lang` (BCP 47: zh-CN, zh-TW,
    en-US) is in the language of a page in `page_lang` (a site language code: zh, zh-Hant, en).

    Chinese is split by script: a zh-TW or zh-HK message belongs to a zh-Hant page, a zh-CN one to
    a zh page; a subtag-less language code matches every region of its language otherwise."""
    message, page = message_lang.lower().split("-"), page_lang.lower().split("-")
    if message[0] != page[0]:
        return False
    if message[0] != "zh":
        return True
    return bool(_TRADITIONAL & set(message[1:])) == bool(_TRADITIONAL & set(page[1:]))


def message_rank(message_lang: str, page_lang: str) -> int:
    """Where a verbatim message goes on a page: 0 in the page's language and script (zh-TW on a
    zh-Hant page), 1 in its language (zh-CN there), 2 in another language."""
    if message_in_language(message_lang, page_lang):
        return 0
    return 1 if message_lang.lower().split("-")[0] == page_lang.lower().split("-")[0] else 2
