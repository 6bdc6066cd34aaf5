"""How soon `kb serve` shows an edit: save one entry of the real content, time until the changed
page is served in each language. Prints figures, asserts nothing.

Run: .venv/bin/python bench/serve.py [--edits N] [--entry ID] [--search-engine lunr|chunked|pagefind]
The content is copied to a scratch folder first, so the repository is never touched. MkDocs'
server holds each request until a build in progress ends, so a page that comes back with the new
text is the page a reader reloading at that moment gets.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return text in response.read().decode("utf-8")
    except OSError:
        return False


def _wait(url: str, text: str, limit: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if _served(url, text):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} never showed {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--entry", default="linux/docker-sock-permission-denied")
    parser.add_argument("--search-engine", help="extra.kb.search_engine for the copy (default: the project's)")
    args = parser.parse_args()
    entry_id = args.entry.rsplit("/", 1)[-1]
    with tempfile.TemporaryDirectory(prefix="kb-serve-bench-") as tmp:
        root = Path(tmp) / "kb"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", "site.*", "node_modules",
                                                                    "test-artifacts", ".cache"))
        if args.search_engine:
            config = root / "mkdocs.yml"
            text = config.read_text(encoding="utf-8")
            config.write_text(text.replace("\n  kb:\n", f"\n  kb:\n    search_engine: {args.search_engine}\n", 1),
                              encoding="utf-8")
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "kb_builder", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(base + f"en/entries/{entry_id}/", "</html>")
            print(f"first build, both languages served: {time.perf_counter() - started:.1f} s")
            entry = root / f"content/entries/{args.entry}.yaml"
            zh_times, en_times = [], []
            for edit in range(args.edits):
                text = entry.read_text(encoding="utf-8")
                marker_zh, marker_en = f"（编辑 {edit}）", f"(edit {edit})"
                text = text.replace("title:\n  zh: ", f"title:\n  zh: {marker_zh}", 1)
                text = text.replace("\n  en: ", f"\n  en: {marker_en}", 1)
                saved = time.perf_counter()
                entry.write_text(text, encoding="utf-8")
                _wait(base + f"entries/{entry_id}/", marker_zh)
                zh_times.append(time.perf_counter() - saved)
                _wait(base + f"en/entries/{entry_id}/", marker_en)
                en_times.append(time.perf_counter() - saved)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"after saving the entry, {args.edits} edits: changed page served in "
          f"zh median {statistics.median(zh_times):.2f} s (max {max(zh_times):.2f}), "
          f"en median {statistics.median(en_times):.2f} s (max {max(en_times):.2f})")


if __name__ == "__main__":
    main()
