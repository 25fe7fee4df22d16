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
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.models import Finding, ServiceLine, Severity, TaxBasis, Tier, TierKind
from pipeline.parse.grid import HEADER_PRICE, Cell, Grid
from pipeline.parse.money import AmountError, parse_amount
from pipeline.parse.tiers import looks_like_tier, parse_tier
from pipeline.read.document import BBox, Fill

_UNIT = re.compile(r"\b(unit[ée]s?|facturation|p[ée]riodicit[ée]|modalit[ée]s?)\b", re.I)
_LABEL = re.compile(
    r"\b(services?|prestations?|d[ée]signation|libell[ée]s?|collectivit[ée]s?|strates?|"
    r"population|tranches?|offres?|produits?|articles?)\b",
    re.I,
)
_HT = re.compile(r"\bH\.?\s?T\.?\b")
_TTC = re.compile(r"\bT\.?\s?T\.?\s?C\.?\b", re.I)


@dataclass(frozen=True, slots=True)
class Columns:
    label: int
    price: int | None
    price_ht: int | None
    unit: int | None
    tax_basis: TaxBasis
    header: tuple[str, ...]


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
        return None if column is None else self.cells[column]

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


def read_tables(
    grids: Sequence[Grid], fills: dict[int, list[Fill]], markers: dict[int, set[str]]
) -> TablesResult:
    """Service lines and tiers of every priced table, in document order."""
    rows = _rows_of_priced_tables(grids)
    result = TablesResult(tables=len({row.table for row in rows}))
    for table in sorted({row.table for row in rows}):
        table_rows = _merge_continuations([r for r in rows if r.table == table])
        data = [r for r in table_rows if not _is_heading(r)]
        tier_like = sum(1 for r in data if looks_like_tier(_label(r, markers)))
        if data and tier_like * 2 >= len(data):
            _read_tiers(data, markers, result)
        else:
            _read_services(table_rows, fills, markers, result)
    return result


# --- tables and their columns ----------------------------------------------------


_OLD = re.compile(
    r"\b(anciens?|anciennes?|actuels?|actuelles?|pr[ée]c[ée]dents?|en vigueur)\b", re.I
)
_NEW = re.compile(
    r"\b(nouveaux?|nouvelles?|à compter|a compter|applicables?|propos[ée]e?s?)\b", re.I
)
_YEAR = re.compile(r"\b(20\d\d)\b")


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
    if not every_price:
        return None
    prices = _current_prices(texts, every_price)
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


def _header_of(texts: Sequence[str]) -> Columns | None:
    """The columns header texts name, or None when they are not a header."""
    columns = _columns(texts)
    if columns is None or not any(_UNIT.search(t) or _LABEL.search(t) for t in texts):
        return None
    return columns


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
    single = _header_of([c.text for c in row])
    return (single, 1) if single is not None else None


_HEADER_WORD = re.compile(r"^(?:€|euros?|20\d\d)$", re.I)


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
    table of the page before when it opens its page with the same number of columns.
    """
    rows: list[_Row] = []
    table = -1
    columns: Columns | None = None
    last_grid: Grid | None = None
    for grid in grids:
        new_grid = last_grid is not None and not _continues(last_grid, grid, grids)
        if columns is not None and new_grid and _header(grid, 0) is None:
            columns = None  # a headerless grid that does not continue the table
        index = 0
        while index < len(grid.rows):
            cells = grid.rows[index]
            found = _header(grid, index)
            if found is not None:
                header, height = found
                if columns is None or header.header != columns.header:
                    table += 1
                    columns = header
                above = rows[-1] if rows else None
                if above and above.grid is grid and above.index == index - 1 and _is_heading(above):
                    rows.pop()  # the table's title row, above its header
                index += height  # a new header, or the same one repeated on the next page
                continue
            filled = _fold(" ".join(c.text for c in cells))
            if columns is not None and filled and len(cells) == len(columns.header):
                rows.append(_Row(grid, index, columns, table))
            index += 1
        last_grid = grid
    return rows


def _continues(previous: Grid, grid: Grid, grids: Sequence[Grid]) -> bool:
    return (
        grid.page == previous.page + 1
        and grid.columns == previous.columns
        and _first_on_page(grid, grids)
    )


def _first_on_page(grid: Grid, grids: Sequence[Grid]) -> bool:
    return min((g.bbox[1] for g in grids if g.page == grid.page), default=0) == grid.bbox[1]


def _merge_continuations(rows: list[_Row]) -> list[_Row]:
    """On tables without horizontal rules, fold wrapped lines into the row above."""
    merged: list[_Row] = []
    for row in rows:
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
    return merged


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
    if len(filled) == 1 and len(row.distinct) == 1:
        return True
    if len(filled) == 1 and filled[0] is not row.cell(row.columns.label):
        # a heading centred across the columns of a table without vertical rules
        return not _is_amount(filled[0].text) and not _spans_rows(row, filled[0])
    label = row.text(row.columns.label)
    others = [
        row.cell(i)
        for i in (row.columns.price, row.columns.price_ht, row.columns.unit)
        if i is not None
    ]
    if not label or any(c is not None and not _blank(c.text) for c in others):
        return False
    # a label alone; a merged price cell from above still makes it a data row
    price = row.cell(row.columns.price)
    return not (price is not None and _spans_rows(row, price))


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
    return (shade, cell.bold, upper, size)


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
    return strip_marker(row.text(row.columns.label), markers.get(row.grid.page, set()))


_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡"


def strip_marker(label: str, markers: set[str]) -> str:
    """Drop a footnote marker glued to the label's last word ("public1" → "public")."""
    label = label.strip()
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
    prefix: str | None = None
    group_fresh = False
    for position, row in enumerate(rows):
        if position in levels:
            text = _label(row, markers) or next(c.text for c in row.distinct if c.text)
            if levels[position] == "category":
                category, group = text, None
            else:
                group = text
            prefix, group_fresh = None, True
            continue
        label = _label(row, markers)
        if not label:
            continue
        if group is not None:
            starts = _fold(label).startswith(_fold(group) + " ")
            if group_fresh:
                prefix = _fold(group) if starts else None
                group_fresh = False
            elif prefix is not None and not starts:
                group, prefix = None, None
        line = _service_line(row, label, category, group, result)
        if line is not None:
            result.services.append(line)


def _price(row: _Row, column: int | None, result: TablesResult, label: str):
    cell = row.cell(column)
    text = cell.text if cell is not None else ""
    if not text:
        return None, cell, text
    try:
        amount = parse_amount(text)
    except AmountError:
        result.findings.append(
            Finding(
                severity=Severity.ERROR,
                code="amount.unreadable",
                message=f"Montant illisible pour « {label} » : « {text} ».",
                page=row.grid.page,
                bbox=cell.bbox if cell is not None else row.bbox,
            )
        )
        return None, cell, text
    if amount.floor is not None:
        result.findings.append(
            Finding(
                severity=Severity.WARNING,
                code="amount.floor",
                message=f"Tarif « {text} » pour « {label} » : un prix plancher, pas un prix ; "
                "lu comme « sur devis ». À vérifier.",
                page=row.grid.page,
                bbox=cell.bbox if cell is not None else row.bbox,
            )
        )
    return amount, cell, text


def _service_line(
    row: _Row, label: str, category: str | None, group: str | None, result: TablesResult
) -> ServiceLine | None:
    columns = row.columns
    amount, cell, text = _price(row, columns.price, result, label)
    amount_ht = None
    if columns.price_ht is not None and columns.price_ht != columns.price:
        ht, _, _ = _price(row, columns.price_ht, result, label)
        amount_ht = ht.value if ht is not None else None
    if amount is None and text == "":
        result.findings.append(row.missing_amount(f"« {label} »"))
    return ServiceLine(
        category=category,
        group=group,
        label=label,
        amount=amount.value if amount is not None else None,
        tax_basis=columns.tax_basis,
        on_quote=amount.on_quote if amount is not None else False,
        free=amount.free if amount is not None else False,
        unit=row.text(columns.unit),
        amount_ht=amount_ht if columns.tax_basis is TaxBasis.TTC else None,
        page=row.grid.page,
        bbox=row.bbox,
        amount_bbox=cell.bbox if cell is not None else None,
        amount_text=text or None,
        confidence=row.confidence,
    )


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
            Tier(
                label=label,
                kind=bounds.kind,
                min_population=bounds.min_population,
                max_population=bounds.max_population,
                amount=amount.value if amount is not None else None,
                on_quote=amount.on_quote if amount is not None else False,
                unit=row.text(row.columns.unit),
                page=row.grid.page,
                bbox=row.bbox,
                amount_bbox=cell.bbox if cell is not None else None,
                amount_text=text or None,
                confidence=row.confidence,
            )
        )


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())
