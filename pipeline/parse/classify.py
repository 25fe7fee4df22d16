"""Tell tariff tables from the other tables full of euros.

Minutes and deliberations carry many tables of amounts that set no price: budget
transfers (chapters, expenses and receipts), financing plans, subsidies per
beneficiary, bids, multi-year programmes, sales counts, operators' reports that the
council only takes note of. :func:`classify_table` weighs the evidence of one table
(header wording, cell content, totals that add up, the deliberation's context) and
says whether it sets prices, with a French reason for the staff.

All vocabularies and weights live in :class:`ClassifySettings`; :data:`SETTINGS` is
the default instance.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.parse.money import AmountError, parse_amount


@dataclass(frozen=True, slots=True)
class TableContext:
    """What is known around a table."""

    section_title: str | None = None
    """The deliberation's object, when known ("Tarifs municipaux 2014")."""
    text_before: str = ""
    """Running text just above the table (a few lines)."""
    takes_note: bool = False
    """The council only "prend acte" of a report."""
    about_tariffs: bool | None = None
    """Whether the deliberation's object sets prices (None: unknown)."""


@dataclass(frozen=True, slots=True)
class Decision:
    is_tariff: bool
    reason: str
    """French, for the staff."""
    score: float
    """Above zero for a tariff table, below for any other, for debugging."""


@dataclass(frozen=True, slots=True)
class ClassifySettings:
    """Vocabularies (regular expressions on accent-free lower-case text) and weights."""

    # --- vocabularies -------------------------------------------------------------
    tariff_words: str = (
        r"\b(tarifs?|tarification|prix|redevances?|ttc|ht|forfaits?|abonnements?|"
        r"plein tarif|demi[- ]tarif|tarif reduit|gratuite?s?|sur devis|droits? d|"
        r"location|unite de facturation|cotisations?|participation|quotient|taux d'effort)\b"
    )
    unit_cell: str = (
        r"^(par\b.*|/\s*\w.*|u|unite|heure|h|jour|mois|an|semaine|forfait|"
        r"(u|m2|m²|ml|m|h|€|paire)\s*/\s*\w.*|h\s*/\s*agent)$"
    )
    unit_in_price: str = r"(€|euros?)\s*(ht|ttc)?\s*(/|par\b)"
    population_tier: str = r"\b(moins|plus) de [\d\s\u00a0\u202f.]+ habitants\b|\bhabitants\b"
    quotient_tier: str = r"^\s*(q\s*\d+\b|qf\b|quotient|tranche\s+\d)"
    budget_words: str = (
        r"\b(depenses?|recettes?|investissement|fonctionnement|chapitres?|chap\.?|"
        r"articles? budgetaires?|imputation|credits?|bp\s*20\d\d|bp|dm\s*\d*|"
        r"decisions? modificatives?|virement|amortissements?|emprunts?|dotations?|"
        r"immobilisations?|provisions?|resultat|exercice|realise|"
        r"montant ap|ap\s*\d+|operations? patrimoniales|"
        r"charges? (a caractere general|de personnel|financieres|exceptionnelles|"
        r"d'exploitation|de structure|totales)|produits? (d'exploitation|"
        r"exceptionnels|des services|financiers|divers)|milliers d|k€|"
        r"attribution de compensation|ac provisoire|charge transferee)\b"
    )
    budget_code: str = (
        r"^(chap(itre)?\.?\s*\d+|art(icle)?\.?\s*\d+|[dr]\s?-?\s?\d{3,6}\b|"
        r"(ap|op(eration)?)\s*\d{2,4}\b|\*?\s*0?\d{2,4}\s*[-–:]\s*\D|\d{2,3}$)"
    )
    total_label: str = r"^(sous[- ]?)?totale?s?\b|^montant total\b"
    bid_words: str = (
        r"\b(offres?|notes?|candidats?|soumissionnaires?|entreprises?|attributaires?|"
        r"classement|rang|lots?|montant contractuel|accord-cadre|marches?)\b"
    )
    bid_strong: str = (
        r"\b(notes?|candidats?|soumissionnaires?|attributaires?|classement|"
        r"montant contractuel|offres?)\b"
    )
    beneficiary_label: str = (
        r"^(association|asso\.?|club|amicale|comite|union sportive|us |as |ass\.|"
        r"societe|cooperative|federation|ecole de|foyer)\b"
    )
    subsidy_words: str = r"\b(subventions?|beneficiaires?|aides? (accordees?|attribuees?))\b"
    financing_words: str = (
        r"\b(plan de financement|financeurs?|financement|autofinancement|"
        r"feder|detr|dsil|fsil|part|taux|region|departement|etat|"
        r"fonds propres|cofinancement)\b"
    )
    cents: str = r"\d[,.]\d{2}\s*$"
    """Money written with cents ("500,00"): amounts, not counts."""
    financing_table: str = r"plan de financement|financeurs?"
    evolution_header: str = r"\bn\s*/\s*n\s*-\s*1\b|\bevolution\b|\bvariation\b"
    year_header: str = (
        r"^((cp|bp|ap|dm|ca|bs|annee|exercice)\s*)?(19|20)\d\d$|^au-?dela de (19|20)\d\d$"
    )
    percent_cell: str = r"^[-+]?\s*\d+(?:[.,]\d+)?\s*%$"
    signed_percent_cell: str = r"^[-+]\s*\d+(?:[.,]\d+)?\s*%$"
    negative_amount: str = r"^[-–]\s*\d"
    currency: str = r"€|\beuros?\b|\beur\b"
    minus_titles: str = (
        r"\b(budgets?|budgetaires?|decisions? modificatives?|subventions?|attributions?|"
        r"marches?|plan de financement|compte administratif|compte de gestion|"
        r"programmes? pluriannuel|autorisations? de programme|rapport annuel|"
        r"delegataire|provisions?|emprunts?|tableau des (effectifs|emplois)|"
        r"attribution de compensation)\b"
    )
    plus_titles: str = (
        r"\b(tarifs?|tarification|prix|redevances?|droits? de (place|voirie|stationnement)|"
        r"participations? (des familles|annuelle)|cotisations?)\b"
    )

    # --- weights --------------------------------------------------------------------
    priced_row: float = 2.0
    """Per share of amount rows that also carry a label: labels with prices."""
    tariff_header: float = 1.5
    unit_column: float = 1.5
    population_tiers: float = 3.5
    quotient_tiers: float = 3.5
    free_or_quote: float = 1.0
    plus_title: float = 3.0
    about_tariffs: float = 4.0
    not_about_tariffs: float = 2.0
    minus_title: float = 4.0
    budget_per_word: float = 1.0
    budget_cap: float = 5.0
    budget_codes: float = 2.5
    stacked_amounts: float = 2.0
    negative_amounts: float = 2.0
    total_row: float = 1.0
    total_sum: float = 5.0
    row_sum: float = 3.0
    row_product: float = 20.0
    """A bill computed line by line is never a tariff, whatever the deliberation sets."""
    bids: float = 5.0
    subsidies: float = 4.0
    financing: float = 4.0
    multi_year: float = 4.0
    evolution: float = 2.5
    counts: float = 4.0
    large_amounts: float = 1.5
    huge_amounts: float = 3.0

    # --- thresholds ----------------------------------------------------------------
    large_median: Decimal = Decimal("10000")
    huge_median: Decimal = Decimal("100000")
    beneficiary_share: float = 0.3
    row_sum_share: float = 0.5
    header_rows: int = 3


SETTINGS = ClassifySettings()

PRICES_AND_LABELS = "colonnes de prix et libellés de prestations"
NO_PRICE = "aucun prix dans le tableau"
TAKES_NOTE = "compte rendu dont le conseil prend acte"


@dataclass(slots=True)
class _Evidence:
    plus: dict[str, float]
    minus: dict[str, float]

    def add(self, reason: str, weight: float) -> None:
        if weight > 0:
            self.plus[reason] = self.plus.get(reason, 0.0) + weight
        elif weight < 0:
            self.minus[reason] = self.minus.get(reason, 0.0) - weight


def classify_table(
    rows: Sequence[Sequence[str]],
    context: TableContext = TableContext(),
    settings: ClassifySettings = SETTINGS,
) -> Decision:
    """Decide whether a table (cell texts, header rows included) sets prices.

    >>> classify_table([["Prestation", "Tarif"], ["Photocopie A4", "0,10 €"]]).is_tariff
    True
    >>> classify_table([["Chapitre", "Libellé", "Montant"], ["011", "Charges", "500,00"]]).reason
    'tableau budgétaire (chapitres, dépenses/recettes)'
    """
    if context.takes_note:
        return Decision(False, TAKES_NOTE, -10.0)
    evidence = _weigh(rows, context, settings)
    if evidence is None:
        return Decision(False, NO_PRICE, -10.0)
    score = sum(evidence.plus.values()) - sum(evidence.minus.values())
    if score > 0:
        reason = max(evidence.plus, key=evidence.plus.__getitem__, default=PRICES_AND_LABELS)
        return Decision(True, reason, round(score, 2))
    reason = max(evidence.minus, key=evidence.minus.__getitem__, default=NO_PRICE)
    return Decision(False, reason, round(score, 2) if score else -0.01)


def _weigh(
    rows: Sequence[Sequence[str]], context: TableContext, settings: ClassifySettings
) -> _Evidence | None:
    """The evidence for and against, or None when the table holds no price at all."""
    table = _Table.read(rows, settings)
    if not table.amount_rows and not table.free_or_quote:
        return None
    evidence = _Evidence({}, {})
    _weigh_tariff_signs(table, context, settings, evidence)
    _weigh_other_kinds(table, settings, evidence)
    _weigh_context(context, settings, evidence)
    return evidence


# --- reading the table -----------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: the form the vocabularies match."""
    decomposed = unicodedata.normalize("NFKD", text.replace("²", "2"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("’", "'").lower().split())


def _signed_amount(text: str, settings: ClassifySettings) -> Decimal | None:
    """An amount with its sign, or None (percentages and free/on-quote are not values)."""
    raw = " ".join(text.split())
    if not raw or re.search(settings.percent_cell, raw):
        return None
    negative = re.match(settings.negative_amount, raw) is not None
    try:
        amount = parse_amount(raw.lstrip("-– "))
    except AmountError:
        return None
    if amount.value is None or amount.free:
        return None
    return -amount.value if negative else amount.value


def _is_percent(text: str, settings: ClassifySettings) -> bool:
    return re.match(settings.percent_cell, text.strip()) is not None


def _is_free_or_quote(text: str) -> bool:
    try:
        amount = parse_amount(text)
    except AmountError:
        return False
    return amount.free or amount.on_quote


@dataclass(slots=True)
class _Table:
    settings: ClassifySettings
    cells: list[list[str]]
    """Whitespace-collapsed cell texts (newlines kept apart as " / " is lossy)."""
    values: list[list[list[Decimal]]]
    """Per cell, the amounts it holds (several when the grid stacked them)."""
    header: list[list[str]]
    """Leading rows without amounts, folded."""
    amount_rows: list[int]
    euro_cells: int
    bare_cells: int
    free_or_quote: int
    has_currency: bool

    @classmethod
    def read(cls, rows: Sequence[Sequence[str]], settings: ClassifySettings) -> _Table:
        cells = [[str(cell or "") for cell in row] for row in rows]
        values: list[list[list[Decimal]]] = []
        euro_cells = bare_cells = free_or_quote = 0
        for row in cells:
            row_values = []
            for cell in row:
                lines = [line for line in cell.splitlines() if line.strip()]
                found = [
                    v for v in (_signed_amount(line, settings) for line in lines) if v is not None
                ]
                if len(lines) > 1 and len(found) < len(lines):
                    whole = _signed_amount(cell, settings)  # "1 104,00\n€" split by the grid
                    found = [whole] if whole is not None else found
                row_values.append(found)
                if found:
                    if re.search(settings.currency, cell, re.I):
                        euro_cells += 1
                    else:
                        bare_cells += 1
                elif _is_free_or_quote(cell):
                    free_or_quote += 1
            values.append(row_values)
        amount_rows = [i for i, row in enumerate(values) if any(row)]
        first = amount_rows[0] if amount_rows else len(cells)
        header = [[_fold(c) for c in row] for row in cells[: min(first, settings.header_rows)]]
        text = " ".join(" ".join(row) for row in cells)
        return cls(
            settings=settings,
            cells=[[" ".join(c.split()) for c in row] for row in cells],
            values=values,
            header=header,
            amount_rows=amount_rows,
            euro_cells=euro_cells,
            bare_cells=bare_cells,
            free_or_quote=free_or_quote,
            has_currency=re.search(settings.currency, text, re.I) is not None,
        )

    @property
    def header_text(self) -> str:
        return " ".join(c for row in self.header for c in row if c)

    def folded_text(self) -> str:
        return _fold(" ".join(" ".join(row) for row in self.cells))

    def label(self, index: int) -> str:
        """The first cell of a row that holds words and no amount."""
        for cell, found in zip(self.cells[index], self.values[index], strict=True):
            if not found and re.search(r"[^\W\d_]", cell) and not _is_percent(cell, self.settings):
                return cell
        return ""

    def all_in_row(self, index: int) -> list[Decimal]:
        return [v for cell in self.values[index] for v in cell]

    def all_amounts(self) -> list[Decimal]:
        return [v for row in self.values for cell in row for v in cell]


# --- evidence ----------------------------------------------------------------------------


def _weigh_tariff_signs(
    table: _Table, context: TableContext, settings: ClassifySettings, evidence: _Evidence
) -> None:
    amount_rows = table.amount_rows
    if amount_rows:
        labelled = sum(1 for i in amount_rows if table.label(i))
        share = labelled / len(amount_rows)
        priced = table.euro_cells / max(1, table.euro_cells + table.bare_cells)
        if not table.has_currency and not re.search(settings.tariff_words, table.header_text):
            priced = 0.0
        evidence.add(PRICES_AND_LABELS, settings.priced_row * share * (0.5 + priced))
    if re.search(settings.tariff_words, table.header_text) or re.search(
        settings.tariff_words, _fold(context.text_before)
    ):
        evidence.add("en-tête ou texte parlant de tarifs", settings.tariff_header)
    if _has_unit_column(table, settings):
        evidence.add("colonne d'unités (par heure, par an…)", settings.unit_column)
    labels = [_fold(table.label(i)) for i in range(len(table.cells))]
    if sum(1 for label in labels if re.search(settings.population_tier, label)) >= 2:
        evidence.add("tarifs par strate de population", settings.population_tiers)
    if sum(1 for label in labels if re.search(settings.quotient_tier, label)) >= 2:
        evidence.add("grille par quotient familial", settings.quotient_tiers)
    if table.free_or_quote:
        evidence.add("prestations gratuites ou sur devis", settings.free_or_quote)


def _has_unit_column(table: _Table, settings: ClassifySettings) -> bool:
    units = 0
    for row, found in zip(table.cells, table.values, strict=True):
        for cell, values in zip(row, found, strict=True):
            folded = _fold(cell)
            if values and re.search(settings.unit_in_price, folded):
                units += 1
                break
            if not values and folded and re.match(settings.unit_cell, folded):
                units += 1
                break
    return units >= max(1, len(table.amount_rows) // 3)


def _weigh_other_kinds(table: _Table, settings: ClassifySettings, evidence: _Evidence) -> None:
    text = table.folded_text()
    header = table.header_text
    budget = "tableau budgétaire (chapitres, dépenses/recettes)"
    hits = len({m.group(0) for m in re.finditer(settings.budget_words, text)})
    evidence.add(budget, -min(settings.budget_cap, settings.budget_per_word * hits))
    codes = sum(
        1
        for row in table.cells
        for cell in row[:3]
        if cell and re.match(settings.budget_code, _fold(cell))
    )
    if codes >= 2:
        evidence.add(budget, -settings.budget_codes)
    stacked = sum(1 for row in table.values for cell in row if len(cell) >= 2)
    if stacked >= 1:
        evidence.add(budget, -settings.stacked_amounts)
    if any(v < 0 for v in table.all_amounts()):
        evidence.add("montants négatifs (virements de crédits)", -settings.negative_amounts)

    totals = [
        i for i in range(len(table.cells)) if re.search(settings.total_label, _fold(table.label(i)))
    ]
    if totals:
        evidence.add("ligne de total", -settings.total_row)
        if any(_total_adds_up(table, i, totals) for i in totals):
            evidence.add("total égal à la somme des lignes", -settings.total_sum)
    if _rows_add_up(table, settings):
        evidence.add("total égal à la somme des lignes", -settings.row_sum)
    if _rows_multiply(table, settings):
        evidence.add("calcul d'un montant (quantité × prix unitaire)", -settings.row_product)

    if re.search(settings.bid_strong, header) and re.search(settings.bid_words, header):
        evidence.add("offres d'entreprises notées", -settings.bids)
    labels = [_fold(table.label(i)) for i in table.amount_rows]
    beneficiaries = sum(1 for label in labels if re.match(settings.beneficiary_label, label))
    subsidy_header = re.search(settings.subsidy_words, header) and not re.search(
        settings.tariff_words, header
    )
    share = beneficiaries / len(labels) if labels else 0.0
    named = beneficiaries >= 2 and share >= settings.beneficiary_share
    if subsidy_header or named:
        evidence.add("subventions par bénéficiaire", -settings.subsidies)
    percents = sum(1 for row in table.cells for c in row if re.match(settings.percent_cell, c))
    if re.search(settings.financing_table, text) or (
        percents
        and re.search(settings.financing_words, header)
        and not re.search(settings.tariff_words, header)
    ):
        evidence.add("plan de financement (financeurs, parts en %)", -settings.financing)
    years = {c for row in table.header for c in row if re.match(settings.year_header, c)}
    if len(years) >= 2:
        evidence.add("programme pluriannuel (colonnes par année)", -settings.multi_year)
    signed = sum(1 for row in table.cells for c in row if re.match(settings.signed_percent_cell, c))
    if signed >= 2 or re.search(settings.evolution_header, header):
        evidence.add("évolution d'une année sur l'autre (rapport financier)", -settings.evolution)
    cents = any(re.search(settings.cents, c) for row in table.cells for c in row)
    counted = (
        table.euro_cells == 0
        and not cents
        and not table.has_currency
        and not re.search(settings.tariff_words, header)
    )
    if counted:
        evidence.add("comptages (ventes, effectifs), pas des prix", -settings.counts)
    amounts = [abs(v) for v in table.all_amounts() if v]
    if amounts:
        median = statistics.median(amounts)
        if median >= settings.huge_median:
            evidence.add("montants de budget (plus de 100 000 €)", -settings.huge_amounts)
        elif median >= settings.large_median:
            evidence.add("montants de budget (plus de 100 000 €)", -settings.large_amounts)


def _total_adds_up(table: _Table, index: int, totals: Sequence[int]) -> bool:
    """Whether an amount of the total row equals the sum of the same column above it."""
    previous = max((t for t in totals if t < index), default=-1)
    for column, found in enumerate(table.values[index]):
        if len(found) != 1 or not found[0]:
            continue
        for start in {previous + 1, 0}:
            addends = [
                v
                for i in range(start, index)
                if i not in totals and column < len(table.values[i])
                for v in table.values[i][column]
            ]
            if len(addends) >= 2 and sum(addends, Decimal(0)) == found[0]:
                return True
    if sum(1 for found in table.values[index] if found) == 1:  # columns shifted by the grid
        total = next(v for found in table.values[index] for v in found)
        singles = [
            table.all_in_row(i)[0]
            for i in range(previous + 1, index)
            if len(table.all_in_row(i)) == 1
        ]
        return len(singles) >= 2 and sum(singles, Decimal(0)) == total
    return False


def _rows_add_up(table: _Table, settings: ClassifySettings) -> bool:
    """Whether, in most rows of three amounts or more, the last is the sum of the others."""
    checked = matched = 0
    for row in table.values:
        flat = [cell[0] for cell in row if len(cell) == 1]
        if len(flat) < 3:
            continue
        checked += 1
        if flat[-1] and sum(flat[:-1], Decimal(0)) == flat[-1]:
            matched += 1
    return checked > 0 and matched / checked >= settings.row_sum_share


_QUANTITY = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[^\W\d]{0,6}\.?\s*$")
"""A cell holding a quantity and nothing else but a short unit ("12.753 kms", "3")."""


def _rows_multiply(table: _Table, settings: ClassifySettings) -> bool:
    """Whether, in most rows holding a quantity and two amounts, one amount is the
    quantity times the other ("12.753 kms | 55.44 € | 707.03 €"): a bill, not a tariff."""
    checked = matched = 0
    for texts, row in zip(table.cells, table.values, strict=False):
        amounts = [cell[0] for cell in row if len(cell) == 1]
        quantities = [
            Decimal(m.group(1).replace(",", "."))
            for text, cell in zip(texts, row, strict=False)
            if not cell
            if (m := _QUANTITY.match(text))
        ]
        if len(amounts) < 2 or not quantities:
            continue
        checked += 1
        if any(
            abs(q * a - b) <= Decimal("0.01")
            for q in quantities
            for a in amounts
            for b in amounts
            if a is not b and q not in (0, 1)
        ):
            matched += 1
    return checked > 0 and matched / checked >= settings.row_sum_share


def _weigh_context(context: TableContext, settings: ClassifySettings, evidence: _Evidence) -> None:
    title = _fold(context.section_title or "")
    if title and re.search(settings.minus_titles, title):
        evidence.add("objet de la délibération sans rapport avec des tarifs", -settings.minus_title)
    elif title and re.search(settings.plus_titles, title):
        evidence.add("délibération fixant des tarifs", settings.plus_title)
    if context.about_tariffs is True:
        evidence.add("délibération fixant des tarifs", settings.about_tariffs)
    elif context.about_tariffs is False:
        evidence.add(
            "objet de la délibération sans rapport avec des tarifs", -settings.not_about_tariffs
        )
