"""Work spread over forked processes: results in order, errors raised here, forks only when
they pay and are safe."""

from __future__ import annotations

import os
import threading

import pytest

from pipeline.forked import MIN_ITEMS_PER_JOB, ordered_map

BASE = 1000
"""A value only this process holds, to see that the forks inherit what it prepared."""


def where(number: int) -> tuple[int, int, int]:
    return number, number + BASE, os.getpid()


def test_results_come_in_order_from_other_processes():
    items = list(range(4 * MIN_ITEMS_PER_JOB))
    results = list(ordered_map(where, items, jobs=2))
    assert [r[0] for r in results] == items
    assert all(r[1] == r[0] + BASE for r in results)
    assert os.getpid() not in {r[2] for r in results}


def test_few_items_or_one_job_stay_here():
    assert {r[2] for r in ordered_map(where, range(MIN_ITEMS_PER_JOB), jobs=2)} == {os.getpid()}
    assert {r[2] for r in ordered_map(where, range(200), jobs=1)} == {os.getpid()}


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = {r[2] for r in ordered_map(where, range(200), jobs=2)}
    finally:
        stop.set()
        other.join()
    assert pids == {os.getpid()}


def fails_on_seven(number: int) -> int:
    if number == 7 * MIN_ITEMS_PER_JOB // 2:
        raise ValueError("sept")
    return number


def test_an_error_in_a_process_is_raised_here():
    with pytest.raises(ValueError, match="sept"):
        list(ordered_map(fails_on_seven, range(4 * MIN_ITEMS_PER_JOB), jobs=2))


def test_leaving_early_stops_the_processes():
    results = ordered_map(where, range(20 * MIN_ITEMS_PER_JOB), jobs=2)
    first = next(results)
    results.close()
    assert first[0] == 0
    assert threading.active_count() == 1  # the pool's threads are gone
