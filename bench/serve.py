"""How soon `kb serve` shows an edit: save one entry of the real content, time until the changed
page is served in each language. Prints figures, asserts nothing.

Run: .venv/bin/python bench/serve.py [--edits N] [--entry ID] [--search-engine lunr|chunked|pagefind]
     .venv/bin/python bench/serve.py --entries 2000 --edits 7     # generated entries (bench/generate.py)
With --entries it also times an addition (a new entry's page served in both languages) and a
deletion (its page gone, 404) --edits times each.
The content is copied to a scratch folder first, so the repository is never touched. MkDocs'
server holds each request until a build in progress ends, so a page that comes back with the new
text is the page a reader reloading at that moment gets.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


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


def _gone(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10):
            return False
    except urllib.error.HTTPError as error:
        return error.code == 404
    except OSError:
        return False


def _wait_gone(url: str, limit: float = 120) -> None:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if _gone(url):
            return
        time.sleep(0.05)
    raise TimeoutError(f"{url} is still served")


def _copy_as(source: Path, number: int) -> tuple[Path, str]:
    """A new entry: `source` under another id, with error codes and a signature of its own."""
    old_id, new_id = source.stem, f"bench-added-{number:04d}"
    text = source.read_text(encoding="utf-8").replace(old_id, new_id)
    text = re.sub(r"8037[0-9a-f]{4}", f"8038{number:04x}", text)
    text = re.sub(r"SYNTHETIC_\d+", f"BENCH_ADDED_{number:04d}", text)
    text = re.sub(r"synthetic failure number \d+", f"bench addition number {number}", text)
    return source.with_name(f"{new_id}.yaml"), text


def _summary(what: str, times: list[float]) -> str:
    return f"{what} median {statistics.median(times):.2f} s (max {max(times):.2f})"


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
    parser.add_argument("--entries", type=int, help="serve this many generated entries instead of the real content")
    args = parser.parse_args()
    if args.entries:
        args.entry = "linux/synthetic-problem-00002"
    entry_id = args.entry.rsplit("/", 1)[-1]
    added: list[float] = []
    deleted: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kb-serve-bench-") as tmp:
        root = Path(tmp) / "kb"
        if args.entries:
            from generate import generate

            generate(args.entries, root)
        else:
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
            print(f"first build, every language served: {time.perf_counter() - started:.1f} s")
            entry = root / f"content/entries/{args.entry}.yaml"
            zh_times, en_times, hant_times = [], [], []
            for edit in range(args.edits):
                text = entry.read_text(encoding="utf-8")
                marker_zh, marker_en = f"（编辑 {edit}）", f"(edit {edit})"
                marker_hant = f"（編輯 {edit}）"  # OpenCC s2twp of marker_zh: the zh-Hant edition's title
                text = text.replace("title:\n  zh: ", f"title:\n  zh: {marker_zh}", 1)
                text = re.sub(r"\n  en: (\"?)", lambda m: f"\n  en: {m.group(1)}{marker_en}", text, count=1)
                saved = time.perf_counter()
                entry.write_text(text, encoding="utf-8")
                _wait(base + f"entries/{entry_id}/", marker_zh)
                zh_times.append(time.perf_counter() - saved)
                _wait(base + f"en/entries/{entry_id}/", marker_en)
                en_times.append(time.perf_counter() - saved)
                _wait(base + f"zh-Hant/entries/{entry_id}/", marker_hant)
                hant_times.append(time.perf_counter() - saved)
                time.sleep(1)
            for number in range(args.edits if args.entries else 0):
                path, text = _copy_as(entry, number)
                saved = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                _wait(base + f"entries/{path.stem}/", "</html>")
                _wait(base + f"en/entries/{path.stem}/", "</html>")
                _wait(base + f"zh-Hant/entries/{path.stem}/", "</html>")
                added.append(time.perf_counter() - saved)
                time.sleep(1)
                saved = time.perf_counter()
                path.unlink()
                _wait_gone(base + f"entries/{path.stem}/")
                _wait_gone(base + f"en/entries/{path.stem}/")
                _wait_gone(base + f"zh-Hant/entries/{path.stem}/")
                deleted.append(time.perf_counter() - saved)
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"after saving the entry, {args.edits} edits: changed page served in "
          f"zh median {statistics.median(zh_times):.2f} s (max {max(zh_times):.2f}), "
          f"en median {statistics.median(en_times):.2f} s (max {max(en_times):.2f}), "
          f"zh-Hant (the last) median {statistics.median(hant_times):.2f} s (max {max(hant_times):.2f})")
    if added:
        print(f"{len(added)} additions and deletions, every language: {_summary('added', added)}, "
              f"{_summary('deleted', deleted)}")


if __name__ == "__main__":
    main()
