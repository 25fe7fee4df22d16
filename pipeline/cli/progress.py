"""The reading progress bar on stderr, for a document whose reading takes a while.

« Lecture de scan.pdf : page 3/20 (OCR) ━━━━━━━━━━━━ 0:00:09 · reste 0:00:51 »: shown
once a document has been read for PROGRESS_AFTER_SECONDS, removed when it is done
(nothing of it stays on the screen), and never shown when stderr is not an
interactive terminal (a pipe, a file, CI; or ``TTY_INTERACTIVE=0``), so that
redirected output carries no progress noise. The library only calls a
:data:`~pipeline.progress.ProgressCallback`; this is the terminal's.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from types import TracebackType

from rich.console import Console, RenderableType
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn
from rich.text import Text

from pipeline.cli.app import err
from pipeline.progress import ReadPhase, ReadProgress
from pipeline.safe_text import for_terminal

PROGRESS_AFTER_SECONDS = 2.0
"""Seconds a document is read before its bar shows: a quick one shows none."""


class ReadingBar:
    """A :data:`~pipeline.progress.ProgressCallback` showing a transient bar on ``console``.

    A new file name starts a new bar, shown ``after`` seconds (PROGRESS_AFTER_SECONDS)
    from its first event; :meth:`finish` (or leaving the ``with`` block) removes the
    bar, to be called before anything else is printed.
    """

    def __init__(self, console: Console = err, *, after: float | None = None) -> None:
        self.console = console
        self.after = PROGRESS_AFTER_SECONDS if after is None else after
        self._progress: _Delayed | None = None
        self._task: TaskID | None = None
        self._last: ReadProgress | None = None

    def __call__(self, event: ReadProgress) -> None:
        if not self.console.is_interactive:
            return
        if self._progress is None or self._last is None or event.file != self._last.file:
            self.finish()
            now = time.monotonic()
            self._progress = _Delayed(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                _Times(),
                console=self.console,
                transient=True,
                redirect_stdout=False,  # stdout may be a pipe (--json): never onto stderr
                shown_from=now + self.after,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                _describe(event), total=event.total, completed=event.done, since=now
            )
        elif event.phase != self._last.phase:  # a new count: speed measured afresh
            self._progress.reset(
                self._task, total=event.total, completed=event.done, description=_describe(event)
            )
        else:
            self._progress.update(
                self._task, total=event.total, completed=event.done, description=_describe(event)
            )
        self._last = event

    def finish(self) -> None:
        """Remove the bar (if any) from the screen."""
        progress, self._progress, self._task, self._last = self._progress, None, None, None
        if progress is not None:
            progress.stop()

    def __enter__(self) -> ReadingBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.finish()


def _describe(event: ReadProgress) -> str:
    pages = f"page {event.done}" if event.total is None else f"page {event.done}/{event.total}"
    ocr = " (OCR)" if event.phase is ReadPhase.OCR else ""
    return f"Lecture de {for_terminal(event.file)} : {pages}{ocr}"


class _Delayed(Progress):
    """A progress display that shows nothing before ``shown_from`` (a monotonic time)."""

    def __init__(self, *columns: ProgressColumn, shown_from: float, **options: object) -> None:
        self.shown_from = shown_from  # before Progress asks for its first rendering
        super().__init__(*columns, **options)  # type: ignore[arg-type]

    def get_renderables(self) -> Iterable[RenderableType]:
        if time.monotonic() >= self.shown_from:
            yield from super().get_renderables()


class _Times(ProgressColumn):
    """Time since the document was opened, and the time left at the current pace."""

    def render(self, task: Task) -> Text:
        elapsed = _clock(time.monotonic() - task.fields["since"])
        left = task.time_remaining
        if left is None or task.finished:
            return Text(elapsed, style="progress.elapsed")
        return Text.assemble(
            (elapsed, "progress.elapsed"), " · reste ", (_clock(left), "progress.remaining")
        )


def _clock(seconds: float) -> str:
    return str(dt.timedelta(seconds=max(0, int(seconds))))
