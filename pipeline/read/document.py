"""What the read stage hands to the parse stage: pages of words, rules and fills.

A born-digital page and an OCR'd scan give the same shapes, so the parsing that
follows does not know (nor care) where the words came from. Coordinates are PDF
points with the origin at the top left, as pdfplumber reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Word:
    """A word as laid out on the page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    superscript: bool = False
    confidence: float | None = None
    """OCR confidence, 0 to 100; None for a text layer."""

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling segment: a drawn line, a rectangle's edge, or a rule seen in pixels."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class Fill:
    """A shaded rectangle (a heading row's background); ``shade`` is an RGB triple 0..1."""

    x0: float
    top: float
    x1: float
    bottom: float
    shade: tuple[float, float, float]


@dataclass(slots=True)
class Page:
    number: int
    """1-based."""
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    ocr: bool = False
    rotation: float = 0.0
    """Degrees (counter-clockwise) a scan was turned to level it; boxes are in that frame."""


@dataclass(slots=True)
class Document:
    path: Path
    sha256: str
    pages: list[Page]

    @property
    def ocr(self) -> bool:
        return any(page.ocr for page in self.pages)
