"""Read stage: a PDF file to a :class:`Document` of pages of words, rules and fills.

Pages with a text layer are read by pdfplumber; pages that are images (scans) are
handed to the OCR (:mod:`pipeline.read.ocr`). A PDF may mix both.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.read.document import Document, Fill, Page, Rule, Word
from pipeline.read.pdf import has_text_layer, open_pdf, read_page

__all__ = ["Document", "Fill", "Page", "Rule", "Word", "read_document", "sha256_of"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_document(path: Path, *, ocr_cache: Path | None = None) -> Document:
    """Read every page of ``path``; raises :class:`~pipeline.errors.InputError` subclasses."""
    path = Path(path)
    with open_pdf(path) as pdf:
        sha = sha256_of(path)
        pages: list[Page | None] = []
        scanned: list[int] = []
        try:
            for number, plumber_page in enumerate(pdf.pages, start=1):
                if has_text_layer(plumber_page):
                    pages.append(read_page(plumber_page, number))
                else:
                    pages.append(None)
                    scanned.append(number)
        except Exception as exc:  # a damaged page stream deep inside pdfminer
            from pipeline.errors import DamagedPdf

            raise DamagedPdf(
                f"PDF endommagé : une page ne peut pas être lue ({type(exc).__name__}).",
                path=path,
            ) from exc
    if scanned:
        from pipeline.read.ocr import ocr_pages

        for number, page in ocr_pages(path, sha, scanned, cache_dir=ocr_cache).items():
            pages[number - 1] = page
    return Document(path=path, sha256=sha, pages=[p for p in pages if p is not None])
