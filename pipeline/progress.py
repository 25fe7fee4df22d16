"""Progress of a document being read: what a terminal bar or a web page shows meanwhile.

The read stage calls a ``progress`` callback (:data:`ProgressCallback`) with a
:class:`ReadProgress` as pages are read: once when the file is opened, after each page
with a text layer (phase :attr:`ReadPhase.TEXT`), then, for the scanned pages, once
with those already in the OCR cache counted as done and after each page the OCR
finishes (phase :attr:`ReadPhase.OCR`). Within a phase the ``done`` counts never go
down, and the last event of a phase has ``done == total``.

:func:`pipeline.extract.extract_isolated` passes the events of its child process back
and calls the callback in the caller's process and thread; the library never shows
anything itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ProgressCallback", "ReadPhase", "ReadProgress"]


class ReadPhase(StrEnum):
    TEXT = "text"
    """The pages' text layers (fast); scanned pages are only counted here."""
    OCR = "ocr"
    """The scanned pages, read by OCR (slow: seconds per page)."""


@dataclass(frozen=True, slots=True)
class ReadProgress:
    """``done`` of ``total`` pages of ``phase`` read in the file named ``file``."""

    file: str
    """The file's name (without its folder)."""
    done: int
    total: int | None
    """None while the number of pages is not known (a page tree without a count)."""
    phase: ReadPhase

    @property
    def finished(self) -> bool:
        """Whether every page of the phase is read."""
        return self.total is not None and self.done >= self.total


ProgressCallback = Callable[[ReadProgress], None]
"""Called with each :class:`ReadProgress`; it must return quickly (reading waits)."""
