"""Cells cut along their lines where the rules between rows were lost: a label cell
merged over priced rows, a row stacking several priced lines."""

import pytest

from pipeline.parse.grid import find_grids
from pipeline.read.document import Page, Rule, Word

LEFT, MIDDLE, RIGHT = 57.0, 220.0, 539.0
TOPS = (100.0, 115.0, 130.0, 145.0)


def word(text: str, x0: float, top: float) -> Word:
    return Word(text, x0, top + 4, x0 + 5.0 * len(text), top + 12, 9.0, confidence=90.0)


def merged_label_page(lines: list[tuple[str, float]], prices: list[tuple[str, float]]) -> Page:
    """Four rows of 15 pt; the rules between rows drawn across the price column only
    (a label cell shaded over all four, its rules lost on a scan)."""
    bottom = TOPS[0] + 60.0
    rules = [Rule(LEFT, TOPS[0], RIGHT, TOPS[0]), Rule(LEFT, bottom, RIGHT, bottom)]
    rules += [Rule(MIDDLE, y, RIGHT, y) for y in (115.0, 130.0, 145.0)]
    rules += [Rule(x, TOPS[0], x, bottom) for x in (LEFT, MIDDLE, RIGHT)]
    words = [word(text, 63.0, top) for text, top in lines]
    words += [word(text, 242.0, top) for text, top in prices]
    return Page(2, 595.0, 842.0, words, rules=rules)


def test_a_label_cell_merged_over_priced_rows_is_cut_into_their_labels():
    """Montpellier's 2013 book scanned at 150 dpi, page 9: « Tarif groupes : » and the
    three groups priced beside it in one light blue cell, no rule across it. Each group
    took the whole cell for its label; each row now has its own line, as on the text PDF."""
    lines = [("Groupes", 100.0), ("Comités", 115.0), ("Scolaires", 130.0), ("Centres", 145.0)]
    prices = [("3,00", 115.0), ("3,00", 130.0), ("2,00", 145.0)]
    [grid] = find_grids(merged_label_page(lines, prices))
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["Groupes", ""],
        ["Comités", "3,00"],
        ["Scolaires", "3,00"],
        ["Centres", "2,00"],
    ]


@pytest.mark.parametrize(
    "lines",
    [
        # wrapped on two lines in the middle of the four rows: across the rules between rows
        [("Sauvegarde", 118.0), ("externalisée", 127.0)],
        # one line in each row, but each lower than the row's price by most of a line
        [("Sauvegarde", 106.0), ("externalisée", 121.0), ("100 Go", 136.0), ("et plus", 151.0)],
    ],
)
def test_a_label_not_level_with_the_rows_stays_whole(lines):
    """A label cell over four priced rows whose lines are not the rows' own: one label."""
    prices = list(zip(("10,00", "20,00", "30,00", "40,00"), TOPS, strict=True))
    [grid] = find_grids(merged_label_page(lines, prices))
    labels = [row[0].text for row in grid.rows]
    assert len(set(labels)) == 1 and labels[0] == " ".join(text for text, _ in lines)


def stacked_page(cells: dict[float, list[tuple[str, float]]], columns: tuple[float, ...]) -> Page:
    """One table of two rows: a row « Tarif individuel | 15,00 € » and a tall row below
    it (TOPS[1] to TOPS[1] + 60) with no rule inside; ``cells`` gives, for each column's
    left edge, its words and their tops in the tall row."""
    bottom = TOPS[1] + 60.0
    edges = (LEFT, *columns, RIGHT)
    rules = [Rule(LEFT, y, RIGHT, y) for y in (TOPS[0], TOPS[1], bottom)]
    rules += [Rule(x, TOPS[0], x, bottom) for x in edges]
    words = [word("Individuel", LEFT + 6, TOPS[0])]
    words += [word("15,00 €", x + 6, TOPS[0]) for x in columns]
    words += [word(text, x + 6, top) for x, placed in cells.items() for text, top in placed]
    return Page(2, 595.0, 842.0, words, rules=rules)


def texts(page: Page) -> list[list[str]]:
    [grid] = find_grids(page)
    return [[cell.text for cell in row] for row in grid.rows]


def test_a_row_stacking_priced_lines_is_cut_into_its_lines():
    """Montpellier's 2014 book scanned at 150 dpi, page 9: « Cartes d'abonnement pour 4
    spectacles : » over three cards, each priced on its line in two columns, one shaded
    row with no rule inside. The row was one line with three amounts in each cell (said
    unreadable); it is the heading and the three cards, as on the text PDF."""
    label = [("Cartes", 117.0), ("Vilar", 131.0), ("Plein", 145.0), ("Réduit", 159.0)]
    prices = [("15,00 €", 131.0), ("46,00 €", 145.0), ("36,00 €", 159.0)]
    page = stacked_page({LEFT: label, 300.0: prices, 420.0: prices}, (300.0, 420.0))
    assert texts(page) == [
        ["Individuel", "15,00 €", "15,00 €"],
        ["Cartes", "", ""],
        ["Vilar", "15,00 €", "15,00 €"],
        ["Plein", "46,00 €", "46,00 €"],
        ["Réduit", "36,00 €", "36,00 €"],
    ]


def test_a_unit_set_in_the_middle_of_a_stacked_row_stands_in_each_of_its_lines():
    label = [("Vilar", 120.0), ("Plein", 135.0), ("Réduit", 150.0)]
    prices = [("15,00 €", 120.0), ("46,00 €", 135.0), ("36,00 €", 150.0)]
    unit = [("carte", 135.0 + 7.0)]  # between two lines
    page = stacked_page({LEFT: label, 300.0: unit, 420.0: prices}, (300.0, 420.0))
    assert texts(page)[1:] == [
        ["Vilar", "carte", "15,00 €"],
        ["Plein", "carte", "46,00 €"],
        ["Réduit", "carte", "36,00 €"],
    ]


@pytest.mark.parametrize(
    "label",
    [
        [("Cartes d'abonnement", 130.0)],  # one label for all the amounts
        # a label wrapped between the amounts, level with neither
        [("Cartes", 120.0), ("d'abonnement", 128.0), ("nominatives", 143.0)],
    ],
)
def test_stacked_amounts_beside_a_label_not_level_with_them_stay_in_one_row(label):
    prices = [("15,00 €", 120.0), ("46,00 €", 135.0), ("36,00 €", 150.0)]
    page = stacked_page({LEFT: label, 300.0: prices}, (300.0,))
    rows = texts(page)
    assert len(rows) == 2 and rows[1][1] == "15,00 € 46,00 € 36,00 €"
