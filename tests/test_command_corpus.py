"""Command blocks copied verbatim from official documentation: the real doc bugs are caught, nothing else.

Each file of fixtures/commands/ holds the shell blocks of one official page (Docker's docs, Microsoft's
WSL docs) with its source (repository, path, commit). The blocks are put, in order, into one guide of
a small project and checked by `kb check`'s rules; a block that must be flagged says so in its
`flagged` list (`rule-id: message`), with `why` (the doc bug). Every other block must pass: a finding
on an official command is a false alarm of ours until shown otherwise. Hugo parameters of Docker's
pages (`{{% param "x" %}}`) are replaced by the file's `params`, as the published page has them.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, write_project

from kb_builder.check.runner import check_project
from kb_builder.config import load_config
from kb_builder.content.project import load_project
from kb_builder.snippets.console import CONSOLE_LANGUAGES
from kb_builder.snippets.extract import FENCE_SHELLS

CORPUS = sorted((FIXTURES / "commands").glob("*.yaml"))
_PARAM = re.compile(r"\{\{% param \"([^\"]+)\" %\}\}")


def _load(case: Path) -> dict:
    return yaml.safe_load(case.read_text(encoding="utf-8"))


def _guide(corpus: dict) -> tuple[str, list[tuple[int, int, dict]]]:
    """The guide text holding every block, and each block's (first, last) guide line."""
    params = corpus.get("params", {})
    lines, spans = ["# Corpus", ""], []
    for block in corpus["blocks"]:
        text = _PARAM.sub(lambda m: str(params[m.group(1)]), block["text"]).rstrip("\n")
        lines.append("```" + block["lang"])
        first = len(lines) + 1
        lines.extend(text.split("\n"))
        spans.append((first, len(lines), block))
        lines.extend(["```", ""])
    return "\n".join(lines) + "\n", spans


def _findings(tmp_path: Path, corpus: dict) -> list[tuple[dict, str]]:
    guide, spans = _guide(corpus)
    root = write_project(tmp_path / "p", {"content/guides/zh/corpus.md": guide,
                                          "content/guides/en/corpus.md": "# Corpus\n"})
    found = []
    for diagnostic in check_project(load_project(load_config(root))):
        block = next(b for first, last, b in spans if first <= diagnostic.line <= last + 1)
        found.append((block, f"{diagnostic.rule}: {diagnostic.message}"))
    return found


def _name(block: dict, number: int) -> str:
    return f"block {number}" + (f" (page line {block['line']})" if "line" in block else "")


@pytest.mark.parametrize("case", CORPUS, ids=[c.stem for c in CORPUS])
def test_official_blocks_are_flagged_exactly_where_the_corpus_says(case: Path, tmp_path: Path) -> None:
    corpus = _load(case)
    found = _findings(tmp_path, corpus)
    got: dict[str, list[str]] = {_name(b, i): [] for i, b in enumerate(corpus["blocks"], start=1)}
    for block, finding in found:
        got[_name(block, corpus["blocks"].index(block) + 1)].append(finding)
    wanted = {_name(b, i): list(b.get("flagged", [])) for i, b in enumerate(corpus["blocks"], start=1)}
    assert {k: sorted(v) for k, v in got.items() if v} == {k: sorted(v) for k, v in wanted.items() if v}


def test_the_corpus_covers_every_shell_and_says_how_much(capsys: pytest.CaptureFixture[str]) -> None:
    shells: Counter[str] = Counter()
    flagged = 0
    for case in CORPUS:
        corpus = _load(case)
        assert set(corpus["source"]) >= {"repo", "path", "commit", "url"}, case.name
        assert re.fullmatch(r"[0-9a-f]{40}", corpus["source"]["commit"]), case.name
        for block in corpus["blocks"]:
            lang = block["lang"]
            shells[CONSOLE_LANGUAGES.get(lang) and f"{lang} ({CONSOLE_LANGUAGES[lang]})" or FENCE_SHELLS[lang]] += 1
            flagged += bool(block.get("flagged"))
            assert not block.get("flagged") or block.get("why"), f"{case.name}: {block['text'][:40]!r}: say why"
    with capsys.disabled():
        print(f"\ncommand corpus: {sum(shells.values())} blocks from {len(CORPUS)} pages, {flagged} flagged; "
              + ", ".join(f"{shell} {count}" for shell, count in sorted(shells.items())))
    assert {"bash", "powershell"} <= set(shells)
