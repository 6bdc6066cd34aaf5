"""Check entry data against the entry JSON Schema and say, in a contributor's words, what is wrong."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.fields import LOCALIZED, field_path, localized_shape
from kb_builder.content.yamlsource import YamlDocument
from kb_builder.links.urls import unsafe_reason
from kb_builder.util.suggest import did_you_mean

if TYPE_CHECKING:
    import jsonschema

SCHEMA_FILE = "entry.schema.json"
_YAML_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "text", "boolean": "true or false",
                    "integer": "a whole number", "number": "a number", "null": "empty"}


@cache
def entry_schema() -> dict[str, Any]:
    """The entry JSON Schema, as shipped inside the package."""
    text = resources.files("kb_builder.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


Languages = tuple[tuple[str, ...], tuple[str, ...]]
"""(codes every localized field must have, codes it may have): the written languages of the
project, and its converted ones, whose texts in an entry are overrides of the conversion."""


@cache
def configured_schema(languages: Languages | None = None) -> dict[str, Any]:
    """The entry schema for a project's languages: the file spells `zh` and `en` for editors; the
    check requires the languages of mkdocs.yml (KbConfig.written_language_codes) instead."""
    schema = entry_schema()
    if languages is None:
        return schema
    required, optional = languages
    schema = copy.deepcopy(schema)
    for definition in schema["$defs"].values():
        if not definition.get("x-kb-localized"):
            continue
        text = next(iter(definition["properties"].values()))
        definition["required"] = list(required)
        definition["properties"] = {code: {**text, "description": f"{code}"} for code in (*required, *optional)}
        for code in optional:
            definition["properties"][code]["description"] = f"{code}: replaces the converted text"
    return schema


@cache
def _validator(languages: Languages | None = None) -> jsonschema.protocols.Validator:
    import jsonschema  # only to explain an invalid entry: a valid one never needs it (0.1 s to import)

    schema = configured_schema(languages)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def _fast_validator(languages: Languages | None = None) -> Callable[[Any], Any]:
    """The same schema compiled to Python code: ten times faster on a valid entry, but it stops at
    the first problem and words it tersely, so it only answers "valid or not"."""
    return fastjsonschema.compile(configured_schema(languages))


def check_entry(document: YamlDocument, languages: Languages | None = None) -> list[Diagnostic]:
    """Every schema problem of one entry, each at the line of the value it concerns; `languages`
    are the project's (by default, those the schema file names)."""
    try:
        _fast_validator(languages)(document.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # explain every problem with jsonschema, which collects them all
    problems: list[Diagnostic] = []
    for error in _validator(languages).iter_errors(document.data):
        problems.extend(_explain(document, error))
    return problems


def _explain(document: YamlDocument, error: jsonschema.ValidationError) -> Iterator[Diagnostic]:
    path = list(error.absolute_path)
    where = field_path(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance

    def at(rule: str, message: str, location: Sequence[str | int] = path, *, at_key: bool = False,
           hint: str | None = None) -> Diagnostic:
        line, col = document.locate(location, at_key=at_key)
        return Diagnostic(document.path, line, col, rule, Severity.ERROR, message, hint)

    kind = error.validator
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed), key=str):
            inside = f" in {where}" if path else ""
            yield at("unknown-key", f"unknown key '{key}'{inside}", [*path, key], at_key=True,
                     hint=did_you_mean(str(key), allowed) or f"allowed keys: {', '.join(allowed)}")
    elif kind == "required" and isinstance(instance, dict):
        for key in error.validator_value:
            if key in instance:
                continue
            if schema.get("x-kb-localized"):
                yield at("missing-translation", f"{where} has no '{key}' translation",
                         hint=f"add '{key}:' with the text in that language")
            else:
                description = _description(schema.get("properties", {}).get(key, {}))
                inside = f" in {where}" if path else ""
                yield at("missing-key", f"missing required key '{key}'{inside}",
                         hint=f"{key}: {description}" if description else None)
    elif kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_YAML_TYPE_NAMES.get(name, name) for name in names)
        yield at("wrong-type", f"{where or 'the file'} must be {wanted}, not {_yaml_type(instance)}")
    elif kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        yield at("invalid-value", f"{where} is '{instance}', expected one of: {', '.join(allowed)}",
                 hint=did_you_mean(str(instance), allowed))
    elif kind == "minLength" and _is_translation(path):
        yield at("missing-translation", f"{where} is empty", hint="write the text in that language")
    elif kind == "pattern" and path and path[-1] == "url" and (reason := unsafe_reason(str(instance))):
        # A reference to javascript:, file: or a private host is the unsafe-url problem, not a form.
        yield at("unsafe-url", reason, hint="link the public https:// page of an official source")
    elif kind == "pattern":
        description = _description(schema) or _description(_property_schema(path))
        yield at("invalid-format", f"{where} '{_short(instance)}' is not in the expected form",
                 hint=description or f"expected to match {error.validator_value}")
    elif kind == "uniqueItems":
        yield at("duplicate-item", f"{where} lists the same value twice")
    elif kind in ("minItems", "maxItems"):
        bound = error.validator_value
        relation = "at least" if kind == "minItems" else "at most"
        yield at("item-count", f"{where} must have {relation} {bound} item{'s' if bound != 1 else ''}",
                 hint=_ITEM_COUNT_HINTS[kind])
    elif kind in ("minLength", "maxLength"):
        bound = error.validator_value
        relation = "at least" if kind == "minLength" else "at most"
        yield at("text-length", f"{where} must be {relation} {bound} characters long (it has {len(instance)})",
                 hint=_TEXT_LENGTH_HINTS[kind])
    else:
        yield at("schema", f"{where or 'the file'}: {error.message}")


_ITEM_COUNT_HINTS = {
    "minItems": "add the missing items (kb new writes a complete skeleton)",
    "maxItems": "an entry is one problem: split it, or merge steps that belong together",
}
_TEXT_LENGTH_HINTS = {
    "minLength": "write the text, or remove the field where it is optional",
    "maxLength": "shorten it; put long background into a guide and link to it",
}


def _is_translation(path: Sequence[str | int]) -> bool:
    """Whether the text at `path` is one language of a localized field (the schema's shape says so)."""
    shape: Any = localized_shape()
    for part in path[:-1]:
        if isinstance(shape, dict) and isinstance(part, str):
            shape = shape.get(part)
        elif isinstance(shape, list) and isinstance(part, int):
            shape = shape[0]
        else:
            return False
    return bool(path) and shape is LOCALIZED


def _property_schema(path: Sequence[str | int]) -> dict[str, Any]:
    schema = entry_schema()
    if path and isinstance(path[0], str):
        return schema["properties"].get(path[0], {})
    return {}


def _description(schema: dict[str, Any]) -> str | None:
    text = schema.get("description")
    return text.split(" / ")[0] if isinstance(text, str) else None


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    for python_type, name in ((dict, "a mapping"), (list, "a list"), (str, "text"), (int, "a number"),
                              (float, "a number"), (type(None), "empty")):
        if isinstance(value, python_type):
            return name
    return type(value).__name__  # pragma: no cover


def _short(value: Any, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
