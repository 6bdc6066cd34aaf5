"""The entry JSON Schema as editors see it: valid on real entries, strict on bad ones, bilingual, published."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, REPO

from kb_builder.content.entry_schema import entry_schema
from kb_builder.content.schemaref import MODELINE, PUBLISHED_SCHEMA, packaged_schema_path
from kb_builder.content.yamlsource import load_yaml

REAL_ENTRIES = sorted((REPO / "content/entries").rglob("*.yaml"))
SCHEMA_RULES = ("missing-key", "unknown-key", "wrong-type", "invalid-value", "invalid-format", "missing-translation",
                "item-count", "duplicate-item")
BAD_CASES = sorted(p for p in (FIXTURES / "checks").glob("*.yaml") if p.stem.split("--")[0] in SCHEMA_RULES)
_HAN = re.compile(r"[\u3400-\u9fff]")


def _validator() -> jsonschema.protocols.Validator:
    schema = entry_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _data_of(text: str, tmp_path: Path) -> Any:
    """Entry data as our loader reads it (YAML 1.2 scalars: dates stay text)."""
    path = tmp_path / "entry.yaml"
    path.write_text(text, encoding="utf-8")
    document, problems = load_yaml(path, "entry.yaml")
    assert document is not None, problems
    return document.data


@pytest.mark.parametrize("path", REAL_ENTRIES, ids=[p.stem for p in REAL_ENTRIES])
def test_the_schema_accepts_every_real_entry(path: Path, tmp_path: Path) -> None:
    errors = [e.message for e in _validator().iter_errors(_data_of(path.read_text(encoding="utf-8"), tmp_path))]
    assert errors == []


@pytest.mark.parametrize("path", REAL_ENTRIES, ids=[p.stem for p in REAL_ENTRIES])
def test_every_real_entry_points_its_editor_at_the_schema(path: Path) -> None:
    match = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, "first line must be '# yaml-language-server: $schema=...'"
    assert (path.parent / match.group("target")).resolve() == (REPO / "kb_builder/schema/entry.schema.json").resolve()


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.stem for c in BAD_CASES])
def test_the_schema_rejects_the_bad_fixtures(case: Path, tmp_path: Path) -> None:
    files = yaml.safe_load(case.read_text(encoding="utf-8"))["files"]
    rejected = [name for name, text in files.items()
                if name.endswith(".yaml") and not _validator().is_valid(_data_of(text, tmp_path))]
    assert rejected, f"{case.name}: the schema accepted every entry of a failing case"


def test_the_schema_accepts_the_minimal_fixture(tmp_path: Path) -> None:
    files = yaml.safe_load((FIXTURES / "checks/valid--minimal-entry.yaml").read_text(encoding="utf-8"))["files"]
    assert all(_validator().is_valid(_data_of(text, tmp_path)) for text in files.values())


def _described_schemas() -> list[tuple[str, dict[str, Any]]]:
    schema = entry_schema()
    found = [(f"properties.{name}", sub) for name, sub in schema["properties"].items()]
    for def_name, definition in schema["$defs"].items():
        found.append((f"$defs.{def_name}", definition))
        found += [(f"$defs.{def_name}.properties.{name}", sub) for name, sub in definition.get("properties", {}).items()]
    return found


@pytest.mark.parametrize(("where", "sub"), _described_schemas(), ids=[w for w, _ in _described_schemas()])
def test_every_property_and_definition_has_an_english_then_chinese_description(where: str, sub: dict) -> None:
    description = sub.get("description", "")
    english, separator, chinese = description.partition(" / ")
    assert separator, f"{where}: description must read 'English / 中文', got {description!r}"
    assert english.strip() and not _HAN.search(english), f"{where}: English part first"
    assert _HAN.search(chinese), f"{where}: Chinese part after ' / '"


def test_the_schema_id_is_where_the_site_publishes_it() -> None:
    site_url = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]
    assert entry_schema()["$id"] == site_url.rstrip("/") + "/" + PUBLISHED_SCHEMA


def test_the_site_publishes_the_schema_once_at_its_root(built_fixture_site: Path) -> None:
    published = built_fixture_site / PUBLISHED_SCHEMA
    assert published.read_bytes() == packaged_schema_path().read_bytes()
    assert not (built_fixture_site / "en" / PUBLISHED_SCHEMA).exists()
