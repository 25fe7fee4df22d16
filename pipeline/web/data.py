"""The store and the accounts, one connection per thread and per file.

Requests run their blocking work in a thread pool; each thread keeps its own SQLite
connections (a connection belongs to the thread that opened it), opened (and the file
migrated) once rather than on every request.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pipeline.accounts import Accounts
from pipeline.settings import Settings
from pipeline.store import Store

_local = threading.local()


def store(settings: Settings) -> Store:
    """This thread's store of ``settings.db``."""
    cache = _local.__dict__.setdefault("stores", {})
    key = (str(Path(settings.db).resolve()), settings.price_change_warning)
    if key not in cache:
        cache[key] = Store(settings.db, threshold=settings.price_change_warning)
    return cache[key]


def accounts(settings: Settings) -> Accounts:
    """This thread's accounts of ``settings.db``."""
    cache = _local.__dict__.setdefault("accounts", {})
    key = str(Path(settings.db).resolve())
    if key not in cache:
        cache[key] = Accounts(settings.db)
    return cache[key]


def forget() -> None:
    """Close this thread's connections (tests, shutdown)."""
    for name in ("stores", "accounts"):
        for opened in _local.__dict__.pop(name, {}).values():
            opened.close()
