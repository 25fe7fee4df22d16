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
