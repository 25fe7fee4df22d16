"""A table as read: rows × columns of cells, each with the words it holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.parse.layout import Line, group_lines, join_lines, join_words
from pipeline.read.document import BBox, Word


@dataclass(eq=False, slots=True)
class Cell:
    bbox: BBox
    words: list[Word] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return group_lines(self.words) if self.words else []

    @property
    def text(self) -> str:
        return join_lines([join_words(line.words) for line in self.lines])

    @property
    def confidence(self) -> float | None:
        scores = [w.confidence for w in self.words if w.confidence is not None]
        return min(scores) if scores else None

    @property
    def bold(self) -> bool:
        plain = [w for w in self.words if not w.superscript]
        return bool(plain) and all(w.bold for w in plain)

    @property
    def superscripts(self) -> list[str]:
        return [w.text for w in self.words if w.superscript]


@dataclass(slots=True)
class Grid:
    page: int
    bbox: BBox
    rows: list[list[Cell]]
    """rows × columns; a merged cell appears in every slot it covers."""
    row_boxes: list[BBox]
    ruled_rows: bool = True
    """False when rows are text lines (no horizontal rules): wrapped cells span rows."""

    @property
    def columns(self) -> int:
        return len(self.rows[0]) if self.rows else 0
