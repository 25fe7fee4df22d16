"""How a deliberation is laid out, and the blocks both renderers lay out the same way.

:func:`blocks` turns a :class:`~tests.pdfgen.spec.Deliberation` and a :class:`Layout`
into paragraphs, tables (rows of cells made of runs, some superscript) and page breaks;
``reportlab_doc`` and ``word_doc`` only draw them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from tests.pdfgen.spec import BudgetTable, Deliberation, Line, Tier, french_date

Column = Literal["ref", "category", "group", "label", "price", "unit", "note"]
""""category" and "group": the category and group names in their own columns, each
merged down over its lines, instead of heading rows."""

HEADER = "CENTRE DE GESTION DE LA FONCTION PUBLIQUE TERRITORIALE DU PAS-DE-CALAIS"

RGB = tuple[float, float, float]
"""A colour, each component from 0 to 1."""


@dataclass(frozen=True)
class Palette:
    """The colours of tables drawn in colour rather than in greys and black."""

    header: RGB
    """Fill of the header rows."""
    heading: RGB
    """Fill of the category rows (and of the lines drawn like them)."""
    title: RGB
    """Fill of the title rows spanning a table."""
    rule: RGB
    """Colour of every rule."""


@dataclass(frozen=True)
class Layout:
    """The look of a deliberation; nothing here changes what it says."""

    font: Literal["Helvetica", "Times", "DejaVu", "Narrow", "Calibri"] = "Helvetica"
    """"Narrow": Liberation Sans Narrow; "Calibri": named so in Word, which LibreOffice
    replaces by whatever it has (Word engine only)."""
    font_size: float = 10
    page: Literal["A4", "letter"] = "A4"
    margins: tuple[float, float, float, float] = (56.7, 56.7, 56.7, 56.7)
    """left, right, top, bottom in points."""
    rules: Literal["grid", "horizontal", "frame", "rects", "none"] = "grid"
    """"frame": a light grey outer frame and rules between rows, no inner vertical rule;
    "rects": a grid whose rules are thin filled rectangles, as Word draws them
    (reportlab engine only); "none": no rule at all, the columns set by white space."""
    columns: tuple[Column, ...] = ("label", "price", "unit")
    """Column order; "price" stands for every price column of the deliberation."""
    widths: dict[str, float] = field(
        default_factory=lambda: {"label": 0.42, "price": 0.2, "unit": 0.38}
    )
    """Share of the table width per column ("price" is shared by the price columns)."""
    label_header: str = "Service"
    price_headers: dict[str, str] = field(
        default_factory=lambda: {"TTC": "Tarif service TTC", "HT": "Tarif HT"}
    )
    unit_header: str = "Unité de facturation"
    tier_title: str | None = "Accompagnement et mise en service par le Centre de Gestion"
    tier_headers: tuple[str, str, str] = ("Collectivités", "Tarif", "Unité de facturation")
    shaded_headings: bool = True
    merge_quotes: bool = True
    """Consecutive "Sur devis" price cells merged into one cell spanning the rows."""
    repeat_header: bool = True
    annex: bool = False
    """Tables in an annex after the signature rather than in the exposé."""
    thousands: str | None = None
    """Thousands separator; None: U+202F with an embedded font (DejaVu, Word), else
    U+00A0 (the standard PDF fonts have no U+202F glyph)."""
    engine_embeds: bool = False
    """Set by the Word renderer: LibreOffice embeds its fonts."""
    euro: str = "\u00a0€"
    footnote_style: Literal["unicode", "raised"] = "raised"
    """"unicode": a superscript character (¹); "raised": a small raised digit."""
    page_numbers: bool = False
    ref_header: str = "N°"
    note_header: str = "Observations"
    price_group_header: str | None = None
    """A two-row header: this word ("Tarif") over the price columns, whose own headers
    ("HT", "TTC") stand in the second row; the other header cells span both rows."""
    tier_columns: tuple[Column, ...] | None = None
    """The tiers table's columns (default: those of ``columns`` among label, price, unit)."""
    heading_bold: bool = True
    group_italic: bool = False
    """Group rows in italics (and not bold)."""
    valign: Literal["top", "middle"] = "top"
    """Vertical alignment of the cells of a line (Word: and of the price cells)."""
    cell_padding: float | None = None
    """Cell margins in points (top/bottom and left/right), None for the renderer's own."""
    landscape_annex: bool = False
    """The annex on a landscape page (Word engine only)."""
    split_tables: bool = False
    """One services table per category, each with its own header row."""
    table_title: str | None = None
    """A first row spanning the services table, above its header ("ANNEXE 2 – TARIFS")."""
    spacer_rows: bool = False
    """An empty row before every category row but the first."""
    heading_price: str | None = None
    """Category and group rows not spanning the table: the name in the label column and
    this text ("—") in the price cells."""
    tiers_as_list: bool = False
    """The tiers as a bulleted list in the text ("- Moins de 500 habitants : 50 € par
    collectivité et par an") instead of a table."""
    stamp_at_end: bool = False
    """The prefecture's stamp after the signature (before the annex) instead of on top."""
    annex_title: str = "ANNEXE 2 – TARIFS EN VIGUEUR"
    services_header: bool = True
    """False: the services table has no header row, its lines come straight away."""
    category_header: str = "Domaine"
    group_header: str = "Prestation"
    category_boxes: bool = False
    """Each category's name in a one-cell framed table of its own above its services
    table (one table per category, each with its header row)."""
    break_before_group: str | None = None
    """The services table goes on over a new page right before this group's row, which
    is the first row there (no header repeated)."""
    side_by_side: bool = False
    """The services table cut in two blocks set side by side, the categories shared out
    between them, each block with its own header row (reportlab engine only)."""
    zebra: bool = False
    """Every other line row shaded light grey (reportlab engine only)."""
    heading_size: float | None = None
    """Font size of the category rows, None for the cells' own."""
    category_paragraphs: bool = False
    """Each category's name as a bold line of text above its own small table (one table
    per category, each with its header row)."""
    annex_letterhead: tuple[str, ...] = ()
    """Paragraphs of a letterhead repeated at the top of the annex page, above its title."""
    tiers_across: str | None = None
    """The tiers as columns of a single row: this text in the first cell, the tiers'
    labels as column headers and their amounts below."""
    palette: Palette | None = None
    """Tables in colour: rules in the palette's colour, header, category and title rows
    filled with its colours (when ``shaded_headings``); reportlab engine only."""


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Run:
    text: str
    sup: bool = False
    bold: bool = False
    italic: bool = False


Cell = tuple[Run, ...]


@dataclass
class Row:
    kind: Literal["title", "header", "category", "group", "line", "spacer"]
    cells: list[Cell]
    """One cell for title/category/group rows spanning the table, else one per column
    (category and group rows too with ``Layout.heading_price``; all empty: a spacer)."""
    spans: dict[int, int] = field(default_factory=dict)
    """Column index -> number of rows the cell spans downward (merged cells)."""
    hspans: dict[int, int] = field(default_factory=dict)
    """Column index -> number of columns the cell spans rightward (header rows)."""
    heading_look: bool = False
    """A line drawn like a category row (bold, shaded)."""


@dataclass
class Table:
    rows: list[Row]
    widths: list[float]
    """Share of the table width per column."""
    header_rows: int = 1
    price_cols: frozenset[int] = frozenset()
    """Indexes of the price columns (centred)."""


@dataclass
class Para:
    runs: Cell
    align: Literal["left", "center", "right", "justify"] = "justify"
    bold: bool = False
    small: bool = False
    keep_with_next: bool = False
    """Kept on the same page as the next paragraph (the lines of a stamp)."""


@dataclass
class PageBreak:
    landscape: bool = False


@dataclass
class SideBySide:
    """Tables set next to each other across the page."""

    tables: list[Table]


Block = Para | Table | PageBreak | SideBySide


def money(amount: Decimal, layout: Layout) -> str:
    """'1 104,00 €' with the layout's thousands separator and euro sign."""
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    sep = layout.thousands
    if sep is None:
        sep = "\u202f" if layout.font == "DejaVu" or layout.engine_embeds else "\u00a0"
    return f"{sep.join(groups)},{cents}{layout.euro}"


def marked(text: str, footnote: str | None, layout: Layout, *, bold: bool = False) -> Cell:
    if not footnote:
        return (Run(text, bold=bold),)
    if layout.footnote_style == "unicode":
        return (Run(text + footnote.translate(SUPERSCRIPTS), bold=bold),)
    return (Run(text, bold=bold), Run(footnote, sup=True, bold=bold))


def _price_text(line: Line, basis: str, layout: Layout) -> str:
    if line.written is not None:
        return line.written
    if line.on_quote:
        return "Sur devis"
    if line.free:
        return "Gratuit"
    if basis == "TVA":
        return money(line.ttc - line.ht, layout)
    return money(line.ttc if basis == "TTC" else line.ht, layout)


def _order(columns: tuple[Column, ...], cells: dict[str, list[Cell]]) -> list[Cell]:
    out: list[Cell] = []
    for column in columns:
        out.extend(cells.get(column) or [()])
    return out


def _widths(layout: Layout, columns: tuple[Column, ...], n_prices: int) -> list[float]:
    out: list[float] = []
    for column in columns:
        if column == "price":
            out.extend([layout.widths["price"] / n_prices] * n_prices)
        else:
            out.append(layout.widths[column])
    total = sum(out)
    return [w / total for w in out] if abs(total - 1) > 1e-6 else out


def _price_columns(columns: tuple[Column, ...], n_prices: int) -> list[int]:
    index, out = 0, []
    for column in columns:
        if column == "price":
            out.extend(range(index, index + n_prices))
            index += n_prices
        else:
            index += 1
    return out


def _merge_quotes(rows: list[Row], quoted: list[bool], price_cols: list[int]) -> None:
    """Merge runs of consecutive "Sur devis" price cells into one spanning cell."""
    i = 0
    while i < len(rows):
        if not quoted[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(rows) and quoted[j + 1]:
            j += 1
        if j > i:
            for col in price_cols:
                rows[i].spans[col] = j - i + 1
                for k in range(i + 1, j + 1):
                    rows[k].cells[col] = ()
        i = j + 1


def _header_rows(layout: Layout, columns: tuple[Column, ...], bases) -> list[Row]:
    words = {
        "ref": layout.ref_header,
        "category": layout.category_header,
        "group": layout.group_header,
        "label": layout.label_header,
        "unit": layout.unit_header,
        "note": layout.note_header,
    }
    n = len(bases)
    if layout.price_group_header is None:
        header = {k: [(Run(v, bold=True),)] for k, v in words.items()}
        header["price"] = [(Run(layout.price_headers.get(b, b), bold=True),) for b in bases]
        return [Row("header", _order(columns, header))]
    top = {k: [(Run(v, bold=True),)] for k, v in words.items()}
    top["price"] = [(Run(layout.price_group_header, bold=True),)] + [()] * (n - 1)
    bottom = {k: [()] for k in words}
    bottom["price"] = [(Run(layout.price_headers.get(b, b), bold=True),) for b in bases]
    first, second = Row("header", _order(columns, top)), Row("header", _order(columns, bottom))
    prices = _price_columns(columns, n)
    for index in range(len(first.cells)):
        if index not in prices:
            first.spans[index] = 2
    if n > 1:
        first.hspans[prices[0]] = n
    return [first, second]


def _heading_row(kind, name: str, layout: Layout, n: int, **look) -> Row:
    run = (Run(name, **look),)
    if layout.heading_price is None:
        return Row(kind, [run])
    cells = {"ref": [()], "label": [run], "unit": [()], "note": [()]}
    cells["price"] = [(Run(layout.heading_price, **look),)] * n
    return Row(kind, _order(layout.columns, cells))


def services_tables(delib: Deliberation, layout: Layout) -> list[Block]:
    """The services table, or one per category (``Layout.split_tables``, and
    ``Layout.category_boxes`` each under its name in a one-cell table,
    ``Layout.category_paragraphs`` under its name in bold text), or two blocks side by
    side (``Layout.side_by_side``)."""
    if layout.break_before_group is not None:
        return _broken_table(services_table(delib, layout), layout.break_before_group)
    if layout.side_by_side:
        half = (len(delib.categories) + 1) // 2
        parts = (delib.categories[:half], delib.categories[half:])
        return [SideBySide([services_table(replace(delib, categories=c), layout) for c in parts])]
    if not (layout.split_tables or layout.category_boxes or layout.category_paragraphs):
        return [services_table(delib, layout)]
    out: list[Block] = []
    for index, category in enumerate(delib.categories):
        part = replace(delib, categories=(category,))
        title = layout.table_title if index == 0 else None
        if layout.category_boxes:
            box = Row("title", [(Run(category.name, bold=layout.heading_bold),)])
            out.append(Table([box], [1.0], 0))
            part = replace(part, categories=(replace(category, name=""),))
        if layout.category_paragraphs:
            out.append(Para((Run(category.name, bold=True),), align="left"))
            part = replace(part, categories=(replace(category, name=""),))
        out.append(services_table(part, replace(layout, table_title=title)))
    return out


def _broken_table(table: Table, group: str) -> list[Table | PageBreak]:
    """The table cut before the row of ``group``, the rest on a new page, no header."""
    at = next(
        i
        for i, row in enumerate(table.rows)
        if row.kind == "group" and "".join(r.text for r in row.cells[0]) == group
    )
    first = Table(table.rows[:at], table.widths, table.header_rows, table.price_cols)
    rest = Table(table.rows[at:], table.widths, 0, table.price_cols)
    return [first, PageBreak(), rest]


def services_table(delib: Deliberation, layout: Layout) -> Table:
    bases = delib.matrix_columns or delib.price_columns
    n = len(bases)
    columns = layout.columns
    rows = []
    if layout.table_title:
        rows.append(Row("title", [(Run(layout.table_title, bold=True),)]))
    if layout.services_header:
        rows.extend(_header_rows(layout, columns, bases))
    header_rows = len(rows)
    ncols = len(_widths(layout, columns, n))
    block: list[Row] = []
    quoted: list[bool] = []
    price_cols = _price_columns(columns, n)
    counter = iter(range(1, 1000))
    group_look = {"bold": not layout.group_italic, "italic": layout.group_italic}

    def flush():
        if layout.merge_quotes:
            _merge_quotes(block, quoted, price_cols)
        rows.extend(block)
        block.clear()
        quoted.clear()

    category_col = columns.index("category") if "category" in columns else None
    group_col = columns.index("group") if "group" in columns else None

    def prices(line: Line, bold: bool) -> list[Cell]:
        if delib.matrix_columns:
            return [(Run(money(amount, layout), bold=bold),) for amount in line.matrix]
        return [(Run(_price_text(line, b, layout), bold=bold),) for b in delib.price_columns]

    for number, category in enumerate(delib.categories):
        flush()
        if layout.spacer_rows and number:
            rows.append(Row("spacer", [()] * ncols))
        first_of_category = True
        if category.name and category_col is None:
            rows.append(
                _heading_row("category", category.name, layout, n, bold=layout.heading_bold)
            )
        for group in category.groups:
            if group.name and group_col is None:
                flush()
                rows.append(_heading_row("group", group.name, layout, n, **group_look))
            for index, line in enumerate(group.lines):
                bold = line.heading_look
                label = marked(line.label, line.footnote, layout, bold=bold)
                cells = {
                    "ref": [(Run(str(next(counter)), bold=bold),)],
                    "label": [label],
                    "price": prices(line, bold),
                    "unit": [(Run(line.unit, bold=bold),)],
                    "note": [(Run(line.note),) if line.note else ()],
                }
                spans = {}
                if category_col is not None:
                    if first_of_category:
                        cells["category"] = [(Run(category.name, bold=layout.heading_bold),)]
                        spans[category_col] = sum(len(g.lines) for g in category.groups)
                    first_of_category = False
                if group_col is not None:
                    if group.name is None:
                        cells["group"], cells["label"] = [label], [()]
                    elif index == 0:
                        cells["group"] = [(Run(group.name, **group_look),)]
                        spans[group_col] = len(group.lines)
                row = Row("line", _order(columns, cells), heading_look=line.heading_look)
                row.spans.update({c: k for c, k in spans.items() if k > 1})
                block.append(row)
                quoted.append(line.on_quote and line.written is None)
    flush()
    return Table(rows, _widths(layout, columns, n), header_rows, frozenset(price_cols))


def _tier_price(tier: Tier, layout: Layout) -> str:
    if tier.written is not None:
        return tier.written
    if tier.on_quote:
        return "Sur devis"
    return money(tier.amount, layout)


def tiers_across_table(delib: Deliberation, layout: Layout) -> Table:
    """The tiers as columns: a header row of their labels, one row of amounts."""
    n = len(delib.tiers)
    rows = []
    if layout.tier_title:
        rows.append(Row("title", [(Run(layout.tier_title, bold=True),)]))
    header = [(Run(layout.tier_headers[0], bold=True),)]
    header += [marked(t.label, t.footnote, layout, bold=True) for t in delib.tiers]
    rows.append(Row("header", header))
    amounts = [(Run(layout.tiers_across),)] + [(Run(_tier_price(t, layout)),) for t in delib.tiers]
    rows.append(Row("line", amounts))
    first = 0.22
    widths = [first] + [(1 - first) / n] * n
    return Table(rows, widths, len(rows) - 1, frozenset(range(1, n + 1)))


def tiers_table(delib: Deliberation, layout: Layout) -> Table:
    if layout.tiers_across is not None:
        return tiers_across_table(delib, layout)
    columns = layout.tier_columns or tuple(
        c for c in layout.columns if c in ("label", "price", "unit")
    )
    label, price, unit = layout.tier_headers
    header = {
        "ref": [(Run(layout.ref_header, bold=True),)],
        "label": [(Run(label, bold=True),)],
        "price": [(Run(price, bold=True),)],
        "unit": [(Run(unit, bold=True),)],
        "note": [(Run(layout.note_header, bold=True),)],
    }
    rows = []
    if layout.tier_title:
        rows.append(Row("title", [(Run(layout.tier_title, bold=True),)]))
    rows.append(Row("header", _order(columns, header)))
    body = []
    for number, tier in enumerate(delib.tiers, 1):
        cells = {
            "ref": [(Run(str(number)),)],
            "label": [marked(tier.label, tier.footnote, layout)],
            "price": [(Run(_tier_price(tier, layout)),)],
            "unit": [(Run(tier.unit),)],
            "note": [(Run(tier.note),) if tier.note else ()],
        }
        body.append(Row("line", _order(columns, cells)))
    prices = _price_columns(columns, 1)
    if layout.merge_quotes:
        quoted = [t.on_quote and t.written is None for t in delib.tiers]
        _merge_quotes(body, quoted, prices)
    rows.extend(body)
    return Table(rows, _widths(layout, columns, 1), len(rows) - len(body), frozenset(prices))


def _footnote_para(marker: str, text: str, layout: Layout) -> Para:
    return Para((*marked("", marker, layout), Run(text)), align="left", small=True)


def _tier_list(delib: Deliberation, layout: Layout) -> list[Block]:
    """The tiers written as a bulleted list under the tiers' title."""
    out: list[Block] = []
    if layout.tier_title:
        out.append(Para((Run(layout.tier_title + " :"),), align="left"))
    for tier in delib.tiers:
        unit = f" {tier.unit[0].lower()}{tier.unit[1:]}" if tier.unit else ""
        text = f"- {tier.label} : {_tier_price(tier, layout)}{unit} ;"
        out.append(Para((Run(text),), align="left"))
    return out


def budget_table(budget: BudgetTable, layout: Layout) -> Table:
    """A budget table: its title, "Chapitre | Article | Libellé | Montant", the rows and
    a total row summing them up."""
    header = ("Chapitre", "Article", "Libellé", "Montant")
    rows = [
        Row("title", [(Run(budget.title, bold=True),)]),
        Row("header", [(Run(word, bold=True),) for word in header]),
    ]
    for chapter, article, label, amount in budget.rows:
        cells = (chapter, article, label, money(amount, layout))
        rows.append(Row("line", [(Run(text),) for text in cells]))
    total = sum((amount for *_, amount in budget.rows), Decimal(0))
    cells = ((), (), (Run("Total", bold=True),), (Run(money(total, layout), bold=True),))
    rows.append(Row("line", list(cells)))
    return Table(rows, [0.14, 0.14, 0.5, 0.22], 2, frozenset({3}))


def _tables(delib: Deliberation, layout: Layout) -> list[Block]:
    out: list[Block] = list(services_tables(delib, layout)) if delib.categories else []
    if delib.service_footnote:
        marker = next(line.footnote for _, _, line in delib.lines() if line.footnote)
        out.append(_footnote_para(marker, delib.service_footnote, layout))
    out.extend(Para((Run(text),), align="left", small=True) for text in delib.price_footnotes)
    if not delib.tiers:
        pass
    elif layout.tiers_as_list:
        out.extend(_tier_list(delib, layout))
    else:
        out.append(tiers_table(delib, layout))
    if delib.tier_footnote:
        marker = next((t.footnote for t in delib.tiers if t.footnote), None)
        if marker:
            out.append(_footnote_para(marker, delib.tier_footnote, layout))
        else:
            out.append(Para((Run(delib.tier_footnote),), align="left", small=True))
    return out


def blocks(delib: Deliberation, layout: Layout) -> list[Block]:
    """The document, top to bottom (the page header is drawn by the renderers)."""
    s = delib.sitting
    stamp = [
        Para((Run(t),), align="right", small=True, keep_with_next=i < len(s.stamp) - 1)
        for i, t in enumerate(s.stamp)
    ]
    out: list[Block] = [] if layout.stamp_at_end else list(stamp)
    out.extend(Para((Run(t, bold=True),), align="left") for t in s.heading)
    out.extend(Para((Run(t, bold=True),), align="center") for t in delib.title)

    def p(text: str, **kw) -> None:
        out.append(Para((Run(text, bold=kw.pop("bold", False)),), **kw))

    secretary = s.secretary_line or f"Le secrétaire de séance désigné est {s.secretary}."
    if s.secretary_first:
        p(secretary, align="left")
    p(
        s.opening
        or f"Le Conseil d'Administration s'est réuni le "
        f"{french_date(s.date, capitalised=True, weekday=True)} à {s.hour}, {s.room} à "
        f"{s.place}, sous la présidence de {s.president_civility} {s.president}, "
        f"Président du CDG 62."
    )
    if not s.secretary_first:
        p(secretary)
    if s.presence is not None:
        for text in s.presence:
            p(text, align="left")
    else:
        p("Etaient présents : " + " – ".join(s.present) + ".")
        if s.absent:
            p("Etaient absents ou excusés : " + " – ".join(s.absent) + ".")
    p("Vu le Code Général des Collectivités Territoriales ;", align="left")
    p("Vu le Code général de la fonction publique ;", align="left")
    for number, day in s.references:
        p(f"Vu la délibération {number} du {french_date(day, capitalised=True)} ;", align="left")
    where = "figurant en annexe" if layout.annex else "suivants"
    preamble = delib.preamble or (
        "Le Centre de Gestion du Pas-de-Calais et le Syndicat Mixte la Fibre Numérique 5962 "
        "ont signé une convention de partenariat afin de proposer un pack numérique de base "
        "aux collectivités territoriales du Pas-de-Calais.",
        "La convention tripartite permet aux collectivités territoriales et à leurs "
        "établissements publics d'accéder aux différents services proposés par le Syndicat "
        "Mixte de manière unitaire, avec l'accompagnement du Centre de gestion.",
        "La participation financière de la collectivité ou de l'établissement fera l'objet "
        "d'un devis émis par La Fibre Numérique 5962 pour les services, et par le Centre de "
        f"gestion pour l'accompagnement, en se basant sur les tarifs {where} :",
    )
    if delib.budget and delib.preamble is None:
        # the budget comes first: the paragraph announcing the tariffs follows it
        preamble = preamble[:-1]
    for text in preamble:
        p(text)
    for text in delib.exposition:
        p(text)
    if delib.budget:
        p(delib.budget_intro)
        out.extend(budget_table(b, layout) for b in delib.budget)
        if delib.preamble is None:
            p(
                "La participation financière de la collectivité ou de l'établissement fera "
                "l'objet d'un devis émis par La Fibre Numérique 5962 pour les services, et "
                "par le Centre de gestion pour l'accompagnement, en se basant sur les tarifs "
                f"{where} :"
            )
    if not layout.annex:
        out.extend(_tables(delib, layout))
    p(f"Le Président propose aux membres du {s.assembly} :", align="left")
    p(
        delib.proposal
        or "- d'arrêter les nouveaux tarifs de l'annexe 2 de la convention tripartite ;",
        align="left",
    )
    p(f"Le {s.assembly},", align="left")
    p("Après avoir entendu l'exposé de son Président,", align="left")
    p(s.vote.wording, align="left")
    effective = ""
    if s.effective_date:
        effective = ", " + s.effective_wording.format(date=french_date(s.effective_date))
    p(
        s.decision
        or f"ARRETE les tarifs présents dans l'annexe 2 de la convention tripartite{effective} ;",
        bold=True,
    )
    p(
        delib.authorisation
        or "AUTORISE le Président à signer les conventions tripartites avec les collectivités "
        "et établissements qui souhaitent bénéficier de ces services.",
        bold=True,
    )
    for text in s.after_decision:
        p(text, bold=True)
    closing = s.closing or (
        "Ainsi fait et délibéré en séance,",
        f"À {s.place}, le {french_date(s.date)}",
        "Le Président,",
        s.president,
    )
    for text in closing:
        p(text, align="right")
    if layout.stamp_at_end:
        out.extend(stamp)
    if layout.annex:
        out.append(PageBreak(landscape=layout.landscape_annex))
        for text in layout.annex_letterhead:
            p(text, align="center")
        p(layout.annex_title, align="center", bold=True)
        out.extend(_tables(delib, layout))
    return out


FIRST_NAMES = (
    ("M.", "Jean-Marc"),
    ("Mme", "Sylvie"),
    ("M.", "Thierry"),
    ("Mme", "Isabelle"),
    ("M.", "Olivier"),
    ("Mme", "Nathalie"),
    ("M.", "Christophe"),
    ("Mme", "Brigitte"),
    ("M.", "Frédéric"),
    ("Mme", "Anne-Sophie"),
    ("M.", "Philippe"),
    ("Mme", "Martine"),
)
SURNAMES = (
    "DUQUESNE",
    "LEROY",
    "VASSEUR",
    "DEBAVELAERE",
    "CARON",
    "WILLEMETZ",
    "LECLERCQ",
    "FOURNIER",
    "DELCOURT",
    "BOULANGER",
    "HENNEBELLE",
    "MAQUINGHEN",
    "DERAMECOURT",
    "LAGACHE",
    "POTTIER",
    "DUFLOS",
)
COMMUNES = (
    "LIEVIN",
    "AIRE-SUR-LA-LYS",
    "HESDIN",
    "FRUGES",
    "AVESNES-LE-COMTE",
    "MARQUISE",
    "BAPAUME",
    "NOEUX-LES-MINES",
    "SAINT-POL-SUR-TERNOISE",
    "LUMBRES",
    "FREVENT",
    "AUXI-LE-CHATEAU",
)
ROLES = ("Maire de", "Adjoint au Maire de", "Conseiller municipal de", "Maire de")


def members(count: int, seed: int) -> tuple[str, ...]:
    """Made-up board members: 'M. Thierry CARON, Maire de HESDIN'."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        civility, first = rng.choice(FIRST_NAMES)
        role = rng.choice(ROLES)
        if civility == "Mme":
            role = role.replace("Adjoint ", "Adjointe ").replace("Conseiller ", "Conseillère ")
        out.append(f"{civility} {first} {rng.choice(SURNAMES)}, {role} {rng.choice(COMMUNES)}")
    return tuple(out)
