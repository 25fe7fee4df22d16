"""Which price column is the tariff: TTC over HT, the new tariff over the old one."""

from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline.extract import extract

SITTING = (
    "Le Conseil d'Administration s'est réuni le Mardi 3 Février 2026 à 10 heures, à ARRAS, "
    "sous la présidence de M. Jean DUPONT. A l'unanimité des membres présents, ARRETE :"
)


def draw(path: Path, header: list[str], rows: list[list[str]]) -> None:
    styles = getSampleStyleSheet()
    table = Table([header, *rows])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(SITTING, styles["Normal"]), Spacer(1, 12), table]
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Service", "Ancien tarif TTC", "Nouveau tarif TTC", "Unité"], "18.00"),
        (["Service", "Tarif 2025", "Tarif 2026", "Unité"], "18.00"),
        (["Service", "Tarif 2026", "Tarif actuel", "Unité"], "16.80"),
        (["Service", "Tarif HT", "Tarif TTC", "Unité"], "18.00"),
    ],
)
def test_the_tariff_being_set_is_read(tmp_path: Path, header: list[str], expected: str) -> None:
    path = tmp_path / "two_prices.pdf"
    rows = [
        ["Sécurité", "", "", ""],
        ["Licence antivirus", "16,80 €", "18,00 €", "Par poste et par an"],
    ]
    draw(path, header, rows)
    extraction = extract(path)
    assert [str(s.amount) for s in extraction.services] == [expected]
    assert extraction.services[0].category == "Sécurité"
    assert extraction.services[0].unit == "Par poste et par an"


def test_headings_of_one_look_with_lines_under_each_are_all_categories(tmp_path: Path) -> None:
    path = tmp_path / "flat_headings.pdf"
    rows = [
        ["Messagerie", "", ""],
        ["Compte 5 Go", "16,80 €", "Par compte et par an"],
        ["Antivirus", "", ""],
        ["Licence", "16,80 €", "Par poste et par an"],
        ["Sauvegarde", "", ""],
        ["Abonnement", "441,60 €", "Par compte et par an"],
    ]
    draw(path, ["Service", "Tarif TTC", "Unité de facturation"], rows)
    services = extract(path).services
    assert [(s.category, s.group) for s in services] == [
        ("Messagerie", None),
        ("Antivirus", None),
        ("Sauvegarde", None),
    ]


@pytest.mark.parametrize("misread", ["TTC", "TIC", "TTG"])
def test_ttc_misread_under_a_two_row_header_beside_ht_is_still_ttc(tmp_path, misread) -> None:
    """A two-row header « Tarif » over « HT | TTC », scanned dark at 150 dpi: « TTC » read
    « TIC » made the two columns a matrix, and every service a second line at its HT
    price. Beside a column headed HT, a word one letter of the same shape from TTC is TTC;
    elsewhere it is left as read."""
    path = tmp_path / "two_rows.pdf"
    rows = [
        ["Service", "Tarif", "", "Unité"],
        ["", "HT", misread, ""],
        ["Sécurité", "", "", ""],
        ["Licence antivirus", "15,00 €", "18,00 €", "Par poste et par an"],
        ["Boîte aux lettres", "18,00 €", "21,60 €", "Par compte et par an"],
    ]
    styles = getSampleStyleSheet()
    table = Table(rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (1, 0), (2, 0)),
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (3, 0), (3, 1)),
            ]
        )
    )
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(SITTING, styles["Normal"]), Spacer(1, 12), table]
    )
    services = extract(path).services
    assert [(str(s.amount), s.conditions) for s in services] == [("18.00", []), ("21.60", [])]
    assert [str(s.amount_ht) for s in services] == ["15.00", "18.00"]
