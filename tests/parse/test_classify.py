"""Tariff tables told from the other tables of euros (budgets, subsidies, bids…).

Inline fixtures are a few rows copied from the real documents of ``tests/corpus``;
the regression tests run the classifier over every pdfplumber table of those documents.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from pipeline.parse.classify import (
    NO_PRICE,
    SETTINGS,
    TAKES_NOTE,
    ClassifySettings,
    Decision,
    TableContext,
    classify_table,
)
from pipeline.parse.money import AmountError, parse_amount
from tests.conftest import CORPUS

REAL = CORPUS / "real"
BUDGET = "tableau budgétaire (chapitres, dépenses/recettes)"
TOTAL = "total égal à la somme des lignes"
BIDS = "offres d'entreprises notées"
SUBSIDIES = "subventions par bénéficiaire"
FINANCING = "plan de financement (financeurs, parts en %)"
MULTI_YEAR = "programme pluriannuel (colonnes par année)"
COUNTS = "comptages (ventes, effectifs), pas des prix"


def _refused(decision: Decision, reason: str) -> None:
    assert not decision.is_tariff, decision
    assert decision.score < 0, decision
    assert decision.reason == reason, decision


def _accepted(decision: Decision) -> None:
    assert decision.is_tariff, decision
    assert decision.score > 0, decision


# --- tables that are not tariffs ---------------------------------------------------------

BUDGET_TRANSFER = [
    ["Chap.", "Libellé", "BP 2021", "DM 1", "DM 2"],
    ["011", "Charges à caractère général", "11 138 739,00", "387 260,00", "66 460,00"],
    ["65", "Autres charges de gestion courante", "16 555 995,00", "722 450,00", "-476 940,00"],
    ["67", "Charges exceptionnelles", "1 287 200,00", "285 290,00", "54 139,00"],
]

EXPENSES_RECEIPTS = [
    ["DEPENSES", "BP 2021", "DM1", "DM2"],
    [
        "011 - Charges à caractère général\n012 – Charges de personnel",
        "537 470,00\n25 000,00",
        "30 740,00",
        "",
    ],
    ["Total des dépenses réelles", "597 000,00", "48 840,00", "20 000,00"],
    ["023 – Virement à la section d'investissement", "45 000,00", "", "120 000,00"],
]

ARTICLE_CODES_SMALL_AMOUNTS = [
    ["Article", "Libellé", "Montant"],
    ["D 6231", "Annonces et insertions", "-500,00 €"],
    ["D 6064", "Fournitures administratives", "500,00 €"],
]

PERIOD_TOTAL = [
    ["", "Période concernée", "", "", "Montant forfaitaire", ""],
    ["", "1ère période : de la notification au 31/12/2022", "", "", "97 725 € HT", ""],
    ["", "2ème période : du 1er /01/2022 au 31/12/2023", "", "", "27 600 € HT", ""],
    ["", "3ème période : du 1er /01/2023 au 31/12/2024", "", "", "27 600 € HT", ""],
    ["", "Total sur la durée du marché", "", "", "152 925 € HT", ""],
]

EXEMPTED_FEES_SHIFTED_TOTAL = [
    ["Locataire viticulteur", "", "", "", "Redevance", "", "Période concernée"],
    ["", "", "", "", "exonérée", "", ""],
    ["Lucas LAPANDERY", "", "", "696,66 €", "", "", "15 janvier 2021 au 14 janvier 2022"],
    ["Yannick PRAS", "", "", "1 315,77 €", "", "", "15 décembre 2020 au 14 décembre 2021"],
    ["", "TOTAL", "", "", "2 012,43 €", "", ""],
]

TRANSFERRED_CHARGE_ROW_SUM = [
    [
        "Communes",
        "Montant de la charge reprise",
        "Montant de la charge transférée",
        "Nouveau montant",
    ],
    ["ROANNE", "9 658 €", "77 €", "9 735 €"],
    ["RIORGES", "1 200 €", "35 €", "1 235 €"],
]

BIDS_TABLE = [
    ["Entreprise", "Offres € TTC", "Note prix", "Note technique", "Classement"],
    ["EUROVIA", "38 500,00 €", "38", "52", "1"],
    ["COLAS", "41 200,00 €", "35", "50", "2"],
]

AWARDED_CONTRACT = [
    [
        "N° et dénomination du lot",
        "Attributaire(s)",
        "Montant contractuel",
        "Montant estimatif € HT",
    ],
    [
        "Lot 1 : Compétence Petite enfance",
        "HERVE THERMIQUE",
        "maximum de 35 000 € HT",
        "34 995 € HT",
    ],
    ["Lot 2 : Secteur Nord-Ouest", "HERVE THERMIQUE", "maximum de 26 000 € HT", "16 365 € HT"],
]

SUBSIDIES_TABLE = [
    ["Association", "Subvention 2021"],
    ["Association Villerestoise d'Animation Locale", "1 500 €"],
    ["Club de football de Riorges", "800 €"],
    ["Les Tables Roannaises", "2 000 €"],
]

BENEFICIARIES_WITHOUT_HEADER = [
    ["Association Les Amis des Arbres", "900,00 €"],
    ["Club nautique de Villerest", "450,00 €"],
    ["Amicale laïque du Coteau", "300,00 €"],
]

FINANCING_PLAN = [
    ["Financeur", "Montant HT", "Part"],
    ["Etat (DETR)", "40 000 €", "40 %"],
    ["Région", "30 000 €", "30 %"],
    ["Autofinancement", "30 000 €", "30 %"],
]

MULTI_YEAR_PROGRAMME = [
    ["Millésime", "N° AP", "Montant", "CP 2021", "CP 2022", "CP 2023"],
    ["2021", "1040", "9 000 000 €", "200 000 €", "5 600 000€", "2 000 000€"],
]

SALES_COUNTS = [
    ["2012", "Pass Mensuel", "Pass 7 jours", "Forfait 7 jours"],
    ["Janvier", "7", "1", "3"],
    ["Février", "9", "7", "0"],
    ["Mars", "5", "3", "2"],
]

OPERATOR_ACCOUNTS = [
    ["En milliers d'€uros HT", "2011", "2012", "N/N-1"],
    ["Recette horaires", "604.9", "573.5", "-5.2%"],
    ["Recette abonnés", "387.2", "381.4", "-1.5%"],
    ["Charges d'exploitation (b)", "531.8", "510.7", "-4.0%"],
]

OPERATOR_PRICES = [
    ["Durée de stationnement", "Tarifs 2013", "Tarifs 2012"],
    ["de 10 mn à 1 heure", "2.10 €", "2.00 €"],
    ["de 1 heure à 1h30", "3.10 €", "3.00 €"],
    ["Mensuel Résident", "87.00 €", "85.00 €"],
]

NAMES_ONLY = [
    ["Absents", "Suppléant", "Pouvoir donné à…"],
    ["Laurence Boyer", "Yves Meunier", ""],
    ["Yves Chambost", "", "Clotilde Robin"],
]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        pytest.param(BUDGET_TRANSFER, BUDGET, id="chapter-codes-bp-dm"),
        pytest.param(EXPENSES_RECEIPTS, BUDGET, id="depenses-stacked-cells"),
        pytest.param(ARTICLE_CODES_SMALL_AMOUNTS, BUDGET, id="article-codes-d6231"),
        pytest.param(PERIOD_TOTAL, TOTAL, id="total-adds-up"),
        pytest.param(EXEMPTED_FEES_SHIFTED_TOTAL, TOTAL, id="total-adds-up-shifted-column"),
        pytest.param(TRANSFERRED_CHARGE_ROW_SUM, TOTAL, id="last-column-sums-the-row"),
        pytest.param(BIDS_TABLE, BIDS, id="bids-with-notes"),
        pytest.param(AWARDED_CONTRACT, BIDS, id="awarded-contract-lots"),
        pytest.param(SUBSIDIES_TABLE, SUBSIDIES, id="subsidy-header"),
        pytest.param(BENEFICIARIES_WITHOUT_HEADER, SUBSIDIES, id="beneficiary-names"),
        pytest.param(FINANCING_PLAN, FINANCING, id="financing-plan-parts"),
        pytest.param(MULTI_YEAR_PROGRAMME, MULTI_YEAR, id="year-columns"),
        pytest.param(SALES_COUNTS, COUNTS, id="monthly-sales-counts"),
        pytest.param(OPERATOR_ACCOUNTS, BUDGET, id="operator-accounts-in-thousands"),
        pytest.param(NAMES_ONLY, NO_PRICE, id="no-amount-at-all"),
    ],
)
def test_non_tariff_table_refused_with_its_reason(rows: list[list[str]], reason: str) -> None:
    _refused(classify_table(rows), reason)


def test_take_note_report_is_never_a_tariff() -> None:
    assert classify_table(OPERATOR_PRICES).is_tariff  # the table alone looks like prices
    _refused(classify_table(OPERATOR_PRICES, TableContext(takes_note=True)), TAKES_NOTE)


def test_budget_section_title_outweighs_price_looking_table() -> None:
    rows = [
        ["Libellé", "Montant"],
        ["Fournitures de voirie", "1 250,00 €"],
        ["Signalisation", "800,00 €"],
    ]
    assert classify_table(rows).is_tariff
    decision = classify_table(rows, TableContext(section_title="Décision modificative n°2"))
    _refused(decision, "objet de la délibération sans rapport avec des tarifs")


# --- tariff tables -------------------------------------------------------------------------

HEADERLESS_TWO_COLUMNS = [
    ["Photocopie A3 Couleur", "1.35 €"],
    ["Location de la salle polyvalente", "12,50 €"],
    ["Fourniture de CD gravé", "2.00 €"],
]

QUOTIENT_MATRIX = [
    ["Quotient familial 2014", "Ecole Maternelle", "Ecole Elémentaire"],
    ["Q 1: de 0 € à 167 €", "1,76 €", "1,76 €"],
    ["Q 2: de 168 € à 191 €", "2,44 €", "2,44 €"],
    ["Q 4: de 261 € à 290 €", "2,89 €", "3,13 €"],
]

QUOTIENT_CONTINUATION = [
    ["Q 3: de 192 € à 260 €", "0.78 €", "0.26 €", "0.26 €", "0.52 €"],
    ["Q 4: de 261 € à 290 €", "0.87 €", "0.29 €", "0.29 €", "0.58 €"],
    ["Q 7: 459 € et plus", "0.93 €", "0.31 €", "0.31 €", "0.62 €"],
]

CDG_SERVICES = [
    ["Service", "Tarif service TTC", "Unité de facturation"],
    ["Messagerie", "", ""],
    ["Messagerie compte 5 Go", "16,80 €", "Par compte et par an"],
    ["Nom de domaine", "15,60 €", "Par nom de domaine et par an"],
    ["NAS 2 disques", "759,00 €", "Par unité"],
]

CDG_TIERS = [
    ["Accompagnement et mise en service par le Centre de Gestion", "", ""],
    ["Collectivités", "Tarif", "Unité de facturation"],
    ["Moins de 500 habitants", "50 €", "Par collectivité et par an"],
    ["Moins de 1 000 habitants", "100 €", "Par collectivité et par an"],
    ["Plus de 3 500 habitants", "Sur devis", "Par collectivité et par an"],
]

TIERS_WITHOUT_UNIT = [
    ["Moins de 500 habitants", "50 €"],
    ["Moins de 1 000 habitants", "100 €"],
    ["Moins de 1 500 habitants", "150 €"],
]

FREE_ENTRIES = [
    ["Espace Montpellier Jeunesse", "Tarifs 2014"],
    ["Pour les associations partenaires du service jeunesse", "Gratuit"],
    ["Pour les jeunes montpelliérains de 16 à 29 ans", "Gratuit"],
]

UNIT_COLUMN = [
    ["Matériels", "Unité", "PLEIN TARIF", "DEMI TARIF*"],
    ["Chaise", "u/jour", "0,31 €", "0,16 €"],
    ["Table (1.50m ou 2m)", "u/jour", "4,18 €", "2,09 €"],
    ["Podium", "m²/jour", "7,80 €", "3,90 €"],
]

HT_AND_VAT_COLUMNS = [
    ["", "Tarifs 2014 HT", "Tarifs 2014 (TVA 20%)"],
    ["Tarifs des tranches", "", ""],
    ["00h30", "0,83 €", "1,00 €"],
    ["01h00", "1,67 €", "2,00 €"],
]

ONLY_TARIFS_2014_HEADER = [
    ["Achat et renouvellement des concessions", "Tarifs 2014"],
    ["Concession 15 ans", "512,00 €"],
    ["Concession 30 ans", "1 031,00 €"],
    ["Concession 50 ans", "2 080,00 €"],
]

EFFORT_RATES = [
    ["Nombre d'enfants", "Taux d'effort", "Tarif plancher", "Tarif plafond"],
    ["1 enfant", "0.575%", "7.30 €", "16.00 €"],
    ["2 enfants", "0.525%", "6.80 €", "14.50 €"],
]


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(HEADERLESS_TWO_COLUMNS, id="headerless-label-and-price"),
        pytest.param(QUOTIENT_MATRIX, id="quotient-familial-matrix"),
        pytest.param(QUOTIENT_CONTINUATION, id="matrix-continuation-without-header"),
        pytest.param(CDG_SERVICES, id="cdg-services"),
        pytest.param(CDG_TIERS, id="cdg-population-tiers"),
        pytest.param(TIERS_WITHOUT_UNIT, id="population-tiers-alone"),
        pytest.param(FREE_ENTRIES, id="gratuit"),
        pytest.param(UNIT_COLUMN, id="unit-column-full-and-half-price"),
        pytest.param(HT_AND_VAT_COLUMNS, id="ht-and-vat-columns"),
        pytest.param(ONLY_TARIFS_2014_HEADER, id="tarifs-2014-only-price-header"),
        pytest.param(EFFORT_RATES, id="percent-rates-with-floor-and-ceiling"),
    ],
)
def test_tariff_table_accepted(rows: list[list[str]]) -> None:
    _accepted(classify_table(rows))


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (CDG_TIERS, "tarifs par strate de population"),
        (QUOTIENT_MATRIX, "grille par quotient familial"),
        (HEADERLESS_TWO_COLUMNS, "colonnes de prix et libellés de prestations"),
    ],
)
def test_accepted_table_says_why(rows: list[list[str]], reason: str) -> None:
    decision = classify_table(rows)
    assert decision.is_tariff
    assert decision.reason == reason


def test_tariff_section_lifts_a_weak_table() -> None:
    rows = [["", "Tarifs 2014"], ["", "5,00 €"], ["Carte Montpellier Sports", ""]]
    weak = classify_table(rows)
    strong = classify_table(
        rows, TableContext(section_title="Tarifs municipaux 2014", about_tariffs=True)
    )
    assert strong.is_tariff
    assert strong.score > weak.score + SETTINGS.about_tariffs


def test_not_about_tariffs_lowers_the_score() -> None:
    base = classify_table(HEADERLESS_TWO_COLUMNS)
    lowered = classify_table(HEADERLESS_TWO_COLUMNS, TableContext(about_tariffs=False))
    assert lowered.score == pytest.approx(base.score - SETTINGS.not_about_tariffs)


def test_settings_change_the_decision() -> None:
    ignoring_totals = ClassifySettings(
        total_sum=0.0, total_row=0.0, large_amounts=0.0, huge_amounts=0.0
    )
    assert classify_table(PERIOD_TOTAL, settings=ignoring_totals).is_tariff
    assert not classify_table(PERIOD_TOTAL).is_tariff


def test_inputs_are_not_mutated() -> None:
    rows = [list(row) for row in EXPENSES_RECEIPTS]
    before = copy.deepcopy(rows)
    context = TableContext(section_title="Budget", text_before="Le conseil")
    classify_table(rows, context)
    assert rows == before


# --- the real documents ----------------------------------------------------------------


def _has_euro_amount(rows: list[list[str]]) -> bool:
    for row in rows:
        for cell in row:
            if cell and "€" in cell:
                try:
                    if parse_amount(cell).value is not None:
                        return True
                except AmountError:
                    continue
    return False


@cache
def _classified(path: Path, takes_note: bool) -> tuple[tuple[list[list[str]], Decision], ...]:
    """Every pdfplumber table of a document, with the text just above it as context."""
    results = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                rows = [[cell or "" for cell in row] for row in table.extract()]
                top = max(0.0, table.bbox[1])
                above = page.crop((0, 0, page.width, top)).extract_text() if top > 1 else ""
                context = TableContext(
                    text_before="\n".join((above or "").splitlines()[-5:]), takes_note=takes_note
                )
                results.append((rows, classify_table(rows, context)))
    return tuple(results)


def _takes_note(path: Path) -> bool:
    with pdfplumber.open(path) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    return re.search(r"\bprend(?:re)?\s+acte\b", text, re.I) is not None


def test_real_parking_report_tables_all_refused() -> None:
    path = REAL / "montpellier_2013-07-22_parking_rapport.pdf"
    assert _takes_note(path)
    for takes_note in (True, False):  # refused from the context, and from the tables alone
        results = _classified(path, takes_note)
        assert len(results) >= 3
        accepted = [rows[:2] for rows, decision in results if decision.is_tariff]
        assert accepted == []
    reasons = {decision.reason for _, decision in _classified(path, False)}
    assert TOTAL in reasons


def test_real_roannais_budget_and_subsidy_tables_all_refused() -> None:
    results = _classified(REAL / "roannais_2021-10-28_pv.pdf", False)
    accepted = [(rows[:2], decision) for rows, decision in results if decision.is_tariff]
    assert accepted == []
    with_euros = [decision for rows, decision in results if _has_euro_amount(rows)]
    assert len(with_euros) >= 5
    reasons = {decision.reason for _, decision in results}
    assert {BUDGET, TOTAL, BIDS} <= reasons


def test_real_friesen_minutes_tables_refused() -> None:
    results = _classified(REAL / "friesen_2025-12-09_pv.pdf", False)
    assert [decision.is_tariff for _, decision in results] == [False] * len(results)


def test_real_montpellier_tariff_book_tables_accepted() -> None:
    results = _classified(REAL / "montpellier_2013-12-16_tarifs2014.pdf", False)
    priced = [(rows, decision) for rows, decision in results if _has_euro_amount(rows)]
    assert len(priced) >= 50
    refused = [(rows[:3], decision) for rows, decision in priced if not decision.is_tariff]
    assert len(refused) <= 0.05 * len(priced), refused


def test_real_cdg_reference_tables_accepted() -> None:
    results = _classified(CORPUS / "2025-07-10_annexe2_tarifs.pdf", False)
    priced = [decision for rows, decision in results if _has_euro_amount(rows)]
    assert len(priced) == 2
    assert all(decision.is_tariff for decision in priced), priced


PREUILLY_ORANGE_BILL = [
    ["Redevance 2020", "longueur", "Prix unitaire", "Total"],
    ["Artère aérienne", "12.753 kms", "55.44€", "707.03€"],
    ["Artère en sous-sol", "25.077 kms", "41.66€", "1044.70€"],
    ["", "", "TOTAUX", "1751.73€"],
]


def test_preuilly_bill_of_quantity_times_unit_price_is_refused_even_in_a_tariff_point() -> None:
    """preuilly_2020-07-23_pv p5: the fee Orange owes, computed from lengths and unit
    prices, sits in the point that sets those prices; the table is the bill, not the tariff."""
    context = TableContext(
        section_title="REDEVANCE POUR OCCUPATION DU DOMAINE PUBLIC PAR ORANGE",
        about_tariffs=True,
    )
    decision = classify_table(PREUILLY_ORANGE_BILL, context)
    assert not decision.is_tariff
    assert decision.reason == "calcul d'un montant (quantité × prix unitaire)"
