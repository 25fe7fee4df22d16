"""Build the two Word templates the legal staff edit: run once, then edit them in Word.

    python templates/build_templates.py

writes ``templates/convention_tripartite.docx`` and ``templates/annexe2_tarifs.docx``.
These files are committed: after the first build the staff own them and edit them in
Word (text, styles, layout). Running this script again overwrites their edits; do it
only to start over. The variables they may use are listed by
``pipeline templates variables`` and checked by ``pipeline templates check``.

Every clause is a plain paragraph (no field, no content control), so that the legal
staff change it in Word as they would any text. Every template tag sits whole in one
run (python-docx writes each piece of text as one run), so that docxtpl reads it after
Word has saved the file; when editing in Word, type a tag in one go, or paste it as
plain text. French typography (no-break spaces before « : ; ! ? », inside « », in
numbers; « 1er ») is set when the documents are generated: type ordinary spaces.

Layout rules the documents keep (LibreOffice and Word alike): a heading stays with
the paragraph under it, which is kept whole; a table row never breaks across pages;
the tier table moves as a block with its note; the « Fait en trois exemplaires »
sentence stays with the signatures.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
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
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.8)
    section.header_distance = section.footer_distance = Cm(0.9)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.08
    normal.paragraph_format.widow_control = True
    _lang(normal.element)
    for name, size in (("Title", 17), ("Subtitle", 11), ("Heading 1", 12), ("Heading 2", 10.5)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.paragraph_format.space_before = Pt({"Heading 1": 12, "Heading 2": 9}.get(name, 0))
        style.paragraph_format.space_after = Pt(4 if name.startswith("Heading") else 8)
        style.paragraph_format.keep_with_next = True
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts is not None and rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
        for spacing in style.element.rPr.findall(qn("w:spacing")):  # letter-spacing
            style.element.rPr.remove(spacing)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bullet = styles["List Bullet"]
    bullet.font.name = "Arial"
    bullet.paragraph_format.space_after = Pt(2)

    note = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(8)
    note.paragraph_format.space_after = Pt(0)
    call = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    call.font.superscript = True
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


def footnotes(doc: Document, *texts: str) -> None:
    """A footnotes part whose notes 1, 2… hold ``texts`` (tags allowed): Word's own
    footnotes, numbered and placed by Word and LibreOffice at the foot of the page."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{number}"><w:p><w:pPr><w:spacing w:after="0" '
        f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for number, kind in ((-1, "separator"), (0, "continuationSeparator"))
    )
    notes = "".join(
        f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for number, text in enumerate(texts, start=1)
    )
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:footnotes xmlns:w="{w}">{separators}{notes}</w:footnotes>'
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    settings = doc.settings.element
    properties = OxmlElement("w:footnotePr")
    for number in (-1, 0):
        entry = OxmlElement("w:footnote")
        entry.set(qn("w:id"), str(number))
        properties.append(entry)
    settings.append(properties)


def note_call(paragraph, number: int) -> None:
    """The call of footnote ``number`` at the end of ``paragraph``."""
    run = paragraph.add_run()
    run.style = paragraph.part.document.styles["Footnote Reference"]
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


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


def article(doc, number: int, title: str, first: str, *paragraphs: str):
    """An article: its heading, its first paragraph kept with it, then the others.
    A paragraph starting with « - » is a bullet."""
    last = heading(doc, f"Article {number} – {title}", 2, first)
    for text in paragraphs:
        if text.startswith("- "):
            last = para(doc, text[2:], style="List Bullet", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        else:
            last = justified(doc, text)
    return last


def bullets(doc, *items: str) -> None:
    for item in items:
        para(doc, item, style="List Bullet", align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


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


def keep_rows_together(tbl) -> None:
    """Every row's paragraphs keep with the next: the table moves to the next page as
    one block rather than leave a row alone (Word and LibreOffice)."""
    for row in tbl.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                keep_with_next(paragraph)


def write(cell, text: str, *, bold=False, italic=False, align=None, size=8.5) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0.5)
    paragraph.paragraph_format.space_before = Pt(0.5)
    paragraph.paragraph_format.line_spacing = 1.0
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

PARTIES = (
    "**Le {{ cdg.nom }}**{% if cdg.nature %}, {{ cdg.nature }}{% endif %} (SIREN "
    "{{ cdg.siren }}), dont le siège est situé {{ cdg.adresse }}, représenté par "
    "{{ cdg.representant }}, dûment habilité par la délibération {{ cdg.habilitation }} "
    "de son {{ cdg.assemblee }}, ci-après dénommé « le {{ cdg.sigle }} »,",
    "**Le {{ syndicat.nom }}**{% if syndicat.nature %}, {{ syndicat.nature }}{% endif %} "
    "(SIREN {{ syndicat.siren }}), dont le siège est situé {{ syndicat.adresse }}, "
    "représenté par {{ syndicat.representant }}, dûment habilité par la délibération "
    "{{ syndicat.habilitation }} de son {{ syndicat.assemblee }}, ci-après dénommé « le "
    "Syndicat mixte »,",
    "**{{ collectivite.designation_initiale }}**{% if collectivite.siren %} (SIREN "
    "{{ collectivite.siren }}){% endif %}, dont le siège est situé {{ collectivite.adresse }}, "
    "représenté{{ collectivite.accord }} par {{ collectivite.representant }}, agissant en "
    "vertu de la délibération du {{ collectivite.assemblee }} du "
    "{{ collectivite.date_deliberation }}, ci-après dénommé{{ collectivite.accord }} "
    "« {{ collectivite.appellation }} ».",
)

PREAMBLE = (
    "Le {{ cdg.sigle }} et le Syndicat mixte ont signé en 2021 une convention de "
    "partenariat, dans le cadre de l'appel à projets REACT EU, afin de proposer aux "
    "collectivités territoriales du Pas-de-Calais de moins de 2 000 habitants un pack "
    "numérique de base, appelé « Mairie connectée ».",
    "La présente convention permet aux collectivités territoriales et à leurs "
    "établissements publics d'accéder, service par service, aux services numériques du "
    "Syndicat mixte, en dehors du pack « Mairie connectée », avec l'accompagnement du "
    "{{ cdg.sigle }}. Les services fournis au titre de ce pack n'en relèvent pas.",
    "Cet accompagnement relève des missions facultatives que les centres de gestion "
    "peuvent assurer à la demande des collectivités et établissements de leur ressort, "
    "en application de l'article L. 452-40 du code général de la fonction publique.",
    "L'annexe 2 a été modifiée par le Syndicat mixte pour les prix de ses services ; le "
    "{{ tarifs.deliberation_instance }} du {{ cdg.sigle }} a arrêté la nouvelle annexe et "
    "fixé la participation à l'accompagnement par la délibération "
    "{{ tarifs.deliberation }}.",
)


def convention() -> Document:
    doc = new_document("Convention tripartite")
    header_footer(
        doc,
        "Convention tripartite – CDG 62 / La Fibre Numérique 59-62 / {{ collectivite.nom }}",
        "Convention tripartite – {{ collectivite.designation_initiale }}",
    )
    footnotes(
        doc,
        "Informations sur {{ collectivite.appellation }} : {{ collectivite.sources }}.",
    )
    para(doc, "Convention tripartite", style="Title")
    para(
        doc,
        "relative aux services numériques du Syndicat mixte La Fibre Numérique 59-62 et à "
        "l'accompagnement du Centre de gestion de la fonction publique territoriale du "
        "Pas-de-Calais",
        style="Subtitle",
    )

    heading(doc, "Entre les soussignés", 1, PARTIES[0])
    keep_with_next(para(doc, "et", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True))
    justified(doc, PARTIES[1])
    keep_with_next(para(doc, "et", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True))
    note_call(justified(doc, PARTIES[2]), 1)

    heading(doc, "Préambule", 1, PREAMBLE[0])
    for text in PREAMBLE[1:]:
        justified(doc, text)

    heading(doc, "Visas", 1, "Vu le code général des collectivités territoriales ;")
    for text in (
        "Vu le code général de la fonction publique, notamment son article L. 452-40 ;",
        "Vu le règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016 "
        "(règlement général sur la protection des données) et la loi n° 78-17 du 6 janvier "
        "1978 relative à l'informatique, aux fichiers et aux libertés ;",
    ):
        justified(doc, text)
    para(doc, "{%p for visa in tarifs.visas %}")
    justified(doc, "Vu {{ visa.texte }} ;")
    para(doc, "{%p endfor %}")
    for text in (
        "Vu la délibération {{ tarifs.deliberation }} du {{ tarifs.deliberation_instance }} "
        "du {{ cdg.sigle }} arrêtant l'annexe 2 et autorisant son Président à signer la "
        "présente convention ;",
        "Vu la délibération {{ syndicat.habilitation }} du {{ syndicat.assemblee }} du "
        "Syndicat mixte ;",
        "Vu la délibération du {{ collectivite.assemblee }} du "
        "{{ collectivite.date_deliberation }} autorisant la signature de la présente "
        "convention ;",
    ):
        justified(doc, text)
    keep_with_next(para(doc, "Il est convenu ce qui suit :", bold=True))

    article(
        doc,
        1,
        "Objet",
        "La présente convention définit les conditions dans lesquelles le Syndicat mixte "
        "fournit {{ collectivite.a_appellation }} les services numériques que celle-ci "
        "choisit parmi ceux de l'annexe 2, et dans lesquelles le {{ cdg.sigle }} accompagne "
        "{{ collectivite.appellation }} dans leur choix, leur commande et leur mise en œuvre.",
    )
    article(
        doc,
        2,
        "Services du Syndicat mixte",
        "Le Syndicat mixte propose les services suivants, qui peuvent être souscrits un à un :",
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
        "Leur description, leur prix et leur unité de facturation figurent à l'annexe 2. "
        "{{ collectivite.appellation_initiale }} commande les services par écrit auprès du "
        "Syndicat mixte, avec copie au {{ cdg.sigle }}. Le Syndicat mixte en assure la mise "
        "en service, le fonctionnement et la maintenance.",
    )
    article(
        doc,
        3,
        "Accompagnement par le {{ cdg.sigle }}",
        "Le {{ cdg.sigle }} analyse les besoins {{ collectivite.de_appellation }}, lui "
        "apporte son conseil dans le choix des services, l'aide à les commander, à les "
        "mettre en service et à les prendre en main, et fait le lien avec le Syndicat mixte "
        "pendant toute la durée de la convention.",
    )
    article(
        doc,
        4,
        "Engagements des parties",
        "**Le Syndicat mixte** fournit les services commandés, tels que l'annexe 2 les "
        "décrit. Il en assure la continuité, sauf interruption programmée annoncée au moins "
        "quarante-huit heures à l'avance, et met à disposition une assistance technique "
        "les jours ouvrés. Il informe sans délai {{ collectivite.appellation }} et le "
        "{{ cdg.sigle }} de tout incident affectant les services.",
        "**Le {{ cdg.sigle }}** réalise l'accompagnement décrit à l'article 3 et désigne "
        "l'interlocuteur {{ collectivite.de_appellation }}.",
        "**{{ collectivite.appellation_initiale }}** désigne un référent et en communique "
        "les coordonnées aux deux autres parties, utilise les services conformément à leur "
        "destination et règle les sommes dues dans les conditions de l'article 5.",
    )
    article(
        doc,
        5,
        "Conditions financières",
        "Les prix des services du Syndicat mixte et la participation annuelle à "
        "l'accompagnement du {{ cdg.sigle }} sont ceux de l'annexe 2, arrêtée par la "
        "délibération {{ tarifs.deliberation }} du {{ tarifs.deliberation_instance }} du "
        "{{ cdg.sigle }}.",
        "{% if accompagnement.sur_devis %}{{ collectivite.appellation_initiale }} relève de "
        "la strate « {{ accompagnement.strate }} » : sa participation à l'accompagnement est "
        "fixée sur devis du {{ cdg.sigle }}.{% else %}{{ collectivite.appellation_initiale }} "
        "relève de la strate « {{ accompagnement.strate }} » : sa participation à "
        "l'accompagnement s'élève à {{ accompagnement.montant }} "
        "({{ accompagnement.montant_en_lettres }}) par an.{% endif %}",
        "La participation financière fait l'objet de deux devis : l'un émis par le Syndicat "
        "mixte pour les services, l'autre par le {{ cdg.sigle }} pour l'accompagnement. "
        "Après acceptation d'un devis, son émetteur facture les sommes dues par un titre de "
        "recettes ; {{ collectivite.appellation }} procède au mandatement dans un délai de "
        "trente jours à compter de sa réception.",
        "La participation à l'accompagnement est due par année civile. La première année, "
        "elle est calculée au prorata des mois restant à courir à compter du mois de prise "
        "d'effet de la convention, tout mois commencé étant dû.",
    )
    article(
        doc,
        6,
        "Modification de l'annexe 2",
        "Lorsque le Syndicat mixte modifie les prix de ses services, le "
        "{{ tarifs.deliberation_instance }} du {{ cdg.sigle }} arrête la nouvelle annexe 2 "
        "et fixe la participation à l'accompagnement. Le {{ cdg.sigle }} notifie la "
        "nouvelle annexe {{ collectivite.a_appellation }} au moins un mois avant la date à "
        "laquelle elle s'applique ; elle s'applique de plein droit à compter de cette date, "
        "sans avenant.",
        "{{ collectivite.appellation_initiale }} qui n'accepte pas la nouvelle annexe peut "
        "résilier la présente convention, sans indemnité, par lettre recommandée avec "
        "accusé de réception adressée aux deux autres parties dans les deux mois suivant la "
        "notification ; l'annexe antérieure s'applique jusqu'à la date d'effet de la "
        "résiliation.",
    )
    article(
        doc,
        7,
        "Date d'effet et durée",
        "La présente convention prend effet à la date de sa signature par la dernière des "
        "trois parties, pour une durée d'un an. Elle est ensuite reconduite tacitement par "
        "périodes d'un an, dans la limite de trois reconductions : sa durée totale ne peut "
        "excéder quatre ans. Chaque partie peut s'opposer à sa reconduction par lettre "
        "recommandée avec accusé de réception adressée aux deux autres au moins trois mois "
        "avant la date anniversaire de sa prise d'effet.",
    )
    article(
        doc,
        8,
        "Avenants",
        "Toute modification de la présente convention, autre que celle de l'annexe 2 "
        "prévue à l'article 6, fait l'objet d'un avenant signé par les trois parties.",
    )
    article(
        doc,
        9,
        "Données à caractère personnel",
        "Pour les données à caractère personnel traitées au moyen des services (messagerie, "
        "sauvegarde, partage de fichiers…), {{ collectivite.appellation }} est responsable "
        "de traitement et le Syndicat mixte agit en qualité de sous-traitant au sens de "
        "l'article 28 du règlement (UE) 2016/679. À ce titre, le Syndicat mixte :",
        "- ne traite les données que sur instruction documentée "
        "{{ collectivite.de_appellation }} et pour la seule fourniture des services ;",
        "- veille à ce que les personnes autorisées à les traiter soient tenues à la "
        "confidentialité ;",
        "- met en œuvre les mesures de sécurité prévues à l'article 32 du règlement ;",
        "- ne fait appel à un autre sous-traitant qu'avec l'autorisation écrite préalable "
        "{{ collectivite.de_appellation }}, en lui imposant les mêmes obligations ;",
        "- aide {{ collectivite.appellation }} à répondre aux demandes d'exercice des droits "
        "des personnes concernées et à respecter ses obligations de sécurité, de "
        "notification des violations et d'analyse d'impact ;",
        "- notifie {{ collectivite.a_appellation }} toute violation de données dans les "
        "quarante-huit heures après en avoir pris connaissance ;",
        "- restitue puis détruit les données au terme de la convention, dans les conditions "
        "de l'article 12 ;",
        "- met à la disposition {{ collectivite.de_appellation }} les informations "
        "nécessaires pour démontrer le respect de ces obligations et permet la réalisation "
        "d'audits.",
        "Lorsque, pour l'accompagnement, le {{ cdg.sigle }} accède à ces données, il agit "
        "lui aussi en qualité de sous-traitant et est tenu aux mêmes obligations. Chaque "
        "partie communique aux autres les coordonnées de son délégué à la protection des "
        "données.",
    )
    article(
        doc,
        10,
        "Responsabilité",
        "Chaque partie répond, dans les conditions du droit commun, des dommages causés par "
        "l'inexécution de ses propres obligations. Le {{ cdg.sigle }} ne répond pas du "
        "fonctionnement des services, qui relève du seul Syndicat mixte. "
        "{{ collectivite.appellation_initiale }} répond de l'usage des services par ses "
        "agents et ses élus.",
    )
    article(
        doc,
        11,
        "Résiliation",
        "Chaque partie peut résilier la présente convention par lettre recommandée avec "
        "accusé de réception adressée aux deux autres, moyennant un préavis de trois mois.",
        "En cas de manquement grave d'une partie à ses obligations, les autres peuvent la "
        "résilier après une mise en demeure adressée par lettre recommandée avec accusé de "
        "réception et restée sans effet pendant un mois.",
        "Chaque partie peut également la résilier pour un motif d'intérêt général, par "
        "lettre recommandée avec accusé de réception motivée, moyennant un préavis d'un mois.",
        "Dans tous les cas, les services fournis et l'accompagnement réalisé jusqu'à la date "
        "d'effet de la résiliation restent dus ; la participation à l'accompagnement de "
        "l'année en cours est due au prorata des mois écoulés.",
    )
    article(
        doc,
        12,
        "Restitution des données et noms de domaine",
        "À l'expiration de la convention ou en cas de résiliation, le Syndicat mixte "
        "restitue {{ collectivite.a_appellation }}, dans un délai d'un mois et dans un "
        "format ouvert et couramment utilisé, les données (messages, fichiers, sauvegardes) "
        "hébergées pour son compte, puis les détruit et en atteste par écrit, sauf "
        "obligation légale de conservation.",
        "Les noms de domaine enregistrés pour le compte {{ collectivite.de_appellation }} "
        "sont enregistrés à son nom et demeurent sa propriété. Le Syndicat mixte en permet "
        "le transfert vers le bureau d'enregistrement ou le prestataire que désigne "
        "{{ collectivite.appellation }}.",
    )
    last = article(
        doc,
        13,
        "Litiges",
        "Les parties s'efforcent de régler à l'amiable tout différend relatif à "
        "l'interprétation ou à l'exécution de la présente convention. À défaut d'accord "
        "dans un délai de deux mois, le litige est porté devant le tribunal administratif "
        "de Lille.",
    )
    last.paragraph_format.keep_with_next = True
    keep_with_next(
        para(
            doc,
            "Annexe : annexe 2 – tarifs en vigueur, qui fait partie de la présente convention.",
            italic=True,
        )
    )
    keep_with_next(justified(doc, "Fait en trois exemplaires originaux."))

    widths = [5.5, 5.5, 5.5]
    tbl = doc.add_table(rows=1, cols=3)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    keep_row_whole(tbl.rows[0])
    blocks = [
        ("Pour le {{ cdg.sigle }},", "À {{ cdg.commune }}, le", "{{ cdg.representant_qualite }},",
         "{{ cdg.representant_nom }}"),
        ("Pour le Syndicat mixte,", "À {{ syndicat.commune }}, le",
         "{{ syndicat.representant_qualite }},", "{{ syndicat.representant_nom }}"),
        ("Pour {{ collectivite.appellation }},", "À {{ document.a_completer }}, le",
         "{{ collectivite.representant_qualite }},", "{{ collectivite.representant_nom }}"),
    ]  # fmt: skip
    for cell, width, (who, where, role, name) in zip(
        tbl.rows[0].cells, widths, blocks, strict=True
    ):
        cell.width = Cm(width)
        write(cell, who, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=9.5)
        for text, italic in ((where, False), ("{{ document.a_completer }}", False),
                             (role, False), (name, False)):  # fmt: skip
            p = cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(1)
            r = p.add_run(text)
            r.italic, r.font.size = italic, Pt(9)
        for _ in range(3):
            cell.add_paragraph()
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run("(signature et cachet)")
        r.italic, r.font.size = True, Pt(8)
    return doc


# --- Annex 2 --------------------------------------------------------------------


def annex() -> Document:
    doc = new_document("Annexe 2 – Tarifs")
    header_footer(
        doc,
        "Annexe 2 à la convention tripartite – {{ collectivite.designation_initiale }}",
        "Annexe 2 – délibération {{ tarifs.deliberation }} du {{ tarifs.deliberation_instance }} "
        "du {{ cdg.sigle }}",
    )
    para(doc, "Annexe 2 – {{ tarifs.titre_annexe }}", style="Title")
    para(
        doc,
        "à la convention tripartite conclue avec {{ collectivite.designation }}",
        style="Subtitle",
    )
    justified(
        doc,
        "Prix des services du Syndicat mixte La Fibre Numérique 59-62, modifiés par celui-ci, "
        "et participation à l'accompagnement du {{ cdg.sigle }}, arrêtés par la délibération "
        "{{ tarifs.deliberation }} du {{ tarifs.deliberation_instance }} du {{ cdg.sigle }}, "
        "applicables {{ tarifs.application }}. Une nouvelle annexe 2 s'applique dans les "
        "conditions de l'article 6 de la convention.",
    )

    # 1. the collectivité's tier first, with the tier table and its note kept together
    doc.add_heading("1. Participation à l'accompagnement du {{ cdg.sigle }}", level=1)
    para(doc, "{%p if accompagnement.par_population %}")
    keep_with_next(
        justified(
            doc,
            "{{ collectivite.designation_initiale }} compte {{ collectivite.population }} "
            "habitants (population {{ collectivite.population_type }}"
            "{% if collectivite.population_millesime %}, millésime "
            "{{ collectivite.population_millesime }} en vigueur au "
            "{{ collectivite.population_en_vigueur }}{% endif %} ; source : "
            "{{ collectivite.population_source }}) et relève de la strate "
            "« {{ accompagnement.strate }} » : sa participation annuelle "
            "{% if accompagnement.sur_devis %}est fixée sur devis{% else %}s'élève à "
            "{{ accompagnement.montant }} ({{ accompagnement.montant_en_lettres }})"
            "{% endif %}. Chiffre retenu : {{ collectivite.population_regle }}.",
        )
    )
    para(doc, "{%p if not collectivite.population_exacte %}")
    keep_with_next(
        justified(
            doc,
            "**À vérifier** – {{ collectivite.population_note }}.",
        )
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p else %}")
    keep_with_next(
        justified(
            doc,
            "{{ collectivite.designation_initiale }} relève de la strate "
            "« {{ accompagnement.strate }} » : sa participation annuelle "
            "{% if accompagnement.sur_devis %}est fixée sur devis du {{ cdg.sigle }}"
            "{% else %}s'élève à {{ accompagnement.montant }} "
            "({{ accompagnement.montant_en_lettres }}){% endif %}.",
        )
    )
    para(doc, "{%p endif %}")

    widths = [5.4, 2.6, 5.6, 3.0]
    tbl = table(
        doc,
        widths,
        [
            "Strate",
            "Participation",
            "Unité de facturation",
            "Strate {{ collectivite.de_appellation }}",
        ],
    )
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
    call = cells[0].paragraphs[0].add_run("{{ strate.renvoi }}")
    call.font.superscript, call.font.size = True, Pt(8.5)
    cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    cells[3].paragraphs[0].runs[0].bold = True
    merged_row(tbl, "{%tr endfor %}")
    keep_rows_together(tbl)
    para(doc, "{%p if tarifs.renvoi_etablissement %}")
    note = para(doc, "", size=8)
    mark = note.add_run("1")
    mark.font.superscript, mark.font.size = True, Pt(8)
    run = note.add_run(" Pour les autres structures, un devis sera établi.")
    run.font.size = Pt(8)
    para(doc, "{%p endif %}")

    # 2. the services, one table that moves as a block
    doc.add_heading("2. Services du Syndicat mixte La Fibre Numérique 59-62", level=1)
    widths = [7.6, 3.0, 6.0]
    tbl = table(doc, widths, ["Service", "Tarif", "Unité de facturation"])
    merged_row(tbl, "{%tr for categorie in tarifs.categories %}")
    merged_row(tbl, "{{ categorie.nom }}", bold=True, fill=CATEGORY_FILL, size=9)
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
    keep_rows_together(tbl)
    return doc


def main(target: Path = HERE) -> None:
    convention().save(target / "convention_tripartite.docx")
    annex().save(target / "annexe2_tarifs.docx")
    print(f"Modèles écrits dans {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
