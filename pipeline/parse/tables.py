"""Grids to service lines and population tiers.

The reading follows the table's own structure and wording:

- the header row names the columns ("Service", "Tarif … TTC", "Prix HT", "Unité de
  facturation", "Collectivités"…), in any order; a repeated header on the next page
  continues the table;
- a row whose one cell spans the table, or that has a label and nothing else, is a
  heading: a category, or a group under it. A heading directly followed by another
  heading is a category, and its look (shading, weight) marks the other categories;
- a group whose first line repeats its whole name ("Messagerie" → "Messagerie compte
  5 Go") holds only the lines that repeat it;
- a table whose labels read as population tiers is the accompaniment table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from pipeline.models import Finding, ServiceLine, Severity, TaxBasis, Tier, TierKind
from pipeline.parse.classify import Decision
from pipeline.parse.grid import HEADER_PRICE, Cell, Grid
from pipeline.parse.money import Amount, AmountError, parse_amount
from pipeline.parse.price_cell import qualifiers_from_label, split_price_cell
from pipeline.parse.roles import Kind, Layout, cell_kind, infer_layout
from pipeline.parse.settings import PARSE
from pipeline.parse.tiers import Bounds, is_population_tier, looks_like_tier, parse_tier
from pipeline.read.document import BBox, Fill

_H = PARSE.headers
_UNIT, _LABEL, _HT, _TTC = _H.unit, _H.label, _H.ht, _H.ttc
_OLD, _NEW, _YEAR, _HEADER_WORD, _GENERIC = (
    _H.old,
    _H.new,
    _H.year,
    _H.column_word,
    _H.generic_label,
)
TITLE_GAP = _H.title_gap


@dataclass(frozen=True, slots=True)
class Columns:
    label: int
    price: int | None
    price_ht: int | None
    unit: int | None
    tax_basis: TaxBasis
    header: tuple[str, ...]
    outer: tuple[int, ...] = ()
    """Text columns left of the label that name its group ("Domaine | Prestation")."""
    matrix: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """A price matrix: every price column with its header path (the line's conditions)."""
    title: str | None = None
    """The label column's header when it names the table ("Studio d'enregistrement")."""

    @property
    def price_columns(self) -> tuple[int, ...]:
        if self.matrix:
            return tuple(c for c, _ in self.matrix)
        return () if self.price is None else (self.price,)


@dataclass(slots=True)
class _Row:
    grid: Grid
    index: int
    columns: Columns
    table: int
    """Index of the logical table (a table continued on the next page keeps it)."""

    @property
    def cells(self) -> list[Cell]:
        return self.grid.rows[self.index]

    def cell(self, column: int | None) -> Cell | None:
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]

    def text(self, column: int | None) -> str:
        cell = self.cell(column)
        return cell.text if cell is not None else ""

    @property
    def distinct(self) -> list[Cell]:
        seen: list[Cell] = []
        for cell in self.cells:
            if not any(cell is other for other in seen):
                seen.append(cell)
        return seen

    @property
    def bbox(self) -> BBox:
        return self.grid.row_boxes[self.index]

    @property
    def confidence(self) -> float | None:
        """The lowest OCR confidence of the row's words (None for a text layer)."""
        scores = [c.confidence for c in self.distinct if c.confidence is not None and c.text]
        return min(scores) if scores else None

    def missing_amount(self, what: str) -> Finding:
        return Finding(
            severity=Severity.ERROR,
            code="amount.missing",
            message=f"Aucun tarif lu pour {what}.",
            page=self.grid.page,
            bbox=self.bbox,
        )


@dataclass(slots=True)
class TablesResult:
    services: list[ServiceLine] = field(default_factory=list)
    strata: list[Tier] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    tables: int = 0


Judge = Callable[[Sequence[Sequence[str]], int, BBox], Decision]
"""Whether a table (its header and rows as texts, its first page and box) is a tariff."""


def read_tables(
    grids: Sequence[Grid],
    fills: dict[int, list[Fill]],
    markers: dict[int, set[str]],
    judge: Judge | None = None,
) -> TablesResult:
    """Service lines and tiers of every priced table, in document order.

    With a ``judge``, a table it does not take for a tariff (a budget, subsidies,
    bids, a report the assembly takes note of) gives no line, and an info finding
    naming its page and the reason.
    """
    # wrapped lines are folded into the row above in private copies: the grids the
    # caller gave are left as they were
    grids = [replace(g, rows=[list(row) for row in g.rows]) for g in grids]
    rows = _rows_of_priced_tables(grids)
    result = TablesResult(tables=len({row.table for row in rows}))
    for table in sorted({row.table for row in rows}):
        table_rows = _merge_continuations([r for r in rows if r.table == table])
        if judge is not None and not _judged_tariff(table_rows, judge, result):
            continue
        if _poorly_read(table_rows, result):
            continue
        _doubtful_headers(table_rows, result)
        data = [r for r in table_rows if not _is_heading(r)]
        if data and _tiers_across(data[0].columns):
            _read_tier_columns(data, markers, result)
            continue
        labels = [_label(r, markers) for r in data]
        tier_like = sum(1 for label in labels if looks_like_tier(label))
        by_population = any(is_population_tier(label) for label in labels)
        if data and by_population and tier_like * 2 >= len(data):
            _read_tiers(data, markers, result)
        else:
            _read_services(table_rows, fills, markers, result)
    return result


def _poorly_read(rows: Sequence[_Row], result: TablesResult) -> bool:
    """Whether a scanned table is read too poorly to give lines: its words on the whole,
    or most of its price column headers; if so, says so."""
    words = {
        id(word): word
        for row in rows
        for cell in row.cells
        for word in cell.words
        if word.confidence is not None and any(ch.isalnum() for ch in word.text)
    }
    if not words:
        return False  # a text layer
    mean = sum(word.confidence for word in words.values()) / len(words)
    first = rows[0]
    columns = _price_column_indexes(first)
    doubtful = sum(
        1
        for column in columns
        if any(
            _poor_words(first.grid.rows[index][column])
            for index in range(first.index)
            if column < len(first.grid.rows[index])
        )
    )
    if mean >= PARSE.grid.ocr_min_confidence and not (
        doubtful >= PARSE.grid.ocr_doubtful_headers_min
        and doubtful > PARSE.grid.ocr_doubtful_headers_share * len(columns)
    ):
        return False
    grid = first.grid
    why = (
        f"confiance moyenne de {round(mean)}\u00a0%"
        if mean < PARSE.grid.ocr_min_confidence
        else f"en-têtes de {doubtful} colonnes de prix sur {len(columns)} illisibles"
    )
    result.findings.append(
        Finding(
            severity=Severity.WARNING,
            code="ocr.table_unreadable",
            message=f"Tableau numérisé de la page {grid.page} trop mal lu pour en tirer des "
            f"tarifs ({why}) : aucune ligne n'en est tirée ; lisez-le sur le document.",
            page=grid.page,
            bbox=grid.bbox,
        )
    )
    return True


def _price_column_indexes(row: _Row) -> list[int]:
    """The price columns of a row's table (HT ones included), in order."""
    columns = row.columns
    ht = [columns.price_ht] if columns.price_ht is not None else []
    return sorted({*columns.price_columns, *ht})


def _price_headers(rows: Sequence[_Row]) -> list[Cell]:
    """The header cells above the price columns of a table, each once."""
    first = rows[0]
    seen: list[Cell] = []
    for index in range(first.index):
        for column in _price_column_indexes(first):
            if column >= len(first.grid.rows[index]):
                continue
            cell = first.grid.rows[index][column]
            if not any(cell is other for other in seen):
                seen.append(cell)
    return seen


def _poor_words(cell: Cell) -> list[str]:
    """The words of a scanned cell read too poorly to trust."""
    return [
        word.text
        for word in cell.words
        if word.confidence is not None
        and word.confidence < PARSE.grid.ocr_header_min_confidence
        and any(ch.isalnum() for ch in word.text)
    ]


def _doubtful_headers(rows: Sequence[_Row], result: TablesResult) -> None:
    """Flag each price column of a scanned table whose header holds a word read too
    poorly to trust: what its amounts are (HT or TTC, which category) is then a guess,
    and a column of tax-free amounts may be read as the price."""
    first = rows[0]
    for cell in _price_headers(rows):
        if _poor_words(cell):
            # the column, its header down to the table's last row on this page
            bottom = max(row.bbox[3] for row in rows if row.grid is first.grid)
            x0, top, x1, _ = cell.bbox
            result.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="ocr.header_doubtful",
                    message=f"En-tête de colonne de prix mal lu (« {cell.text} ») sur le "
                    f"tableau numérisé de la page {first.grid.page} : ce que désignent "
                    "ses montants (HT ou TTC, catégorie) est à vérifier sur le document.",
                    page=first.grid.page,
                    bbox=(x0, top, x1, max(bottom, cell.bbox[3])),
                )
            )


def _judged_tariff(rows: Sequence[_Row], judge: Judge, result: TablesResult) -> bool:
    first = rows[0]
    header = [text for text in first.columns.header]
    texts = [header, *([c.text for c in row.cells] for row in rows)]
    verdict = judge(texts, first.grid.page, first.grid.bbox)
    if verdict.is_tariff:
        return True
    result.findings.append(
        Finding(
            severity=Severity.INFO,
            code="table.not_tariff",
            message=f"Tableau en euros de la page {first.grid.page} écarté : {verdict.reason}.",
            page=first.grid.page,
            bbox=first.grid.bbox,
        )
    )
    return False


# --- tables and their columns ----------------------------------------------------


def _current_prices(texts: Sequence[str], prices: list[int]) -> list[int]:
    """Of several price columns, those of the tariffs being set ("Nouveau tarif", 2026)."""
    kept = [i for i in prices if not _OLD.search(texts[i])] or prices
    new = [i for i in kept if _NEW.search(texts[i])]
    if new:
        return new
    years = {i: int(m.group(1)) for i in kept if (m := _YEAR.search(texts[i]))}
    if len(set(years.values())) > 1:
        latest = max(years.values())
        return [i for i in kept if years.get(i) == latest]
    return kept


def _columns(texts: Sequence[str]) -> Columns | None:
    every_price = [i for i, t in enumerate(texts) if HEADER_PRICE.search(t)]
    named = [i for i in every_price if _names_a_column(texts[i])]
    if (
        named
        and len(named) < len(every_price)
        and all(not texts[i] for i in _others(texts, every_price))
    ):
        # "Redevance d'usage du domaine public | Unité | Tarifs 2014": the long one names
        # the table over its label column, not a price
        every_price = named
    if not every_price:
        return None
    shown = [i for i in every_price if not PARSE.roles.indicative_header.search(texts[i])]
    if not shown:
        return None  # prices given for information only: this table sets none
    prices = _current_prices(texts, shown)
    units = [i for i, t in enumerate(texts) if _UNIT.search(t) and i not in every_price]
    unit = units[0] if units else None
    rest = [i for i in range(len(texts)) if i not in every_price and i != unit and texts[i]]
    labels = [i for i in rest if _LABEL.search(texts[i])] or rest
    if not labels:
        return None
    ttc = [i for i in prices if _TTC.search(texts[i])]
    ht = [i for i in prices if _HT.search(texts[i]) and i not in ttc]
    if ttc:
        price, price_ht, basis = ttc[0], (ht[0] if ht else None), TaxBasis.TTC
    elif ht and len(prices) == 1:
        price, price_ht, basis = ht[0], ht[0], TaxBasis.HT
    else:
        others = [i for i in prices if i not in ht]
        price = others[0] if others else prices[0]
        price_ht = ht[0] if ht and ht[0] != price else None
        basis = TaxBasis.TTC
    return Columns(labels[0], price, price_ht, unit, basis, tuple(_fold(t) for t in texts))


def _others(texts: Sequence[str], prices: Sequence[int]) -> list[int]:
    """Columns that name neither a price nor a unit."""
    return [i for i in range(len(texts)) if i not in prices and not _UNIT.search(texts[i])]


def _header_of(texts: Sequence[str], *, price_only: bool = False) -> Columns | None:
    """The columns header texts name, or None when they are not a header.

    With ``price_only``, a header that names its price columns and nothing else
    ("Salle Camus | Tarifs 2014", "Désignation | TARIFS TTC 2013") is one too, when its
    price cells are short column names.
    """
    columns = _columns(texts)
    if columns is None:
        return None
    if any(_UNIT.search(t) or _LABEL.search(t) for t in texts):
        return columns
    if not price_only:
        return None
    named = [t for t in texts if HEADER_PRICE.search(t)]
    if all(_names_a_column(t) for t in named):
        return columns
    return None


def _stacked(rows: Sequence[Sequence[Cell]]) -> list[str]:
    """Column texts of header rows stacked one above the other ("Tarif" over "HT | TTC")."""
    texts = []
    for column in range(len(rows[0])):
        parts: list[Cell] = []
        for row in rows:
            cell = row[column]
            if cell.text and not any(cell is seen for seen in parts):
                parts.append(cell)
        texts.append(" ".join(c.text for c in parts))
    return texts


def _header(grid: Grid, index: int) -> tuple[Columns, int] | None:
    """The header starting at row ``index`` and how many rows it takes (one or two)."""
    row = grid.rows[index]
    if len({id(c) for c in row}) < 2 or any(_is_amount(c.text) for c in row):
        return None
    below = grid.rows[index + 1] if index + 1 < len(grid.rows) else None
    if below is not None and _is_sub_header(row, below):
        stacked = _header_of(_stacked([row, below]))
        if stacked is not None:
            return stacked, 2
    styled = index == 0 or all(c.bold for c in row if c.text)
    single = _header_of([c.text for c in row], price_only=styled)
    return (single, 1) if single is not None else None


def _is_sub_header(row: Sequence[Cell], below: Sequence[Cell]) -> bool:
    """A row that only completes the header above it ("HT | TTC" under "Tarif")."""
    if len({id(c) for c in below}) < 2:
        return False
    own = [b.text for a, b in zip(row, below, strict=True) if b is not a and b.text]
    return bool(own) and all(_names_a_column(text) for text in own)


def _names_a_column(text: str) -> bool:
    if _is_amount(text) or len(text.split()) > 4:
        return False
    return any(
        pattern.search(text) for pattern in (_HT, _TTC, HEADER_PRICE, _UNIT, _LABEL, _HEADER_WORD)
    )


def _rows_of_priced_tables(grids: Sequence[Grid]) -> list[_Row]:
    """Rows under a header, each tagged with its logical table.

    A header (one row, or two stacked rows) starts a table; the same header again
    (repeated on the next page) continues it; a grid without a header continues the
    table of the page before when it opens its page with the same number of columns,
    and is otherwise read from its content (:func:`~pipeline.parse.roles.infer_layout`).
    A one-cell grid just above a table (its title, set apart) heads that table.
    """
    rows: list[_Row] = []
    table = -1
    columns: Columns | None = None
    last_grid: Grid | None = None
    title: _Row | None = None
    headings: Grid | None = None
    """A frame of heading rows only, waiting for the table it heads."""
    orphan: Grid | None = None
    """A header left alone at the foot of a page, its table starting on the next."""
    for grid in grids:
        new_grid = last_grid is not None and not _continues(last_grid, grid, grids)
        if columns is not None and new_grid and _header(grid, 0) is None:
            columns = None  # a headerless grid that does not continue the table
        if _is_title_grid(grid):
            title = _Row(grid, 0, _TITLE_COLUMNS, -1)
            continue  # a table running on to the next page still continues past it
        if _headings_only(grid):
            headings = grid  # the first rows of a table cut by the page, or set above it
            continue
        index = 0
        scanned = _scanned(grid)
        skip = range(0)
        left = orphan  # a header left alone at the foot of the page before
        if columns is None and not any(_header(grid, i) for i in range(min(3, len(grid.rows)))):
            above = orphan if orphan is not None and _continues(orphan, grid, grids) else None
            inferred = _inferred_columns(grid, above)
            if inferred is not None:
                columns, skip = inferred
                table += 1
                columns, title = _titled(columns, title, grid, grids), None
                headings = _head_with(headings, grid, grids, columns, table, rows)
                if above is not None:  # its headings under the header left on the page before
                    rows.extend(
                        _Row(above, i, columns, table)
                        for i, row in enumerate(above.rows)
                        if len(_unique(row)) == 1 and row[0].text.strip()
                    )
        orphan = grid if columns is None and _only_header(grid) else None
        header_start = header_end = -1
        while index < len(grid.rows):
            cells = grid.rows[index]
            if index in skip:  # the header rows the content showed
                index += 1
                continue
            found = _header(grid, index)
            if found is not None and header_end == index and _shares_cells(grid, index):
                # a header of merged cells cut into several rows: one header, read whole
                height = index + found[1] - header_start
                columns = _refined(found[0], grid, header_start, height)
                index += found[1]
                header_end = index
                continue
            if found is not None:
                header, height = found
                header = _refined(header, grid, index, height)
                framed = title is not None and _titled(header, title, grid, grids) != header
                same = columns is not None and _same_header(header.header, columns.header, scanned)
                if not same or framed:
                    table += 1
                    columns = header
                    columns, title = _titled(columns, title, grid, grids), None
                    headings = _head_with(headings, grid, grids, columns, table, rows)
                    if index == 0 and left is not None:
                        _resume(left, grid, grids, header, table, rows)
                elif columns.unit is None and header.unit is not None:
                    # the header repeated over the rows: its cells now show the unit column
                    columns = replace(columns, unit=header.unit)
                above = rows[-1] if rows else None
                if above and above.grid is grid and above.index == index - 1 and _is_heading(above):
                    rows.pop()  # the table's title row, above its header
                header_start = index
                index += height  # a new header, or the same one repeated on the next page
                header_end = index
                continue
            if columns is not None and columns.matrix and _is_matrix_header(cells, columns):
                above = rows[-1] if rows else None
                top: tuple[str, ...] = ()
                if above and above.grid is grid and above.index == index - 1 and _is_heading(above):
                    rows.pop()  # a row across the matrix over its new header: its top level
                    top = (" ".join(above.distinct[0].text.split()),)
                columns = _paired_tax(_with_conditions(columns, grid, index, top))
                index += 1
                continue
            filled = _fold(" ".join(c.text for c in cells))
            read = tuple(_fold(c.text) for c in cells)
            if columns is not None and _same_header(read, columns.header, scanned):
                index += 1  # the header read from content, repeated on the next page
                continue
            if columns is not None and filled and len(cells) == len(columns.header):
                rows.append(_Row(grid, index, columns, table))
            index += 1
        last_grid = grid
    return rows


_TITLE_COLUMNS = Columns(0, None, None, None, TaxBasis.TTC, ("",))


def _same_header(read: tuple[str, ...], header: tuple[str, ...], scanned: bool) -> bool:
    """Whether a header row (folded cells) is the table's header again: the same, or, on a
    scanned page, the same misread by a letter or two in each cell (the figures alike)."""
    if read == header:
        return True
    if len(read) != len(header) or not scanned:
        return False
    return all(_alike(mine, theirs) for mine, theirs in zip(read, header, strict=True))


def _alike(mine: str, theirs: str) -> bool:
    """Whether a header text read by OCR is another, misread by a letter or two: the
    same figures, at least ``ocr_same_header`` alike, and few letters apart (see
    ``ocr_header_edits``)."""
    edits = max(_H.ocr_header_edits, _H.ocr_header_edit_share * (len(mine) + len(theirs)))
    return (
        _DIGITS.findall(mine) == _DIGITS.findall(theirs)
        and fuzz.ratio(mine, theirs) >= _H.ocr_same_header
        and Indel.distance(mine, theirs) <= edits
    )


_DIGITS = re.compile(r"\d+")


def _resume(
    left: Grid, grid: Grid, grids: Sequence[Grid], header: Columns, table: int, rows: list[_Row]
) -> None:
    """The heading rows of a header left at the foot of the page before (not read as a
    header: two of its cells made one), when the next page opens on that header again:
    they head the table's first lines."""
    if grid.page != left.page + 1 or not _first_on_page(grid, grids):
        return
    read = [_fold(c.text) for c in _unique(left.rows[0])]
    if not _same_words(read, header.header, _scanned(left)):
        return
    rows.extend(
        _Row(left, i, header, table)
        for i, row in enumerate(left.rows)
        if i > 0 and len(_unique(row)) == 1 and row[0].text.strip()
    )


def _same_words(read: Sequence[str], header: Sequence[str], scanned: bool) -> bool:
    """Whether two header rows hold the same words in the same order, however cut into
    cells: a rule between two heading cells lost on one page's scan (its gray band
    swallowed it), so that two cells were read as one. On a scan, misread by a letter
    or two (the figures alike)."""
    mine, theirs = " ".join(" ".join(read).split()), " ".join(" ".join(header).split())
    return mine == theirs or (scanned and _alike(mine, theirs))


def _scanned(grid: Grid) -> bool:
    return any(w.confidence is not None for row in grid.rows for c in row for w in c.words)


def _headings_only(grid: Grid) -> bool:
    """A frame of two rows or more, each one short heading and no price."""
    if len(grid.rows) < 2:
        return False
    for row in grid.rows:
        cells = _unique(row)
        text = cells[0].text if len(cells) == 1 else ""
        if not text or len(text.split()) > PARSE.roles.explanation_min_words or _is_amount(text):
            return False
    return True


def _head_with(
    headings: Grid | None,
    grid: Grid,
    grids: Sequence[Grid],
    columns: Columns,
    table: int,
    rows: list[_Row],
) -> None:
    """Put the heading rows of a frame just above the table's first grid (or at the foot
    of the page before) at the head of the table."""
    if headings is None:
        return None
    gap = grid.bbox[1] - headings.bbox[3]
    above = headings.page == grid.page and 0 <= gap < TITLE_GAP
    turned = headings.page + 1 == grid.page and _first_on_page(grid, grids)
    if above or turned:
        rows.extend(_Row(headings, i, columns, table) for i in range(len(headings.rows)))
    return None


def _shares_cells(grid: Grid, index: int) -> bool:
    """Whether row ``index`` holds a cell of the row above (merged over both)."""
    return index > 0 and any(
        cell.text and any(cell is other for other in grid.rows[index - 1])
        for cell in grid.rows[index]
    )


def _paired_tax(columns: Columns) -> Columns:
    """Two price columns headed HT and TTC are one price and its HT, not a matrix."""
    if len(columns.matrix) != 2:
        return columns
    heads = {c: " ".join(path) for c, path in columns.matrix}
    ttc = [c for c, h in heads.items() if _TTC.search(h)]
    ht = [c for c, h in heads.items() if _HT.search(h) and not _TTC.search(h)]
    if not ttc and len(ht) == 1:  # « Tarif HT | Tarif TIC »: TTC misread by OCR
        ttc = [c for c, h in heads.items() if c not in ht and _H.ttc_misread.search(h)]
    if len(ttc) == 1 and len(ht) == 1:
        return replace(columns, price=ttc[0], price_ht=ht[0], matrix=(), tax_basis=TaxBasis.TTC)
    return columns


def _is_title_grid(grid: Grid) -> bool:
    """A frame holding nothing but a short heading ("Locations de salles")."""
    filled = [c for row in grid.rows for c in _unique(row) if c.text.strip()]
    if len(filled) != 1 or any(len(_unique(row)) > 1 for row in grid.rows if _filled(row)):
        return False
    text = filled[0].text
    return len(text.split()) <= PARSE.roles.explanation_min_words and not _is_amount(text)


def _unique(row: Sequence[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for cell in row:
        if not any(cell is seen for seen in out):
            out.append(cell)
    return out


def _filled(row: Sequence[Cell]) -> bool:
    return any(c.text.strip() for c in row)


def _titled(columns: Columns, title: _Row | None, grid: Grid, grids: Sequence[Grid]) -> Columns:
    """The table's columns named by a title frame just above its first grid, or at the
    foot of the page before when the table opens the next page."""
    if title is None or columns.title is not None:
        return columns
    text = " ".join(next(c.text for r in title.grid.rows for c in r if c.text).split())
    gap = grid.bbox[1] - title.grid.bbox[3]
    above = title.grid.page == grid.page and 0 <= gap < TITLE_GAP
    turned = title.grid.page + 1 == grid.page and _first_on_page(grid, grids)
    if not (above or turned):
        return columns
    if columns.matrix:
        # over a price matrix, the frame heads its price columns: their outermost header
        matrix = tuple((c, (text, *path)) for c, path in columns.matrix if text not in path)
        return replace(columns, matrix=matrix) if len(matrix) == len(columns.matrix) else columns
    return replace(columns, title=text)


def _inferred_columns(grid: Grid, above: Grid | None = None) -> tuple[Columns, range] | None:
    """The columns of a grid that no header names, from its cells' content, and the
    rows of its header (title rows above it are read as headings). A header left at
    the foot of the page before (``above``) heads it too."""
    rows = [*(above.rows if above is not None else []), *grid.rows]
    layout = infer_layout(rows, [[c.text for c in row] for row in rows], PARSE.roles)
    if layout is None:
        return None
    shift = len(above.rows) if above is not None else 0
    return _columns_of_layout(layout), range(
        max(layout.header_top - shift, 0), max(layout.header_rows - shift, 0)
    )


def _only_header(grid: Grid) -> bool:
    """A grid of header rows only: words in several cells, no amount anywhere."""
    if not grid.rows or len({id(c) for c in grid.rows[0]}) < 2:
        return False
    return all(cell_kind(c.text) is not Kind.MONEY for row in grid.rows for c in row)


def _columns_of_layout(layout: Layout) -> Columns:
    basis = TaxBasis.TTC
    if layout.price_ht is None and len(layout.prices) == 1:
        head = layout.header[layout.prices[0]]
        if _HT.search(head) and not _TTC.search(head):
            basis = TaxBasis.HT
    matrix = ()
    if len(layout.prices) > 1:
        matrix = tuple(zip(layout.prices, layout.conditions, strict=True))
    return Columns(
        label=layout.label,
        price=layout.prices[0],
        price_ht=layout.price_ht,
        unit=layout.unit,
        tax_basis=basis,
        header=tuple(_fold(t) for t in layout.header) or ("",) * len(layout.header),
        outer=layout.outer,
        matrix=matrix,
        title=_title_of(layout.header[layout.label]) if layout.header_rows else None,
    )


def _refined(columns: Columns, grid: Grid, index: int, height: int) -> Columns:
    """A header's columns checked against the cells under it.

    The header's wording is a hint: when the column it names for prices holds no
    amount while others do, the content decides; of several text columns the most
    specific holds the label; several current price columns make a matrix.
    """
    cells = grid.rows[index:]
    layout = infer_layout(
        cells, [[c.text for c in row] for row in cells], PARSE.roles, header_rows=height
    )
    if layout is None:
        return columns
    if columns.price not in layout.prices:
        below = (
            [row[columns.price].text for row in cells[height:]] if columns.price is not None else []
        )
        if not any(cell_kind(t) in (Kind.MONEY, Kind.NUMBER) for t in below):
            return _columns_of_layout(layout)
        return columns
    label = columns.label
    if layout.label != columns.label and layout.label not in (columns.unit, columns.price):
        label = layout.label
    outer = tuple(
        c for c in layout.outer if c < label and c not in (columns.unit, *columns.price_columns)
    )
    matrix = columns.matrix
    if not matrix and len(layout.prices) > 1 and columns.price_ht is None:
        matrix = tuple(zip(layout.prices, layout.conditions, strict=True))
    title = _title_of(layout.header[label]) if layout.header_rows else None
    unit = columns.unit
    if unit is None and layout.unit is not None and layout.unit not in (label, *outer):
        unit = layout.unit  # a unit column its header does not name
    if columns.price_ht is None and layout.price_ht is not None and not matrix:
        columns = replace(columns, price_ht=layout.price_ht)  # "HT" in a header row above
    return _paired_tax(
        replace(columns, label=label, outer=outer, matrix=matrix, title=title, unit=unit)
    )


def _title_of(text: str) -> str | None:
    """The label column's header when it names the table rather than the column."""
    text = " ".join(text.split())
    if not text or len(text.split()) > PARSE.roles.explanation_min_words:
        return None
    if _GENERIC.search(text) or _LABEL.search(text):
        return None
    if _names_a_column(text) and len(text.split()) <= 3:
        return None  # "Tarifs 2014", "Unité"
    return text


def _is_matrix_header(cells: Sequence[Cell], columns: Columns) -> bool:
    """A second header row inside a matrix: words, not prices, over the price columns
    (several prices stacked in a cell, « 15,00 € 46,00 € 36,00 € », are no words)."""
    over = [cells[c] for c in columns.price_columns]
    distinct = {id(c) for c in over}
    return len(distinct) >= 2 and all(
        c.text and cell_kind(c.text) is Kind.TEXT and _holds_words(c.text) for c in over
    )


_LETTERS = re.compile(r"[^\W\d_]{2,}")
_CURRENCY_WORD = re.compile(r"euros?|eur", re.I)


def _holds_words(text: str) -> bool:
    """Whether a cell holds words, not only figures and currencies."""
    return any(not _CURRENCY_WORD.fullmatch(word) for word in _LETTERS.findall(text))


def _with_conditions(
    columns: Columns, grid: Grid, index: int, top: tuple[str, ...] = ()
) -> Columns:
    cells = grid.rows[index]
    matrix = tuple((c, (*top, " ".join(cells[c].text.split()))) for c, _ in columns.matrix)
    return replace(columns, matrix=matrix)


def _continues(previous: Grid, grid: Grid, grids: Sequence[Grid]) -> bool:
    return (
        grid.page == previous.page + 1
        and grid.columns == previous.columns
        and _first_on_page(grid, grids)
    )


def _first_on_page(grid: Grid, grids: Sequence[Grid]) -> bool:
    return min((g.bbox[1] for g in grids if g.page == grid.page), default=0) == grid.bbox[1]


def _merge_continuations(rows: list[_Row]) -> list[_Row]:
    """On tables without horizontal rules, fold wrapped lines into the row above, and
    give a price standing alone between rows without one ("Sur devis" centred over
    two tiers) to each of them."""
    merged: list[_Row] = []
    for position, row in enumerate(rows):
        if not row.grid.ruled_rows and _floating_price(row):
            neighbours = [merged[-1]] if merged else []
            if position + 1 < len(rows):
                neighbours.append(rows[position + 1])
            priceless = [
                n
                for n in neighbours
                if n.grid is row.grid
                and not n.text(n.columns.price)
                and n.text(n.columns.label)
                and not _is_heading(n)
            ]
            if priceless:
                cell = row.cell(row.columns.price)
                for other in priceless:
                    other.grid.rows[other.index][other.columns.price] = cell
                continue
        if row.grid.ruled_rows or not merged:
            merged.append(row)
            continue
        above = merged[-1]
        label = row.text(row.columns.label)
        price = row.text(row.columns.price)
        if not price and above.text(above.columns.price) and not _is_heading(above):
            wraps_label = bool(label) and (label[:1].islower() or label[:1] in "-–(+&")
            if not label or wraps_label:
                for column, cell in enumerate(row.cells):
                    if cell.words and column != row.columns.price:
                        target = above.cells[column]
                        above.grid.rows[above.index][column] = Cell(
                            _union(target.bbox, cell.bbox), [*target.words, *cell.words]
                        )
                continue
        merged.append(row)
    return _share_quotes(merged)


def _share_quotes(rows: list[_Row]) -> list[_Row]:
    """Without rules, a "Sur devis" set once beside a run of rows that have a unit but no
    price (a merged cell centred on its rows) is the price of each of them."""
    for index, row in enumerate(rows):
        price = row.cell(row.columns.price)
        if row.grid.ruled_rows or price is None or not _is_quote(price.text):
            continue
        for step in (-1, 1):
            at = index + step
            while 0 <= at < len(rows):
                other = rows[at]
                if (
                    other.grid is not row.grid
                    or other.text(other.columns.price)
                    or not other.text(other.columns.label)
                    or not other.text(other.columns.unit)
                ):
                    break
                other.grid.rows[other.index][other.columns.price] = price
                at += step
    return rows


def _is_quote(text: str) -> bool:
    try:
        return parse_amount(text).on_quote
    except AmountError:
        return False


def _restates(written: str, unit: str) -> bool:
    """Whether the words after an amount only repeat the unit column ("an / compte" beside
    "Par compte et par an")."""
    words = set(re.findall(r"[^\W\d_]+", unit.casefold()))
    return all(w in words for w in re.findall(r"[^\W\d_]+", written.casefold()))


def _floating_price(row: _Row) -> bool:
    """A line holding a price and nothing else."""
    price = row.cell(row.columns.price)
    return (
        price is not None
        and bool(price.text)
        and all(not c.text for c in row.distinct if c is not price)
    )


def _union(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


# --- headings ------------------------------------------------------------------------


def _is_amount(text: str) -> bool:
    try:
        amount = parse_amount(text)
    except AmountError:
        return False
    return amount.value is not None or amount.on_quote


def _blank(text: str) -> bool:
    """An empty cell, or one holding only a dash ("—", "-")."""
    return not text.strip(" -–—")


def _is_heading(row: _Row) -> bool:
    filled = [c for c in row.distinct if not _blank(c.text)]
    prices = [row.text(c) for c in row.columns.price_columns if not _blank(row.text(c))]
    if prices and all(_COLUMN_TITLE.match(t) for t in prices):
        return bool(row.text(row.columns.label))  # "Abonnements 2 roues | Tarifs 2014"
    if len(filled) == 1 and len(row.distinct) == 1:
        return True
    if len(filled) == 1 and filled[0] is not row.cell(row.columns.label):
        # a heading centred across the columns of a table without vertical rules
        return not _is_amount(filled[0].text) and not _spans_rows(row, filled[0])
    label = row.text(row.columns.label)
    others = [
        row.cell(i)
        for i in (*row.columns.price_columns, row.columns.price_ht, row.columns.unit)
        if i is not None
    ]
    if not label or any(c is not None and not _blank(c.text) for c in others):
        return False
    # a label alone; a merged price cell from above, or a label merged over the
    # rows beside its price, still makes it part of a data row
    price = row.cell(row.columns.price)
    if price is not None and _spans_rows(row, price):
        return False
    cell = row.cell(row.columns.label)
    return not (cell is not None and _spans_rows(row, cell))


_COLUMN_TITLE = re.compile(
    r"^\s*(tarifs?|prix|montants?|co[uû]ts?)(\s+(20\d\d|ht|ttc|\([^)]*\)))*\s*$", re.I
)
"""A price column's title ("Tarifs 2014", "Prix TTC") repeated in a row of the table."""


def _spans_rows(row: _Row, cell: Cell) -> bool:
    return cell.bbox[3] - cell.bbox[1] > (row.bbox[3] - row.bbox[1]) + 2


def _style(row: _Row, fills: dict[int, list[Fill]]) -> tuple[object, ...]:
    x0, top, x1, bottom = row.bbox
    area = max((x1 - x0) * (bottom - top), 1.0)
    shade: tuple[float, ...] | None = None
    for fill in fills.get(row.grid.page, []):
        w = min(x1, fill.x1) - max(x0, fill.x0)
        h = min(bottom, fill.bottom) - max(top, fill.top)
        if w > 0 and h > 0 and w * h >= 0.5 * area:
            shade = tuple(round(v * 20) / 20 for v in fill.shade)
    cell = next((c for c in row.distinct if c.text), row.cells[row.columns.label])
    text = cell.text
    upper = text.isupper() and len(text) > 3
    size = round(max((w.size for w in cell.words), default=0.0))
    return (shade, cell.bold, upper, size, _centred(row))


def _centred(row: _Row) -> bool:
    """Whether the row's words stand centred across it (a category over the table), not
    from its left edge: a cue a scan keeps when it loses the heading's bold."""
    words = [w for c in row.distinct for w in c.words]
    if not words:
        return False
    x0, _, x1, _ = row.bbox
    width = max(x1 - x0, 1.0)
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    return (
        abs((left + right) / 2 - (x0 + x1) / 2) <= _H.centred_slack * width
        and left - x0 > _H.centred_indent * width
    )


def _heading_levels(rows: Sequence[_Row], fills: dict[int, list[Fill]]) -> dict[int, str]:
    """'category' or 'group' for each heading row (keyed by position in ``rows``)."""
    headings = [i for i, r in enumerate(rows) if _is_heading(r)]
    styles = {i: _style(rows[i], fills) for i in headings}
    category_styles = {styles[i] for i in headings if i + 1 in styles}
    group_styles = {styles[i + 1] for i in headings if i + 1 in styles}
    if not category_styles:
        # no heading opens another: the table's first heading shows what a category looks like
        first = styles[headings[0]] if headings else None
        return {i: "category" if styles[i] == first else "group" for i in headings}
    styled = not (category_styles & group_styles)
    levels: dict[int, str] = {}
    for i in headings:
        if i + 1 in styles or (i - 1 not in styles and not levels):
            levels[i] = "category"
        elif i - 1 in styles and levels.get(i - 1) == "category":
            levels[i] = "group"
        elif styled:
            levels[i] = "category" if styles[i] in category_styles else "group"
        else:
            levels[i] = "group"
    return levels


# --- service lines ---------------------------------------------------------------------


def _label(row: _Row, markers: dict[int, set[str]]) -> str:
    """The row's label: its label column, or the innermost outer column holding words
    when the label column is empty ("Nom de domaine | — " under "Prestation | Détail")."""
    text = row.text(row.columns.label)
    if not text.strip():
        text = next((row.text(c) for c in reversed(row.columns.outer) if row.text(c).strip()), "")
    return strip_marker(text, markers.get(row.grid.page, set()))


_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡"
_SQUARE = re.compile(r"(?:\d|m)\s?[²³]$")


def strip_marker(label: str, markers: set[str]) -> str:
    """Drop a footnote marker glued to the label's last word ("public1" → "public")."""
    label = label.strip()
    if _SQUARE.search(label):
        return label  # "7 m²", "50 m³": a measure, not a footnote call
    stripped = label.rstrip(_SUPERSCRIPTS).rstrip()
    if stripped and stripped != label and not label.endswith("**"):
        return stripped
    for marker in markers:
        if label.endswith(marker) and len(label) > len(marker):
            before = label[: -len(marker)]
            if before[-1:].isalpha() or before[-1:] in ")":
                return before.rstrip()
    return label


def _read_services(
    rows: Sequence[_Row],
    fills: dict[int, list[Fill]],
    markers: dict[int, set[str]],
    result: TablesResult,
) -> None:
    levels = _heading_levels(rows, fills)
    category: str | None = None
    group: str | None = None
    title = rows[0].columns.title if rows else None
    if title is not None:
        # the table's name heads its lines: a category over its own headings (which
        # become its groups when they are of one level), else their innermost heading
        if levels:
            category = title
            if "group" not in levels.values():
                levels = dict.fromkeys(levels, "group")
        else:
            group = title
    prefix: str | None = None
    group_fresh = False
    heading_left: float | None = None  # where the group's heading starts
    indented: bool | None = None  # whether its lines stand further right
    for position, row in enumerate(rows):
        if position in levels:
            text = _label(row, markers) or next(c.text for c in row.distinct if c.text)
            if len(text.split()) > PARSE.roles.explanation_min_words:
                continue  # an explanation running across the table, not a heading
            if levels[position] == "category":
                category, group = text, None
            else:
                group = text
            prefix, group_fresh = None, True
            heading_left, indented = _left(row, None), None
            continue
        label = _label(row, markers)
        if not label or _beside_its_price(row, rows):
            continue
        left = _left(row, row.columns.label)
        if group is not None and heading_left is not None and left is not None:
            under = left > heading_left + _H.group_indent
            if indented is None:
                indented = under  # the first line tells whether the group's lines are set in
            elif indented and not under:
                group, prefix, heading_left = None, None, None  # back at the heading's edge
        if group is not None:
            starts = _fold(label).startswith(_fold(group) + " ")
            if group_fresh:
                prefix = _fold(group) if starts else None
                group_fresh = False
            elif prefix is not None and not starts:
                group, prefix = None, None
        line_group = _with_outer(row, group, label)
        result.services.extend(_service_lines(row, label, category, line_group, result))


def _left(row: _Row, column: int | None) -> float | None:
    """Where the words of the row's ``column`` start (of its first cell holding words when
    None), None without words."""
    cells = [row.cell(column)] if column is not None else row.distinct
    words = next((c.words for c in cells if c is not None and c.words), [])
    return min((w.x0 for w in words), default=None)


def _beside_its_price(row: _Row, rows: Sequence[_Row]) -> bool:
    """A slice of cells merged over several rows, whose price stands in another of them:
    a priceless row holding no cell of its own."""
    if any(not _blank(row.text(c)) for c in row.columns.price_columns):
        return False
    own = [c for c in row.distinct if c.text.strip()]
    if not own:
        return False
    priced = [
        other
        for other in rows
        if other is not row
        and other.grid is row.grid
        and any(not _blank(other.text(c)) for c in other.columns.price_columns)
    ]
    return all(any(cell is c for other in priced for c in other.cells) for cell in own)


def _with_outer(row: _Row, group: str | None, label: str) -> str | None:
    """The group a line's outer text columns give ("Domaine | Prestation" → its group)."""
    outer: list[str] = []
    for column in row.columns.outer:
        text = " ".join(row.text(column).split())
        if text and text != label and text not in outer:
            outer.append(text)
    if not outer:
        return group
    return " — ".join([group, *outer] if group else outer)


def _price(row: _Row, column: int | None, result: TablesResult, label: str):
    cell = row.cell(column)
    text = cell.text if cell is not None else ""
    if not text:
        return None, cell, text
    try:
        amount = parse_amount(text)
    except AmountError:
        result.findings.append(
            _cell_finding(
                row,
                cell,
                Severity.ERROR,
                "amount.unreadable",
                f"Montant illisible pour « {label} » : « {text} ».",
            )
        )
        return None, cell, text
    if amount.floor is not None:
        result.findings.append(
            _cell_finding(
                row,
                cell,
                Severity.WARNING,
                "amount.floor",
                f"Tarif « {text} » pour « {label} » : un prix plancher, pas un prix ; "
                "lu comme « sur devis ». À vérifier.",
            )
        )
    return amount, cell, text


def _service_lines(
    row: _Row, label: str, category: str | None, group: str | None, result: TablesResult
) -> list[ServiceLine]:
    """The lines of one row: one per priced cell of a matrix, one per price of a cell."""
    columns = row.columns
    if not columns.matrix:
        return _cell_lines(row, columns.price, (), label, category, group, result)
    lines: list[ServiceLine] = []
    seen: list[Cell] = []
    for column, conditions in columns.matrix:
        cell = row.cell(column)
        if cell is None or any(cell is other for other in seen):
            continue  # a price merged over several columns is read once
        seen.append(cell)
        if _blank(cell.text) or cell_kind(cell.text) is Kind.NA:
            continue  # a matrix leaves cells empty or marked "/" where nothing applies
        shared = [c for c, _ in columns.matrix if row.cell(c) is cell]
        if len(shared) > 1:
            conditions = _common_prefix([cond for c, cond in columns.matrix if c in shared])
        lines += _cell_lines(row, column, conditions, label, category, group, result)
    return lines


def _common_prefix(paths: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    out: list[str] = []
    for parts in zip(*paths, strict=False):
        if all(p == parts[0] for p in parts):
            out.append(parts[0])
        else:
            break
    return tuple(out)


def _cell_lines(
    row: _Row,
    column: int | None,
    conditions: tuple[str, ...],
    label: str,
    category: str | None,
    group: str | None,
    result: TablesResult,
) -> list[ServiceLine]:
    columns = row.columns
    cell = row.cell(column)
    text = cell.text if cell is not None else ""
    unit = row.text(columns.unit)
    where = " — ".join([label, *conditions])

    def line(amount, *, parts=(), unit=unit, basis=columns.tax_basis, amount_ht=None):
        return ServiceLine(
            category=category,
            group=group,
            label=label,
            conditions=[*conditions, *parts],
            amount=amount.value if amount is not None else None,
            tax_basis=basis,
            on_quote=amount.on_quote if amount is not None else False,
            free=amount.free if amount is not None else False,
            unit=unit,
            amount_ht=amount_ht if basis is TaxBasis.TTC else None,
            page=row.grid.page,
            bbox=row.bbox,
            amount_bbox=cell.bbox if cell is not None else None,
            amount_text=text or None,
            confidence=row.confidence,
        )

    if text and not _is_amount(text):
        split = _split_cell(row, cell, text, label, unit, columns, result)
        if split is not None:
            return [line(a, parts=p, unit=u, basis=b) for a, p, u, b in split]
    if text and not unit:
        # "12 € / an" reads as an amount; with no unit column its period is the unit
        parts = split_price_cell(text)
        if len(parts) == 1 and parts[0].unit:
            unit = parts[0].unit
    amount, _, _ = _price(row, column, result, where)
    amount_ht = None
    if columns.price_ht is not None and columns.price_ht != column and not columns.matrix:
        ht, _, _ = _price(row, columns.price_ht, result, where)
        amount_ht = ht.value if ht is not None else None
    if amount is None and text == "":
        result.findings.append(row.missing_amount(f"« {where} »"))
    return [line(amount, amount_ht=amount_ht, unit=unit)]


def _cell_finding(row: _Row, cell: Cell | None, severity: Severity, code: str, message: str):
    """A finding on one cell of a row (the row's box when the cell is missing)."""
    return Finding(
        severity=severity,
        code=code,
        message=message,
        page=row.grid.page,
        bbox=cell.bbox if cell is not None else row.bbox,
    )


def _split_cell(
    row: _Row,
    cell: Cell | None,
    text: str,
    label: str,
    unit: str,
    columns: Columns,
    result: TablesResult,
) -> list[tuple] | None:
    """A price cell holding a unit, a qualifier or several prices, as (amount, conditions,
    unit, basis) tuples; None when the cell is no such thing (left to :func:`_price`)."""
    parts = split_price_cell(text)
    if not parts:
        if not any(ch.isdigit() for ch in text):
            result.findings.append(
                _cell_finding(
                    row,
                    cell,
                    Severity.WARNING,
                    "amount.formula",
                    f"Tarif sans montant pour « {label} » : « {text} » "
                    "(ligne non reprise). À vérifier.",
                )
            )
            return []
        if PARSE.roles.percent.search(text):
            result.findings.append(
                _cell_finding(
                    row,
                    cell,
                    Severity.WARNING,
                    "amount.relative",
                    f"Tarif exprimé en pourcentage pour « {label} » : « {text} » "
                    "(non repris comme ligne). À vérifier.",
                )
            )
            return []
        return None
    if unit and any(p.unit and not _restates(p.unit, unit) for p in parts):
        return None  # a period in the cell and another in the unit column: for a person
    if unit:
        parts = [replace(p, unit="") for p in parts]  # "18,60 € / an / compte" beside its unit
    names = qualifiers_from_label(label, len(parts)) if len(parts) > 1 else None
    out = []
    for index, part in enumerate(parts):
        qualifier = part.qualifier or (names[index] if names else "")
        basis = TaxBasis(part.tax) if part.tax else columns.tax_basis
        out.append((part.amount, (qualifier,) if qualifier else (), part.unit or unit, basis))
    return out


# --- tiers -----------------------------------------------------------------------------


def _read_tiers(rows: Sequence[_Row], markers: dict[int, set[str]], result: TablesResult) -> None:
    previous_max: int | None = None
    for row in rows:
        label = _label(row, markers)
        if not label:
            continue
        bounds = parse_tier(label, previous_max)
        if bounds is None:
            result.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="tiers.unreadable",
                    message=f"Strate non reconnue : « {label} » (ignorée).",
                    page=row.grid.page,
                    bbox=row.bbox,
                )
            )
            continue
        if bounds.kind is TierKind.COLLECTIVITY:
            previous_max = bounds.max_population
        amount, cell, text = _price(row, row.columns.price, result, label)
        if amount is None and not text:
            result.findings.append(row.missing_amount(f"la strate « {label} »"))
        result.strata.append(
            _tier(row, label, bounds, amount, cell, text, row.text(row.columns.unit))
        )


def _tier(
    row: _Row,
    label: str,
    bounds: Bounds,
    amount: Amount | None,
    cell: Cell | None,
    text: str,
    unit: str,
) -> Tier:
    """A tier read from one cell of a row, with where it was read."""
    return Tier(
        label=label,
        kind=bounds.kind,
        min_population=bounds.min_population,
        max_population=bounds.max_population,
        amount=amount.value if amount is not None else None,
        on_quote=amount.on_quote if amount is not None else False,
        unit=unit,
        page=row.grid.page,
        bbox=row.bbox,
        amount_bbox=cell.bbox if cell is not None else None,
        amount_text=text or None,
        confidence=row.confidence,
    )


def _tiers_across(columns: Columns) -> bool:
    """A matrix whose price columns are population tiers ("Moins de 500 hab. | 500 à 999")."""
    heads = [path[-1] for _, path in columns.matrix if path]
    return (
        len(heads) == len(columns.matrix) > 1
        and all(looks_like_tier(h) for h in heads)
        and any(is_population_tier(h) for h in heads)
    )


_UNIT_PHRASE = re.compile(r"\bpar\b.*$", re.I)


def _read_tier_columns(
    rows: Sequence[_Row], markers: dict[int, set[str]], result: TablesResult
) -> None:
    """Tiers laid out as columns: one tier per column, the row telling what is billed."""
    for row in rows:
        label = _label(row, markers)
        unit = row.text(row.columns.unit)
        if not unit:
            phrase = _UNIT_PHRASE.search(label)
            unit = phrase.group(0) if phrase else label
        previous_max: int | None = None
        for column, path in row.columns.matrix:
            head = path[-1]
            bounds = parse_tier(head, previous_max)
            if bounds is None:
                continue
            if bounds.kind is TierKind.COLLECTIVITY:
                previous_max = bounds.max_population
            amount, cell, text = _price(row, column, result, head)
            result.strata.append(_tier(row, head, bounds, amount, cell, text, unit))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())
