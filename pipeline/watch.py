"""Watching the drop folder: each PDF is processed once it is completely written.

A watchdog observer reports files created, modified or moved into the folder; a file
is processed (:func:`pipeline.run.process_file`) once its size and modification time
have not changed for ``settle`` seconds, so that a copy in progress is never read
half-way. Files already in the folder when watching starts are processed too.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from pipeline.progress import ProgressCallback
from pipeline.run import (
    Extractor,
    FileOutcome,
    default_extractor,
    dropped_files,
    is_candidate,
    process_file,
)
from pipeline.settings import Settings, get_settings
from pipeline.store import Store, new_owner
from pipeline.worker import sweep_stale_folders

SETTLE = 2.0
"""Seconds a file's size and mtime must stay unchanged before it is read."""


WRITE_EVENTS = frozenset({"created", "modified", "moved", "closed"})


class _Events(FileSystemEventHandler):
    def __init__(self, paths: queue.SimpleQueue[Path]) -> None:
        self.paths = paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        # not "opened" nor "closed_no_write": reading a file must not make it arrive again
        if event.is_directory or event.event_type not in WRITE_EVENTS:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode())
                if path.suffix.lower() == ".pdf":
                    self.paths.put(path)


class _Candidate:
    __slots__ = ("signature", "since")

    def __init__(self) -> None:
        self.signature: tuple[int, int] | None = None
        self.since = time.monotonic()


def watch(
    settings: Settings | None = None,
    *,
    on_outcome: Callable[[FileOutcome], None],
    stop: threading.Event | None = None,
    extractor: Extractor | None = None,
    settle: float = SETTLE,
    poll: float = 0.25,
    on_ready: Callable[[], None] | None = None,
    progress: ProgressCallback | None = None,
) -> None:
    """Process the drop folder's PDFs as they arrive, until ``stop`` is set.

    ``progress``: the reading progress of each file, as for :func:`pipeline.run.run`.
    """
    settings = settings or get_settings()
    stop = stop or threading.Event()
    folder = settings.deliberations_dir
    arrived: queue.SimpleQueue[Path] = queue.SimpleQueue()
    candidates: dict[Path, _Candidate] = {p: _Candidate() for p in dropped_files(folder)}
    observer = Observer()
    observer.schedule(_Events(arrived), str(folder), recursive=False)
    observer.start()
    owner = new_owner()
    sweep_stale_folders()
    try:
        with Store(settings.db) as store:
            if on_ready is not None:
                on_ready()
            while not stop.is_set():
                while True:
                    try:
                        path = arrived.get_nowait()
                    except queue.Empty:
                        break
                    if path.parent == folder or path.parent.resolve() == folder.resolve():
                        candidates[folder / path.name] = _Candidate()
                for path, candidate in list(candidates.items()):
                    ready = _settled(path, candidate, settle)
                    if ready is None:
                        del candidates[path]
                    elif ready:
                        del candidates[path]
                        on_outcome(
                            process_file(
                                store,
                                path,
                                owner=owner,
                                # approvals happen while watching: units read afresh
                                extractor=extractor
                                or default_extractor(settings, store.known_units(), progress),
                                threshold=settings.price_change_warning,
                            )
                        )
                stop.wait(poll)
    finally:
        observer.stop()
        observer.join()


def _settled(path: Path, candidate: _Candidate, settle: float) -> bool | None:
    """True when the file has not changed for ``settle`` seconds; None when it is gone."""
    try:
        if not is_candidate(path):
            return None
        info = path.stat()
    except OSError:
        return None
    signature = (info.st_size, info.st_mtime_ns)
    current = time.monotonic()
    if signature != candidate.signature:
        candidate.signature = signature
        candidate.since = current
        return False
    return info.st_size > 0 and current - candidate.since >= settle
