"""Headless Chromium (Debian's package) driven by Playwright, and a static server for a built site."""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing URL gets the nearest 404.html above it, status 404, as static hosts serve it."""
        page = _nearest_404(Path(self.directory), self.path.split("?")[0]) if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _nearest_404(root: Path, url_path: str) -> Path | None:
    parts = [p for p in url_path.split("/") if p and p != ".."]
    for depth in range(len(parts), -1, -1):
        candidate = root.joinpath(*parts[:depth], "404.html")
        if candidate.is_file():
            return candidate
    return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A page closed while a file was still being sent is normal in tests: no traceback for it."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


_META_STATE = """([pattern]) => {
    const meta = document.querySelector('.md-search-result__meta');
    return meta !== null && new RegExp(pattern, 'i').test(meta.textContent);
}"""
# Material answers every keystroke; an answer to a prefix of the query ("docker-users gr") can be on
# screen before the answer to the whole query arrives. So the results count only once the meta line
# says "answered" and neither it nor the list has changed for SETTLE_MS (Material's worker answers a
# keystroke in well under 100 ms here).
_SETTLED = """([pattern, settleMs]) => {
    const meta = document.querySelector('.md-search-result__meta');
    const list = document.querySelector('.md-search-result__list');
    const state = (meta ? meta.textContent : '') + '\\u0000' + (list ? list.innerHTML : '');
    const now = performance.now();
    const seen = window.__kbSearchSeen;
    if (!seen || seen.state !== state) {
        window.__kbSearchSeen = {state, since: now};
        return false;
    }
    return new RegExp(pattern, 'i').test(meta.textContent) && now - seen.since >= settleMs;
}"""
_IDLE = "Type to start|键入以开始|鍵入以開始"
_ANSWERED = "matching document|No matching|符合条件|符合條件"
SETTLE_MS = 400


def search(page, query: str, *, typed: bool = True) -> list[str]:  # noqa: ANN001 - a Playwright page
    """Put `query` into Material's search box and return the result links, best first.

    typed=True types key by key, as a reader does; False fills the box at once (for long query lists).
    """
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(_META_STATE, arg=[_IDLE], timeout=15000)
    if typed:
        box.press_sequentially(query, delay=5)
    else:
        box.fill(query)
    box.press("End")  # Material re-reads the box on keyup; text typed by the driver may fire none
    page.evaluate("() => { window.__kbSearchSeen = null; }")
    # A filled box fires one query (the box was emptied and idle before), so nothing earlier can show.
    settle_ms = SETTLE_MS if typed else 0
    page.wait_for_function(_SETTLED, arg=[_ANSWERED, settle_ms], polling=50, timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                      "links => links.map(a => a.href)")
    return [link.split("?")[0].split("#")[0] for link in links]
