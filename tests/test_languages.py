"""Languages are configuration: the languages of mkdocs.yml (`extra.kb.languages`) decide what an
entry must hold, what the checks read and what `kb diagnose` and `kb new` accept; a converted
edition (Traditional Chinese from the Simplified text, OpenCC) is built like any other language.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb_builder.config import config_from_mapping
from kb_builder.content.convert import convert_for
from kb_builder.content.entry_schema import check_entry
from kb_builder.content.fields import field_path, walk_texts
from kb_builder.content.language import HAN
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


# -- the Traditional Chinese edition, built from tests/fixtures/languages/project ----------------

PROJECT = FIXTURES / "project"


@pytest.fixture(scope="module")
def three_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with the repository's languages (zh, zh-Hant converted, en), built."""
    from conftest import copy_project

    from kb_builder.site.languages import build_site

    root = copy_project(PROJECT, tmp_path_factory.mktemp("editions") / "project")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764374400")
    build_site(str(root / "mkdocs.yml"))
    return root


def _edition(root: Path) -> tuple[Any, Any, Any]:
    from kb_builder.config import load_config
    from kb_builder.content.project import load_project

    config = load_config(root)
    converted = next(lang for lang in config.languages if lang.is_converted)
    return config, converted, load_project(config)


def _page(root: Path, language: Any, page: str) -> str:
    return (root / "site" / language.url_root / page).read_text(encoding="utf-8")


def test_a_three_language_project_passes_kb_check(three_editions: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kb_builder", "--root", str(three_editions), "check"],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr.strip()) == (0, "", "no problems found")


def test_every_page_exists_in_every_edition_with_its_html_lang(three_editions: Path) -> None:
    config, _converted, _project = _edition(three_editions)
    site = three_editions / "site"
    prefixes = {lang.prefix for lang in config.languages if lang.prefix}
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in prefixes)
    assert "index.html" in pages
    for language in config.languages:
        for page in pages:
            assert f'<html lang="{language.code}"' in _page(three_editions, language, page), (language.code, page)


def test_entry_texts_are_converted_unless_the_entry_overrides_them(three_editions: Path) -> None:
    config, converted, project = _edition(three_editions)
    for entry in project.entries:
        html_text = _page(three_editions, converted, f"entries/{entry.id}/index.html")
        heading = re.search(r"<h1[^>]*>(.*?)<a", html_text).group(1)
        expected = entry.title.get(converted.code) or convert_for(entry.title[converted.convert_from], converted)
        assert html.unescape(re.sub("<[^>]+>", "", heading)) == expected
    assert any(converted.code in entry.title for entry in project.entries), "the fixture overrides a title"


def test_verbatim_messages_are_quoted_as_written_never_converted(three_editions: Path) -> None:
    _config, converted, project = _edition(three_editions)
    for entry in project.entries:
        page = html.unescape(_page(three_editions, converted, f"entries/{entry.id}/index.html"))
        for message in entry.messages:
            for line in message.text.strip().splitlines():
                assert line.strip() in page, (entry.id, message.lang, line)


def test_messages_in_the_editions_script_come_first_each_with_its_ui_language(three_editions: Path) -> None:
    from kb_builder.content.language import message_in_language
    from kb_builder.render.labels import labels

    config, _converted, project = _edition(three_editions)
    entry = next(e for e in project.entries if len({m.lang for m in e.messages}) >= 3)
    for language in config.languages:
        page = html.unescape(_page(three_editions, language, f"entries/{entry.id}/index.html"))
        where = {m.lang: page.index(m.text.strip().splitlines()[0]) for m in entry.messages}
        own = [where[m.lang] for m in entry.messages if message_in_language(m.lang, language.code)]
        other = [where[m.lang] for m in entry.messages if not message_in_language(m.lang, language.code)]
        assert own and other and max(own) < min(other), (language.code, where)
    names = labels(_converted.code)["languages"]
    page = html.unescape(_page(three_editions, _converted, f"entries/{entry.id}/index.html"))
    for lang in ("zh-CN", "zh-TW"):
        assert labels(_converted.code)["message_lang"].format(lang=names[lang]) in page


def test_a_guide_is_converted_unless_the_edition_has_its_own_file(three_editions: Path,
                                                                   built_fixture_site: Path) -> None:
    config, converted, project = _edition(three_editions)
    guide = project.guides["getting-started"]
    assert converted.code in guide, "the fixture has a zh-Hant guide"
    own = html.unescape(_page(three_editions, converted, "getting-started/index.html"))
    assert "覆寫檔" in guide[converted.code].text and "覆寫檔" in own
    # tests/fixtures/site-project has no zh-Hant guide: its guide is the conversion, code untouched
    source = (REPO / "tests/fixtures/site-project/content/guides/zh/getting-started.md").read_text(encoding="utf-8")
    page = (built_fixture_site / converted.prefix / "getting-started/index.html").read_text(encoding="utf-8")
    page = html.unescape(re.sub("<[^>]+>", "", page))
    prose = [line for line in source.splitlines() if line and not line.startswith(("#", "!", "`", "docker"))]
    assert prose and all(re.sub(r"\[([^]]*)\]\([^)]*\)|`", r"\1", convert_for(line, converted)) in page
                         for line in prose)
    assert "docker version" in page


def test_the_editions_phrases_replace_what_opencc_gets_wrong_everywhere(three_editions: Path) -> None:
    _config, converted, _project = _edition(three_editions)
    assert converted.phrases, "mkdocs.yml corrects some phrases of the conversion"
    pages = [p.read_text(encoding="utf-8") for p in (three_editions / "site" / converted.prefix).rglob("*.html")]
    for wrong, right in converted.phrases:
        assert not [p for p in pages if wrong in p], wrong


def test_the_language_switch_leads_to_the_same_page_in_each_edition(three_editions: Path) -> None:
    config, _converted, project = _edition(three_editions)
    page = f"entries/{project.entries[0].id}/"
    for language in config.languages:
        text = _page(three_editions, language, page + "index.html")
        links = {lang: href for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([\w-]+)"', text)}
        up = "../" * (language.url_root.count("/") + page.count("/"))
        expected = {other.code: "./" if other == language else up + other.url_root + page for other in config.languages}
        assert links == expected


def _keys(data: Any, prefix: str = "") -> set[str]:
    if not isinstance(data, dict):
        return set()
    return {f"{prefix}{key}" for key in data} | {k for key, value in data.items() for k in _keys(value, f"{prefix}{key}.")}


def test_every_language_has_every_interface_label() -> None:
    from kb_builder.config import load_config
    from kb_builder.render.labels import labels

    config = load_config(REPO)
    first = _keys(labels(config.default_language.code))
    for language in config.languages[1:]:
        missing = sorted(first - _keys(labels(language.code)))
        assert not missing, f"kb_builder/locales/{language.code}.yml lacks {missing}: add them (zh-Hant: OpenCC s2twp of zh.yml)"


_DIAGNOSE = REPO / "tests/fixtures/diagnose"
CHINESE_VECTORS = [case["text"] for case in (
    *yaml.safe_load((_DIAGNOSE / "vectors.yaml").read_text(encoding="utf-8"))["vectors"],
    *yaml.safe_load((_DIAGNOSE / "corpus.yaml").read_text(encoding="utf-8"))["cases"],
) if re.search(f"[{HAN}]", case["text"])]


@pytest.mark.parametrize("writing", ["s2t", "edition"])
@pytest.mark.parametrize("text", CHINESE_VECTORS, ids=range(len(CHINESE_VECTORS)))
def test_the_converted_editions_matcher_ranks_a_traditional_text_as_the_source_ranks_the_simplified(
        text: str, writing: str) -> None:
    import opencc

    from kb_builder.config import load_config
    from kb_builder.content.convert import convert_for, edition, fold_text, matcher_entries, search_fold
    from kb_builder.content.project import load_project
    from kb_builder.search.lookup import Matcher, match_data

    config = load_config(REPO)
    converted = next(lang for lang in config.languages if lang.is_converted)
    project = load_project(config)
    # Character for character, as a reader may type it; or in the edition's words, as its pages write.
    traditional = opencc.OpenCC("s2t").convert(text) if writing == "s2t" else convert_for(text, converted)
    if traditional == text:
        pytest.skip("the same in Traditional characters")
    source = Matcher(match_data(project.entries)).rank(text)
    ranked = Matcher(match_data(matcher_entries(edition(project, converted).entries, converted)))
    found = ranked.rank(fold_text(traditional, search_fold(converted)))
    # The same entries matched strongly, in the same order, and the same one first; the weak ones
    # after may differ: the edition's own words (電腦, 虛擬機器) count too.
    assert [m.id for m in found if m.strong] == [m.id for m in source if m.strong]
    assert [m.id for m in found[:1]] == [m.id for m in source[:1]]


def test_every_editions_export_follows_the_export_schema() -> None:
    import json

    import jsonschema

    from kb_builder.config import load_config
    from kb_builder.content.convert import edition
    from kb_builder.content.project import load_project
    from kb_builder.render.export import build_export

    config = load_config(REPO)
    project = load_project(config)
    schema = json.loads((REPO / "kb_builder/schema/export.schema.json").read_text(encoding="utf-8"))
    for language in config.languages:
        data = build_export(edition(project, language), language.code, "https://example.org/")
        jsonschema.Draft202012Validator(schema).validate(data)
        assert data["lang"] == language.code and len(data["entries"]) == len(project.entries)
