"""`kb serve` previews the site and rebuilds it when an entry changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import FIXTURES, copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.25)
    return False


def test_serve_rebuilds_both_languages_when_an_entry_changes(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    port = _free_port()
    scratch = tmp_path / "tmp"  # where the server keeps its site
    scratch.mkdir()
    server = subprocess.Popen([sys.executable, "-m", "kb_builder", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "TMPDIR": str(scratch)})
    try:
        base = f"http://127.0.0.1:{port}/"
        assert _wait_for(base + "en/entries/docker-sock-denied/", "Permission denied on /var/run/docker.sock", 60)
        entry = root / "content/entries/linux/docker-sock-denied.yaml"
        entry.write_text(entry.read_text(encoding="utf-8").replace(
            "en: Permission denied on /var/run/docker.sock", "en: Socket access denied (edited)"), encoding="utf-8")
        assert _wait_for(base + "en/entries/docker-sock-denied/", "Socket access denied (edited)", 30)
        assert _wait_for(base + "entries/docker-sock-denied/", "连接 /var/run/docker.sock 时提示权限不足", 5)
        assert [path.name for path in scratch.iterdir()][0].startswith("kb-serve-")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert list(scratch.iterdir()) == [], "a terminated server leaves its site folder behind"


def test_a_broken_edit_is_reported_in_the_terminal_and_the_last_good_page_stays_served(tmp_path: Path) -> None:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        server = subprocess.Popen([sys.executable, "-m", "kb_builder", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, stdout=sink, stderr=subprocess.STDOUT)
    try:
        page = f"http://127.0.0.1:{port}/en/entries/docker-sock-denied/"
        assert _wait_for(page, "Permission denied on /var/run/docker.sock", 60)
        entry = root / "content/entries/linux/docker-sock-denied.yaml"
        good = entry.read_text(encoding="utf-8")
        entry.write_text(good.replace("\nstatus:", "\nid: twice\nstatus:", 1), encoding="utf-8")
        wanted = "content/entries/linux/docker-sock-denied.yaml:"
        deadline = time.monotonic() + 30
        while "[duplicate-key]" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.25)
        shown = log.read_text(encoding="utf-8")
        assert wanted in shown and "[duplicate-key]" in shown
        assert "Traceback" not in shown
        # The browser shows the last good page, and over it what is wrong (any page of the site).
        assert _wait_for(page, 'id="kb-serve-errors"', 10)
        served = _fetch(page) or ""
        assert "Permission denied on /var/run/docker.sock" in served
        assert wanted in served and "[duplicate-key]" in served
        assert "[duplicate-key]" in (_fetch(f"http://127.0.0.1:{port}/") or "")
        entry.write_text(good.replace("en: Permission denied on /var/run/docker.sock",
                                      "en: Socket access denied (mended)"), encoding="utf-8")
        assert _wait_for(page, "Socket access denied (mended)", 30)
        assert 'id="kb-serve-errors"' not in (_fetch(page) or "")
    finally:
        server.terminate()
        server.wait(timeout=10)
