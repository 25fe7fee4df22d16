"""Work spread over forked processes, results in order: many collectivités' documents.

    for result in ordered_map(work, items, jobs=2):
        ...

The processes are forks of this one, started when the map starts and stopped when it
ends: ``work`` and all it reaches (prepared templates, the previous manifest…) need no
pickling, only the items and the results do. The map runs here, in this process,
when that is cheaper or safer: one job, fewer than MIN_ITEMS_PER_JOB items a process,
no ``fork`` on this system, or another thread running in this process (a fork copies
only the calling thread, and a lock another one holds would stay locked in the
child: the web server's runs stay in their thread).

The processes ignore SIGINT and SIGTERM: Ctrl-C reaches this process, which stops
handing out items and waits for each process to finish the item in hand (no file is
left half-written), then the KeyboardInterrupt goes on. An exception raised by
``work`` in a process is raised here.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

MIN_ITEMS_PER_JOB = 25
"""Items a process should get at least: below, forking costs more than it brings."""
CHUNK = 8
"""Items sent to a process at once (fewer messages; still a smooth progress)."""

Item = TypeVar("Item")
Result = TypeVar("Result")

_WORK: Callable | None = None
"""The function of the map in progress (inherited by its forked processes)."""


def ordered_map(
    work: Callable[[Item], Result], items: Iterable[Item], *, jobs: int
) -> Iterator[Result]:
    """``work(item)`` for each item, in the items' order, over ``jobs`` processes."""
    items = list(items)
    jobs = min(jobs, len(items) // MIN_ITEMS_PER_JOB)
    if jobs < 2 or not _can_fork():
        yield from map(work, items)
        return
    global _WORK
    _WORK = work
    pool = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=_quiet
    )
    try:
        yield from pool.map(_call, items, chunksize=CHUNK)
    finally:  # on an interruption: the items not started are dropped, the others end
        pool.shutdown(wait=True, cancel_futures=True)
        _WORK = None


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _quiet() -> None:
    """In each process: the terminal's Ctrl-C and a SIGTERM are for the parent to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _call(item: object) -> object:
    assert _WORK is not None  # set before the fork
    return _WORK(item)
