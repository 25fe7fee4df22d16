"""Work that takes a while (reading a scan, generating every convention), done one at a
time in a background thread while the page asks how it goes.

A :class:`Job` is what the page shows: its state, one :class:`Item` per file or
collectivité with its own state and detail, and what it produced. The worker thread
runs jobs in the order they were submitted (the machine has few cores, and
``pipeline run`` reads one file at a time too).
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import PipelineError

log = logging.getLogger(__name__)

WAITING = "en attente"
RUNNING = "en cours"
DONE = "terminé"
FAILED = "échec"

KEPT = 100
"""Jobs remembered (the oldest finished ones are forgotten)."""


@dataclass
class Item:
    """One file of an upload, or one collectivité of a generation."""

    name: str
    state: str = WAITING
    detail: str = ""
    link: str | None = None
    """Where to see the result (a version's review, a collectivité)."""
    done: int = 0
    total: int | None = None
    phase: str = ""
    severity: str = ""
    """``error``, ``warning`` or empty: how the item's result is shown."""


@dataclass
class Job:
    kind: str
    title: str
    owner: str
    id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    state: str = WAITING
    items: list[Item] = field(default_factory=list)
    done: int = 0
    total: int = 0
    message: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    created: float = field(default_factory=time.time)
    finished: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def over(self) -> bool:
        return self.state in (DONE, FAILED)


Work = Callable[[Job], None]


class Jobs:
    """The queue of jobs and the thread that runs them."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Job, Work] | None] = queue.Queue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job, work: Work) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT:
                oldest = next(iter(self._jobs.values()))
                if not oldest.over:
                    break
                self._jobs.popitem(last=False)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="pipeline-web-jobs")
                self._thread.daemon = True
                self._thread.start()
        self._queue.put((job, work))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, kind: str | None = None) -> list[Job]:
        with self._lock:
            jobs = [j for j in self._jobs.values() if kind is None or j.kind == kind]
        return sorted(jobs, key=lambda j: j.created, reverse=True)

    def stop(self, timeout: float = 5.0) -> None:
        """Let the running job end, then stop the thread (jobs still waiting are dropped)."""
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            entry = self._queue.get()
            if entry is None:
                return
            job, work = entry
            job.state = RUNNING
            try:
                work(job)
            except PipelineError as error:
                job.state, job.message = FAILED, str(error)
            except Exception as error:  # a bug: logged, the page says so, the thread goes on
                log.exception("erreur interne dans la tâche %s", job.title)
                job.state = FAILED
                job.message = (
                    f"erreur interne ({type(error).__name__}) : {error} ; le détail est dans "
                    "le journal .cache/pipeline.log."
                )
            else:
                job.state = DONE
            finally:
                job.finished.set()
