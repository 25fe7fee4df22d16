"""Build the Word template of the letter that notifies an adherent of new tariffs.

    python templates/build_courrier.py

writes ``templates/courrier_changement_tarifs.docx``. Like the convention's templates
(``build_templates.py``, whose layout helpers it uses), the file is committed and the
legal staff own it after the first build: they edit it in Word; running this script
again overwrites their edits. Its variables are those of the convention
(``pipeline templates variables``) and ``courrier.*`` (:mod:`pipeline.adhesions.context`),
checked by ``pipeline impact N --courriers`` before anything is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_templates import (  # noqa: E402
    header_footer,
    justified,
    keep_rows_together,
    keep_with_next,
    merged_row,
    new_document,
    para,
    row,
    table,
)

NAME = "courrier_changement_tarifs.docx"

INTRODUCTION = (
    "Votre {{ collectivite.type }} a signé le {{ courrier.date_signature }} la convention "
    "tripartite qui vous lie au {{ cdg.sigle }} et au Syndicat mixte {{ syndicat.sigle }}, "
    "avec l'annexe 2 arrêtée par la délibération {{ courrier.annexe_signee }}.",
    "Par sa délibération {{ tarifs.deliberation }}, le {{ tarifs.deliberation_instance }} "
    "du {{ cdg.sigle }} a arrêté une nouvelle annexe 2, applicable à compter du "
    "{{ courrier.date_application }}. Conformément à l'article 6 de la convention, nous "
    "vous la notifions avec le présent courrier : elle s'applique sans avenant. Si elle "
    "ne vous convient pas, vous pouvez résilier la convention sans indemnité dans les "
    "deux mois qui suivent cette notification.",
)

FEE_CHANGES = (
    "**Accompagnement du {{ cdg.sigle }}** : votre participation annuelle, aujourd'hui de "
    "{{ courrier.accompagnement_avant }} (strate « {{ courrier.strate_avant }} »), sera de "
    "{{ courrier.accompagnement_apres }} à compter du {{ courrier.date_application }} "
    "(strate « {{ courrier.strate_apres }} »)."
)
FEE_SAME = (
    "**Accompagnement du {{ cdg.sigle }}** : votre participation annuelle reste de "
    "{{ courrier.accompagnement_apres }} (strate « {{ courrier.strate_apres }} »)."
)
TOTAL = (
    "**Montant annuel** (participation et services payés chaque année) : "
    "{{ courrier.montant_annuel_avant }} aujourd'hui, {{ courrier.montant_annuel_apres }} "
    "à compter du {{ courrier.date_application }}, soit un écart de {{ courrier.ecart }}"
    "{% if courrier.ecart_pourcent %} ({{ courrier.ecart_pourcent }}){% endif %} par an."
)


def letter():
    doc = new_document("Notification de la nouvelle annexe 2")
    header_footer(doc, "{{ cdg.nom }}", "Notification de la nouvelle annexe 2")
    sender = para(doc, "**{{ cdg.nom }}**", size=9)
    para(doc, "{{ cdg.adresse }}", size=9)
    sender.paragraph_format.space_after = Pt(0)

    for text in (
        "{{ collectivite.representant_nom }}",
        "{{ collectivite.representant_qualite }} – {{ collectivite.nom }}",
        "{{ collectivite.adresse }}",
    ):
        block = para(doc, text)
        block.paragraph_format.left_indent = Pt(250)
        block.paragraph_format.space_after = Pt(0)
    para(doc, "")
    para(doc, "{{ cdg.commune }}, le {{ courrier.date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(
        doc,
        "**Objet : nouvelle annexe 2 de la convention tripartite – tarifs applicables à "
        "compter du {{ courrier.date_application }}**",
    )
    para(doc, "**Pièce jointe : annexe 2 – {{ tarifs.titre_annexe }}**", size=9)
    para(doc, "Madame, Monsieur,")
    for text in INTRODUCTION:
        justified(doc, text)

    doc.add_heading("Ce qui change pour votre {{ collectivite.type }}", level=2)
    para(doc, "{%p if courrier.accompagnement_change %}")
    keep_with_next(justified(doc, FEE_CHANGES))
    para(doc, "{%p else %}")
    keep_with_next(justified(doc, FEE_SAME))
    para(doc, "{%p endif %}")

    para(doc, "{%p if courrier.prestations %}")
    keep_with_next(justified(doc, "**Services du Syndicat mixte** que vous avez souscrits :"))
    widths = [4.6, 1.9, 2.1, 2.1, 1.7, 2.1, 2.1]
    tbl = table(
        doc,
        widths,
        [
            "Service",
            "Quantité",
            "Tarif actuel",
            "Nouveau tarif",
            "Variation",
            "Montant annuel actuel",
            "Nouveau montant annuel",
        ],
    )
    merged_row(tbl, "{%tr for prestation in courrier.prestations %}")
    cells = row(
        tbl,
        widths,
        [
            "{{ prestation.libelle }} ({{ prestation.unite }})",
            "{{ prestation.quantite }}",
            "{{ prestation.tarif_avant }}",
            "{{ prestation.tarif_apres }}",
            "{{ prestation.variation }}",
            "{{ prestation.montant_annuel_avant }}",
            "{{ prestation.montant_annuel_apres }}",
        ],
    )
    for cell in cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    merged_row(tbl, "{%tr endfor %}")
    keep_rows_together(tbl)
    para(
        doc,
        "Un service « ponctuel » (mise en service, matériel) n'est facturé qu'à la commande.",
        size=8,
    )
    para(doc, "{%p endif %}")

    justified(doc, TOTAL)
    para(doc, "{%p if not courrier.montants_complets %}")
    justified(
        doc,
        "Ce montant ne comprend pas la participation fixée sur devis, que le "
        "{{ cdg.sigle }} vous adressera séparément.",
    )
    para(doc, "{%p endif %}")
    justified(
        doc,
        "Vous trouverez ci-joint la nouvelle annexe 2. Le service juridique du "
        "{{ cdg.sigle }} reste à votre disposition pour toute question.",
    )
    justified(
        doc,
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    )
    para(doc, "")
    for text in (
        "Le {{ cdg.representant_qualite }} du {{ cdg.sigle }},",
        "{{ cdg.representant_nom }}",
    ):
        signature = para(doc, text)
        signature.paragraph_format.left_indent = Pt(250)
        keep_with_next(signature)
    return doc


def main(target: Path = HERE) -> None:
    letter().save(target / NAME)
    print(f"Modèle écrit : {target / NAME}", file=sys.stderr)


if __name__ == "__main__":
    main()
