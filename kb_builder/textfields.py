"""Walk the localized texts of an entry, with the field path each one stands at."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kb_builder.model import Entry


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
