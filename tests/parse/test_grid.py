"""Page rules to grids: a rule seen in pieces is one rule."""

import pytest

from pipeline.parse.grid import _across_crossings, _edge, find_grids
from pipeline.read.document import Page, Rule, Word

LEFT, MIDDLE, RIGHT = 57.0, 220.0, 539.0
TOPS = (100.0, 115.0, 130.0, 145.0)


def word(text: str, x0: float, top: float) -> Word:
    return Word(text, x0, top + 4, x0 + 5.0 * len(text), top + 12, 9.0, confidence=90.0)


def page(band_top: list[Rule]) -> Page:
    """Three rows: a line and its price, a shaded band across the table (« Téléphonie »),
    another line; the rule between the first line and the band is ``band_top``."""
    rules = [
        Rule(LEFT, TOPS[0], RIGHT, TOPS[0]),
        *band_top,
        Rule(LEFT, TOPS[2], RIGHT, TOPS[2]),
        Rule(LEFT, TOPS[3], RIGHT, TOPS[3]),
        Rule(LEFT, TOPS[0], LEFT, TOPS[3]),
        Rule(RIGHT, TOPS[0], RIGHT, TOPS[3]),
        Rule(MIDDLE, TOPS[0], MIDDLE, TOPS[1]),
        Rule(MIDDLE, TOPS[2], MIDDLE, TOPS[3]),
    ]
    words = [
        word("Horodatage", 63.0, TOPS[0]),
        word("0,35", 242.0, TOPS[0]),
        word("Téléphonie", 274.0, TOPS[1]),
        word("Standard", 63.0, TOPS[2]),
        word("12,50", 242.0, TOPS[2]),
    ]
    return Page(2, 595.0, 842.0, words, rules=rules)


@pytest.mark.parametrize(
    "band_top",
    [
        [Rule(LEFT, TOPS[1], RIGHT, TOPS[1])],
        # seen in pixels along the band's wavy edge: long pieces, slightly off one
        # another, joined by strokes shorter than a rule, with gaps under a point
        [
            Rule(LEFT, 114.9, 231.1, 114.9),
            Rule(231.1, 115.0, 232.1, 115.0),
            Rule(232.1, 115.0, 262.6, 115.0),
            Rule(262.6, 115.0, 264.0, 115.0),
            Rule(264.7, 115.0, 265.7, 115.0),
            Rule(265.7, 115.1, 539.0, 115.1),
        ],
    ],
)
def test_a_rule_in_pieces_still_closes_the_cells_beside_it(band_top):
    [grid] = find_grids(page(band_top))
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["Horodatage", "0,35"],
        ["Téléphonie", "Téléphonie"],
        ["Standard", "12,50"],
    ]


def test_short_strokes_alone_are_not_rules():
    strokes = [Rule(100.0 + 10 * i, TOPS[1], 102.0 + 10 * i, TOPS[1]) for i in range(5)]
    grids = find_grids(page(strokes))
    assert all("Téléphonie" not in [c.text for c in row] for g in grids for row in g.rows)


def test_a_cell_whose_side_was_lost_keeps_its_words():
    """A row of tiers as columns scanned at 200 dpi: the table's right border was lost
    beside the last heading cell, so no cell closed there, and the slot left in its
    place was empty: « 3 500 hab. et plus » vanished and the tiers were not read."""
    xs = (LEFT, 163.0, 238.0, RIGHT)
    top, middle, bottom = 369.0, 395.0, 431.0
    rules = [Rule(LEFT, y, RIGHT, y) for y in (top, middle, bottom)]
    rules += [Rule(x, top, x, bottom) for x in xs[:-1]]
    rules.append(Rule(RIGHT, middle, RIGHT, bottom))  # lost beside the heading cell
    words = [
        word("Strate", 63.0, top),
        word("Moins", 172.0, top),
        word("500", 245.0, top),
        word("et", 300.0, top),
        word("plus", 300.0, top + 10),
        word("Participation", 63.0, middle),
        word("65,00", 186.0, middle),
        word("115,00", 259.0, middle),
    ]
    [grid] = find_grids(Page(2, 595.0, 842.0, words, rules=rules))
    assert [[cell.text for cell in row] for row in grid.rows] == [
        ["Strate", "Moins", "500 et plus"],
        ["Participation", "65,00", "115,00"],
    ]


def test_a_border_lost_where_a_rule_crosses_it_is_one_border():
    """Montpellier's 2014 book scanned at 150 dpi, page 16: the table's right border
    stopped 4 pt short of the top rule of the band « Occupation commerciale du domaine
    public », past it: the band's cell stayed open at that corner, the band fell out of
    the table and the table fell in two. A gap where a rule crosses it is bridged."""
    top, band, below, bottom = 100.0, 130.0, 150.0, 170.0
    rules = [Rule(LEFT, y, RIGHT, y) for y in (top, band, below, bottom)]
    rules += [
        Rule(LEFT, top, LEFT, bottom),
        Rule(MIDDLE, top, MIDDLE, band),
        Rule(MIDDLE, below, MIDDLE, bottom),
        Rule(RIGHT, top, RIGHT, band - 1.0),
        Rule(RIGHT, band + 4.0, RIGHT, bottom),  # lost for 5 pt across the band's top
    ]
    words = [
        word("Taxis", 63.0, top + 8),
        word("115,00", 242.0, top + 8),
        word("Occupation", 63.0, band + 4),
        word("Espaces", 63.0, below + 4),
        word("2,00", 242.0, below + 4),
    ]
    [grid] = find_grids(Page(2, 595.0, 842.0, words, rules=rules))
    assert ["Occupation", "Occupation"] in [[cell.text for cell in row] for row in grid.rows]


@pytest.mark.parametrize(
    ("across", "bridged"),
    [
        ([Rule(LEFT, 130.0, RIGHT, 130.0)], True),
        ([], False),  # no rule crosses the gap: a break in the border, left as it is
        ([Rule(LEFT, 130.0, 300.0, 130.0)], False),  # a rule that stops before it
    ],
)
def test_only_a_gap_a_rule_crosses_is_bridged(across, bridged):
    pieces = [Rule(RIGHT, 100.0, RIGHT, 129.0), Rule(RIGHT, 134.0, RIGHT, 170.0)]
    edges = [_edge(rule) for rule in [*pieces, *across]]
    added = _across_crossings(edges)[len(edges) :]
    assert [(e["top"], e["bottom"]) for e in added] == ([(129.0, 134.0)] if bridged else [])
