"""The PDF's pages as small images embedded in the report (``data:`` URIs).

Each page is rendered anti-aliased and encoded twice: as a 16-colour PNG (crisp and
tiny for born-digital text pages) and as a JPEG (smaller for scans); the smaller wins.

Coordinates in the models are PDF points from the page's top-left corner, as
pdfplumber reports them; the page size returned here is in the same points so that
boxes can be placed as percentages of the image, whatever size it is shown at.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from PIL import Image

from pipeline.errors import DamagedPdf
from pipeline.read.pdf import open_pdf

RESOLUTION = 110
"""Dots per inch of the embedded images: readable on screen, small on disk."""

JPEG_QUALITY = 70
PALETTE_COLOURS = 16


@dataclass(frozen=True)
class PageImage:
    number: int
    """1-based page number."""
    width: float
    """Page width in PDF points."""
    height: float
    """Page height in PDF points."""
    x0: float
    """Left of the page's box in pdfplumber coordinates (non-zero for offset crop boxes)."""
    top: float
    data_uri: str


def render_pages(
    pdf: bytes | Path,
    *,
    resolution: int = RESOLUTION,
    rotations: dict[int, float] | None = None,
) -> list[PageImage]:
    """Every page of ``pdf`` (a path or the file's bytes) rendered as a data URI.

    A scanned page the OCR levelled (``rotations``, degrees counter-clockwise) is
    turned the same way, so that the boxes read in the levelled page fall on it.
    """
    rotations = rotations or {}
    if isinstance(pdf, bytes | bytearray):
        try:
            document = pdfplumber.open(io.BytesIO(pdf))
        except Exception as exc:  # pdfminer raises many unrelated types on damaged files
            raise DamagedPdf(
                f"le PDF enregistré ne peut pas être relu ({type(exc).__name__})."
            ) from exc
        with document:
            return _render_all(document, resolution, None, rotations)
    path = Path(pdf)
    with open_pdf(path) as document:
        return _render_all(document, resolution, path, rotations)


def _render_all(
    document: pdfplumber.PDF, resolution: int, path: Path | None, rotations: dict[int, float]
) -> list[PageImage]:
    images = []
    for number, page in enumerate(document.pages, start=1):
        try:
            picture = page.to_image(resolution=resolution, antialias=True).original
        except Exception as exc:  # a damaged page stream deep inside pdfium
            raise DamagedPdf(
                f"la page ne peut pas être affichée ({type(exc).__name__}).",
                path=path,
                page=number,
            ) from exc
        width, height = float(page.width), float(page.height)
        if rotations.get(number):
            # the OCR turns a page by quarter turns first, then levels it about its centre
            angle = rotations[number]
            quarters = round(angle / 90) % 4
            picture = picture.convert("RGB")
            if quarters:
                picture = picture.rotate(90 * quarters, expand=True)
                if quarters % 2:
                    width, height = height, width
            rest = angle - 90 * round(angle / 90)
            if rest:
                picture = picture.rotate(rest, resample=Image.Resampling.BICUBIC, fillcolor="white")
        x0, top, _, _ = page.bbox
        images.append(
            PageImage(
                number=number,
                width=width,
                height=height,
                x0=float(x0),
                top=float(top),
                data_uri=_data_uri(picture),
            )
        )
    return images


def _data_uri(picture: Image.Image) -> str:
    picture = picture.convert("RGB")
    palette = io.BytesIO()
    picture.quantize(PALETTE_COLOURS, dither=Image.Dither.NONE).save(
        palette, format="PNG", optimize=True
    )
    photo = io.BytesIO()
    picture.save(photo, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    kind, data = min(
        (("png", palette.getvalue()), ("jpeg", photo.getvalue())), key=lambda item: len(item[1])
    )
    return f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"
