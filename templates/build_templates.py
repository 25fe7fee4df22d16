"""Build the two Word templates the legal staff edit: run once, then edit them in Word.

    python templates/build_templates.py

writes ``templates/convention_tripartite.docx`` and ``templates/annexe2_tarifs.docx``.
These files are committed: after the first build the staff own them and edit them in
Word (text, styles, layout). Running this script again overwrites their edits; do it
only to start over. The variables they may use are listed by
``pipeline templates variables`` and checked by ``pipeline templates check``.

Every template tag sits whole in one run (python-docx writes each piece of text as
one run), so that docxtpl reads it after Word has saved the file; when editing in
Word, type a tag in one go, or paste it as plain text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
BLUE = RGBColor(0x1F, 0x3A, 0x5F)
HEAD_FILL = "D9E2F3"
CATEGORY_FILL = "EDEDED"


# --- Document set-up -------------------------------------------------------------


def _lang(element, value: str = "fr-FR") -> None:
    rpr = element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), value)
    lang.set(qn("w:eastAsia"), value)
    rpr.append(lang)


def new_document(title: str) -> Document:
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = "CDG 62"
    props.language = "fr-FR"
    props.comments = "Modèle docxtpl : voir « pipeline templates variables »."

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    _lang(normal.element)
    for name, size in (("Title", 18), ("Subtitle", 12), ("Heading 1", 13), ("Heading 2", 11)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12 if name.startswith("Heading") else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts is not None and rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Title has a bottom border in the default template; keep it, it reads well.
    for name in ("List Bullet",):
        styles[name].font.name = "Arial"
    return doc


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end."""
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text


def header_footer(doc: Document, header_text: str, footer_text: str) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = header_text
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in header.runs:
        run.font.size, run.font.color.rgb = Pt(8), RGBColor(0x59, 0x59, 0x59)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(footer_text + " – page ")
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)


# --- Text -----------------------------------------------------------------------


def para(
    doc_or_cell,
    text: str = "",
    *,
    style: str | None = None,
    align=None,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
):
    """A paragraph; ``**…**`` marks bold runs. A tag never spans two runs."""
    paragraph = doc_or_cell.add_paragraph(style=style)
    for index, piece in enumerate(re.split(r"\*\*", text)):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold = bold or index % 2 == 1
        run.italic = italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def justified(doc, text: str, **kwargs):
    return para(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, **kwargs)


def follows_heading(paragraph) -> None:
    """Keep the paragraph under a heading whole and without widow control.

    The heading styles keep with the next paragraph, but LibreOffice drops that keep
    when the next paragraph moves to the next page through its widow and orphan
    control (a three-line paragraph that cannot split 2 + 1): the heading then ends
    the page alone. A paragraph kept whole without widow control moves as one block,
    and the heading goes with it, in LibreOffice as in Word.
    """
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.widow_control = False


def heading(doc, text: str, level: int, first: str, **kwargs):
    """A heading and the paragraph that must stay with it."""
    doc.add_heading(text, level=level)
    paragraph = justified(doc, first, **kwargs)
    follows_heading(paragraph)
    return paragraph


def article(doc, number: int, title: str, first: str, *paragraphs: str) -> None:
    heading(doc, f"Article {number} – {title}", 2, first)
    for text in paragraphs:
        justified(doc, text)


def bullets(doc, *items: str) -> None:
    for item in items:
        para(doc, item, style="List Bullet")


# --- Tables ---------------------------------------------------------------------


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def keep_row_whole(row) -> None:
    """A row never breaks across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def write(cell, text: str, *, bold=False, italic=False, align=None, size=9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if align is not None:
        paragraph.alignment = align


def table(doc, widths: list[float], header: list[str]):
    tbl = doc.add_table(rows=1, cols=len(widths))
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    # Word and LibreOffice lay columns out from the table grid, not the cells' widths.
    for column, width in zip(tbl.columns, widths, strict=True):
        column.width = Cm(width)
    for cell, width, text in zip(tbl.rows[0].cells, widths, header, strict=True):
        cell.width = Cm(width)
        write(cell, text, bold=True)
        shade(cell, HEAD_FILL)
    repeat_header(tbl.rows[0])
    keep_row_whole(tbl.rows[0])
    return tbl


def row(tbl, widths: list[float], texts: list[str], **kwargs):
    added = tbl.add_row()
    keep_row_whole(added)
    cells = added.cells
    for cell, width, text in zip(cells, widths, texts, strict=True):
        cell.width = Cm(width)
        write(cell, text, **kwargs)
    return cells


def merged_row(tbl, text: str, *, fill: str | None = None, **kwargs):
    """One cell across the table: a control row ({%tr …%}) or a heading row."""
    added = tbl.add_row()
    keep_row_whole(added)
    cells = added.cells
    cell = cells[0].merge(cells[-1])
    write(cell, text, **kwargs)
    if fill:
        shade(cell, fill)
    return cell


# --- The convention -------------------------------------------------------------


def convention() -> Document:
    doc = new_document("Convention tripartite")
    header_footer(
        doc,
        "Convention tripartite – CDG 62 / La Fibre Numérique 59-62 / {{ collectivite.nom }}",
        "Convention tripartite – {{ collectivite.nom }}",
    )
    para(doc, "Convention tripartite", style="Title")
    para(
        doc,
        "relative aux services numériques du Syndicat Mixte La Fibre Numérique 59-62 "
        "et à l'accompagnement du Centre de Gestion du Pas-de-Calais",
        style="Subtitle",
    )

    heading(
        doc,
        "Entre les soussignés",
        1,
        "**Le {{ cdg.nom }}**, dont le siège est à {{ cdg.adresse }}, représenté par "
        "{{ cdg.representant }}, dûment habilité par délibération du "
        "{{ tarifs.deliberation_instance }}, ci-après dénommé « le {{ cdg.sigle }} »,",
    )
    justified(
        doc,
        "**Le {{ syndicat.nom }}**, dont le siège est {{ syndicat.adresse }}, représenté "
        "par {{ syndicat.representant }}, dûment habilité par délibération de son "
        "comité syndical, ci-après dénommé « le Syndicat mixte »,",
    )
    para(doc, "et", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    justified(
        doc,
        "**{{ collectivite.designation_initiale }}**{% if collectivite.siren %} (SIREN "
        "{{ collectivite.siren }}){% endif %}, dont le siège est "
        "{{ collectivite.adresse }}, représenté{{ collectivite.accord }} par "
        "{{ collectivite.representant }}, agissant en vertu de la délibération du "
        "{{ collectivite.date_deliberation }}, ci-après dénommé{{ collectivite.accord }} "
        "« la collectivité ».",
    )

    heading(doc, "Visas", 1, "Vu le Code général des collectivités territoriales ;")
    for text in (
        "Vu le Code général de la fonction publique ;",
        "Vu la délibération du {{ tarifs.deliberation_instance }} du {{ cdg.sigle }} du "
        "{{ tarifs.deliberation_date }} fixant les tarifs des services numériques et de "
        "l'accompagnement{% if tarifs.references %}, et les délibérations qu'elle vise "
        "({{ tarifs.references }}){% endif %} ;",
        "Vu la délibération de la collectivité du {{ collectivite.date_deliberation }} "
        "autorisant la signature de la présente convention ;",
    ):
        justified(doc, text)
    para(doc, "Il est convenu ce qui suit :", bold=True)

    article(
        doc,
        1,
        "Objet",
        "La présente convention définit les conditions dans lesquelles le Syndicat mixte "
        "fournit à la collectivité les services numériques qu'elle choisit, et dans "
        "lesquelles le {{ cdg.sigle }} l'accompagne dans leur choix et leur mise en œuvre.",
    )
    article(
        doc,
        2,
        "Services du Syndicat mixte",
        "Le Syndicat mixte propose les services suivants, que la collectivité peut "
        "souscrire un à un :",
    )
    # One bullet per category of the tariffs in force, so that the list follows them.
    para(doc, "{%p for categorie in tarifs.categories %}")
    bullets(
        doc,
        "{% if categorie.nom %}{{ categorie.nom }} : {% endif %}{{ categorie.services }}"
        "{% if loop.last %}.{% else %} ;{% endif %}",
    )
    para(doc, "{%p endfor %}")
    justified(
        doc,
        "Leur description, leur prix et leur unité de facturation figurent à "
        "l'annexe 2. La collectivité commande les services par écrit auprès du "
        "Syndicat mixte, qui en assure la mise en service et le fonctionnement.",
    )
    article(
        doc,
        3,
        "Accompagnement par le {{ cdg.sigle }}",
        "Le {{ cdg.sigle }} conseille la collectivité dans le choix des services, l'aide "
        "à les commander, à les mettre en service et à les prendre en main, et fait le "
        "lien avec le Syndicat mixte pendant toute la durée de la convention.",
    )
    article(
        doc,
        4,
        "Conditions financières",
        "Les services sont facturés par le Syndicat mixte aux prix fixés à l'annexe 2. "
        "L'accompagnement du {{ cdg.sigle }} donne lieu à une participation annuelle de "
        "la collectivité, fixée à l'annexe 2 selon la strate dont elle relève.",
    )
    justified(
        doc,
        "{% if accompagnement.sur_devis %}Pour la collectivité, qui relève de la strate "
        "« {{ accompagnement.strate }} », cette participation est fixée sur devis du "
        "{{ cdg.sigle }}.{% else %}Pour la collectivité, qui relève de la strate "
        "« {{ accompagnement.strate }} », cette participation s'élève à "
        "{{ accompagnement.montant }} ({{ accompagnement.montant_en_lettres }}) par "
        "an.{% endif %}",
    )
    justified(
        doc,
        "Les tarifs de l'annexe 2 sont ceux fixés par délibération du "
        "{{ tarifs.deliberation_instance }} du {{ cdg.sigle }}. Lorsqu'une "
        "délibération les modifie, l'annexe 2 ainsi modifiée s'applique de plein "
        "droit à compter de sa date d'effet, sans qu'un avenant à la présente "
        "convention soit nécessaire ; la collectivité en reçoit la nouvelle version.",
    )
    justified(
        doc,
        "Le Syndicat mixte et le {{ cdg.sigle }} recouvrent chacun les sommes qui "
        "leur sont dues par l'émission d'un titre de recettes.",
    )
    article(
        doc,
        5,
        "Date d'effet et durée",
        "La présente convention prend effet à la date de sa signature par la dernière "
        "des trois parties. Elle est conclue pour une durée d'un an, puis renouvelée par "
        "tacite reconduction par périodes d'un an, dans la limite de trois "
        "reconductions ; sa durée totale ne peut excéder quatre ans.",
    )
    article(
        doc,
        6,
        "Avenants",
        "Toute modification de la présente convention, autre que celle des tarifs "
        "prévue à l'article 4, fait l'objet d'un avenant signé par les trois parties.",
    )
    article(
        doc,
        7,
        "Résiliation",
        "Chaque partie peut résilier la présente convention par lettre recommandée avec "
        "accusé de réception adressée aux deux autres, moyennant un préavis de trois "
        "mois. Les services fournis et l'accompagnement réalisé jusqu'à la date d'effet "
        "de la résiliation restent dus.",
    )
    article(
        doc,
        8,
        "Données personnelles",
        "Les parties respectent le règlement (UE) 2016/679 (RGPD) et la loi n° 78-17 du "
        "6 janvier 1978. Pour les données que les services traitent pour le compte de la "
        "collectivité, le Syndicat mixte agit en qualité de sous-traitant au sens de "
        "l'article 28 du RGPD ; la collectivité reste responsable de traitement.",
    )
    article(
        doc,
        9,
        "Litiges",
        "Les parties s'efforcent de régler à l'amiable tout différend relatif à "
        "l'interprétation ou à l'exécution de la présente convention. À défaut d'accord "
        "dans un délai de deux mois, le litige est porté devant le tribunal "
        "administratif de Lille.",
    )
    para(doc, "Annexe : annexe 2 – tarifs en vigueur.", italic=True)

    justified(doc, "Fait à {{ cdg.adresse }}, le ……………………, en trois exemplaires originaux.")
    widths = [5.5, 5.5, 5.5]
    tbl = doc.add_table(rows=1, cols=3)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    blocks = [
        ("Pour le {{ cdg.sigle }},", "{{ cdg.representant }}"),
        ("Pour le Syndicat mixte,", "{{ syndicat.representant }}"),
        ("Pour la collectivité,", "{{ collectivite.representant }}"),
    ]
    for cell, width, (who, name) in zip(tbl.rows[0].cells, widths, blocks, strict=True):
        cell.width = Cm(width)
        write(cell, who, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(name)
        r.font.size = Pt(9)
        for _ in range(4):
            cell.add_paragraph()
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run("(signature et cachet)")
        r.italic, r.font.size = True, Pt(8)
    return doc


# --- Annex 2 --------------------------------------------------------------------


def annex() -> Document:
    doc = new_document("Annexe 2 – Tarifs en vigueur")
    header_footer(
        doc,
        "Convention tripartite – {{ collectivite.nom }} – annexe 2",
        "Annexe 2 – tarifs de la version {{ tarifs.version }}",
    )
    para(doc, "Annexe 2 – Tarifs en vigueur", style="Title")
    para(
        doc,
        "à la convention tripartite conclue avec {{ collectivite.designation }}",
        style="Subtitle",
    )
    justified(
        doc,
        "Tarifs fixés par délibération du {{ tarifs.deliberation_instance }} du "
        "{{ cdg.sigle }} du {{ tarifs.deliberation_date }}, applicables à compter "
        "du {{ tarifs.date_effet }}. Une délibération qui les modifie remplace la "
        "présente annexe sans avenant (article 4 de la convention).",
    )

    doc.add_heading("1. Services du Syndicat mixte La Fibre Numérique 59-62", level=1)
    widths = [7.5, 3.0, 6.1]
    tbl = table(doc, widths, ["Service", "Tarif", "Unité de facturation"])
    merged_row(tbl, "{%tr for categorie in tarifs.categories %}")
    merged_row(tbl, "{{ categorie.nom }}", bold=True, fill=CATEGORY_FILL, size=9.5)
    merged_row(tbl, "{%tr for groupe in categorie.groupes %}")
    merged_row(tbl, "{%tr if groupe.nom %}")
    merged_row(tbl, "{{ groupe.nom }}", italic=True, bold=True)
    merged_row(tbl, "{%tr endif %}")
    merged_row(tbl, "{%tr for ligne in groupe.lignes %}")
    cells = row(
        tbl,
        widths,
        ["{{ ligne.libelle }}", "{{ ligne.tarif }} {{ ligne.base }}", "{{ ligne.unite }}"],
    )
    cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    merged_row(tbl, "{%tr endfor %}")
    merged_row(tbl, "{%tr endfor %}")
    merged_row(tbl, "{%tr endfor %}")

    doc.add_heading("2. Participation à l'accompagnement du {{ cdg.sigle }}", level=1)
    widths = [5.0, 2.6, 6.2, 2.8]
    tbl = table(doc, widths, ["Strate", "Participation", "Unité", ""])
    merged_row(tbl, "{%tr for strate in tarifs.strates %}")
    cells = row(
        tbl,
        widths,
        [
            "{% cellbg strate.couleur %}{{ strate.libelle }}",
            "{% cellbg strate.couleur %}{{ strate.participation }}",
            "{% cellbg strate.couleur %}{{ strate.unite }}",
            "{% cellbg strate.couleur %}{{ strate.mention }}",
        ],
    )
    cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cells[3].paragraphs[0].runs[0].bold = True
    merged_row(tbl, "{%tr endfor %}")

    para(doc)
    para(doc, "{%p if accompagnement.par_population %}")
    justified(
        doc,
        "{{ collectivite.designation_initiale }}, qui compte {{ collectivite.population }} "
        "habitants (population {{ collectivite.population_type }} ; source : "
        "{{ collectivite.population_source }}), relève de la strate "
        "« {{ accompagnement.strate }} » ; sa participation annuelle à "
        "l'accompagnement du {{ cdg.sigle }} {% if accompagnement.sur_devis %}est "
        "fixée sur devis{% else %}s'élève à {{ accompagnement.montant }} "
        "({{ accompagnement.montant_en_lettres }}){% endif %}.",
    )
    para(doc, "{%p else %}")
    justified(
        doc,
        "{{ collectivite.designation_initiale }} relève de la strate "
        "« {{ accompagnement.strate }} » ; sa participation annuelle à "
        "l'accompagnement du {{ cdg.sigle }} {% if accompagnement.sur_devis %}est "
        "fixée sur devis{% else %}s'élève à {{ accompagnement.montant }} "
        "({{ accompagnement.montant_en_lettres }}){% endif %}.",
    )
    para(doc, "{%p endif %}")
    return doc


def main(target: Path = HERE) -> None:
    convention().save(target / "convention_tripartite.docx")
    annex().save(target / "annexe2_tarifs.docx")
    print(f"Modèles écrits dans {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
