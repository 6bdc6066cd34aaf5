"""The chunked search index (the default `extra.kb.search_engine`): its words, its files, its worker.

Ranking on the real content is tested in test_search_browser.py, which goes through the same
search box whatever the engine.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO
from hypothesis import given
from hypothesis import strategies as st

from kb_builder.config import load_config
from kb_builder.content.project import load_project
from kb_builder.search.chunked import FOLDER, Tokenizer, build_index, plain_text, shard_of

CASES = yaml.safe_load((FIXTURES / "search/words.yaml").read_text(encoding="utf-8"))["cases"]
LANGUAGE = load_config(REPO).default_language
TOKENIZER = Tokenizer.for_language(LANGUAGE.search_separator, LANGUAGE.search_pipeline)
WORKER = REPO / "kb_builder/theme/assets/javascripts/kb-search-worker.js"


@pytest.mark.parametrize("case", CASES, ids=[case["why"] for case in CASES])
def test_words_of_a_text(case: dict) -> None:
    assert list(TOKENIZER.words(case["text"])) == case["words"]


@given(st.text(alphabet="ab Z0_.-/'\"*«»中文字的\u3000，。Σς\t()x\0", max_size=40))
def test_counting_words_in_bulk_gives_what_cutting_them_one_by_one_gives(text: str) -> None:
    # The index counts words in a few passes over a whole text; the worker and `words` cut piece by piece.
    assert TOKENIZER.counts(text) == Counter(TOKENIZER.words(text))


def _docs(*pages: tuple[str, str, str]) -> list[dict]:
    return [{"location": location, "title": title, "text": text} for location, title, text in pages]


def _read(files: dict[str, str], name: str) -> object:
    return json.loads(files[name])


def test_a_word_is_stored_once_in_its_shard_with_each_field_that_holds_it() -> None:
    docs = _docs(("a/", "Docker daemon", "<p>the daemon</p>"), ("a/#fix", "Fix", "<p>start dockerd</p>"),
                 ("b/", "WSL", "<p>daemon, daemon</p>"))
    index = build_index(docs, TOKENIZER, {"title": 1000, "text": 1})
    assert index.settings["fields"] == ["title", "text"]
    shards = index.settings["shards"]
    holding = {name: text for name, text in index.files.items() if name.startswith("t") and '"daemon"' in text}
    assert list(holding) == [f"t{shard_of('daemon', shards)}.json"]
    shard = _read(index.files, next(iter(holding)))
    title_gaps, title_weights, text_gaps, text_weights = shard["daemon"]
    assert title_gaps == [0] and text_gaps == [0, 2]  # documents 0, then 0 + 2: differences
    assert title_weights[0] > max(text_weights)  # the title's boost
    assert text_weights[1] > text_weights[0]  # twice in b's text, once in a's
    dockerd = _read(index.files, f"t{shard_of('dockerd', shards)}.json")["dockerd"]
    assert dockerd[:3] == [[], [], [1]]  # in no title (an empty pair), in the text of document 1


def test_documents_keep_their_page_and_the_start_of_their_text() -> None:
    long_text = "<p>" + "word " * 200 + "</p>"
    index = build_index(_docs(("a/", "A <code>x</code>", long_text), ("a/#s", "S", "<p>&lt;tag&gt; text</p>")),
                        TOKENIZER, {"title": 1000, "text": 1})
    page, section = _read(index.files, "d0.json")
    assert page[0] == "a/" and page[1] == "A x" and page[3] == -1
    assert len(page[2]) <= 241 and page[2].endswith("…")
    assert section == ["a/#s", "S", "<tag> text", 0, []]  # plain text: the worker escapes it


def test_the_same_documents_give_byte_identical_files() -> None:
    docs = _docs(*[(f"p{n}/", f"Title {n}", f"<p>text {n} 中文内容 {n % 7}</p>") for n in range(300)])
    first = build_index(docs, TOKENIZER, {"title": 1000, "text": 1})
    again = build_index([dict(doc) for doc in docs], TOKENIZER, {"title": 1000, "text": 1})
    assert first.files == again.files and first.settings == again.settings


def test_plain_text_drops_tags_and_entities() -> None:
    assert plain_text("<p>a <code>b</code>&amp;c</p>\n d") == "a b &c d"


# -- a built site ----------------------------------------------------------------------------


def _search_folder(site: Path) -> tuple[dict, dict[str, object]]:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    files = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in (site / FOLDER).glob("*.json")}
    return index, files


def test_each_language_has_its_own_chunked_index_of_its_own_text(built_fixture_site: Path) -> None:
    project = load_project(load_config(built_fixture_site.parent))
    for site, lang, other in ((built_fixture_site, "zh", "en"), (built_fixture_site / "en", "en", "zh")):
        index, files = _search_folder(site)
        settings = index["config"]["kb"]
        assert index["docs"] == []  # nothing for every reader to download
        assert index["config"]["lang"] == [lang]
        docs = [doc for n in range(-(-settings["docs"] // settings["docsPerChunk"])) for doc in files[f"d{n}.json"]]
        assert len(docs) == settings["docs"]
        assert sorted(name for name in files if name.startswith("t")) == sorted(
            f"t{n}.json" for n in range(settings["shards"]))
        text = " ".join(f"{doc[1]} {doc[2]}" for doc in docs)
        for entry in project.entries:
            assert entry.title[lang] in text and entry.title[other] not in text
        words = {word for name, shard in files.items() if name.startswith("t") for word in shard}
        for entry in project.entries:
            assert set(TOKENIZER.words(entry.title[lang])) <= words
            for code in entry.error_codes:
                assert code.lower() in words or set(TOKENIZER.words(code)) <= words


def test_the_chunked_site_does_not_download_lunr_or_its_worker(built_fixture_site: Path) -> None:
    html = (built_fixture_site / "index.html").read_text(encoding="utf-8")
    assert '"search": "assets/javascripts/kb-search-worker.js"' in html
    assert (built_fixture_site / "assets/javascripts/kb-search-worker.js").is_file()


# -- in the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def worker_words(browser) -> Iterator:  # noqa: ANN001
    """The worker's own word cutting, run in Chromium: text -> words."""
    page = browser.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
    stop = sorted(TOKENIZER.stop_words)

    def words(texts: list[str]) -> list[list[str]]:
        return page.evaluate("([texts, sep, stop]) => texts.map(t => self.kbSearchWords(t, sep, stop))",
                             [texts, TOKENIZER.separator, stop])

    yield words
    page.close()


@pytest.mark.browser
def test_the_worker_cuts_the_fixture_cases_as_python_does(worker_words) -> None:  # noqa: ANN001
    assert worker_words([case["text"] for case in CASES]) == [case["words"] for case in CASES]


@pytest.mark.browser
def test_the_worker_cuts_every_text_of_the_real_content_as_python_does(worker_words) -> None:  # noqa: ANN001
    project = load_project(load_config(REPO))
    texts = sorted({text for entry in project.entries for _path, _lang, text in entry.localized_texts}
                   | {code for entry in project.entries for code in entry.error_codes})
    assert len(texts) > 900  # titles, texts, steps and commands of both languages
    expected = [list(TOKENIZER.words(text)) for text in texts]
    got = worker_words(texts)
    assert [(text, want, have) for text, want, have in zip(texts, expected, got) if want != have] == []


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"], ids=["zh", "en"])
def test_a_code_query_downloads_a_few_small_files_and_finds_its_entry(
        fixture_site_url: str, built_fixture_site: Path, browser, prefix: str) -> None:  # noqa: ANN001
    from browser import search

    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(fixture_site_url + prefix)
    results = search(page, "HCS_E_HYPERV_NOT_INSTALLED")
    page.close()
    assert results[0] == f"{fixture_site_url}{prefix}entries/wsl-virtual-machine-platform-disabled/"
    fetched = [r.removeprefix(fixture_site_url + prefix) for r in requests if "/search/" in r]
    shards = [r for r in fetched if r.startswith("search/kb/t")]
    index, files = _search_folder(built_fixture_site / prefix)
    assert 1 <= len(set(shards)) < index["config"]["kb"]["shards"] / 2  # never the whole index
    assert "search/search_index.json" in fetched
    assert [r for r in requests if "workers/search" in r or "/lunr/" in r] == []  # Material's lunr worker stays out
    assert [e for e in errors if "sitemap" not in e] == []


@pytest.fixture(scope="module")
def worker_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder laid out as a language's site root: the worker and the index of a few documents."""
    from kb_builder.search.chunked import write_index

    root = tmp_path_factory.mktemp("worker-site")
    (root / "assets/javascripts").mkdir(parents=True)
    (root / "assets/javascripts/kb-search-worker.js").write_bytes(WORKER.read_bytes())
    (root / "assets/javascripts/kb-matcher.js").write_bytes((WORKER.parent / "kb-matcher.js").read_bytes())
    docs = _docs(("phrase/", "启动失败", "<p>请在 Windows 功能中启用虚拟机平台。</p>"),
                 # One pair of the phrase, five times: it outweighs any single pair of the phrase page.
                 ("pairs/", "说明", "<p>机平机平机平机平机平</p>"),
                 ("code/", "Error 0x80370102", "<p>the code</p>"), ("code/#fix", "Fix", "<p>enable it</p>"),
                 ("other/", "Other", "<p>nothing here</p>"))
    index = build_index(docs, TOKENIZER, {"title": 1000, "text": 1})
    write_index(index, root)
    (root / "index.html").write_text("<!doctype html><title>worker</title>", encoding="utf-8")
    (root / "settings.json").write_text(json.dumps(index.settings), encoding="utf-8")
    yield root


_ASK = """async ([settings, query]) => {
    const worker = new Worker('assets/javascripts/kb-search-worker.js');
    const answer = (message) => new Promise(resolve => {
        worker.onmessage = event => resolve(event.data);
        worker.postMessage(message);
    });
    const ready = await answer({type: 0, data: {config: {kb: settings}, docs: [], options: {suggest: true}}});
    const result = await answer({type: 2, data: query});
    worker.terminate();
    return [ready, result];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("query, first", [
    ("虚拟机平台", "phrase/"),  # every pair of the phrase beats one of its pairs five times
    ("0x80370102", "code/"),
    ("0x8037", "code/"),  # a word the query word begins
    ("er", "code/"),  # two letters begin 'error' too, though its shard is keyed on three
])
def test_the_worker_answers_materials_messages_from_the_index(
        worker_site: Path, browser, query: str, first: str) -> None:  # noqa: ANN001
    from browser import serve_folder

    settings = json.loads((worker_site / "settings.json").read_text(encoding="utf-8"))
    with serve_folder(worker_site) as url:
        page = browser.new_page()
        page.goto(url + "index.html")
        ready, result = page.evaluate(_ASK, [settings, query])
        page.close()
    assert ready == {"type": 1}
    assert result["type"] == 3
    groups = result["data"]["items"]
    assert groups[0][0]["location"] == first
    assert all(item["terms"] for group in groups for item in group)
    assert any("<mark data-md-highlight>" in item["title"] + item["text"] for item in groups[0])
