"""Opening the SQLite file and running write transactions (the project's only sqlite3 use).

Every write runs in ``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken at the
start, so two processes never interleave their reads and writes, and the second one
waits (``timeout``) instead of failing. A process killed in the middle leaves the file
as it was before the transaction (SQLite's journal).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import StoreError

BUSY_TIMEOUT = 60.0
"""Seconds a writer waits for another one before giving up."""


def connect(path: Path) -> sqlite3.Connection:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"impossible d'ouvrir la base ({exc}).", path=path) from exc
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that holds the lock from its start; rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
