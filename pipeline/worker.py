"""Each file read in a process of its own, which can be stopped: limits per file.

:func:`extract_isolated` runs :func:`pipeline.extract.extract` in a child process (from
a fork server that has already imported the pipeline, so that starting one costs
little) with the settings' limits: its address space is capped (``RLIMIT_AS``,
``max_memory_mb``), it is killed with everything it started (Tesseract included) past
``max_seconds``, and reading stops at the page past ``max_pages``. A file over a limit,
or one that brings the reader down, raises an :class:`~pipeline.errors.InputError`
naming the file; a bug raises :class:`InternalError`, whose child traceback goes to
the log (never to the terminal). The warnings the child logs (pdfminer's) are logged
again here, so that they reach the same handlers as the caller's own.

With a ``progress`` callback, the child also sends its reading progress
(:class:`~pipeline.progress.ReadProgress`) over the same pipe, as ``(PROGRESS, event)``
messages distinct from its one last message ``(kind, payload, records)``, at most one
every PROGRESS_INTERVAL seconds and only when it changed; the callback is called here,
in the caller's thread, while the limits keep running.

Private folders (:func:`private_folder`) carry the creating process's id in their
name, so that :func:`sweep_stale_folders` can remove those of a killed run.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline import errors
from pipeline.models import Extraction
from pipeline.progress import ProgressCallback, ReadProgress
from pipeline.settings import Settings, get_settings

log = logging.getLogger(__name__)

QUIET_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL")
"""Libraries whose records go to the log's handlers only, never to the terminal."""

MAX_RECORDS = 200
"""Log records of one child passed back at most (a damaged file can warn thousands of times)."""

PROGRESS = "progress"
"""Kind of the child's progress messages, ``(PROGRESS, ReadProgress)``; any other message is
its last, the outcome."""

PROGRESS_INTERVAL = 0.1
"""Seconds the child lets pass between two progress messages at least (the first and the
last of a phase are always sent): a 500-page text PDF does not flood the pipe."""


class InternalError(Exception):
    """A bug met while reading a file in the child process (exit code 3)."""

    def __init__(self, kind: str, message: str, child_traceback: str = "") -> None:
        super().__init__(f"{kind} : {message}")
        self.kind = kind
        self.message = message
        self.child_traceback = child_traceback


def quiet_library_loggers() -> None:
    """Give the libraries' loggers a handler, so that Python's last-resort handler never
    prints their warnings on stderr; their records still reach the root's handlers."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


# --- the parent side ----------------------------------------------------------------------

_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.extract", "pipeline.worker"])
        _CONTEXT = context
    return _CONTEXT


def extract_isolated(
    path: Path,
    *,
    settings: Settings | None = None,
    known_units: Iterable[str] = (),
    progress: ProgressCallback | None = None,
) -> Extraction:
    """:func:`pipeline.extract.extract` in a child process, within the settings' limits.

    ``progress``: called here (in this thread) with the child's reading progress; an
    exception it raises stops the reading (the child is killed) and propagates.
    """
    settings = settings or get_settings()
    path = Path(path)
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, str(path), settings, tuple(known_units), progress is not None),
        name="pipeline-lecture",
        daemon=True,
    )
    started = time.monotonic()
    child.start()
    sender.close()
    message: tuple | None = None
    exitcode: int | None = None
    try:
        deadline = started + settings.max_seconds
        while message is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise errors.LimitExceeded(
                    f"la lecture dépasse la limite de {settings.max_seconds:g} secondes "
                    "(réglage PIPELINE_MAX_SECONDS).",
                    path=path,
                )
            ready = multiprocessing.connection.wait([receiver, child.sentinel], timeout=left)
            if receiver in ready or receiver.poll():
                try:
                    received = receiver.recv()
                except EOFError:
                    break
                if _is_progress(received):
                    if progress is not None:
                        progress(received[1])
                else:
                    message = received
            elif ready:  # the child ended without a word
                break
    finally:
        exitcode = _stop(child)
        receiver.close()
    if message is None:
        raise _died(exitcode, path, settings)
    return _outcome(message, path, settings)


def _is_progress(message: object) -> bool:
    return (
        isinstance(message, tuple)
        and len(message) == 2
        and message[0] == PROGRESS
        and isinstance(message[1], ReadProgress)
    )


def _stop(child: Any) -> int | None:
    """Kill the child and whatever it started (its own process group), reap it; its code."""
    if child.is_alive():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:  # not yet its own group leader
            child.kill()
    child.join(timeout=30)
    exitcode = child.exitcode
    with contextlib.suppress(ValueError):
        child.close()
    return exitcode


def _died(exitcode: int | None, path: Path, settings: Settings) -> errors.PipelineError:
    if exitcode in (-signal.SIGKILL, -signal.SIGABRT):  # out of memory in C code, or killed
        return errors.LimitExceeded(
            f"la lecture dépasse la limite de mémoire ({settings.max_memory_mb} Mio, "
            "réglage PIPELINE_MAX_MEMORY_MB) ou a été arrêtée.",
            path=path,
        )
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"code {exitcode}"
    return errors.DamagedPdf(
        f"la lecture s'est arrêtée brutalement ({how}) : fichier sans doute endommagé.",
        path=path,
    )


def _outcome(message: tuple, path: Path, settings: Settings) -> Extraction:
    kind, payload, records = message
    quiet_library_loggers()
    for name, level, text in records:
        logging.getLogger(name).log(level, "%s", text)
    if kind == "ok":
        return payload
    if kind == "memory":
        raise errors.LimitExceeded(
            f"la lecture dépasse la limite de mémoire de {settings.max_memory_mb} Mio "
            "(réglage PIPELINE_MAX_MEMORY_MB).",
            path=path,
        )
    if kind == "input":
        name, text, page = payload
        error_type = getattr(errors, name, None)
        if not (isinstance(error_type, type) and issubclass(error_type, errors.InputError)):
            error_type = errors.InputError
        raise error_type(text, path=path, page=page)
    if kind == "pipeline":
        name, text, exit_code = payload
        error = errors.PipelineError(text, path=path)
        error.exit_code = exit_code
        raise error
    name, text, child_traceback = payload
    log.error("erreur interne en lisant %s :\n%s", path, child_traceback)
    raise InternalError(name, text, child_traceback)


# --- the child side -----------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < MAX_RECORDS:
            with contextlib.suppress(Exception):
                self.records.append((record.name, record.levelno, record.getMessage()[:2000]))


class _Forward:
    """The child's progress callback: sends each change to the parent, throttled."""

    def __init__(self, sender: Any) -> None:
        self.sender = sender
        self.lock = threading.Lock()
        self.last: ReadProgress | None = None
        self.sent_at = 0.0

    def __call__(self, event: ReadProgress) -> None:
        with self.lock:
            if event == self.last:
                return
            now = time.monotonic()
            first = self.last is None or self.last.phase != event.phase
            if not (first or event.finished or now - self.sent_at >= PROGRESS_INTERVAL):
                return
            with contextlib.suppress(OSError):  # the parent is gone: it stops this process
                self.sender.send((PROGRESS, event))
            self.last, self.sent_at = event, now


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (never raising a lower limit already set)."""
    import resource

    wanted = megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _child(
    sender: Any, path: str, settings: Settings, known_units: tuple[str, ...], report: bool
) -> None:
    with contextlib.suppress(OSError):
        os.setpgrp()  # so that the parent can stop Tesseract along with it
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    quiet_library_loggers()
    message: tuple
    try:
        limit_memory(settings.max_memory_mb)
        from pipeline.extract import extract

        progress = _Forward(sender) if report else None
        extraction = extract(
            Path(path), settings=settings, known_units=known_units, progress=progress
        )
        message = ("ok", extraction, collect.records)
    except MemoryError:
        message = ("memory", None, collect.records)
    except errors.InputError as error:
        message = ("input", (type(error).__name__, error.message, error.page), collect.records)
    except errors.PipelineError as error:
        message = ("pipeline", (type(error).__name__, str(error), error.exit_code), [])
    except RecursionError as error:  # a structure nested beyond reason: damage
        text = f"PDF endommagé : structure imbriquée sans fin ({type(error).__name__})."
        message = ("input", ("DamagedPdf", text, None), collect.records)
    except Exception as error:
        message = ("bug", (type(error).__name__, str(error), traceback.format_exc()), [])
    try:
        sender.send(message)
    except MemoryError:
        sender.send(("memory", None, []))
    finally:
        sender.close()


# --- private folders ----------------------------------------------------------------------

_FOLDER = re.compile(r"^pipeline-(?P<kind>[a-z]+)-(?P<pid>\d+)-")
STALE_AFTER = 24 * 3600
"""Seconds after which a private folder is removed even if its process seems alive."""


@contextlib.contextmanager
def private_folder(kind: str) -> Iterator[Path]:
    """A temporary folder only this process uses, named so that a later run can tell it
    was left by a killed one (``pipeline-KIND-PID-…``); removed on the way out."""
    folder = Path(tempfile.mkdtemp(prefix=f"pipeline-{kind}-{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale_folders(root: Path | None = None) -> list[Path]:
    """Remove the private folders whose process is gone (a killed run); returns them."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _FOLDER.match(entry.name)
        if match is None:
            continue
        try:
            info = entry.lstat()
            if not entry.is_dir() or entry.is_symlink() or info.st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = int(match["pid"])
        stale = time.time() - info.st_mtime > STALE_AFTER
        if pid != os.getpid() and (stale or not _alive(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
