"""The writes a build leaves for after it has returned, so that the pages are served first.

Two kinds, both for `kb serve`:
- after a full build, the default language's search index, in a thread (the next build waits);
- after an update (kb_builder.site.incremental), every file made from all entries (the search
  indexes, lookup data and exports of every language: 10-15 s of CPU at 2,000 entries), in a
  process forked for them: it works on the other core while this one serves and takes the next
  save, and the next save stops it, since what it was writing is stale by then.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterator

Job = Callable[[], None]


class BackgroundWrite:
    def __init__(self) -> None:
        self._jobs: queue.Queue[Job] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._collected: list[Job] | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self, work: Job) -> None:
        """Run `work` after what was started before (in `collecting()`, collect it instead)."""
        if self._collected is not None:
            self._collected.append(work)
            return
        with self._lock:
            self._jobs.put(work)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="kb-background-writes", daemon=True)
                self._thread.start()

    @contextlib.contextmanager
    def collecting(self) -> Iterator[list[Job]]:
        """The jobs started inside are collected into the list given, for `detach`."""
        self._collected = collected = []
        try:
            yield collected
        finally:
            self._collected = None

    def detach(self, jobs: list[Job]) -> None:
        """Run `jobs`, in order, in a forked process (call stop_detached first)."""
        assert self._process is None, "the last detached writes still run"
        if jobs:
            self._process = multiprocessing.get_context("fork").Process(
                target=_run_all, args=(jobs,), name="kb-serve-writes", daemon=True)
            self._process.start()

    def stop_detached(self) -> bool:
        """Stop what `detach` runs; True when it had not finished (what it was writing must be
        written again)."""
        if self._process is None:
            return False
        unfinished = self._process.is_alive()
        if unfinished:
            self._process.kill()
        self._process.join()
        unfinished = unfinished or self._process.exitcode != 0
        self._process = None
        return unfinished

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._jobs.empty():
                    self._thread = None
                    return
                work = self._jobs.get()
            try:
                work()
            except BaseException as error:  # noqa: BLE001 - handed to the next wait(), in the build's thread
                self._error = error

    def wait(self, *, detached: bool = True) -> None:
        """Until every write started (and, with `detached`, detached) is done; raises what one of
        them raised."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                break
            thread.join()
        error, self._error = self._error, None
        if error is not None:
            raise error
        if detached and self._process is not None:
            self._process.join()
            code, self._process = self._process.exitcode, None
            if code != 0:
                raise RuntimeError(f"the background writes of kb serve failed (exit code {code}; see above)")


def _run_all(jobs: list[Job]) -> None:
    # Below the server, which may be taking the next save on the same cores meanwhile.
    os.nice(10)
    for job in jobs:
        job()


BACKGROUND = BackgroundWrite()
"""The one queue of background writes of this process."""
