"""The extraction flow, read this first: read → parse → validate.

``extract(path)`` returns an :class:`~pipeline.models.Extraction` whose findings say
what is wrong or doubtful; it raises :class:`~pipeline.errors.InputError` only when
the file cannot be read at all. ``extract_isolated(path)`` does the same in a process
of its own, within the limits of pages, seconds and memory per file of the settings
(:mod:`pipeline.worker`): what the commands use on the files they are given. Both
take a ``progress`` callback, told of the pages as they are read (:mod:`pipeline.progress`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.models import Extraction
from pipeline.progress import ProgressCallback
from pipeline.settings import Settings, get_settings
from pipeline.worker import extract_isolated

__all__ = ["extract", "extract_isolated"]


def extract(
    path: Path,
    *,
    settings: Settings | None = None,
    known_units: Iterable[str] = (),
    progress: ProgressCallback | None = None,
) -> Extraction:
    """``known_units``: the billing units of approved versions, against which the units
    read from a scan, and the words of its labels, are checked (the shipped lists are
    always used).
    ``progress``: called as pages are read (:class:`~pipeline.progress.ReadProgress`)."""
    # the readers (pdfplumber, OpenCV) are loaded by the first reading, not by every
    # command that imports the package
    from pipeline.parse import parse_document
    from pipeline.parse.spelling import snap_ocr_words
    from pipeline.parse.units import snap_ocr_units
    from pipeline.read import read_document
    from pipeline.validate import validate
    from pipeline.validate.ocr import check_pages, check_unplaced_prices

    settings = settings or get_settings()
    document = read_document(
        Path(path), ocr_cache=settings.ocr_cache, max_pages=settings.max_pages, progress=progress
    )
    known_units = tuple(known_units)
    read = snap_ocr_words(snap_ocr_units(parse_document(document), known_units), known_units)
    extraction = validate(read, known_units=known_units)
    pages = [*check_pages(document.pages), *check_unplaced_prices(document.pages, extraction)]
    if not pages:
        return extraction
    return extraction.model_copy(update={"findings": [*extraction.findings, *pages]})
