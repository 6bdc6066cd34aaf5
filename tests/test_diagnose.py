"""`kb diagnose` and the matcher behind it, on the shared vectors and on what users really paste."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, REPO

from kb_builder.config import load_config
from kb_builder.content.project import load_project
from kb_builder.render.export import build_export, to_json, write_json
from kb_builder.search.lookup import code_forms, match_data, normalize, rank

VECTORS = yaml.safe_load((FIXTURES / "diagnose/vectors.yaml").read_text(encoding="utf-8"))["vectors"]


@pytest.fixture(scope="module")
def real_match_data() -> dict:
    return match_data(load_project(load_config(REPO)).entries)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"][:40] for v in VECTORS])
def test_shared_vector_ranks_as_expected(vector: dict, real_match_data: dict) -> None:
    matches = rank(vector["text"], real_match_data)
    ranked = [m.id for m in matches]
    if vector["top"]:
        assert ranked[: len(vector["top"])] == vector["top"]
    else:
        assert ranked == []
    if "strong" in vector:
        assert matches[0].strong == vector["strong"]


def kb(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_builder", "diagnose", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_json_output_lists_id_title_url_score_and_why() -> None:
    result = kb("--json", "--lang", "en", "--top", "1", "0x800701bc")
    assert result.returncode == 0
    [first] = json.loads(result.stdout)
    assert set(first) == {"id", "title", "url", "score", "strong", "matched"}
    assert first["strong"] is True
    assert first["id"] == "wsl-kernel-missing-or-outdated"
    assert first["url"] == "https://docker-install-kb.github.io/en/entries/wsl-kernel-missing-or-outdated/"
    assert {"kind": "code", "value": "0x800701bc"} in first["matched"]


def test_text_on_standard_input_with_windows_line_ends_is_read(tmp_path: Path) -> None:
    result = kb("--top", "1", stdin="docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\r\n"
                                    "Is the docker daemon running?\r\n")
    assert result.returncode == 0
    assert "[docker-daemon-not-running, score " in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[0].endswith(", 强匹配]")  # the default language's word for a strong match


def test_a_whole_log_file_is_read(tmp_path: Path) -> None:
    log = tmp_path / "docker.log"
    lines = [f"2026-11-29T10:00:{i % 60:02d}Z [info] starting component {i}" for i in range(198)]
    lines.insert(120, "[error] E: Conflicting values set for option Signed-By regarding source "
                      "https://download.docker.com/linux/ubuntu/ noble: /etc/apt/keyrings/docker.asc != ")
    log.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    result = kb("--json", "--file", str(log))
    assert json.loads(result.stdout)[0]["id"] == "apt-conflicting-signed-by"


def test_nothing_matched_exits_1_and_says_so() -> None:
    result = kb("--lang", "en", "the weather is nice today")
    none = "No entry matches this text. Try pasting only the line with the error code.\n"  # locales/en.yml
    assert (result.returncode, result.stdout, result.stderr) == (1, "", none)


def test_no_text_at_all_is_a_usage_error() -> None:
    assert kb(stdin="").returncode == 2


@pytest.mark.parametrize("pasted, listed", [
    ('importing WSL distro \\"当前计算机配置不支持 WSL2。\\r\\n', "当前计算机配置不支持 WSL2"),
    ("E: Package “docker-ce” has no installation candidate", "Package 'docker-ce' has no installation candidate"),
    ("ＨＣＳ＿Ｅ＿ＨＹＰＥＲＶ", "hcs_e_hyperv"),
])
def test_normalization_undoes_what_pasting_does(pasted: str, listed: str) -> None:
    assert normalize(listed) in normalize(pasted)


def test_a_code_is_found_with_or_without_0x_and_as_the_end_of_a_path() -> None:
    assert [f["form"] for f in code_forms("0x80370102")] == ["0x80370102", "80370102"]
    assert [f["form"] for f in code_forms("80370102")] == ["80370102", "0x80370102"]
    assert [f["form"] for f in code_forms("Wsl/Service/CreateVm/HCS/HCS_E_X")] == [
        "wsl/service/createvm/hcs/hcs_e_x", "hcs_e_x"]


def test_a_code_glued_to_other_characters_does_not_match(real_match_data: dict) -> None:
    assert [m.id for m in rank("0x800701bcd", real_match_data)] == []


def test_the_export_follows_its_schema_in_both_languages() -> None:
    project = load_project(load_config(REPO))
    schema = json.loads((REPO / "kb_builder/schema/export.schema.json").read_text(encoding="utf-8"))
    for lang in ("zh", "en"):
        data = build_export(project, lang, "https://example.org/")
        jsonschema.Draft202012Validator(schema).validate(data)
        assert data["schema_version"] == 1 and len(data["entries"]) == len(project.entries)


def test_the_export_written_piece_by_piece_is_the_same_file_as_one_dump(tmp_path: Path) -> None:
    project = load_project(load_config(REPO))
    odd = {"b": [{"é": "\u2028</script>", "a": [1, None]}], "a": "中文\n", "c": [], "d": {"y": True}}
    for name, data in [("odd", odd), *((lang, build_export(project, lang, None)) for lang in ("zh", "en"))]:
        write_json(data, tmp_path / f"{name}.json")
        assert (tmp_path / f"{name}.json").read_bytes() == to_json(data).encode("utf-8"), name


def test_entries_sharing_a_code_say_how_to_tell_them_apart() -> None:
    results = json.loads(kb("--json", "--lang", "en", "0x80370102").stdout)
    assert [r["id"] for r in results[:2]] == ["bios-virtualization-disabled", "wsl-virtual-machine-platform-disabled"]
    assert all(r["distinguish"] for r in results[:2])
    alone = json.loads(kb("--json", "0x800701bc").stdout)
    assert "distinguish" not in alone[0]


def test_the_indexed_matcher_ranks_exactly_as_trying_every_entry(real_match_data: dict) -> None:
    from kb_builder.search.lookup import Matcher

    texts = [v["text"] for v in VECTORS]
    for corpus in sorted((FIXTURES / "diagnose").glob("*.yaml")):
        if corpus.name != "vectors.yaml":
            texts += [case["text"] for case in yaml.safe_load(corpus.read_text(encoding="utf-8"))["cases"]]
    matcher = Matcher(real_match_data)
    for text in texts:
        assert [(m.id, m.score, m.matched) for m in matcher.rank(text)] == \
               [(m.id, m.score, m.matched) for m in rank(text, real_match_data)]


TRADITIONAL = yaml.safe_load((FIXTURES / "diagnose/traditional.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", TRADITIONAL, ids=[case["text"] for case in TRADITIONAL])
def test_a_traditional_query_finds_its_entry_first_in_the_converted_edition(case: dict) -> None:
    result = kb("--json", "--lang", "zh-Hant", "--top", "3", case["text"])
    first = json.loads(result.stdout)[0]
    assert (first["id"], first["strong"]) == (case["expected"], case["strong"])


def test_the_traditional_edition_says_why_in_its_own_script() -> None:
    done = kb("--lang", "zh-Hant", "--top", "1", "当前计算机配置不支持 WSL2")  # a Simplified paste
    why = next(line for line in done.stdout.splitlines() if line.strip().startswith("matched"))
    assert "當前電腦設定不支援" in why and "当前" not in why and "计算机" not in why
