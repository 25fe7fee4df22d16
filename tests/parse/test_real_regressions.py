"""One test per failure fixed on the real deliberations, named for what it guards.

Each asserts the specific behaviour on the real page (the whole-page scores are in
``test_real_deliberations.py``). Every PDF is extracted once for the module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract
from pipeline.models import Extraction, ServiceLine, Severity
from pipeline.parse.grid import find_grids
from pipeline.parse.tables import read_tables
from pipeline.read import read_document

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"

TARIFS_2014 = "montpellier_2013-12-16_tarifs2014"
TARIFS_2013 = "montpellier_2012-12-17_tarifs2013"
PARKING = "montpellier_2013-07-22_parking_rapport"
ROANNAIS = "roannais_2021-10-28_pv"
PREUILLY = "preuilly_2020-07-23_pv"
FRIESEN = "friesen_2025-12-09_pv"


@cache
def extraction(name: str) -> Extraction:
    return extract(REAL / f"{name}.pdf")


def lines_on(name: str, page: int) -> list[ServiceLine]:
    return [s for s in extraction(name).services if s.page == page]


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


# --- montpellier 2014, p20: Word's line-by-line shading, HT | TTC columns ---------------


def test_cell_shaded_line_by_line_reads_as_one_line_with_its_beneficiary() -> None:
    lines = lines_on(TARIFS_2014, 20)
    disabled = [s for s in lines if (s.group or "").startswith("Les personnes à mobilité réduite")]
    assert [(s.label, s.amount) for s in disabled] == [
        ("Acquisition d'un parcmètre individuel embarqué", Decimal("20.00"))
    ]
    # no fragment of a wrapped "Prestation" cell stands as a line of its own
    for line in lines:
        if "parcm" in line.label:
            assert line.label.startswith("Acquisition d'un parcmètre individuel embarqué")
    assert not any(s.label.startswith(("individuel", "embarqué")) for s in lines)


def test_ht_and_ttc_columns_give_the_ttc_amount_with_ht_beside() -> None:
    by_label = {s.label: s for s in lines_on(TARIFS_2014, 20)}
    half_hour = by_label["00h30"]
    assert half_hour.amount == Decimal("1.00")
    assert half_hour.amount_ht == Decimal("0.83")
    assert by_label["01h00"].amount == Decimal("1.90")


def test_label_opening_with_digits_is_not_cut_as_a_footnote_marker() -> None:
    labels = {s.label for s in lines_on(TARIFS_2014, 20)}
    assert {"01h00", "02h00", "12h00"} <= labels
    assert "01h" not in labels and "h00" not in labels


# --- montpellier 2014, p3 to p5: school meals, after-school care ---------------------


def test_label_is_the_text_column_not_a_price_cell_merged_over_two() -> None:
    lines = lines_on(TARIFS_2014, 4)
    associations = [s for s in lines if s.label == "Repas – Associations"]
    assert [(s.amount, s.conditions) for s in associations] == [(Decimal("6.34"), [])]


def test_formula_instead_of_amount_gives_a_warning_not_a_line() -> None:
    lines = lines_on(TARIFS_2014, 4)
    assert not any("subvention" in s.label.casefold() for s in lines)
    assert not any("subvention" in (s.amount_text or "").casefold() for s in lines)
    formulas = [
        f for f in extraction(TARIFS_2014).findings if f.code == "amount.formula" and f.page == 4
    ]
    assert len(formulas) == 1
    assert formulas[0].severity is Severity.WARNING
    assert "Tarif de base -subvention" in formulas[0].message


def test_quotient_matrix_cells_carry_their_column_header_path() -> None:
    first = [
        s
        for s in lines_on(TARIFS_2014, 4)
        if s.label == "Q 1: de 0 € à 167 €" and s.amount == Decimal("0.51")
    ]
    assert [s.conditions for s in first] == [
        ["ELEVES EN MATERNELLE", "ACCUEIL MATIN COMPLET (7h30-8h50)"]
    ]


def test_hyphen_at_a_header_line_break_is_joined_without_space() -> None:
    conditions = {c for page in (4, 5) for s in lines_on(TARIFS_2014, page) for c in s.conditions}
    assert "ACCUEIL MATIN COMPLET (7h30-8h50)" in conditions
    assert "ACCUEIL MATIN PARTIEL (8h20-8h50)" in conditions
    assert not any("7h30- 8h50" in c or "7h30 -8h50" in c for c in conditions)


def test_quotient_matrix_continued_on_next_page_keeps_its_conditions() -> None:
    q7 = [s for s in lines_on(TARIFS_2014, 5) if s.label == "Q 7: 459 € et plus"]
    assert q7, "the matrix continued on p5 gives its lines"
    assert all(s.conditions[0] in ("ELEVES EN MATERNELLE", "ELEVES EN ELEMENTAIRE") for s in q7)
    assert all(len(s.conditions) == 2 for s in q7)


def test_indicative_floor_and_ceiling_of_last_year_give_no_line() -> None:
    lines = lines_on(TARIFS_2014, 3)
    assert [s for s in lines if s.origin == "table"] == []
    indicative = {Decimal(v) for v in ("0.37", "2.83", "2.36", "1.42", "0.94", "1.89")}
    assert not any(s.amount in indicative for s in lines)


# --- montpellier 2014, p13 and p14: named tables, m², merged labels --------------------


def test_table_named_by_its_first_header_cell_groups_its_lines() -> None:
    studio = [
        (s.label, s.amount)
        for s in lines_on(TARIFS_2014, 13)
        if s.group == "Studio d'enregistrement"
    ]
    assert studio == [
        ("Journée location", Decimal("110.00")),
        ("Heure location", Decimal("15.00")),
    ]


def test_same_label_in_two_named_tables_is_told_apart_by_group() -> None:
    deposits = {(s.group, s.amount) for s in lines_on(TARIFS_2014, 13) if s.label == "Caution"}
    assert len(deposits) == 2
    by_amount = {amount: group or "" for group, amount in deposits}
    assert by_amount[Decimal("150.00")].startswith("Salle polyvalente")
    assert by_amount[Decimal("760.00")] == "Théâtre Jean Vilar"


def test_a_table_s_edge_is_not_snapped_onto_another_table_s() -> None:
    """Page 18's last table ends at 572 pt, the others at 578 pt, with a rule at 575:
    snapped across the page in one chain, its right edge moved to 577.6 and its cells
    stayed open. Its heading rows were then taken for the head of page 19's table, whose
    fourteen lines carried « Caution en cas de perte … » as their group."""
    caution = [s for s in lines_on(TARIFS_2014, 18) if s.label.startswith("Caution en cas")]
    assert [s.amount for s in caution] == [Decimal("12.00")]
    yellow = [s for s in lines_on(TARIFS_2014, 19) if "Jaune" in (s.group or "")]
    assert len(yellow) == 14
    assert not any("Caution" in (s.group or "") for s in lines_on(TARIFS_2014, 19))


def test_a_row_with_no_rule_between_label_and_price_gives_its_line() -> None:
    """Page 18's last row has no rule between its two cells (only their shading shows
    it): one cell held « Tarif pour le remplacement … (bip) » and « 153,00 € »."""
    remote = [s for s in lines_on(TARIFS_2014, 18) if s.label.startswith("Tarif pour le rempl")]
    assert [(s.label, s.amount) for s in remote] == [
        (
            "Tarif pour le remplacement de la commande d'ouverture des bornes (bip)",
            Decimal("153.00"),
        )
    ]
    assert remote[0].group == "Droits de voirie et d'occupation du domaine public"


def test_a_title_spread_over_matrix_columns_is_not_cut_into_them() -> None:
    """Montpellier 2013, page 5: « ELEVES EN ELEMENTAIRE » spans four price columns, a
    word over each; it stays the outer condition of all four (36 lines)."""
    lines = [s for s in extraction(TARIFS_2013).services if s.page == 5]
    outer = [(s.conditions or [""])[0] for s in lines]
    assert outer.count("ELEVES EN ELEMENTAIRE") == 36
    assert set(outer) == {"ELEVES EN ELEMENTAIRE", "ELEVES EN MATERNELLE"}


def test_square_metre_superscript_stays_in_the_label() -> None:
    labels = {s.label for s in lines_on(TARIFS_2014, 14)}
    assert "Enseigne < à 7m²" in labels
    assert "Enseigne < à 7m" not in labels


def test_label_merged_over_several_rows_gives_one_line() -> None:
    road = [s for s in lines_on(TARIFS_2014, 14) if s.label.startswith("Occupation de la chaussée")]
    assert len(road) == 1
    (line,) = road
    assert line.amount == Decimal("0.56")
    assert line.unit == "m²/j"
    assert _flat(line.group) == "Redevance d’usage du domaine public routier"


# --- montpellier 2013, p5: matrix headers across a page break --------------------------


def test_matrix_title_left_at_the_foot_of_the_previous_page_is_its_outer_condition() -> None:
    lines = lines_on(TARIFS_2013, 5)
    nursery = [s for s in lines if s.conditions[:1] == ["ELEVES EN MATERNELLE"]]
    assert len(nursery) == 36  # 9 rows × 4 price columns
    assert {tuple(s.conditions[1:]) for s in nursery} == {
        ("ACCUEIL MATIN COMPLET (7h30-8h50)",),
        ("ACCUEIL MATIN PARTIEL (8h20-8h50)",),
        ("ACCUEIL SOIR (16h45-17h45)",),
        ("ACCUEIL SOIR (17h45-18h45)",),
    }
    assert any(
        s.label == "Q 1: de 0 € à 167 €"
        and s.amount == Decimal("0.51")
        and s.conditions == ["ELEVES EN MATERNELLE", "ACCUEIL MATIN COMPLET (7h30-8h50)"]
        for s in nursery
    )


def test_full_width_row_over_a_matrix_header_is_its_outer_condition() -> None:
    lines = lines_on(TARIFS_2013, 5)
    primary = [s for s in lines if s.conditions[:1] == ["ELEVES EN ELEMENTAIRE"]]
    assert len(primary) == 36
    assert all(len(s.conditions) == 2 for s in primary)
    # every matrix line of the page is under one of the two school levels
    assert len(primary) + sum(1 for s in lines if s.conditions[:1] == ["ELEVES EN MATERNELLE"]) == (
        len(lines)
    )


# --- documents whose euro tables are not tariffs ----------------------------------------


def test_report_taken_note_of_gives_no_line_and_says_why() -> None:
    result = extraction(PARKING)
    assert result.services == []
    refused = [f for f in result.findings if f.code == "table.not_tariff"]
    assert refused
    assert all(f.severity is Severity.INFO and f.page is not None for f in refused)


def test_budget_and_subsidy_tables_of_minutes_give_no_line() -> None:
    result = extraction(ROANNAIS)
    assert [s for s in result.services if s.origin == "table"] == []
    refused = [f for f in result.findings if f.code == "table.not_tariff"]
    assert len(refused) >= 5
    for finding in refused:
        assert finding.severity is Severity.INFO
        assert finding.page is not None
        assert f"page {finding.page}" in finding.message


def test_prices_written_in_prose_are_read_for_confirmation() -> None:
    result = extraction(ROANNAIS)
    got = sorted((s.amount, s.unit, s.tax_basis.value, s.origin) for s in result.services)
    assert got == [
        (Decimal("0.30"), "kwh", "HT", "text"),
        (Decimal("60.00"), "m²/an", "HT", "text"),
    ]
    to_confirm = [f for f in result.findings if f.code == "text.price_to_confirm"]
    assert len(to_confirm) == 2
    assert all(f.severity is Severity.WARNING for f in to_confirm)
    assert {f.bbox for f in to_confirm} == {s.bbox for s in result.services}


def test_new_canteen_prices_read_from_text_not_the_recalled_ones() -> None:
    result = extraction(PREUILLY)
    page4 = [s for s in result.services if s.page == 4]
    assert sorted(s.amount for s in page4) == [
        Decimal("3.40"),
        Decimal("3.50"),
        Decimal("5.80"),
    ]
    assert all(s.origin == "text" for s in page4)
    recalled = {Decimal("3.30"), Decimal("5.70")}
    assert not any(s.amount in recalled for s in result.services)


# --- the sitting --------------------------------------------------------------------


def test_sitting_date_of_the_tariff_book_is_read() -> None:
    sitting = extraction(TARIFS_2014).deliberation
    assert sitting.date == dt.date(2013, 12, 16)
    assert sitting.page is not None


def test_minutes_take_vote_and_title_from_their_tariff_point() -> None:
    sitting = extraction(FRIESEN).deliberation
    assert sitting.vote == "unanimity"
    assert sitting.number == "2025-12-09-DCM-02"
    compact = "".join((sitting.title or "").split()).casefold()
    assert "redevancesagencedel’eau2026" in compact


# --- read_tables leaves its input alone -------------------------------------------------


def _draw_wrapped_unruled(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 780, "Le Conseil municipal, à l'unanimité, fixe les tarifs suivants :")
    y = 740
    pdf.setFont("Helvetica-Bold", 10)
    for x, word in ((60, "Service"), (260, "Tarif"), (360, "Unité")):
        pdf.drawString(x, y, word)
    pdf.setFont("Helvetica", 10)
    rows = [
        ("Location de la salle des fêtes", "150,00 €", "par jour"),
        ("Hébergement du site internet", "48,00 €", "par an"),
        ("et du nom de domaine", "", ""),
        ("Photocopie", "0,20 €", "par page"),
    ]
    for label, price, unit in rows:
        y -= 14
        pdf.drawString(60, y, label)
        if price:
            pdf.drawRightString(320, y, price)
        if unit:
            pdf.drawString(360, y, unit)
    pdf.save()


def _snapshot(grids) -> list:
    return [
        [[(id(cell), cell.bbox, tuple(cell.words), cell.text) for cell in row] for row in g.rows]
        for g in grids
    ]


def test_read_tables_leaves_the_given_grids_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.pdf"
    _draw_wrapped_unruled(path)
    document = read_document(path)
    grids = [g for page in document.pages for g in find_grids(page)]
    assert grids and not any(g.ruled_rows for g in grids)
    before = _snapshot(grids)
    fills = {page.number: page.fills for page in document.pages}
    result = read_tables(grids, fills, {})
    labels = [s.label for s in result.services]
    # the wrapped line was folded into its row, in read_tables' own copy
    assert "Hébergement du site internet et du nom de domaine" in labels
    assert _snapshot(grids) == before


# --- montpellier 2014, p11 and p21: headers of merged cells cut into several rows -------


def test_header_cut_into_rows_over_a_matrix_gives_every_column_its_path() -> None:
    """p11: "Salles | Unité | TARIFS 2014 (over three columns)" then "PLEIN TARIF | DEMI
    TARIF* | FORFAIT DE BASE**": the grid cuts the merged header into two rows; both are
    one header, and each price keeps its own column name."""
    hall = [
        line
        for line in lines_on(TARIFS_2014, 11)
        if line.label.startswith("Salle d'exposition (RDC")
    ]
    by_amount = {line.amount: line.conditions for line in hall}
    assert by_amount[Decimal("3150.00")][-1] == "PLEIN TARIF"
    assert by_amount[Decimal("1575.00")][-1].startswith("DEMI TARIF")
    assert by_amount[Decimal("30.00")][-1].startswith("FORFAIT DE BASE")


def test_ht_and_ttc_columns_under_a_cut_header_are_one_price_not_a_matrix() -> None:
    """p21: "Abonnements mensuels | Tarifs 2014 HT | Tarifs 2014 (TVA 20%)" over several
    grid rows: one line per subscription, the TTC price with its HT beside it."""
    resident = [line for line in lines_on(TARIFS_2014, 21) if line.label == "Permanent résident"]
    assert len(resident) == 1
    assert (resident[0].amount, resident[0].amount_ht) == (Decimal("60.00"), Decimal("50.00"))


def test_a_price_column_title_repeated_in_a_row_is_a_heading_not_a_line() -> None:
    """p21: "Tarifs et abonnements 2 roues motorisés | | Tarifs 2014" heads a sub-table."""
    assert not [
        line for line in lines_on(TARIFS_2014, 21) if line.label.startswith("Tarifs et abonnements")
    ]


def test_a_row_of_stacked_prices_in_a_matrix_is_no_second_header() -> None:
    """The 2013 book, page 9: the row « Cartes d'abonnement pour 4 spectacles : » holds
    three prices stacked in each of its « Théâtre » and « Concert » cells (« 15,00 €
    46,00 € 36,00 € »). Taken for a second header of the matrix, it was dropped without a
    word, and the rows under it carried those prices as their column's name; then its
    prices were said unread. Each price stands level with the card it is for: the row
    is cut at its lines, the three cards are priced under their heading, and the rows
    under it keep their columns' names."""
    lines = lines_on(TARIFS_2013, 9)
    pass_culture = [s for s in lines if s.label.startswith("Pass culture")]
    assert sorted(s.conditions for s in pass_culture) == [
        ["Tarifs 2013", "Concert"],
        ["Tarifs 2013", "Théâtre"],
    ]
    cards = {
        (" ".join(s.label.split()[:4]), s.conditions[-1]): s.amount
        for s in lines
        if "abonnement" in (s.group or "") and not s.label.startswith("Pass")
    }
    assert cards == {
        (card, column): Decimal(amount)
        for card, amount in (
            ("Vilar Pass : carte", "15.00"),
            ("Carte nominative plein tarif", "46.00"),
            ("Carte nominative tarif réduit", "36.00"),
        )
        for column in ("Théâtre", "Concert")
    }


def test_a_group_holds_the_lines_set_in_under_it_and_no_more() -> None:
    """The 2013 book, page 9: « Tarif groupes : » heads three groups set in under it
    (« -comités d'entreprises… », « -groupes scolaires… » ×2); « Visite nocturne et
    guidée », « Location d'audio-guide » and « Plan du zoo », back at the heading's left
    edge, were taken into that group too. They are not in it."""
    lines = lines_on(TARIFS_2013, 9)
    grouped = [s.label for s in lines if (s.group or "").startswith("Tarif groupes")]
    assert len(grouped) == 3 and all(label.startswith("-") for label in grouped)
    visit = next(s for s in lines if s.label.startswith("Visite nocturne"))
    assert visit.group is None
