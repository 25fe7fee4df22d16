"""LibreOffice kept running, one per core: DOCX → PDF without a start-up per batch.

    with Converters(2, folder, office=office, python=python) as converters:
        for index, error in converters.convert(pairs):    # here, as each one is done
            ...                                            # error None: pairs[index] written

Each converter is a LibreOffice started once, with its own user profile in ``folder``,
running a small script of ours in its own Python (:mod:`pipeline.render.office_worker`,
which needs Debian's ``python3-uno`` and ``libreoffice-script-provider-python``:
:func:`office_python`). The script reads the documents asked on a pipe and converts
them in the office's process: a document then costs a load and an export (some 60 ms
of processor), no start-up and no call across a bridge. The converters share the
documents.

- A document LibreOffice cannot read or write is reported with its reason; the others
  go on.
- A converter whose office dies is started again and the document tried once more on
  the next free converter; one that takes longer than DOCUMENT_SECONDS on a document is
  killed and started again, the document reported. A converter that cannot start again
  leaves the documents to the others (to none: they are reported).
- Every office runs in a process group of its own: Ctrl-C on the terminal does not
  reach it, and leaving the ``with`` block, normally, on an error or on
  KeyboardInterrupt, stops them all, so that no ``soffice`` outlives the command. Any
  still running at interpreter exit are killed. Should this process be killed
  outright, each office sees its requests pipe close and closes.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import ctypes.util
import functools
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

WORKER = Path(__file__).with_name("office_worker.py")
DOCUMENT_SECONDS = 120.0
"""Seconds a converter may take on one document before it is killed and started again."""
START_SECONDS = 90.0
"""Seconds a converter may take to start (the first start of a profile is the longest)."""
STOP_SECONDS = 10.0
"""Seconds a converter is given to close its office before it is killed."""
TRIES = 2
"""Offices a document is tried on when the first one dies converting it."""
IN_FLIGHT = 2
"""Documents asked of a converter at once: the next one waits in its pipe."""
SCRIPT_PROVIDER = "pythonscript.py"
"""LibreOffice's Python script provider (Debian's libreoffice-script-provider-python)."""
RESTART = 81
"""Exit code of an office that made its user profile and asks to be started again."""
FDS = "PIPELINE_CONVERTER_FDS"
"""Names the descriptors of the office's requests and replies pipes (for our script)."""
SYSTEM_PYTHON = "/usr/bin/python3"
"""Debian's python3-uno is for the system's Python."""
ALLOCATOR = "jemalloc"
"""The memory allocator the converters run with when it is installed (Debian's
libjemalloc2): LibreOffice spends a fifth of a conversion in the C library's malloc."""

_LIVE: set[Converter] = set()
"""Converters started and not yet stopped (killed at interpreter exit)."""


class ConverterDown(Exception):
    """The converter stopped answering (dead, or too slow: ``timed_out``)."""

    def __init__(self, reason: str, *, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.timed_out = timed_out


def office_binary(soffice: str) -> str:
    """LibreOffice's own program beside the ``soffice`` launcher (so that the converter
    starts, watches and stops the office itself), or the launcher."""
    program = Path(soffice).resolve().with_name("soffice.bin")
    return str(program) if program.is_file() else soffice


def office_python(soffice: str) -> str | None:
    """The Python of LibreOffice's UNO bridge, when the office can run our script in its
    own process (its Python script provider, ``pythonscript.py``, is installed); else
    None."""
    program = Path(office_binary(soffice)).resolve()
    if not program.with_name(SCRIPT_PROVIDER).is_file():
        return None
    return uno_python(soffice)


def uno_python(soffice: str) -> str | None:
    """A Python that imports ``uno``: LibreOffice's own (LibreOffice's packages for
    download bring one), else the system's (Debian's python3-uno); None without."""
    candidates = [Path(soffice).resolve().with_name("python"), Path(SYSTEM_PYTHON)]
    found = shutil.which("python3")
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and _imports_uno(str(candidate)):
            return str(candidate)
    return None


@functools.cache
def _imports_uno(python: str) -> bool:
    try:
        done = subprocess.run(
            [python, "-c", "import uno"],
            env=_environment(),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _environment(*, allocator: bool = False, python: str | None = None) -> dict[str, str]:
    """This environment without what would make another Python load our packages;
    with the faster ``allocator`` preloaded when asked and installed; with the folder of
    ``python`` first in PATH (an office's embedded Python finds its standard library
    from the first ``python3`` of its PATH: a pyenv or /usr/local one would not do)."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE")
    environment = {name: value for name, value in os.environ.items() if name not in drop}
    library = _library(ALLOCATOR) if allocator else None
    if library:
        preload = environment.get("LD_PRELOAD", "")
        environment["LD_PRELOAD"] = f"{preload} {library}".strip()
    if python is not None:
        path = environment.get("PATH", os.defpath)
        environment["PATH"] = os.pathsep.join([str(Path(python).parent), path])
    return environment


@functools.cache
def _library(name: str) -> str | None:
    return ctypes.util.find_library(name)


class _Office:
    """One started office: its process and our ends of its two pipes."""

    def __init__(self, process: subprocess.Popen[bytes], requests: int, replies: int) -> None:
        self.process = process
        self.requests = requests
        self.replies = replies

    def close_requests(self) -> None:
        requests, self.requests = self.requests, -1
        if requests >= 0:  # never twice: the number may belong to another file by then
            with contextlib.suppress(OSError):
                os.close(requests)

    def close(self) -> None:
        self.close_requests()
        replies, self.replies = self.replies, -1
        if replies >= 0:
            with contextlib.suppress(OSError):
                os.close(replies)


class Converter:
    """One office running our script; :meth:`convert` is called from one thread at a
    time."""

    def __init__(self, number: int, folder: Path, *, office: str, python: str) -> None:
        self.number = number
        self.folder = Path(folder)
        self.office = office
        self.python = python
        self.office_pid: int | None = None
        """The office's process id, once the converter is ready."""
        self.current: _Office | None = None
        self._spent: list[_Office] = []
        """Offices killed whose pipes are still open: their reader may be in a read."""
        self._buffer = b""
        self._lock = threading.Lock()

    @property
    def log(self) -> Path:
        """What the office wrote on its standard output and error."""
        return self.folder / f"convertisseur-{self.number}.log"

    @property
    def profile(self) -> Path:
        return self.folder / f"profil-{self.number}"

    def start(self) -> None:
        """Start the office with our script (:meth:`ready` waits for it)."""
        self.close()
        scripts = self.profile / "user" / "Scripts" / "python"
        scripts.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(WORKER, scripts / WORKER.name)
        requests_read, requests_write = os.pipe()
        replies_read, replies_write = os.pipe()
        environment = _environment(allocator=True, python=self.python)
        environment[FDS] = f"{requests_read},{replies_write}"
        try:
            with open(self.log, "ab") as log, self._lock:
                process = subprocess.Popen(
                    [
                        self.office,
                        f"-env:UserInstallation={self.profile.as_uri()}",
                        "--headless",
                        "--invisible",
                        "--norestore",
                        "--nologo",
                        "--nodefault",
                        "--nolockcheck",
                        "--nofirststartwizard",
                        f"vnd.sun.star.script:{WORKER.name}$serve?language=Python&location=user",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    env=environment,
                    pass_fds=(requests_read, replies_write),
                    start_new_session=True,  # its own process group, out of the terminal's reach
                )
                self.current = _Office(process, requests_write, replies_read)
                self._buffer = b""
                self.office_pid = None
                _LIVE.add(self)
        except BaseException:
            for end in (requests_write, replies_read):
                os.close(end)
            raise
        finally:
            for end in (requests_read, replies_write):
                os.close(end)

    def ready(self, seconds: float = START_SECONDS) -> None:
        """Wait until the office runs our script; ConverterDown if it does not start.
        An office that made its profile and asks to be started again is started again."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                message = self._answer(max(0.0, deadline - time.monotonic()))
                break
            except ConverterDown:
                current = self.current
                if current is None or self._exit_code(current) != RESTART:
                    raise
            self.kill()
            self.start()
        if not message.get("ready"):
            raise ConverterDown(str(message.get("error") or "démarrage impossible"))
        self.office_pid = int(message["pid"])

    @staticmethod
    def _exit_code(office: _Office) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return office.process.wait(STOP_SECONDS)
        return None

    def convert(self, docx: Path, pdf: Path, seconds: float = DOCUMENT_SECONDS) -> str | None:
        """Write ``pdf`` from ``docx``: None when done, else LibreOffice's reason.
        ConverterDown when the converter must be started again."""
        self.send(docx, pdf)
        return self.receive(seconds)

    def send(self, docx: Path, pdf: Path) -> None:
        """Ask for ``pdf`` from ``docx`` (:meth:`receive` waits for the answer)."""
        current = self.current
        if current is None or current.requests < 0:
            raise ConverterDown("convertisseur arrêté")
        request = json.dumps({"docx": str(docx), "pdf": str(pdf)}, ensure_ascii=False)
        try:
            os.write(current.requests, request.encode("utf-8") + b"\n")
        except OSError as error:
            raise ConverterDown(f"convertisseur arrêté ({error})") from error

    def receive(self, seconds: float = DOCUMENT_SECONDS) -> str | None:
        """The answer to :meth:`send`: None when the PDF is written, else the reason."""
        message = self._answer(seconds)
        return None if message.get("ok") else str(message.get("error") or "échec")

    def _answer(self, seconds: float) -> dict:
        current = self.current
        if current is None or current.replies < 0:
            raise ConverterDown("convertisseur arrêté")
        deadline = time.monotonic() + seconds
        stream = current.replies
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ConverterDown(
                    f"LibreOffice n'a pas répondu en {seconds:g} secondes", timed_out=True
                )
            try:
                readable, _, _ = select.select([stream], [], [], min(left, 0.5))
                chunk = os.read(stream, 65536) if readable else None
            except (OSError, ValueError) as error:  # closed by kill() from another thread
                raise ConverterDown("convertisseur arrêté") from error
            if chunk == b"":
                raise ConverterDown(f"LibreOffice s'est arrêté ({self._last_words()})")
            if chunk:
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError as error:
            raise ConverterDown(f"réponse illisible du convertisseur ({error})") from error

    def _last_words(self) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return lines[-1][:200] if lines else "sans message"

    def finish(self) -> None:
        """Close the office's requests pipe: our script closes the office (:meth:`stop`)."""
        current = self.current
        if current is not None:
            current.close_requests()

    def stop(self) -> None:
        """Wait STOP_SECONDS at most for the office to end after :meth:`finish`, then
        kill what remains."""
        current = self.current
        deadline = time.monotonic() + STOP_SECONDS
        while current is not None and time.monotonic() < deadline:
            if _exited(current.process.pid):
                break
            time.sleep(0.02)
        self.kill()

    def kill(self) -> None:
        """Kill the office's process group and reap the office. Our ends of its pipes
        stay open until :meth:`close`, called where they are read."""
        with self._lock:
            current, self.current = self.current, None
            _LIVE.discard(self)
            if current is None:
                return
            self._spent.append(current)
        # the office is not reaped yet: its group id cannot belong to anyone else
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(current.process.pid, signal.SIGKILL)
        current.process.wait()

    def close(self) -> None:
        """Close the pipes of the offices killed (none may be read any more)."""
        with self._lock:
            spent, self._spent = self._spent, []
        for office in spent:
            office.close()


def _exited(pid: int) -> bool:
    """Whether the child ``pid`` has ended, without reaping it."""
    try:
        found = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return True
    return found is not None


@atexit.register
def _kill_all() -> None:
    for converter in list(_LIVE):
        converter.kill()


_FINISHED = object()


class Converters:
    """``count`` converters sharing the documents of :meth:`convert` (a ``with`` block)."""

    def __init__(self, count: int, folder: Path, *, office: str, python: str) -> None:
        self.folder = Path(folder)
        self.converters = [
            Converter(number, self.folder, office=office, python=python)
            for number in range(1, max(1, count) + 1)
        ]
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> Converters:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            for converter in self.converters:  # started together, waited for by their thread
                converter.start()
        except BaseException:
            self._kill()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, *details: object) -> None:
        """Normally, each converter closes its office; on an error or an interruption,
        every converter is killed at once."""
        self._stopping.set()
        if kind is None:
            for converter in self.converters:
                converter.finish()
            for converter in self.converters:
                converter.stop()
        self._kill()

    def _kill(self) -> None:
        """Kill every converter, wait for their threads, close their pipes."""
        for converter in self.converters:
            converter.kill()
        for thread in self._threads:
            thread.join()
        for converter in self.converters:
            converter.close()

    def convert(
        self,
        pairs: Sequence[tuple[Path, Path]],
        *,
        prepare: Callable[[int], Path] | None = None,
    ) -> Iterator[tuple[int, str | None]]:
        """``(index, error)`` for each ``(docx, pdf)`` pair as it is done, in this thread:
        error None when ``pdf`` is written, else the reason (French). ``prepare``: called
        in a converter's thread with a pair's index, gives the file LibreOffice reads
        instead of its ``docx`` (and removes it once done)."""
        jobs: queue.Queue[tuple[int, int]] = queue.Queue()
        for index in range(len(pairs)):
            jobs.put((index, 0))
        results: queue.Queue[object] = queue.Queue()
        threads = [
            threading.Thread(
                target=self._work,
                args=(converter, pairs, jobs, results, prepare),
                name=f"pipeline-pdf-{converter.number}",
                daemon=True,
            )
            for converter in self.converters
        ]
        self._threads += threads
        for thread in threads:
            thread.start()
        pending, working, last = len(pairs), len(threads), "aucun convertisseur"
        try:
            while pending:
                try:
                    item = results.get(timeout=0.2)
                except queue.Empty:
                    continue
                if isinstance(item, tuple) and item[0] is _FINISHED:
                    working, last = working - 1, item[1] or last
                    if working == 0:  # nobody left to convert what remains
                        while not jobs.empty():
                            index, _ = jobs.get_nowait()
                            pending -= 1
                            yield index, f"LibreOffice ne fonctionne pas ({last})"
                        return
                    continue
                pending -= 1
                yield item  # type: ignore[misc]
        finally:
            if pending:  # interrupted: the converters stop now, their thread with them
                self._stopping.set()
                self._kill()
            for thread in threads:
                thread.join()

    def _work(
        self,
        converter: Converter,
        pairs: Sequence[tuple[Path, Path]],
        jobs: queue.Queue[tuple[int, int]],
        results: queue.Queue[object],
        prepare: Callable[[int], Path] | None,
    ) -> None:
        """One converter's thread: documents until there are none (or it cannot start).
        IN_FLIGHT documents are asked at once, so that LibreOffice finds the next one
        waiting when it is done with one; each is prepared before it is asked."""

        def take() -> tuple[int, int, Path] | None:
            try:
                index, tries = jobs.get_nowait()
            except queue.Empty:
                return None
            return index, tries, prepare(index) if prepare is not None else pairs[index][0]

        def done_with(job: tuple[int, int, Path]) -> None:
            if job[2] != pairs[job[0]][0]:
                job[2].unlink(missing_ok=True)

        problem = ""
        asked: collections.deque[tuple[int, int, Path]] = collections.deque()
        """Sent to the office and not answered yet, the oldest first."""
        try:
            if converter.office_pid is None:
                converter.ready()
            while not self._stopping.is_set():
                try:
                    while len(asked) < IN_FLIGHT and (job := take()) is not None:
                        asked.append(job)
                        converter.send(job[2], pairs[job[0]][1])
                    if not asked:
                        return
                    error = converter.receive()
                except ConverterDown as down:
                    if self._stopping.is_set():
                        return
                    index, tries, _ = job = asked.popleft()  # the one being converted
                    done_with(job)
                    if down.timed_out or tries + 1 >= TRIES:
                        results.put((index, down.reason))
                    else:
                        jobs.put((index, tries + 1))
                    while asked:  # not begun: left to whichever converter is free
                        job = asked.popleft()
                        done_with(job)
                        jobs.put(job[:2])
                    converter.kill()
                    converter.start()
                    converter.ready()
                    continue
                job = asked.popleft()
                done_with(job)
                results.put((job[0], error))
        except ConverterDown as down:
            problem = down.reason
            converter.kill()
        except OSError as error:  # the office cannot be started again
            problem = str(error)
            converter.kill()
        finally:
            for job in asked:  # taken, not converted: left to the others
                done_with(job)
                jobs.put(job[:2])
            results.put((_FINISHED, problem))
