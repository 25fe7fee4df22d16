"""Read stage: a PDF file to a :class:`Document` of pages of words, rules and fills.

Pages with a text layer are read by pdfplumber; pages that are images (scans) are
handed to the OCR (:mod:`pipeline.read.ocr`). A PDF may mix both. A ``progress``
callback hears of each page as it is read (:mod:`pipeline.progress`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import LimitExceeded
from pipeline.progress import ProgressCallback, ReadPhase, ReadProgress
from pipeline.read.document import Document, Fill, Page, Rule, Word

if TYPE_CHECKING:
    import pdfplumber

__all__ = ["Document", "Fill", "Page", "Rule", "Word", "read_document", "sha256_of"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_document(
    path: Path,
    *,
    ocr_cache: Path | None = None,
    max_pages: int | None = None,
    progress: ProgressCallback | None = None,
) -> Document:
    """Read every page of ``path``; raises :class:`~pipeline.errors.InputError` subclasses.

    ``max_pages``: a longer file is refused (:class:`~pipeline.errors.LimitExceeded`)
    as soon as its page past the limit is met. ``progress``: called in this thread once
    the file is open, after each page, then as each scanned page is read by OCR.
    """
    # pdfplumber is imported by a reading, not by what only needs the page model
    from pipeline.read.pdf import (
        has_text_layer,
        iter_pages,
        open_pdf,
        page_damage,
        read_page,
        upright_view,
    )

    path = Path(path)
    with open_pdf(path) as pdf:
        total = _declared_pages(pdf) if progress is not None else None
        if progress is not None:
            progress(ReadProgress(path.name, 0, total, ReadPhase.TEXT))
        sha = sha256_of(path)
        pages: list[Page | None] = []
        scanned: list[int] = []
        for number, plumber_page in iter_pages(pdf, path):
            if max_pages is not None and number > max_pages:
                raise LimitExceeded(
                    f"le fichier dépasse la limite de {max_pages} pages "
                    "(réglage PIPELINE_MAX_PAGES).",
                    path=path,
                )
            try:
                if has_text_layer(plumber_page):
                    view, turn = upright_view(plumber_page)
                    page = read_page(view, number)
                    page.rotation = turn
                    if view is not plumber_page:
                        view.close()
                    pages.append(page)
                else:
                    pages.append(None)
                    scanned.append(number)
            except MemoryError:
                raise
            except Exception as exc:  # a damaged page stream deep inside pdfminer
                raise page_damage(exc, path, number) from exc
            finally:
                plumber_page.close()  # its objects are not needed again: memory stays flat
            if progress is not None:
                known = None if total is None else max(total, number)
                progress(ReadProgress(path.name, number, known, ReadPhase.TEXT))
        if progress is not None and total != len(pages):  # the declared count was wrong
            progress(ReadProgress(path.name, len(pages), len(pages), ReadPhase.TEXT))
    if scanned:
        from pipeline.read.ocr import ocr_pages

        read = ocr_pages(path, sha, scanned, cache_dir=ocr_cache, progress=progress)
        for number, page in read.items():
            pages[number - 1] = page
    return Document(path=path, sha256=sha, pages=[p for p in pages if p is not None])


def _declared_pages(pdf: pdfplumber.PDF) -> int | None:
    """The page count the file's page tree declares (``/Count``), read without walking
    the tree; None when it is not a positive whole number. Only a hint for progress: the
    pages are counted as they are read."""
    from pdfminer.pdftypes import resolve1

    try:
        tree = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    except MemoryError:
        raise
    except Exception:  # a damaged tree is reported when the pages are read
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else None
