"""Walk the localized texts of an entry, with the field path each one stands at; tell Chinese text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kb_builder.model import Entry

_HAN = re.compile(r"[\u3400-\u9fff]")


def has_chinese(text: str) -> bool:
    """Whether `text` holds a Han character (CJK Unified Ideographs and Extension A)."""
    return _HAN.search(text) is not None


def localized_fields(entry: Entry) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(path, language, text) for every translated text of the entry, in file order.

    Several rules read every text of every entry: the walk is done once, and kept on the entry.
    """
    return entry.localized_texts


def walk_texts(data: Any) -> list[tuple[tuple[str | int, ...], str, str]]:
    return list(_walk(data, ()))


def _walk(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    if isinstance(value, dict):
        if value and set(value) <= {"zh", "en"} and all(isinstance(v, str) for v in value.values()):
            for lang, text in value.items():
                yield (*path, lang), lang, text
            return
        for key, child in value.items():
            yield from _walk(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))
