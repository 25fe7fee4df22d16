"""Tables with no rules at all: the header line opens the table, gaps make columns."""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import extract

ROWS = [
    ("category", "Présence en ligne"),
    ("heading", "Messagerie"),
    ("line", "Messagerie compte 2 Go", "9,60 €", "Par compte et par an"),
    ("line", "Messagerie compte 50 Go", "21,00 €", "Par compte et par an"),
    ("line", "Hébergement", "48,00 €", "Par site et par an,"),
    ("wrap", "", "", "hors nom de domaine"),
    ("category", "Sécurité"),
    ("line", "Antivirus serveur", "Gratuit", "Par serveur"),
]


def draw_unruled(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 780
    pdf.setFont("Helvetica", 10)
    text = [
        "CENTRE DE GESTION DE LA FONCTION PUBLIQUE TERRITORIALE DU PAS-DE-CALAIS",
        "Le Conseil d'Administration s'est réuni le Lundi 2 Février 2026 à 10 heures,",
        "à ARRAS, sous la présidence de M. Jean DUPONT, Président.",
        "A l'unanimité des membres présents, ARRETE les tarifs suivants :",
    ]
    for line in text:
        pdf.drawString(60, y, line)
        y -= 16
    y -= 20
    pdf.setFont("Helvetica-Bold", 10)
    for x, word in ((60, "Prestation"), (260, "Tarif TTC"), (360, "Unité de facturation")):
        pdf.drawString(x, y, word)
    y -= 16
    for row in ROWS:
        if row[0] in ("category", "heading"):
            # categories are set larger than groups: their look tells them apart
            pdf.setFont("Helvetica-Bold", 11 if row[0] == "category" else 10)
            pdf.drawString(60, y, row[1])
        else:
            pdf.setFont("Helvetica", 10)
            _, label, price, unit = row
            pdf.drawString(60, y, label)
            pdf.drawRightString(320, y, price)
            pdf.drawString(360, y, unit)
        y -= 14
    y -= 30
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, y, "Ainsi fait et délibéré en séance, À ARRAS, le 2 février 2026")
    pdf.save()


def test_unruled_table_reads_headings_lines_and_wrapped_units(tmp_path: Path) -> None:
    path = tmp_path / "unruled.pdf"
    draw_unruled(path)
    extraction = extract(path)
    got = [(s.category, s.group, s.label, s.amount, s.unit) for s in extraction.services]
    assert [g[2] for g in got] == [
        "Messagerie compte 2 Go",
        "Messagerie compte 50 Go",
        "Hébergement",
        "Antivirus serveur",
    ]
    assert got[0][:2] == ("Présence en ligne", "Messagerie")
    assert got[2][1] is None, "the group's lines repeat its name; Hébergement leaves it"
    assert got[2][4] == "Par site et par an, hors nom de domaine"
    assert got[3][0] == "Sécurité"
    assert extraction.services[3].free
    assert str(got[1][3]) == "21.00"
