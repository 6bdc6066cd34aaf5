"""Walk the localized texts of an entry, with the field path each one stands at; tell Chinese text.

A field path is shown one way everywhere, as jsonschema shows it: `steps[1].text.zh`.
Which fields are localized is the entry schema's to say (`x-kb-localized` definitions), not the
language codes': the walk finds every language of a localized field, however many are configured.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
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
    """(path, language, text) of every text of a localized field in `data`, in document order."""
    found: list[tuple[tuple[str | int, ...], str, str]] = []
    stack: list[tuple[tuple[str | int, ...], Any, Any]] = [((), data, localized_shape())]
    while stack:  # depth first, children pushed in reverse: the same order as a recursive walk
        path, value, shape = stack.pop()
        if shape is LOCALIZED:
            if isinstance(value, dict):
                found.extend(((*path, lang), lang, text) for lang, text in value.items() if type(text) is str)
        elif isinstance(value, dict) and isinstance(shape, dict):
            stack.extend(((*path, key), child, shape[key]) for key, child in reversed(value.items()) if key in shape)
        elif isinstance(value, list) and isinstance(shape, list):
            stack.extend(((*path, index), child, shape[0]) for index, child in reversed(list(enumerate(value))))
    return found


LOCALIZED = "localized"
"""The shape of a localized field in `localized_shape`."""


@cache
def localized_shape() -> dict[str, Any]:
    """Where the localized fields are: key -> LOCALIZED, or the shape below it ([shape] for a list)."""
    text = resources.files("kb_builder.schema").joinpath("entry.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    definitions = schema.get("$defs", {})

    def shape_of(node: dict[str, Any], depth: int) -> Any:
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            node = definitions.get(ref[len("#/$defs/"):], {})
        if node.get("x-kb-localized"):
            return LOCALIZED
        if depth > 8:
            return None
        if isinstance(node.get("items"), dict):
            inner = shape_of(node["items"], depth + 1)
            return [inner] if inner is not None else None
        below = {key: shape_of(child, depth + 1) for key, child in node.get("properties", {}).items()}
        below = {key: child for key, child in below.items() if child is not None}
        return below or None

    return shape_of(schema, 0) or {}
