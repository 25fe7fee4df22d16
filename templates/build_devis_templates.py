"""Build the two Word templates of the devis: run once, then edit them in Word.

    python templates/build_devis_templates.py

writes ``templates/devis_syndicat.docx`` (the Syndicat's devis for its services) and
``templates/devis_cdg.docx`` (the CDG's devis for its accompaniment), with the same
page set-up, styles and rules as the conventions (:mod:`build_templates`). The staff
own them after the first build; running this again overwrites their edits. The
variables they may use are those of ``pipeline.devis.context`` (checked before any devis
is written).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import (
    HEAD_FILL,
    HERE,
    header_footer,
    justified,
    keep_row_whole,
    keep_rows_together,
    keep_with_next,
    merged_row,
    new_document,
    para,
    row,
    shade,
    table,
    write,
)

WIDTHS = [6.6, 3.6, 2.4, 1.2, 2.8]
HEADERS = [
    "Prestation",
    "Unité de facturation",
    "Prix unitaire {{ devis.base }}",
    "Qté",
    "Total {{ devis.base }}",
]

SUBJECT = {
    "syndicat": (
        "Services numériques du Syndicat mixte",
        "**Objet** : services numériques du Syndicat mixte La Fibre Numérique 59-62 commandés "
        "par {{ collectivite.designation }}, dans le cadre de la convention tripartite "
        "conclue avec le {{ cdg.sigle }}. Comme le prévoit la délibération "
        "{{ tarifs.deliberation }} du {{ tarifs.deliberation_instance }} du {{ cdg.sigle }}, "
        "la participation {{ collectivite.de_appellation }} fait l'objet de deux devis : "
        "celui-ci pour les services, et {% if devis.associe %}le devis n° {{ devis.associe }}"
        "{% else %}un devis{% endif %} du {{ cdg.sigle }} pour l'accompagnement.",
    ),
    "cdg": (
        "Accompagnement du CDG 62",
        "**Objet** : participation {{ collectivite.de_appellation }} à l'accompagnement du "
        "{{ cdg.sigle }} pour les services numériques du Syndicat mixte La Fibre Numérique "
        "59-62, dans le cadre de la convention tripartite{% if devis.strate %} ; strate "
        "« {{ devis.strate }} »{% if collectivite.population %} ({{ collectivite.population }} "
        "habitants, population {{ collectivite.population_type }}"
        "{% if collectivite.population_millesime %}, millésime "
        "{{ collectivite.population_millesime }}{% endif %}){% endif %}{% endif %}. Comme le "
        "prévoit la délibération {{ tarifs.deliberation }} du {{ tarifs.deliberation_instance }} "
        "du {{ cdg.sigle }}, la participation {{ collectivite.de_appellation }} fait l'objet "
        "de deux devis : celui-ci pour l'accompagnement, et "
        "{% if devis.associe %}le devis n° {{ devis.associe }}{% else %}un devis{% endif %} "
        "du Syndicat mixte pour les services.",
    ),
}


SIGNATORY = {"syndicat": "Pour le Syndicat mixte,", "cdg": "Pour le {{ cdg.sigle }},"}


def _parties_block(doc) -> None:
    """Issuer on the left, the collectivité on the right, without borders."""
    tbl = doc.add_table(rows=1, cols=2)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    keep_row_whole(tbl.rows[0])
    blocks = (
        ("Émetteur", "{{ emetteur.nom }}", "{{ emetteur.adresse }}",
         "SIREN {{ emetteur.siren }}", "Représenté par {{ emetteur.representant }}"),
        ("Destinataire", "{{ collectivite.designation_initiale }}", "{{ collectivite.adresse }}",
         "{% if collectivite.siren %}SIREN {{ collectivite.siren }}{% endif %}",
         "À l'attention de {{ collectivite.representant }}"),
    )  # fmt: skip
    for cell, (title, name, *rest) in zip(tbl.rows[0].cells, blocks, strict=True):
        cell.width = Cm(8.3)
        write(cell, title, italic=True, size=8.5)
        paragraph = cell.add_paragraph()
        paragraph.add_run(name).bold = True
        for text in rest:
            cell.add_paragraph(text).paragraph_format.space_after = Pt(0)


def _lines_table(doc, loop: str, total_label: str, total: str) -> None:
    tbl = table(doc, WIDTHS, HEADERS)
    merged_row(tbl, f"{{%tr for ligne in {loop} %}}")
    cells = row(
        tbl,
        WIDTHS,
        [
            "{{ ligne.libelle }}",
            "{{ ligne.unite }}",
            "{{ ligne.prix_unitaire }}",
            "{{ ligne.quantite }}",
            "{{ ligne.total }}",
        ],
    )
    note = cells[0].paragraphs[0].add_run("{% if ligne.note %} – {{ ligne.note }}{% endif %}")
    note.italic, note.font.size = True, Pt(7.5)
    for cell in cells[2:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    merged_row(tbl, "{%tr endfor %}")
    added = tbl.add_row()
    keep_row_whole(added)
    cells = added.cells
    merged = cells[0].merge(cells[3])
    write(merged, total_label, bold=True)
    write(cells[4], total, bold=True)
    shade(merged, HEAD_FILL)
    shade(cells[4], HEAD_FILL)
    cells[4].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    keep_rows_together(tbl)


def _totals(doc) -> None:
    widths = [11.8, 4.8]
    tbl = table(doc, widths, ["Récapitulatif", "Montant"])
    rows = [
        ("**Total de la première année {{ devis.base }}**", "{{ devis.total_premiere_annee }}"),
        ("Total des années suivantes, par an, {{ devis.base }}", "{{ devis.total_annuel }}"),
    ]
    for label, amount in rows:
        cells = row(tbl, widths, ["", amount])
        for index, piece in enumerate(label.split("**")):
            if piece:
                run = cells[0].paragraphs[0].add_run(piece)
                run.bold, run.font.size = index % 2 == 1, Pt(8.5)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    merged_row(tbl, "{%tr if devis.avec_ht %}")
    for label, amount in (
        ("Total de la première année HT", "{{ devis.total_premiere_annee_ht }}"),
        ("TVA de la première année{% if devis.taux_tva %} ({{ devis.taux_tva }}){% endif %}",
         "{{ devis.tva_premiere_annee }}"),
        ("Total des années suivantes, par an, HT", "{{ devis.total_annuel_ht }}"),
    ):  # fmt: skip
        cells = row(tbl, widths, [label, amount])
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    merged_row(tbl, "{%tr endif %}")
    keep_rows_together(tbl)


def _signatures(doc, issuer: str) -> None:
    tbl = doc.add_table(rows=1, cols=2)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    keep_row_whole(tbl.rows[0])
    blocks = (
        (SIGNATORY[issuer], ["À {{ emetteur.commune }}, le {{ devis.date }}",
                                       "{{ emetteur.representant_qualite }},",
                                       "{{ emetteur.representant_nom }}"]),
        ("Bon pour accord, pour {{ collectivite.appellation }},",
         ["À {{ document.a_completer }}, le {{ document.a_completer }}",
          "{{ collectivite.representant_qualite }},", "{{ collectivite.representant_nom }}"]),
    )  # fmt: skip
    for cell, (who, texts) in zip(tbl.rows[0].cells, blocks, strict=True):
        cell.width = Cm(8.3)
        write(cell, who, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)
        for text in texts:
            p = cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(1)
            p.add_run(text).font.size = Pt(9)
        for _ in range(2):
            cell.add_paragraph()
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run("(signature et cachet)")
        r.italic, r.font.size = True, Pt(8)


def devis(issuer: str):
    subtitle, subject = SUBJECT[issuer]
    doc = new_document(f"Devis – {subtitle}")
    header_footer(
        doc,
        "{{ emetteur.nom }}",
        "Devis n° {{ devis.numero }} du {{ devis.date }} – {{ collectivite.nom }}",
    )
    para(doc, "Devis n° {{ devis.numero }}", style="Title")
    para(doc, subtitle + " – convention tripartite", style="Subtitle")
    _parties_block(doc)
    para(doc, "")
    justified(
        doc,
        "**Date du devis** : {{ devis.date }} – valable {{ devis.validite_jours }} jours, "
        "jusqu'au {{ devis.validite }}.",
    )
    para(doc, "{%p if devis.remplace %}")
    justified(doc, "Ce devis annule et remplace le devis n° {{ devis.remplace }}.", italic=True)
    para(doc, "{%p endif %}")
    justified(doc, subject)

    para(doc, "{%p if devis.annuelles %}")
    doc.add_heading("Montants annuels", level=2)
    _lines_table(doc, "devis.annuelles", "Total annuel", "{{ devis.total_annuel }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if devis.ponctuelles %}")
    doc.add_heading("Montants payés une fois (mise en service, achat, première année)", level=2)
    _lines_table(doc, "devis.ponctuelles", "Total payé une fois", "{{ devis.total_ponctuel }}")
    para(doc, "{%p endif %}")

    doc.add_heading("Total", level=2)
    _totals(doc)
    para(doc, "")
    keep_with_next(
        justified(
            doc,
            "Arrêté le présent devis à la somme de **{{ devis.total_premiere_annee_en_lettres }} "
            "{{ devis.base }}** pour la première année"
            "{% if devis.annuelles and devis.ponctuelles %}, puis de "
            "{{ devis.total_annuel_en_lettres }} {{ devis.base }} par an les années "
            "suivantes{% elif devis.annuelles %}, et de la même somme chaque année suivante"
            "{% endif %}.",
        )
    )
    keep_with_next(
        justified(
            doc,
            "Prix fixés par la délibération {{ tarifs.deliberation }} du "
            "{{ tarifs.deliberation_instance }} du {{ cdg.sigle }}, applicables "
            "{{ tarifs.application }} (version tarifaire {{ tarifs.version }}). La facturation "
            "suit les conditions financières de la convention tripartite.",
            size=9,
        )
    )
    _signatures(doc, issuer)
    return doc


def main(target: Path = HERE) -> None:
    devis("syndicat").save(target / "devis_syndicat.docx")
    devis("cdg").save(target / "devis_cdg.docx")
    print(f"Modèles de devis écrits dans {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
