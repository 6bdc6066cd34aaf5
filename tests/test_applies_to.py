"""An entry's `applies_to`: the versions it occurs on, read into the model in a fixed order and shown
as one row of the page's facts box, in both languages; an entry without it shows no such row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import minimal_entry, write_project

from kb_builder.config import load_config
from kb_builder.content.model import Entry, VersionRange
from kb_builder.content.project import load_project
from kb_builder.render.entry import render_entry_html

ENTRY = minimal_entry("sample")
APPLIES_TO = """\
applies_to:
  distributions: {ubuntu: ">=23.10", nixos: "24.05"}
  windows: ">=19045, <22000"
  docker_desktop: ">=4.30"
"""


def _entry(tmp_path: Path, text: str) -> Entry:
    root = write_project(tmp_path / "p", {"content/entries/windows/sample.yaml": text})
    project = load_project(load_config(root))
    assert len(project.entries) == 1, "the entry must pass the schema"
    return project.entries[0]


def _facts(entry: Entry, lang: str) -> str:
    html = render_entry_html(entry, lang, entry_titles={}, edit_url=None).html
    return re.search(r'<section class="kb-facts".*?</section>', html, re.S).group(0)


def test_products_come_in_a_fixed_order_then_the_distributions_as_written(tmp_path: Path) -> None:
    assert _entry(tmp_path, ENTRY + APPLIES_TO).applies_to == (
        VersionRange("docker_desktop", ">=4.30"), VersionRange("windows", ">=19045, <22000"),
        VersionRange("ubuntu", ">=23.10", distribution=True), VersionRange("nixos", "24.05", distribution=True))


@pytest.mark.parametrize(("lang", "row"), [
    ("en", '<dt>Applies to</dt><dd class="kb-facts__versions">Docker Desktop <code>&gt;=4.30</code> · '
           "Windows build <code>&gt;=19045, &lt;22000</code> · Ubuntu <code>&gt;=23.10</code> · "
           "nixos <code>24.05</code></dd>\n"),
    ("zh", '<dt>适用版本</dt><dd class="kb-facts__versions">Docker Desktop <code>&gt;=4.30</code> · '
           "Windows 内部版本 <code>&gt;=19045, &lt;22000</code> · Ubuntu <code>&gt;=23.10</code> · "
           "nixos <code>24.05</code></dd>\n"),
])
def test_the_facts_box_shows_the_versions_in_one_row(tmp_path: Path, lang: str, row: str) -> None:
    assert row in _facts(_entry(tmp_path, ENTRY + APPLIES_TO), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_entry_without_versions_has_no_such_row(tmp_path: Path, lang: str) -> None:
    facts = _facts(_entry(tmp_path, ENTRY), lang)
    assert "kb-facts__versions" not in facts and "<dt>" in facts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_json_export_gives_the_versions_as_the_page_orders_them(tmp_path: Path, lang: str) -> None:
    import json

    import jsonschema

    from kb_builder.render.export import build_export
    from kb_builder.schema import __file__ as schemas

    root = write_project(tmp_path / "p", {"content/entries/windows/sample.yaml": ENTRY + APPLIES_TO,
                                          "content/entries/windows/other.yaml": minimal_entry("other")})
    export = build_export(load_project(load_config(root)), lang, None)
    jsonschema.validate(export, json.loads((Path(schemas).parent / "export.schema.json").read_text(encoding="utf-8")))
    by_id = {entry["id"]: entry for entry in export["entries"]}
    assert by_id["sample"]["applies_to"] == [
        {"product": "docker_desktop", "versions": ">=4.30", "distribution": False},
        {"product": "windows", "versions": ">=19045, <22000", "distribution": False},
        {"product": "ubuntu", "versions": ">=23.10", "distribution": True},
        {"product": "nixos", "versions": "24.05", "distribution": True}]
    assert by_id["other"]["applies_to"] == []
