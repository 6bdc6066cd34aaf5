"""Work split over two processes: one half in a forked child, the other here, at the same time.

`kb check` and the validation of `kb build` run on one core before the languages' builds start;
a fork costs about 10 ms and the child starts with everything already loaded, so from a few
hundred files it pays to give the second core half of the work.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

__all__ = ["can_fork", "beside"]

A = TypeVar("A")
B = TypeVar("B")


def can_fork() -> bool:
    """Two cores, and a process that may have children: a language's build (kb_builder.site.languages)
    is a daemonic process, which may not."""
    return ((os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


_THERE: Callable[[], object] | None = None
"""What the child runs: inherited through the fork, so neither it nor what it reads is pickled."""


def beside(there: Callable[[], A], here: Callable[[], B]) -> tuple[A, B]:
    """`there()` in a forked child and `here()` in this process, at the same time; both results.

    Only `there`'s result crosses between the processes (pickled). An exception in the child is
    raised here."""
    global _THERE
    _THERE = there
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:  # the child is forked here
            pending = pool.apply_async(_run_there)
            mine = here()
            return pending.get(), mine  # type: ignore[return-value]
    finally:
        _THERE = None


def _run_there() -> object:
    assert _THERE is not None
    return _THERE()
