"""Lint bash/sh snippets with shellcheck: one process per core for all of them, results cached by content.

Each snippet goes to a temporary file with a shebang naming its shell (`#!/bin/bash`, `#!/bin/sh`),
so one `shellcheck --format=json1` call covers both shells; findings come back per file and line,
and line N of a file is line N-1 of its snippet. Results are cached in `.cache/kb/shellcheck.json`
(ignored by git) keyed on a hash of shellcheck's version, our options and the snippet, so an
unchanged snippet is never linted twice. shellcheck costs ~3.6 ms a snippet even batched, so
a large batch is split across the machine's cores (2,000 snippets: 5.4 s in one process here).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kb_builder.errors import ToolError
from kb_builder.snippets.placeholders import mask
from kb_builder.util.atomic import write_atomically

SEVERITY = "warning"
EXCLUDED = ("SC2034", "SC2046", "SC2154", "SC2155", "SC2164")
"""See kb_builder/rules/snippet_lint.py for why each code is excluded."""
CACHE_FILE = Path(".cache/kb/shellcheck.json")
MIN_FILES_PER_JOB = 100
"""Below this many snippets per process, starting another shellcheck costs more than it saves."""


@dataclass(frozen=True)
class Finding:
    line: int
    col: int
    code: str
    level: str
    message: str


def shellcheck_binary() -> str | None:
    beside = Path(sys.executable).parent / "shellcheck"
    return str(beside) if beside.is_file() else shutil.which("shellcheck")


def lint(snippets: list[tuple[str, str]], project_root: Path | None) -> list[list[Finding]] | None:
    """Findings for each (shell, text); None when shellcheck is not installed."""
    binary = shellcheck_binary()
    if binary is None:
        return None
    cache_path = project_root / CACHE_FILE if project_root else None
    cache = _read_cache(cache_path)
    salt = f"{binary_version(binary)}|{SEVERITY}|{','.join(EXCLUDED)}"
    keys = [hashlib.sha256(f"{salt}|{shell}|{text}".encode()).hexdigest() for shell, text in snippets]
    missing = sorted({key: item for key, item in zip(keys, snippets) if key not in cache}.items())
    if missing:
        fresh = _run(binary, [item for _key, item in missing])
        cache.update({key: [f.__dict__ for f in found] for (key, _item), found in zip(missing, fresh)})
    used = {key: cache[key] for key in keys}
    if cache_path is not None and (missing or len(used) != len(cache)):
        _write_cache(cache_path, used)
    return [[Finding(**f) for f in used[key]] for key in keys]


def _run(binary: str, snippets: list[tuple[str, str]]) -> list[list[Finding]]:
    with tempfile.TemporaryDirectory(prefix="kb-shellcheck-") as folder:
        files = []
        for index, (shell, text) in enumerate(snippets):
            path = os.path.join(folder, f"{index:06d}.{shell}")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(f"#!/bin/{shell}\n{mask(text)}\n")
            files.append(path)
        jobs = max(1, min(os.cpu_count() or 1, len(files) // MIN_FILES_PER_JOB))
        command = [binary, "--format=json1", f"--severity={SEVERITY}", "--norc", f"--exclude={','.join(EXCLUDED)}"]
        # Each process writes to a file of its own: a full pipe would stall it while we wait on another.
        outputs = [Path(folder, f"report-{job}.json") for job in range(jobs)]
        running = []
        for job, output in enumerate(outputs):
            with output.open("w", encoding="utf-8") as sink:
                try:
                    running.append(subprocess.Popen([*command, *files[job::jobs]], stdout=sink,
                                                    stderr=subprocess.PIPE, text=True))
                except OSError as error:
                    raise ToolError(f"shellcheck ({binary}) could not run: {error.strerror or error}") from error
        comments = []
        for process, output in zip(running, outputs):
            _, stderr = process.communicate()
            if process.returncode not in (0, 1):
                raise ToolError(f"shellcheck ({binary}) failed with exit code {process.returncode}: "
                                f"{' '.join(stderr.split())[:300] or 'no message'}")
            try:
                comments += json.loads(output.read_text(encoding="utf-8") or '{"comments": []}').get("comments", [])
            except (ValueError, AttributeError) as error:
                raise ToolError(f"shellcheck ({binary}) wrote no report kb can read: {error}") from error
    found: list[list[Finding]] = [[] for _ in snippets]
    for comment in comments:
        index = int(Path(comment["file"]).name.split(".")[0])
        found[index].append(Finding(comment["line"] - 1, comment["column"], f"SC{comment['code']}",
                                    comment["level"], comment["message"]))
    return [sorted(items, key=lambda f: (f.line, f.col, f.code)) for items in found]


_VERSIONS: dict[str, str] = {}


def binary_version(binary: str) -> str:
    if binary not in _VERSIONS:
        try:
            out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
        except OSError as error:
            raise ToolError(f"shellcheck ({binary}) could not run: {error.strerror or error}") from error
        _VERSIONS[binary] = next((line.split(":", 1)[1].strip() for line in out.splitlines()
                                  if line.startswith("version:")), "unknown")
    return _VERSIONS[binary]


def _read_cache(path: Path | None) -> dict[str, list[dict]]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}  # a damaged cache is rebuilt, never trusted


def _write_cache(path: Path, cache: dict[str, list[dict]]) -> None:
    try:
        write_atomically(path, json.dumps(cache, sort_keys=True, ensure_ascii=False) + "\n")
    except OSError:
        pass  # a read-only checkout still checks; it only re-lints next time
