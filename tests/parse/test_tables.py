"""Grids to service lines: a table's header repeated on the next page continues it."""

import pytest

from pipeline.parse.grid import Cell, Grid
from pipeline.parse.tables import read_tables
from pipeline.read.document import Word

COLUMNS = ((57.0, 260.0), (260.0, 380.0), (380.0, 538.0))
ROW = 15.0


def grid(page: int, rows: list[tuple[str, ...]], *, confidence: float | None) -> Grid:
    """A ruled grid of one line per row; a one-text row spans the table."""
    cells, boxes = [], []
    for index, texts in enumerate(rows):
        top = 72.0 + index * ROW
        box = (COLUMNS[0][0], top, COLUMNS[-1][1], top + ROW)
        if len(texts) == 1:
            span = Cell(box, _words(texts[0], box, confidence))
            cells.append([span] * len(COLUMNS))
        else:
            cells.append(
                [
                    Cell(cell_box, _words(text, cell_box, confidence))
                    for text, (x0, x1) in zip(texts, COLUMNS, strict=True)
                    for cell_box in [(x0, top, x1, top + ROW)]
                ]
            )
        boxes.append(box)
    return Grid(page, (57.0, 72.0, 538.0, 72.0 + len(rows) * ROW), cells, boxes)


def _words(text: str, box: tuple, confidence: float | None) -> list[Word]:
    words, x = [], box[0] + 3
    for part in text.split():
        width = 5.0 * len(part)
        words.append(Word(part, x, box[1] + 3, x + width, box[1] + 12, 9.0, confidence=confidence))
        x += width + 3
    return words


def pages(second_header: str, *, confidence: float | None) -> list[Grid]:
    first = grid(
        1,
        [
            ("Service", "Tarif service TTC", "Unité de facturation"),
            ("Outils collaboratifs",),
            ("Visioconférence",),
            ("Visioconférence option 1", "12,00 €", "Par utilisateur et par mois"),
        ],
        confidence=confidence,
    )
    second = grid(
        2,
        [
            ("Service", second_header, "Unité de facturation"),
            ("Visioconférence option 2", "18,00 €", "Par utilisateur et par mois"),
            ("Parapheur électronique",),
            ("Parapheur option 1", "22,20 €", "Par utilisateur et par mois"),
        ],
        confidence=confidence,
    )
    return [first, second]


@pytest.mark.parametrize("header", ["Tarif service TTC", "Tarif service TIC", "Tarif servicé TTC"])
def test_a_scanned_header_misread_on_the_next_page_still_continues_the_table(header):
    result = read_tables(pages(header, confidence=90.0), {}, {})
    assert result.tables == 1
    parapheur = result.services[-1]
    assert (parapheur.category, parapheur.group) == (
        "Outils collaboratifs",
        "Parapheur électronique",
    )


@pytest.mark.parametrize(
    ("header", "confidence"),
    [
        ("Tarif service TIC", None),  # typed: another header is another table
        ("Tarif 2027 TTC", 90.0),  # other figures: not the same header misread
        ("Prix forfaitaire", 90.0),
    ],
)
def test_another_header_starts_another_table(header, confidence):
    result = read_tables(pages(header, confidence=confidence), {}, {})
    assert result.tables == 2
