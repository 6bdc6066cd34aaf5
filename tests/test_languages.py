"""Languages are configuration: the languages of mkdocs.yml (`extra.kb.languages`) decide what an
entry must hold, what the checks read and what `kb diagnose` and `kb new` accept; a converted
edition (Traditional Chinese from the Simplified text, OpenCC) is built like any other language.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kb_builder.config import config_from_mapping
from kb_builder.content.entry_schema import check_entry
from kb_builder.content.fields import field_path, walk_texts
from kb_builder.content.scaffold import ScaffoldRequest, render_scaffold
from kb_builder.content.yamlsource import parse_yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "languages"
THREE = FIXTURES / "three-language-entry.yaml"


def _document(path: Path):  # noqa: ANN202
    document, problems = parse_yaml(path.read_bytes(), path.name)
    assert document is not None, problems
    return document


def test_the_walk_finds_every_language_of_a_localized_field_however_many() -> None:
    texts = walk_texts(_document(THREE).data)
    title = [(field_path(path), lang) for path, lang, _text in texts if path[0] == "title"]
    assert title == [("title.zh", "zh"), ("title.en", "en"), ("title.fr", "fr"), ("title.zh-Hant", "zh-Hant")]
    # every localized field of the file, in file order, each in its three languages
    assert [field_path(path) for path, lang, _text in texts if lang == "fr"] == [
        "title.fr", "symptoms.fr", "cause.fr", "steps[0].text.fr", "steps[0].options[0].label.fr",
        "steps[0].options[1].label.fr", "verify.text.fr"]


def test_the_entry_must_have_the_written_languages_of_the_config_and_may_override_a_converted_one() -> None:
    document = _document(THREE)
    assert check_entry(document, (("zh", "en", "fr"), ("zh-Hant",))) == []
    problems = check_entry(document, (("zh", "en", "de"), ("zh-Hant",)))
    messages = sorted({(p.rule, p.message) for p in problems})
    assert ("missing-translation", "title has no 'de' translation") in messages
    assert ("unknown-key", "unknown key 'fr' in title") in messages
    assert all(rule in ("missing-translation", "unknown-key") for rule, _message in messages)


def test_a_converted_language_is_optional_in_every_localized_field() -> None:
    config = config_from_mapping(Path("."), {"languages": [
        {"code": "zh", "name": "中文", "site_name": "知识库"},
        {"code": "zh-Hant", "name": "繁體中文", "site_name": "知識庫", "prefix": "zh-Hant", "convert_from": "zh",
         "opencc": "s2twp"},
        {"code": "en", "name": "English", "site_name": "KB", "prefix": "en"}]})
    assert config.written_language_codes == ("zh", "en")
    assert [(lang.code, lang.script) for lang in config.languages] == [("zh", "han"), ("zh-Hant", "han"),
                                                                       ("en", "latin")]


def test_kb_new_writes_a_placeholder_in_each_written_language() -> None:
    request = ScaffoldRequest("x-y", ("linux",), ("docker-engine",),
                              languages=(("zh", "han"), ("en", "latin"), ("fr", "latin")))
    text = render_scaffold(request, "schema.json", "2026-12-04")
    assert text.count("\n  zh: ") == text.count("\n  en: ") == text.count("\n  fr: ") == 3
    assert '  fr: "TODO(kb-new): why it happens"' in text
    assert '  zh: "TODO(kb-new): 为什么会出现这个问题"' in text


def test_kb_diagnose_accepts_the_languages_of_the_config_only() -> None:
    result = subprocess.run([sys.executable, "-m", "kb_builder", "diagnose", "--lang", "fr", "0x80370102"],
                            cwd=REPO, capture_output=True, text=True, check=False)
    codes = ", ".join(_codes())
    assert (result.returncode, result.stdout) == (2, "")
    assert f"--lang is 'fr', expected one of: {codes}" in result.stderr
    assert "Traceback" not in result.stderr


def _codes() -> list[str]:
    from kb_builder.config import load_config

    return list(load_config(REPO).language_codes)
