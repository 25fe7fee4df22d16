"""Column roles read from what the cells hold, on small hand-made grids.

Rows are written as texts; ``"<"`` is the cell to the left and ``"^"`` the cell above
(a merged cell is one object in every slot it covers, as the grids give them).
"""

from __future__ import annotations

from pipeline.parse.roles import Kind, Layout, cell_kind, infer_layout

LEFT, UP = "<", "^"


def _grid(rows: list[list[str]]) -> tuple[list[list[object]], list[list[str]]]:
    cells: list[list[object]] = []
    texts: list[list[str]] = []
    for r, row in enumerate(rows):
        cell_row: list[object] = []
        text_row: list[str] = []
        for c, text in enumerate(row):
            if text == LEFT:
                cell_row.append(cell_row[c - 1])
                text_row.append(text_row[c - 1])
            elif text == UP:
                cell_row.append(cells[r - 1][c])
                text_row.append(texts[r - 1][c])
            else:
                cell_row.append(object())
                text_row.append(text)
        cells.append(cell_row)
        texts.append(text_row)
    return cells, texts


def _layout(rows: list[list[str]]) -> Layout | None:
    return infer_layout(*_grid(rows))


# --- cell kinds ---------------------------------------------------------------------


def test_cell_kinds() -> None:
    assert cell_kind("12,50 €") is Kind.MONEY
    assert cell_kind("Gratuit") is Kind.MONEY
    assert cell_kind("5 € / 50 €") is Kind.MONEY
    assert cell_kind("0,06%") is Kind.PERCENT
    assert cell_kind("/") is Kind.NA
    assert cell_kind("") is Kind.EMPTY
    assert cell_kind("Location de salle") is Kind.TEXT


def test_bare_whole_number_is_not_money() -> None:
    assert cell_kind("3") is Kind.NUMBER
    assert cell_kind("2014") is Kind.NUMBER


# --- layouts ------------------------------------------------------------------------


def test_headerless_label_price_unit() -> None:
    layout = _layout(
        [
            ["Location de salle", "50 €", "par jour"],
            ["Location de sono", "20 €", "par jour"],
            ["Ménage", "30 €", "forfait"],
        ]
    )
    assert layout is not None
    assert (layout.header_rows, layout.label, layout.prices, layout.unit) == (0, 0, (1,), 2)
    assert layout.outer == ()
    assert layout.price_ht is None


def test_header_naming_only_the_price_column() -> None:
    layout = _layout(
        [
            ["", "Tarif proposé", ""],
            ["Location de salle", "50 €", "par jour"],
            ["Location de sono", "20 €", "par jour"],
            ["Ménage", "30 €", "forfait"],
        ]
    )
    assert layout is not None
    assert (layout.header_rows, layout.label, layout.prices, layout.unit) == (1, 0, (1,), 2)
    assert layout.header[1] == "Tarif proposé"


def test_innermost_word_column_holds_the_label() -> None:
    layout = _layout(
        [
            ["Domaine", "Prestation", "Détail", "Tarif"],
            ["Informatique", "Messagerie", "Formule standard", "10 €"],
            [UP, "Sauvegarde", "Formule étendue", "20 €"],
            [UP, "Antivirus", "Formule standard", "30 €"],
            [UP, "Hébergement", "Formule complète", "45 €"],
        ]
    )
    # fewer different details than prestations, yet enough: the innermost still wins
    assert layout is not None
    assert layout.label == 2
    assert layout.outer == (0, 1)
    assert layout.prices == (3,)


def test_sparse_detail_column_leaves_the_label_to_the_prestation() -> None:
    layout = _layout(
        [
            ["Domaine", "Prestation", "Détail", "Tarif"],
            ["Informatique", "Messagerie", "", "10 €"],
            [UP, "Sauvegarde", "", "30 €"],
            [UP, "Antivirus", "", "5 €"],
            [UP, "Hébergement", "hors nom", "45 €"],
        ]
    )
    assert layout is not None
    assert layout.label == 1
    assert layout.outer == (0,)


def test_two_price_columns_make_a_matrix_with_header_paths() -> None:
    layout = _layout(
        [
            ["Quotient familial", "ACCUEIL PERISCOLAIRE", LEFT],
            [UP, "Matin", "Soir"],
            ["Q 1: de 0 € à 167 €", "0.51 €", "0.17 €"],
            ["Q 2: de 168 € à 191 €", "0.60 €", "0.20 €"],
            ["Q 3: de 192 € à 260 €", "0.78 €", "0.26 €"],
        ]
    )
    assert layout is not None
    assert layout.header_rows == 2
    assert layout.label == 0
    assert layout.prices == (1, 2)
    assert layout.conditions == (
        ("ACCUEIL PERISCOLAIRE", "Matin"),
        ("ACCUEIL PERISCOLAIRE", "Soir"),
    )


def test_vat_column_is_not_a_price() -> None:
    layout = _layout(
        [
            ["Prestation", "Montant", "TVA"],
            ["Location de salle", "50,00 €", "10,00 €"],
            ["Location de sono", "20,00 €", "4,00 €"],
        ]
    )
    assert layout is not None
    assert layout.prices == (1,)
    assert layout.price_ht is None


def test_ht_and_ttc_pair_keeps_ttc_with_ht_beside() -> None:
    layout = _layout(
        [
            ["Durée", "Tarifs 2014 HT", "Tarifs 2014 (TVA 20%)"],
            ["00h30", "0.83 €", "1.00 €"],
            ["01h00", "1.58 €", "1.90 €"],
        ]
    )
    assert layout is not None
    assert layout.prices == (2,)
    assert layout.price_ht == 1


def test_indicative_columns_are_dropped() -> None:
    layout = _layout(
        [
            ["Prestation", "Tarif 2014", "A titre indicatif, tarif 2013"],
            ["Location de salle", "52 €", "50 €"],
            ["Location de sono", "21 €", "20 €"],
        ]
    )
    assert layout is not None
    assert layout.prices == (1,)


def test_table_of_indicative_prices_only_has_no_layout() -> None:
    layout = _layout(
        [
            [
                "Nombre d'enfants",
                "Taux horaire",
                "A titre indicatif, tarif plancher 2013",
                "A titre indicatif, tarif plafond 2013",
            ],
            ["1 enfant", "0,06%", "0,37 €", "2,83 €"],
            ["2 enfants", "0,05%", "0,30 €", "2,36 €"],
        ]
    )
    assert layout is None


def test_numbered_rows_are_no_price_column() -> None:
    layout = _layout(
        [
            ["N°", "Prestation", "Tarif"],
            ["1", "Location de salle", "50 €"],
            ["2", "Location de sono", "20 €"],
            ["3", "Ménage", "30 €"],
        ]
    )
    assert layout is not None
    assert layout.prices == (2,)
    assert layout.label == 1
