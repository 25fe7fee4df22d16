"""Cells cut along their lines of text, where a scan lost the rules between them.

A table's rows come from its rules; where the rules between rows were drawn only as the
edges of shaded cells, or lost on a scan, a row holds several lines that are rows of
their own. The lines say so when they stand level with one another across the row:

- a cell merged over several rows whose lines are, one each, those rows' own
  (:func:`cut_by_rows`);
- a row whose price cells stack several amounts, one per line, level with the lines of
  its label (:func:`cut_stacked`): « Cartes d'abonnement pour 4 spectacles : » over
  three cards, each priced on its own line, in one shaded row.

A line set across rows, or a row whose lines do not match, is left as it is.
"""

from __future__ import annotations

from itertools import pairwise

from pipeline.parse.cells import Cell
from pipeline.parse.layout import Line, group_lines
from pipeline.parse.money import AmountError, parse_amount
from pipeline.parse.settings import PARSE
from pipeline.read.document import BBox, Word

_G = PARSE.grid
TOLERANCE, LEVEL_LINES, MIN_LEVEL_ROWS = _G.tolerance, _G.level_lines, _G.min_level_rows


def cut_by_rows(rows: list[list[Cell]], boxes: list[BBox]) -> list[list[Cell]]:
    """The rows, a cell merged over several of them cut into one per row when its lines
    are the rows' own: each line within one row, every row given one, and level with
    the other words of that row in at least MIN_LEVEL_ROWS of them. A label cell whose
    rule between rows was lost on a scan (« Tarif groupes : » over the three groups
    priced beside it, a light blue fill with no rule across it) is three labels under
    their heading, as on the text PDF, not one label given to each price. A cell whose
    text stands across rows (« Sur devis » over two tiers, a label wrapped over two
    sub-rows and set in their middle) is left whole."""
    out = [list(row) for row in rows]
    seen: set[int] = set()
    for first, row in enumerate(rows):
        for column, cell in enumerate(row):
            if id(cell) in seen or not cell.words:
                continue
            seen.add(id(cell))
            if column + 1 < len(row) and row[column + 1] is cell:
                continue  # merged over columns too: a heading, left whole
            last = first
            while last + 1 < len(rows) and rows[last + 1][column] is cell:
                last += 1
            if last == first:
                continue
            pieces = _lines_per_row(cell, rows, boxes, first, last, column)
            if pieces is None:
                continue
            for offset, words in enumerate(pieces):
                band = boxes[first + offset]
                out[first + offset][column] = Cell(
                    (cell.bbox[0], band[1], cell.bbox[2], band[3]), words
                )
    return out


def _lines_per_row(
    cell: Cell, rows: list[list[Cell]], boxes: list[BBox], first: int, last: int, column: int
) -> list[list[Word]] | None:
    """The words of ``cell`` (merged over rows ``first`` to ``last``) row by row, or None
    when its lines are not the rows' own (see :func:`cut_by_rows`)."""
    pieces: list[list[Word]] = [[] for _ in range(first, last + 1)]
    for line in cell.lines:
        inside = [
            index
            for index in range(first, last + 1)
            if line.top >= boxes[index][1] - TOLERANCE
            and line.bottom <= boxes[index][3] + TOLERANCE
        ]
        if len(inside) != 1:
            return None  # across a rule between rows
        pieces[inside[0] - first] += line.words
    if not all(pieces):
        return None
    level = 0
    for index in range(first, last + 1):
        others = [  # the row's own cells with words (none merged over another row)
            other
            for other in rows[index]
            if other is not cell
            and other.words
            and not any(other in rows[k] for k in range(first, last + 1) if k != index)
        ]
        if not others:
            continue
        own = group_lines(pieces[index - first])
        theirs = [line for other in others for line in other.lines]
        if not any(_level(a, b) for a in own for b in theirs):
            return None
        level += 1
    return pieces if level >= MIN_LEVEL_ROWS else None


def _level(a: Line, b: Line) -> bool:
    height = max(a.bottom - a.top, b.bottom - b.top, 1e-6)
    return abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 <= LEVEL_LINES * height


def cut_stacked(rows: list[list[Cell]], boxes: list[BBox]) -> tuple[list[list[Cell]], list[BBox]]:
    """The rows, each row whose price cells stack two or more amounts, one per line,
    cut into one row per amount when another cell of the row (its label) has a line
    level with each of them; lines of that cell above the first amount are a row of
    their own (the heading of the lines under it). A cell of one line level with no
    amount (a unit set in the middle) stands in every priced row. A label of one line
    beside stacked amounts, or a label line level with no amount below the first, leaves
    the row as it is (its amounts are then said unreadable)."""
    out_rows: list[list[Cell]] = []
    out_boxes: list[BBox] = []
    spans: dict[int, int] = {}  # the rows each cell stands in
    for row in rows:
        for key in {id(cell) for cell in row}:
            spans[key] = spans.get(key, 0) + 1
    for row, box in zip(rows, boxes, strict=True):
        own = all(spans[id(cell)] == 1 for cell in row)
        cut = _stacked_row(row, box) if own else None
        if cut is None:
            out_rows.append(row)
            out_boxes.append(box)
        else:
            out_rows += cut[0]
            out_boxes += cut[1]
    return out_rows, out_boxes


def _amount_line(line: Line) -> bool:
    if not _G.amount_in_line.search(line.text):
        return False
    try:
        parse_amount(line.text)
    except AmountError:
        return False
    return True


def _stacked_row(row: list[Cell], box: BBox) -> tuple[list[list[Cell]], list[BBox]] | None:
    cells = list({id(cell): cell for cell in row if cell.words}.values())
    lines = {id(cell): cell.lines for cell in cells}
    stacked = [
        cell
        for cell in cells
        if len(lines[id(cell)]) >= 2 and all(map(_amount_line, lines[id(cell)]))
    ]
    if not stacked:
        return None
    levels = [[line] for line in lines[id(stacked[0])]]  # one per amount, top to bottom
    for cell in stacked[1:]:
        if len(lines[id(cell)]) != len(levels):
            return None
        for level, line in zip(levels, lines[id(cell)], strict=True):
            if not _level(level[0], line):
                return None
            level.append(line)
    heading: list[Line] = []
    cut_cells = {id(cell) for cell in stacked}
    labelled = False
    for cell in cells:
        if id(cell) in cut_cells:
            continue
        placed = _placed(lines[id(cell)], levels)
        if placed is None:
            return None  # a wrapped label, a line between two amounts
        if len(lines[id(cell)]) == 1 and placed == [None]:
            continue  # set in the middle of the row: it stands in every priced row
        for line, level in zip(lines[id(cell)], placed, strict=True):
            (heading if level is None else levels[level]).append(line)
        cut_cells.add(id(cell))
        labelled = labelled or sorted(p for p in placed if p is not None) == list(
            range(len(levels))
        )
    if not labelled:
        return None
    bands = ([heading] if heading else []) + levels
    cuts = [box[1]]
    cuts += [
        (max(line.bottom for line in upper) + min(line.top for line in lower)) / 2
        for upper, lower in pairwise(bands)
    ]
    cuts.append(box[3])
    new_rows: list[list[Cell]] = []
    for number, (top, bottom) in enumerate(pairwise(cuts)):
        new_row = []
        for cell in row:
            if id(cell) in cut_cells:
                words = [w for w in cell.words if top <= (w.top + w.bottom) / 2 < bottom]
                new_row.append(Cell((cell.bbox[0], top, cell.bbox[2], bottom), words))
            elif cell.words and not (heading and number == 0):
                new_row.append(cell)  # the same cell in each priced row: merged over them
            else:
                new_row.append(Cell((cell.bbox[0], top, cell.bbox[2], bottom), []))
        new_rows.append(new_row)
    return new_rows, [(box[0], top, box[2], bottom) for top, bottom in pairwise(cuts)]


def _placed(cell_lines: list[Line], levels: list[list[Line]]) -> list[int | None] | None:
    """The level of each line (None above the first: a heading), or None when a line
    below the first amount is level with none."""
    first_top = min(line.top for line in levels[0])
    placed: list[int | None] = []
    for line in cell_lines:
        level = next((i for i, lv in enumerate(levels) if _level(lv[0], line)), None)
        if level is None and line.bottom > first_top and len(cell_lines) > 1:
            return None
        placed.append(level)
    return placed
