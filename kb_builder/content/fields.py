"""Walk the localized texts of an entry, with the field path each one stands at; tell Chinese text.

A field path is shown one way everywhere, as jsonschema shows it: `steps[1].text.zh`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kb_builder.content.language import HAN

if TYPE_CHECKING:  # model.py imports this module to walk an entry's texts
    from kb_builder.content.model import Entry

_HAN = re.compile(f"[{HAN}]")


def field_path(path: Sequence[str | int]) -> str:
    """`('steps', 1, 'text', 'zh')` -> `steps[1].text.zh`: the one way a field is named to a reader."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def has_chinese(text: str) -> bool:
    """Whether `text` holds a Han character (kb_builder.content.language.HAN)."""
    return _HAN.search(text) is not None


def localized_fields(entry: Entry) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path, language, text) for every translated text of the entry, in file order.

    Several rules read every text of every entry: the walk is done once, and kept on the entry.
    """
    return entry.localized_texts


def walk_texts(data: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path, language, text) of every {zh, en} mapping of strings in `data`, in document order."""
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:  # depth first, children pushed in reverse: the same order as a recursive walk
        path, value = stack.pop()
        if isinstance(value, dict):
            if value and value.keys() <= _LANGUAGES and all(type(v) is str for v in value.values()):
                found.extend(((*path, lang), lang, text) for lang, text in value.items())
            else:
                stack.extend(((*path, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, index), child) for index, child in reversed(list(enumerate(value))))
    return found


_LANGUAGES = frozenset({"zh", "en"})
