"""Page words and rules to grids: rows × columns of cells, merged cells kept.

Three layouts give the same :class:`Grid`:

1. ruled tables: the cells come from the rules' intersections (pdfplumber's own
   edge algorithms, fed with the page's rules, drawn or seen in pixels);
2. tables ruled only horizontally: the rules give the rows, the words' column
   gaps give the missing vertical rules;
3. tables with no rules: a header line naming the columns ("Tarif", "Unité"…)
   starts the table; text lines give the rows, column gaps the columns.

A cell merged over several rows (a "Sur devis" spanning two tiers) is the same
:class:`Cell` object in each row it covers. Where the rules between rows were lost, the
lines of the cells cut them again (:mod:`pipeline.parse.row_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from pipeline.parse.cells import Cell, Grid
from pipeline.parse.layout import Line, group_lines, join_words
from pipeline.parse.row_lines import cut_by_rows, cut_stacked
from pipeline.parse.settings import PARSE
from pipeline.read.document import BBox, Page, Rule, Word

_G = PARSE.grid
TOLERANCE, MIN_RULE = _G.tolerance, _G.min_rule
UNRULED_REACH, PARAGRAPH_WIDTH = _G.unruled_reach, _G.paragraph_width
HEADER_PRICE, HEADER_OTHER = _G.header_price, _G.header_other


def find_grids(page: Page) -> list[Grid]:
    """Every table-like grid on the page, top to bottom."""
    grids = [
        _rebuild_from_rules(grid, page) if _lacks_inner_rules(grid) else grid
        for grid in _ruled_grids(page.rules, page.words, page.number)
    ]
    grids = _without_bands(grids)
    taken = [g.bbox for g in grids]
    grids += _horizontal_only_grids(page, taken)
    taken = [g.bbox for g in grids]
    grids += _unruled_grids(page, taken)
    return sorted(_without_nested(grids), key=lambda g: g.bbox[1])


# --- 1. ruled --------------------------------------------------------------------


NESTED_SHARE = 0.9
"""A frame whose area lies this much inside another frame is inside it."""


def _without_nested(grids: list[Grid]) -> list[Grid]:
    """Frames inside a larger frame left out: the same table seen twice, when the pieces
    of a photographed table's rules, each at its own slant, do not all meet (its words
    would be read twice, and its lines doubled)."""

    def area(box: tuple[float, float, float, float]) -> float:
        return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])

    def inside(inner: Grid, outer: Grid) -> bool:
        (a0, a1, a2, a3), (b0, b1, b2, b3) = inner.bbox, outer.bbox
        common = area((max(a0, b0), max(a1, b1), min(a2, b2), min(a3, b3)))
        return area(outer.bbox) > area(inner.bbox) and common >= NESTED_SHARE * area(inner.bbox)

    return [grid for grid in grids if not any(inside(grid, other) for other in grids)]


def _without_bands(grids: list[Grid]) -> list[Grid]:
    """One-cell frames kept only as boxed headings: not a shaded band holding a row of
    columns or a price, nor one of a stack of bands of one width (zebra shading)."""
    singles = [g for g in grids if len(g.rows) == 1 and g.columns == 1]
    widths = [(round(g.bbox[0]), round(g.bbox[2])) for g in singles]
    kept = []
    for grid in grids:
        if grid in singles:
            cell = grid.rows[0][0]
            lines = cell.lines
            if not lines or any(len(line.segments()) > 1 for line in lines):
                continue
            if _G.amount_in_line.search(cell.text):
                continue
            if widths.count((round(grid.bbox[0]), round(grid.bbox[2]))) >= BANDS:
                continue
        kept.append(grid)
    return kept


BANDS = 3
"""This many one-cell frames of one width on a page are shading bands, not boxes."""


def _edge(rule: Rule) -> dict[str, float | str]:
    horizontal = rule.horizontal
    if horizontal:
        y = (rule.top + rule.bottom) / 2
        x0, x1, top, bottom = rule.x0, rule.x1, y, y
    else:
        x = (rule.x0 + rule.x1) / 2
        x0, x1, top, bottom = x, x, rule.top, rule.bottom
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if horizontal else "v",
        "object_type": "line",
    }


def _ruled_grids(rules: Sequence[Rule], words: Sequence[Word], page: int) -> list[Grid]:
    """The frames drawn by the page's rules, each set of rules that touch one another
    read on its own: pdfplumber snaps rules lying within TOLERANCE of each other to one
    position, in chains, and across the whole page the right edge of one table (572 pt)
    was dragged, through a rule at 575, onto another table's (578), its cells left open."""
    edges = _across_crossings(_joined([_edge(r) for r in rules]))
    tables = []
    for touching in _touching_sets(edges):
        merged = merge_edges(touching, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
        cells = intersections_to_cells(edges_to_intersections(merged, TOLERANCE, TOLERANCE))
        found = cells_to_tables(cells)
        grouped = {tuple(c) for t in found for c in t}
        # pdfplumber leaves out frames of one cell: a boxed heading above its table
        tables += found + [[c] for c in cells if tuple(c) not in grouped]
    grids = []
    for table in sorted(tables, key=lambda t: (min(c[1] for c in t), min(c[0] for c in t))):
        grid = _assemble(table, words, page)
        if grid is not None:
            grids.append(grid)
    return grids


def _joined(edges: list[dict]) -> list[dict]:
    """The rules, with the short strokes that link two pieces of one rule: a rule seen
    in pixels along a shaded band's wavy edge comes in long pieces linked by strokes
    shorter than MIN_RULE, and without them the gaps left the cells above and below it
    open (a band row and a price lost on a matrix scanned at 150 dpi). A short stroke
    alone, or past the last long piece, is no rule (the corners of a text PDF's boxes)."""
    kept = [e for e in edges if e["width"] + e["height"] >= MIN_RULE]
    for orientation, at, start, end in (("h", "top", "x0", "x1"), ("v", "x0", "top", "bottom")):
        for line in _lines_of(edges, orientation, at):
            runs: list[list[dict]] = []
            for piece in sorted(line, key=lambda p: p[start]):
                if runs and piece[start] <= max(p[end] for p in runs[-1]) + TOLERANCE:
                    runs[-1].append(piece)
                else:
                    runs.append([piece])
            for run in runs:
                long = [p[start] for p in run if p[end] - p[start] >= MIN_RULE]
                if len(long) < 2:
                    continue
                kept += [
                    p
                    for p in run
                    if p[end] - p[start] < MIN_RULE and min(long) < p[start] < max(long)
                ]
    return kept


JOIN_OFFSET = _G.join_offset


def _lines_of(edges: list[dict], orientation: str, at: str) -> list[list[dict]]:
    """The pieces of the rules of one ``orientation`` grouped by the line they lie on
    (their position ``at`` within JOIN_OFFSET)."""
    pieces = sorted((e for e in edges if e["orientation"] == orientation), key=lambda e: e[at])
    lines: list[list[dict]] = []
    for piece in pieces:
        if lines and piece[at] - lines[-1][0][at] <= JOIN_OFFSET:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return lines


CROSSING_GAP = _G.crossing_gap


def _across_crossings(edges: list[dict]) -> list[dict]:
    """The rules, with the gap bridged where a rule stops short of a rule that crosses it
    and goes on past it, the gap no longer than CROSSING_GAP: a scan loses both strokes
    where they cross, and the border of a table, lost for 4 pt where a category band's
    top rule crossed it, left the band's cell open at that corner (the band and its
    name fell out of the table, the rows under it out of their group)."""
    added = []
    for orientation in ("v", "h"):
        # where a piece stands across, where it starts and ends along, the span across
        # of the rules that cross it
        if orientation == "v":
            at, start, end, span = "x0", "top", "bottom", ("x0", "x1")
        else:
            at, start, end, span = "top", "x0", "x1", ("top", "bottom")
        across = [e for e in edges if e["orientation"] != orientation]
        for line in _lines_of(edges, orientation, at):
            for before, after in pairwise(sorted(line, key=lambda e: e[start])):
                low, high = before[end], after[start]
                crossed = any(
                    low <= other[start] <= high
                    and other[span[0]] - TOLERANCE <= before[at] <= other[span[1]] + TOLERANCE
                    for other in across
                )
                if crossed and TOLERANCE < high - low <= CROSSING_GAP:
                    added.append(_bridge(before, low, high))
    return edges + added


def _bridge(piece: dict, low: float, high: float) -> dict:
    """A piece of the rule ``piece`` lies along, from ``low`` to ``high``."""
    if piece["orientation"] == "v":
        x = piece["x0"]
        return _edge(Rule(x, low, x, high))
    y = piece["top"]
    return _edge(Rule(low, y, high, y))


TOUCH_CHUNK = 512
"""Rules compared with all the others at a time (bounds the memory of the comparison)."""


def _touching_sets(edges: list[dict]) -> list[list[dict]]:
    """The edges in sets that touch or nearly touch (within TOLERANCE), through others."""
    if not edges:
        return []
    boxes = np.array([[e["x0"], e["top"], e["x1"], e["bottom"]] for e in edges], dtype=float)
    parent = list(range(len(edges)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, len(boxes), TOUCH_CHUNK):
        chunk = boxes[start : start + TOUCH_CHUNK, None, :]
        near = (
            (chunk[..., 0] <= boxes[None, :, 2] + TOLERANCE)
            & (boxes[None, :, 0] <= chunk[..., 2] + TOLERANCE)
            & (chunk[..., 1] <= boxes[None, :, 3] + TOLERANCE)
            & (boxes[None, :, 1] <= chunk[..., 3] + TOLERANCE)
        )
        for a, b in zip(*np.nonzero(near), strict=True):
            ra, rb = root(start + int(a)), root(int(b))
            if ra != rb:
                parent[ra] = rb
    sets: dict[int, list[dict]] = {}
    for index, edge in enumerate(edges):
        sets.setdefault(root(index), []).append(edge)
    return list(sets.values())


def _cluster(values: list[float], tolerance: float = TOLERANCE) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= tolerance:
            continue
        out.append(value)
    return out


def _assemble(
    cell_boxes: Sequence[BBox], words: Sequence[Word], page: int, *, ruled_rows: bool = True
) -> Grid | None:
    if not cell_boxes:
        return None
    cells = [Cell(tuple(map(float, box))) for box in cell_boxes]  # type: ignore[arg-type]
    x0 = min(c.bbox[0] for c in cells)
    top = min(c.bbox[1] for c in cells)
    x1 = max(c.bbox[2] for c in cells)
    bottom = max(c.bbox[3] for c in cells)
    loose: list[Word] = []  # inside the frame, in no cell: for the slots no cell fills
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        for cell in cells:
            bx0, btop, bx1, bbottom = cell.bbox
            if bx0 <= cx <= bx1 and btop <= cy <= bbottom:
                cell.words.append(word)
                break
        else:
            loose.append(word)
    xs = _cluster([c.bbox[0] for c in cells] + [c.bbox[2] for c in cells])
    ys = _cluster([c.bbox[1] for c in cells] + [c.bbox[3] for c in cells])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows: list[list[Cell]] = []
    boxes: list[BBox] = []
    for ytop, ybottom in pairwise(ys):
        cy = (ytop + ybottom) / 2
        row = []
        for xleft, xright in pairwise(xs):
            cx = (xleft + xright) / 2
            slot = next(
                (
                    c
                    for c in cells
                    if c.bbox[0] - 1 <= cx <= c.bbox[2] + 1 and c.bbox[1] - 1 <= cy <= c.bbox[3] + 1
                ),
                None,
            )
            row.append(slot if slot is not None else _slot((xleft, ytop, xright, ybottom), loose))
        rows.append(_split_unruled(row, xs, (ytop, ybottom), heading=not rows))
        boxes.append((x0, ytop, x1, ybottom))
    if not any(c.words for row in rows for c in row):
        return None
    rows, boxes = cut_stacked(cut_by_rows(rows, boxes), boxes)
    return Grid(page, (x0, top, x1, bottom), rows, boxes, ruled_rows)


def _slot(box: BBox, loose: list[Word]) -> Cell:
    """A cell where the rules close none (a side of it lost on a scan), with the words
    of no other cell whose centre lies in it."""
    inside = [
        word
        for word in loose
        if box[0] <= (word.x0 + word.x1) / 2 <= box[2]
        and box[1] <= (word.top + word.bottom) / 2 <= box[3]
    ]
    loose[:] = [word for word in loose if word not in inside]
    return Cell(box, inside)


def _split_unruled(
    row: list[Cell], xs: list[float], band: tuple[float, float], *, heading: bool = False
) -> list[Cell]:
    """The row, its cells of this row only that span several columns cut at the columns'
    edges when their words stand apart in those columns, none across an edge: a row whose
    rule between label and price was left out (Montpellier's 2014 book, page 18: only the
    cells' shading shows it) is a label and a price, not one cell holding both. Only a
    cell whose pieces after the first are amounts is cut, or, in the ``heading`` row (the
    table's first), names of price columns (« Droits de voirie… | Tarifs 2014 », the
    white gap between them lost in a dark blue heading scanned at 150 dpi): a title's
    words, in one column, across an edge or spread over the columns it spans, leave it
    whole."""
    out = list(row)
    start = 0
    while start < len(row):
        cell, end = row[start], start + 1
        while end < len(row) and row[end] is cell:
            end += 1
        one_row = (
            abs(cell.bbox[1] - band[0]) <= TOLERANCE and abs(cell.bbox[3] - band[1]) <= TOLERANCE
        )
        if end - start >= 2 and one_row and cell.words:
            edges = xs[start + 1 : end]
            crossing = any(w.x0 < edge < w.x1 for w in cell.words for edge in edges)
            by_column: dict[int, list[Word]] = {}
            for word in cell.words:  # words in reading order, each in its column
                column = sum(edge <= (word.x0 + word.x1) / 2 for edge in edges)
                by_column.setdefault(column, []).append(word)
            pieces = [join_words(by_column[column]) for column in sorted(by_column)]
            priced = all(_G.amount_in_line.search(text) for text in pieces[1:]) or (
                heading and all(HEADER_PRICE.search(text) for text in pieces[1:])
            )
            if not crossing and len(pieces) >= 2 and priced:
                for offset in range(end - start):
                    left, right = xs[start + offset], xs[start + offset + 1]
                    out[start + offset] = Cell(
                        (left, cell.bbox[1], right, cell.bbox[3]), by_column.get(offset, [])
                    )
        start = end
    return out


def _lacks_inner_rules(grid: Grid) -> bool:
    """A frame whose rows are ruled but whose columns are not (or only in places):
    rows held in one cell although their words stand in columns."""
    if grid.columns == 1:
        columned = any(len(line.segments()) >= 2 for row in grid.rows for line in row[0].lines)
        return len(grid.rows) >= 3 or (len(grid.rows) >= 2 and columned)
    merged = sum(
        1
        for row in grid.rows
        if len({id(c) for c in row}) == 1
        and any(len(line.segments()) >= 2 for line in row[0].lines)
    )
    return merged >= 2


def _rebuild_from_rules(grid: Grid, page: Page) -> Grid:
    rules = [r for r in page.rules if r.horizontal and _inside(r_box(r), grid.bbox, TOLERANCE)]
    rows = _rows_of_rules(rules)
    if len(rows) < 3:
        return grid
    return _grid_from_rule_rows(rows, page) or grid


# --- 2. horizontal rules only -------------------------------------------------------


def _inside(box: BBox, region: BBox, slack: float = 2.0) -> bool:
    return (
        box[0] >= region[0] - slack
        and box[2] <= region[2] + slack
        and box[1] >= region[1] - slack
        and box[3] <= region[3] + slack
    )


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _horizontal_only_grids(page: Page, taken: list[BBox]) -> list[Grid]:
    rules = [
        r
        for r in page.rules
        if r.horizontal
        and r.x1 - r.x0 > 0.1 * page.width
        and not any(_inside(r_box(r), t) for t in taken)
    ]
    grids = []
    for stack in _stacks(_rows_of_rules(rules)):
        grid = _grid_from_rule_rows(stack, page)
        if grid is not None:
            grids.append(grid)
    return grids


def _grid_from_rule_rows(
    stack: list[tuple[float, list[tuple[float, float]]]], page: Page
) -> Grid | None:
    """Rows between horizontal rules, columns from the words' gaps; a column where a
    rule stops (under a merged cell) keeps its cell open to the next rule."""
    region = (
        min(x0 for _, spans in stack for x0, _ in spans),
        stack[0][0],
        max(x1 for _, spans in stack for _, x1 in spans),
        stack[-1][0],
    )
    inner = [w for w in page.words if _inside(w.bbox, region, 0)]
    separators = _column_separators(group_lines(inner), region)
    if not separators:
        return None
    xs = [region[0], *separators, region[2]]
    boxes = []
    for left, right in pairwise(xs):
        top = stack[0][0]
        for y, spans in stack[1:]:
            ruled = _covered(spans, left, right) >= 0.8 * (right - left)
            if ruled or y == stack[-1][0]:
                boxes.append((left, top, right, y))  # a cell ends at a rule under it
                top = y
    grid = _assemble(boxes, page.words, page.number)
    return _join_spanning_rows(grid) if grid is not None else None


def _covered(spans: list[tuple[float, float]], left: float, right: float) -> float:
    """How much of [left, right] the rule segments cover (overlaps counted once)."""
    total, reach = 0.0, left
    for x0, x1 in sorted(spans):
        start, end = max(x0, reach), min(x1, right)
        if end > start:
            total += end - start
            reach = end
    return total


def _rows_of_rules(rules: Sequence[Rule]) -> list[tuple[float, list[tuple[float, float]]]]:
    """Horizontal rules grouped by height: (y, [x spans]) top to bottom."""
    rows: list[tuple[float, list[tuple[float, float]]]] = []
    for rule in sorted(rules, key=lambda r: (r.top, r.x0)):
        y = (rule.top + rule.bottom) / 2
        if rows and y - rows[-1][0] <= TOLERANCE:
            rows[-1][1].append((rule.x0, rule.x1))
        else:
            rows.append((y, [(rule.x0, rule.x1)]))
    return rows


def _stacks(
    rows: list[tuple[float, list[tuple[float, float]]]],
) -> list[list[tuple[float, list[tuple[float, float]]]]]:
    """Runs of at least three rule rows, close together and over the same width."""
    stacks: list[list[tuple[float, list[tuple[float, float]]]]] = []
    for y, spans in rows:
        left, right = min(x for x, _ in spans), max(x for _, x in spans)
        if stacks:
            last_y, last_spans = stacks[-1][-1]
            last_left = min(x for x, _ in last_spans)
            last_right = max(x for _, x in last_spans)
            if abs(left - last_left) < 15 and abs(right - last_right) < 15 and y - last_y < 80:
                stacks[-1].append((y, spans))
                continue
        stacks.append([(y, spans)])
    return [stack for stack in stacks if len(stack) >= 3]


def r_box(rule: Rule) -> BBox:
    return (rule.x0, rule.top, rule.x1, rule.bottom)


def _column_separators(lines: Sequence[Line], region: BBox) -> list[float]:
    """x positions of the gaps that every multi-column line leaves free."""
    multi = [line for line in lines if len(line.segments()) >= 2]
    if not multi:
        return []
    spans = sorted((seg[0].x0, seg[-1].x1) for line in multi for seg in line.segments())
    covered: list[list[float]] = []
    for start, end in spans:
        if covered and start <= covered[-1][1] + 1:
            covered[-1][1] = max(covered[-1][1], end)
        else:
            covered.append([start, end])
    separators = []
    for (_, end), (start, _) in pairwise(covered):
        if start - end >= 4 and region[0] < (start + end) / 2 < region[2]:
            separators.append((start + end) / 2)
    return separators


def _join_spanning_rows(grid: Grid) -> Grid:
    """Without vertical rules, a heading running over the column gaps is one cell."""
    for index, row in enumerate(grid.rows):
        words = [w for cell in row for w in cell.words]
        filled = [cell for cell in row if cell.words]
        if len(filled) < 2:
            continue
        lines = group_lines(words)
        if all(len(line.segments()) == 1 for line in lines):
            box = grid.row_boxes[index]
            grid.rows[index] = [Cell(box, words)] * len(row)
    return grid


# --- 3. no rules --------------------------------------------------------------------


def _is_header(line: Line) -> bool:
    text = line.text
    return (
        bool(HEADER_PRICE.search(text))
        and bool(HEADER_OTHER.search(text))
        and len(line.segments()) >= 2
    )


def _unruled_grids(page: Page, taken: list[BBox]) -> list[Grid]:
    free_words = [w for w in page.words if not any(_inside(w.bbox, t, 1) for t in taken)]
    lines = group_lines(free_words)
    grids = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not _is_header(line):
            index += 1
            continue
        body = _table_body(lines, index)
        if len(body) < 2:
            index += 1
            continue
        region = (
            min(ln.x0 for ln in body) - 1,
            body[0].top - 1,
            max(ln.x1 for ln in body) + 1,
            body[-1].bottom + 1,
        )
        separators = _column_separators(body, region)
        if separators:
            xs = [region[0], *separators, region[2]]
            ys = [region[1]]
            for upper, lower in pairwise(body):
                ys.append((upper.bottom + lower.top) / 2)
            ys.append(region[3])
            boxes = [
                (left, ytop, right, ybottom)
                for ytop, ybottom in pairwise(ys)
                for left, right in pairwise(xs)
            ]
            words = [w for ln in body for w in ln.words]
            grid = _assemble(boxes, words, page.number, ruled_rows=False)
            if grid is not None:
                grids.append(_join_spanning_rows(grid))
        index += len(body)
    return grids


def _table_body(lines: Sequence[Line], start: int) -> list[Line]:
    """The header line and the lines below it that still read as table rows."""
    header = lines[start]
    body = [header]
    size = header.size or 10.0
    # column titles are often centred over wider columns: lines may reach past them
    left = header.x0 - UNRULED_REACH * size
    right = header.x1 + UNRULED_REACH * size
    width = header.x1 - header.x0
    for line in lines[start + 1 :]:
        previous = body[-1]
        if line.top - previous.bottom > 1.6 * size:
            break
        if abs(line.size - size) > 0.2 * size:
            break
        if line.x0 < left or line.x1 > right:
            break
        if len(line.segments()) == 1 and line.x1 - line.x0 > PARAGRAPH_WIDTH * width:
            break  # a paragraph running across the columns
        body.append(line)
    # a table ends on a line with prices: one-piece lines after the last of them are
    # the text that follows (a footnote, the proposal), not headings of nothing
    while len(body) > 2 and len(body[-1].segments()) == 1 and not _priced(body[-1]):
        body.pop()
    return body


def _priced(line: Line) -> bool:
    return bool(_AMOUNT_IN_LINE.search(line.text))


_AMOUNT_IN_LINE = _G.amount_in_line
