"""Property-based fuzzing: any input ends in a valid entry or in diagnostics, never in an exception.

Bounded (`max_examples`, `deadline`) so that each property runs in a few seconds; hypothesis keeps
failing examples in .hypothesis/ and replays them first on the next run.
"""

from __future__ import annotations

import string
from pathlib import Path

import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_builder.check.diagnostics import Diagnostic
from kb_builder.content.entry_schema import check_entry
from kb_builder.content.model import Entry
from kb_builder.content.yamlsource import load_yaml
from kb_builder.render import labels
from kb_builder.render.entry import render_entry_html
from kb_builder.render.listing import code_row_views, render_codes_html

FUZZ = settings(max_examples=100, deadline=1000, suppress_health_check=[HealthCheck.function_scoped_fixture])
ENTRY = "content/entries/windows/sample.yaml"


def _load(tmp_path: Path, data: bytes) -> tuple[object, list[Diagnostic]]:
    path = tmp_path / "entry.yaml"
    path.write_bytes(data)
    document, problems = load_yaml(path, "entry.yaml")
    assert (document is None) == bool(problems), "a document comes with no problems, or problems with none"
    assert all(isinstance(p, Diagnostic) and p.line >= 1 and p.col >= 1 for p in problems)
    return document, problems


@FUZZ
@given(data=st.binary(max_size=2000))
def test_the_loader_survives_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    _load(tmp_path, data)


_YAMLISH = st.text(alphabet=string.ascii_letters[:6] + string.digits[:3] + " \t\n\r:-?[]{},#&*!|>'\"%@`~.\\\ufeff中",
                   max_size=400)


@FUZZ
@given(text=_YAMLISH)
def test_the_loader_survives_arbitrary_yaml_ish_text(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text.encode("utf-8"))


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
_JSON_LIKE = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=25)
_ENTRY_KEYS = st.sampled_from(["id", "status", "platforms", "components", "error_codes", "signatures", "title",
                               "symptoms", "messages", "cause", "steps", "verify", "references", "updated",
                               "related", "notes", "distinguish"])


@FUZZ
@given(data=st.one_of(_JSON_LIKE, st.dictionaries(_ENTRY_KEYS, _JSON_LIKE, max_size=17)))
def test_the_schema_check_survives_arbitrary_json_like_data(tmp_path: Path, data: object) -> None:
    document, problems = _load(tmp_path, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    if document is None:  # e.g. a nesting deeper than the loader allows
        return
    schema_problems = check_entry(document)
    if not schema_problems:
        Entry.from_document(document, ENTRY)


def _minimal() -> dict:
    fixture = yaml.safe_load((FIXTURES / "checks/valid--minimal-entry.yaml").read_text(encoding="utf-8"))
    return yaml.safe_load(fixture["files"][ENTRY])


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=200)
_LINE = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n"), min_size=1, max_size=60)


@st.composite
def _valid_entries(draw: st.DrawFn) -> dict:
    """Entries of the schema's shape whose free text is anything at all."""
    def localized(text: st.SearchStrategy[str] = _TEXT) -> dict:
        return {"zh": draw(text), "en": draw(text)}

    command = st.fixed_dictionaries({"shell": st.sampled_from(["bash", "sh", "powershell", "cmd"]), "run": _TEXT},
                                    optional={"admin": st.booleans(), "output": _TEXT})
    option = st.fixed_dictionaries({"label": st.builds(lambda: localized(_LINE))},
                                   optional={"text": st.builds(localized), "command": command})
    step = st.fixed_dictionaries({"text": st.builds(localized)},
                                 optional={"command": command, "options": st.lists(option, min_size=2, max_size=3)})
    data = _minimal()
    data.update(
        title=localized(_LINE), symptoms=localized(), cause=localized(), notes=localized(),
        error_codes=draw(st.lists(st.text(st.characters(blacklist_categories=["Cs", "Zs", "Cc", "Zl", "Zp"]),
                                          min_size=2, max_size=20), max_size=3, unique=True)),
        messages=[{"lang": "en-US", "text": draw(_TEXT), "source": draw(_LINE)}],
        steps=draw(st.lists(step, min_size=1, max_size=3)),
        verify={"text": localized(), "command": draw(command), "expect": localized()},
        references=[{"title": draw(_LINE), "url": "https://example.com/" + draw(st.text(string.ascii_letters + "()/-_",
                                                                                         max_size=20))}],
    )
    return data


@FUZZ
@given(data=_valid_entries())
def test_the_renderer_renders_any_valid_entry(tmp_path: Path, data: dict) -> None:
    document, problems = _load(tmp_path, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    assert document is not None, problems
    schema_problems = check_entry(document)
    if schema_problems:  # a generated text broke a rule of the schema (\s in a code...): fine, it is explained
        return
    entry = Entry.from_document(document, ENTRY)
    for lang in ("zh", "en"):
        page = render_entry_html(entry, lang, entry_titles={entry.id: entry.title[lang]}, edit_url=None)
        assert page.html.startswith("<h1 id=") and page.headings[0].level == 1
        rows = code_row_views(labels.code_index((entry,)), lang)
        assert ("kb-code-index__row" in render_codes_html(rows, lang).html) == bool(entry.error_codes)
