"""Each column's role in a table, decided from what its cells hold.

A header is a hint, not a requirement: real tariff tables come with no header, with a
header that names only the price column ("Tarif proposé", "TARIFS TTC 2013"), or with
a header whose words say nothing of the roles ("Quotient familial | Ecole maternelle").
The cells say more: a column of amounts is a price column, a column of short periods
and measures ("heure", "par mois", "m²") is the unit, and of the columns of words the
most specific one (most distinct values, fewest merged cells) holds the line's label;
the others name its group.

:func:`infer_layout` reads the rows of one grid (texts, merged cells repeated) and
returns the rows that head it, the label, outer text, price and unit columns, and for
each price column the path of its header texts (outermost first) — the ``conditions``
of every price of a matrix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pipeline.parse.layout import join_lines
from pipeline.parse.money import AmountError, parse_amount
from pipeline.parse.price_cell import split_price_cell


@dataclass(frozen=True, slots=True)
class RoleSettings:
    """Vocabularies and proportions the column roles are decided with."""

    price_share: float = 0.5
    """A column whose filled data cells are amounts at least this often holds prices."""
    unit_share: float = 0.6
    """A text column whose filled cells read as units at least this often is the unit."""
    unit_max_words: int = 6
    label_share: float = 2.0
    """The innermost word column holds the label when it has at least 1/label_share as many
    different texts as the wordiest one (a sparse remark column does not)."""
    remark_header: re.Pattern[str] = re.compile(
        r"\b(observations?|remarques?|commentaires?|notes?|r[ée]f[ée]rences?|codes?|n°)\b", re.I
    )
    headings_under_header: int = 2
    """Heading rows that may stand between a header and the table's first priced row."""
    explanation_min_words: int = 14
    """A row of one cell longer than this is an explanation, not a heading."""
    unit_words: re.Pattern[str] = re.compile(
        r"\b(heures?|h|jours?|journ[ée]es?|demi-journ[ée]es?|semaines?|mois|mensuel(?:le)?|"
        r"an|ann[ée]es?|annuel(?:le)?|trimestres?|nuit[ée]?e?s?|soir[ée]es?|"
        r"m²|m2|m3|ml|m|km|kg|tonnes?|litres?|l|unit[ée]s?|pi[èe]ces?|personnes?|pers|"
        r"enfants?|adultes?|repas|places?|st[èe]res?|forfaits?|forfaitaire|s[ée]ances?|"
        r"passages?|entr[ée]es?|mn|min|minutes?|cours|le[çc]ons?|stages?|prestations?|"
        r"comptes?|licences?|postes?|go|to|mo|utilisateurs?|collectivit[ée]s?|sites?|"
        r"dossiers?|actes?|copies?|pages?|feuilles?|exemplaires?|emplacements?|"
        r"v[ée]hicules?|animal|animaux|t[êe]tes?|lots?|badges?|cartes?|tickets?|"
        r"manifestations?|[ée]v[ée]nements?|mandats?|domaines?|certificats?|jetons?)\b",
        re.I,
    )
    unit_lead: re.Pattern[str] = re.compile(r"^\s*(par|/|le|la|l'|les|chaque|à l')\b", re.I)
    not_applicable: re.Pattern[str] = re.compile(
        r"^\s*(?:/|x|-|–|—|n\.?\s?a\.?|sans objet)\s*$", re.I
    )
    percent: re.Pattern[str] = re.compile(r"\d\s*%")
    tax_header_ht: re.Pattern[str] = re.compile(r"\bH\.?\s?T\.?\b")
    tax_header_ttc: re.Pattern[str] = re.compile(
        r"\bT\.?\s?T\.?\s?C\.?\b|\bTVA\s*(?:\d|comprise|incluse)|\bTVAC\b", re.I
    )
    vat_header: re.Pattern[str] = re.compile(
        r"^\s*(?:montant\s+(?:de\s+(?:la\s+)?)?)?(?:TVA|T\.V\.A\.?|taux)\b", re.I
    )
    """A column of VAT amounts or rates ("TVA", "Montant TVA", "Taux"), not a price."""
    old_header: re.Pattern[str] = re.compile(
        r"\b(anciens?|anciennes?|actuels?|actuelles?|pr[ée]c[ée]dents?|en vigueur|rappel)\b",
        re.I,
    )
    new_header: re.Pattern[str] = re.compile(
        r"\b(nouveaux?|nouvelles?|à compter|a compter|applicables?|propos[ée]e?s?)\b", re.I
    )
    indicative_header: re.Pattern[str] = re.compile(r"\b(à|a) titre indicatif\b", re.I)
    """Prices shown for information ("A titre indicatif, tarif plafond 2013"): not set here."""
    year: re.Pattern[str] = re.compile(r"\b(20\d\d)\b")
    bare_number: re.Pattern[str] = re.compile(r"^\d+$")


DEFAULT_ROLES = RoleSettings()


class Kind(StrEnum):
    EMPTY = "empty"
    MONEY = "money"
    NUMBER = "number"
    """A bare whole number ("3", "2014"): a count, a rank or a year unless a header says €."""
    PERCENT = "percent"
    NA = "na"
    TEXT = "text"


def cell_kind(text: str, settings: RoleSettings = DEFAULT_ROLES) -> Kind:
    """What one cell holds: an amount (or several), a percentage, "n/a", words, nothing."""
    flat = " ".join(text.split())
    if not flat.strip(" -–—"):
        return Kind.EMPTY if not flat.strip() else Kind.NA
    if settings.not_applicable.match(flat):
        return Kind.NA
    try:
        amount = parse_amount(flat)
    except AmountError:
        amount = None
    if amount is not None and (amount.value is not None or amount.on_quote or amount.free):
        if amount.value is not None and settings.bare_number.match(flat):
            return Kind.NUMBER
        return Kind.MONEY
    if split_price_cell(flat):
        return Kind.MONEY
    if settings.percent.search(flat) and len(flat.split()) <= 4:
        return Kind.PERCENT
    return Kind.TEXT


def is_unit(text: str, settings: RoleSettings = DEFAULT_ROLES) -> bool:
    flat = " ".join(text.split())
    words = flat.split()
    if not words or len(words) > settings.unit_max_words or any(c.isdigit() for c in flat[:1]):
        return False
    return bool(settings.unit_words.search(flat)) or bool(settings.unit_lead.match(flat))


@dataclass(frozen=True, slots=True)
class Layout:
    """What the columns of a grid hold, from row ``header_rows`` down."""

    header_rows: int
    """The first data row: rows above it are the header (and titles above that)."""
    label: int
    outer: tuple[int, ...]
    """Text columns left of the label that name its group ("Domaine", "Prestation")."""
    prices: tuple[int, ...]
    """The price columns kept (old prices and VAT columns left out), left to right."""
    price_ht: int | None
    unit: int | None
    conditions: tuple[tuple[str, ...], ...]
    """For each kept price column, its header texts, outermost first."""
    header: tuple[str, ...]
    """Every column's header text (stacked header rows), empty without a header."""
    header_top: int = 0
    """The header's first row; rows above it are titles."""


def _distinct(row: Sequence[object]) -> list[int]:
    """Column indexes of the first slot of each distinct cell of the row."""
    seen: list[int] = []
    for index, cell in enumerate(row):
        if not any(cell is row[other] for other in seen):
            seen.append(index)
    return seen


def infer_layout(
    cells: Sequence[Sequence[object]],
    texts: Sequence[Sequence[str]],
    settings: RoleSettings = DEFAULT_ROLES,
    *,
    header_rows: int | None = None,
) -> Layout | None:
    """The layout of one grid, or None when no column holds prices.

    ``cells`` are the grid's cell objects (a merged cell is the same object in every
    slot it covers), ``texts`` their texts.
    """
    if not texts or not texts[0]:
        return None
    width = len(texts[0])
    kinds = [[cell_kind(t, settings) for t in row] for row in texts]
    first_data = next(
        (
            i
            for i, row in enumerate(kinds)
            if i >= (header_rows or 0) and Kind.MONEY in row and _has_label(row)
        ),
        None,
    )
    if first_data is None:
        return None
    data = range(first_data, len(texts))
    # a price cell merged over two columns counts for one of them only
    money = [
        sum(1 for r in data if kinds[r][c] is Kind.MONEY and _unshared(cells[r], c))
        for c in range(width)
    ]
    filled = [
        sum(1 for r in data if kinds[r][c] is not Kind.EMPTY and _own(cells, r, c))
        for c in range(width)
    ]
    prices = [c for c in range(width) if money[c] and money[c] >= settings.price_share * filled[c]]
    if not prices:
        return None
    top = 0
    if header_rows is None:
        # the rows just above the first priced row with words over a price column; a
        # heading (words in the label column only) or a title across the table is not
        header_rows = top = first_data
        cursor = top - 1
        headings = 0
        while cursor >= 0:
            if all(k is Kind.EMPTY for k in kinds[cursor]):
                cursor -= 1  # a blank row inside a header of merged cells
                continue
            if not _names_columns(cells[cursor], kinds[cursor], prices):
                if top == first_data and headings < settings.headings_under_header:
                    headings += 1  # a heading row between the header and its first line
                    cursor -= 1
                    continue
                break
            if top == first_data:
                header_rows = cursor + 1
            top = cursor
            cursor -= 1
    header = _stacked(cells, texts, top, header_rows)
    wordy = [
        sum(1 for r in data if kinds[r][c] is Kind.TEXT and _own(cells, r, c)) for c in range(width)
    ]
    texts_cols = [c for c in range(width) if c not in prices and wordy[c]]
    if not texts_cols:
        return None
    # the column with the most distinct words holds labels, whatever words they use
    leading = _most_specific(cells, texts, texts_cols, data)
    unit = _unit_column(
        cells, texts, kinds, [c for c in texts_cols if c != leading], data, header, settings
    )
    words = [c for c in texts_cols if c != unit and c < max(prices)]
    if not words:
        words = [c for c in texts_cols if c != unit]
    if not words:
        return None
    label = _innermost(cells, texts, words, data, header, settings)
    outer = tuple(c for c in words if c < label)
    kept, price_ht = _kept_prices(prices, header, settings)
    if not kept:
        return None
    if (
        len(kept) > 1
        and top > 0
        and top < header_rows
        and _spans_all(cells[top - 1], texts[top - 1])
    ):
        # a row across a price matrix, over its header: the top level of its column headers
        top -= 1
    conditions = tuple(_path(cells, texts, top, header_rows, c) for c in kept)
    return Layout(header_rows, label, outer, tuple(kept), price_ht, unit, conditions, header, top)


def _spans_all(row: Sequence[object], texts: Sequence[str]) -> bool:
    return len(_distinct(row)) == 1 and bool(texts[0].strip())


def _has_label(row: Sequence[Kind]) -> bool:
    return Kind.TEXT in row


def _names_columns(row: Sequence[object], kinds: Sequence[Kind], prices: Sequence[int]) -> bool:
    """A header row: no amount, words over a price column, not one cell across the table."""
    if Kind.MONEY in kinds or len(_distinct(row)) < 2:
        return False
    return any(kinds[c] is Kind.TEXT for c in prices)


def _unshared(row: Sequence[object], column: int) -> bool:
    cell = row[column]
    return sum(1 for other in row if other is cell) == 1


def _own(cells: Sequence[Sequence[object]], r: int, c: int) -> bool:
    """Whether slot (r, c) is the top-left slot of its cell (merged cells counted once)."""
    cell = cells[r][c]
    if c > 0 and cells[r][c - 1] is cell:
        return False
    return not (r > 0 and cells[r - 1][c] is cell)


def _stacked(
    cells: Sequence[Sequence[object]], texts: Sequence[Sequence[str]], top: int, rows: int
) -> tuple[str, ...]:
    return tuple(" ".join(_path(cells, texts, top, rows, c)) for c in range(len(texts[0])))


def _path(
    cells: Sequence[Sequence[object]],
    texts: Sequence[Sequence[str]],
    top: int,
    rows: int,
    column: int,
) -> tuple[str, ...]:
    """Header texts over a column: each spanning cell apart, the column's own cells as one."""
    spanning: list[str] = []
    own: list[str] = []
    seen: list[object] = []
    for r in range(top, rows):
        cell = cells[r][column]
        text = " ".join(texts[r][column].split())
        if not text or any(cell is s for s in seen):
            continue
        seen.append(cell)
        if sum(1 for other in cells[r] if other is cell) > 1:
            spanning.append(text)
        else:
            own.append(text)
    joined = join_lines(own)
    return (*spanning, joined) if joined else tuple(spanning)


def _unit_column(
    cells: Sequence[Sequence[object]],
    texts: Sequence[Sequence[str]],
    kinds: Sequence[Sequence[Kind]],
    candidates: Sequence[int],
    data: range,
    header: Sequence[str],
    settings: RoleSettings,
) -> int | None:
    best: tuple[float, int] | None = None
    for c in candidates:
        # headings spanning the row are not the column's own words
        values = [texts[r][c] for r in data if kinds[r][c] is Kind.TEXT and _unshared(cells[r], c)]
        if not values:
            continue
        share = sum(1 for v in values if is_unit(v, settings)) / len(values)
        named = bool(re.search(r"\bunit[ée]|p[ée]riodicit[ée]|facturation", header[c], re.I))
        if named or share >= settings.unit_share:
            score = share + (1 if named else 0)
            if best is None or score > best[0]:
                best = (score, c)
    return None if best is None else best[1]


def _innermost(
    cells: Sequence[Sequence[object]],
    texts: Sequence[Sequence[str]],
    columns: Sequence[int],
    data: range,
    header: Sequence[str],
    settings: RoleSettings,
) -> int:
    """The label column: of the word columns (Domaine | Prestation | Détail), the
    innermost (rightmost) that is not a remark column and names lines often enough."""
    named = [c for c in columns if not settings.remark_header.search(header[c])] or list(columns)
    counts = {c: _distinct_texts(cells, texts, c, data) for c in named}
    most = max(counts.values())
    enough = [c for c in named if counts[c] * settings.label_share >= most]
    return max(enough)


def _distinct_texts(
    cells: Sequence[Sequence[object]], texts: Sequence[Sequence[str]], c: int, data: range
) -> int:
    """Different texts of a column's own cells (not those spanning the row)."""
    return len(
        {
            " ".join(texts[r][c].casefold().split())
            for r in data
            if texts[r][c].strip() and _unshared(cells[r], c)
        }
    )


def _most_specific(
    cells: Sequence[Sequence[object]],
    texts: Sequence[Sequence[str]],
    columns: Sequence[int],
    data: range,
) -> int:
    """Of the text columns, the one with the most different words; leftmost on a tie."""

    return max(columns, key=lambda c: (_distinct_texts(cells, texts, c, data), -c))


def _kept_prices(
    prices: Sequence[int], header: Sequence[str], settings: RoleSettings
) -> tuple[list[int], int | None]:
    """Drop VAT and old-price columns; of an HT and a TTC column keep the TTC one."""
    prices = [c for c in prices if not settings.indicative_header.search(header[c])]
    if not prices:
        return [], None
    kept = [c for c in prices if not settings.vat_header.search(header[c])] or list(prices)
    current = [c for c in kept if not settings.old_header.search(header[c])] or kept
    new = [c for c in current if settings.new_header.search(header[c])]
    if new:
        current = new
    else:
        years = {c: int(m.group(1)) for c in current if (m := settings.year.search(header[c]))}
        if len(set(years.values())) > 1 and len(years) == len(current):
            latest = max(years.values())
            current = [c for c in current if years[c] == latest]
    ttc = [c for c in current if settings.tax_header_ttc.search(header[c])]
    ht = [
        c
        for c in current
        if settings.tax_header_ht.search(header[c])
        and not settings.tax_header_ttc.search(header[c])
    ]
    if ttc and ht and len(ttc) == len(ht) == 1:
        return ttc, ht[0]
    return current, None
