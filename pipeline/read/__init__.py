"""Read stage: a PDF file to a :class:`Document` of pages of words, rules and fills.

Pages with a text layer are read by pdfplumber; pages that are images (scans) are
handed to the OCR (:mod:`pipeline.read.ocr`). A PDF may mix both.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import LimitExceeded
from pipeline.read.document import Document, Fill, Page, Rule, Word
from pipeline.read.pdf import (
    has_text_layer,
    iter_pages,
    open_pdf,
    page_damage,
    read_page,
    upright_view,
)

__all__ = ["Document", "Fill", "Page", "Rule", "Word", "read_document", "sha256_of"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_document(
    path: Path, *, ocr_cache: Path | None = None, max_pages: int | None = None
) -> Document:
    """Read every page of ``path``; raises :class:`~pipeline.errors.InputError` subclasses.

    ``max_pages``: a longer file is refused (:class:`~pipeline.errors.LimitExceeded`)
    as soon as its page past the limit is met.
    """
    path = Path(path)
    with open_pdf(path) as pdf:
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
    if scanned:
        from pipeline.read.ocr import ocr_pages

        for number, page in ocr_pages(path, sha, scanned, cache_dir=ocr_cache).items():
            pages[number - 1] = page
    return Document(path=path, sha256=sha, pages=[p for p in pages if p is not None])
