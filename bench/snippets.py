"""Benchmark: snippet validation speed, and its share of a full `kb check` and of a full `kb build`.
Prints figures, asserts nothing.

Usage: .venv/bin/python bench/snippets.py [COUNT]   (default 2000 snippets)
Replicates the real content's snippets into COUNT distinct ones (a counter makes each unique, so the
shellcheck cache cannot hide the work), runs the six snippet rules cold (no cache) and warm (cache
filled), and times a full `kb check` of the real repository for comparison.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb_builder import snippets as snippet_package  # noqa: E402
from kb_builder.check.runner import check_project  # noqa: E402
from kb_builder.config import load_config  # noqa: E402
from kb_builder.content.project import load_project  # noqa: E402
from kb_builder.rules import (  # noqa: E402
    missing_admin,
    platform_mismatch,
    snippet_lint,
    snippet_prompt,
    snippet_syntax,
    unknown_command_flag,
)
from kb_builder.snippets.parse import _parse  # noqa: E402

RULES = (snippet_syntax, snippet_prompt, unknown_command_flag, platform_mismatch, missing_admin, snippet_lint)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    project = load_project(load_config(ROOT))
    real = snippet_package.snippets_of(project)
    comment = {"bash": "#", "sh": "#", "powershell": "#", "cmd": "rem"}
    many = [replace(s, text=f"{s.text}\n{comment[s.shell]} {i}", origin=(*s.origin, s.origin[-1]))
            for i, s in enumerate(real * (count // len(real) + 1))][:count]
    with tempfile.TemporaryDirectory() as cache_root:
        fake = replace(project.config, root=Path(cache_root)) if hasattr(project.config, "__dataclass_fields__") else project.config
        project.config = fake
        with mock.patch("kb_builder.snippets.extract.extract_snippets", return_value=many):
            snippet_package._CACHE.clear()
            cold = _time_rules(project)
            warm = _time_rules(project)
    snippet_package._CACHE.clear()
    start = time.perf_counter()
    check_project(load_project(load_config(ROOT)))
    full = time.perf_counter() - start
    print(f"snippets: {len(many)} ({len(real)} real ones replicated)")
    print(f"cold (shellcheck runs):   {cold:.2f} s = {len(many) / cold:,.0f} snippets/s")
    print(f"warm (shellcheck cached): {warm:.2f} s = {len(many) / warm:,.0f} snippets/s")
    real_share = _real_share()
    print(f"full `kb check` of the real repository ({len(real)} snippets): {full:.2f} s; "
          f"snippet rules: {real_share:.2f} s = {100 * real_share / full:.0f}% of it")
    build = _build_seconds()
    print(f"full `kb build` of the real repository (both languages): {build:.2f} s; "
          f"snippet rules: {100 * real_share / build:.0f}% of it")


def _time_rules(project) -> float:  # noqa: ANN001
    _parse.cache_clear()
    start = time.perf_counter()
    for rule in RULES:
        list(rule.check(project))
    return time.perf_counter() - start


def _build_seconds() -> float:
    """Wall time of `kb build` of the real content into a scratch folder, its caches warm as a
    contributor's are (the build validates the content once, snippets included)."""
    with tempfile.TemporaryDirectory() as site:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kb_builder", "build", "--site-dir", site], cwd=ROOT,
                       check=True, capture_output=True)
        return time.perf_counter() - start


def _real_share() -> float:
    project = load_project(load_config(ROOT))
    snippet_package._CACHE.clear()
    _parse.cache_clear()
    start = time.perf_counter()
    for rule in RULES:
        list(rule.check(project))
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
