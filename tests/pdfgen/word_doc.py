"""Write a deliberation as a Word document (python-docx), then a PDF with LibreOffice.

The staff's deliberations are Word exports; LibreOffice's PDF export draws tables,
merged cells and repeated header rows the way a word processor does, which reportlab
does not imitate. Several documents convert in one ``soffice`` run (about 2 s).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.pdfgen.layout import HEADER, Cell, Layout, Para, Table, blocks
from tests.pdfgen.spec import Deliberation

FONTS = {
    "Helvetica": "Arial",
    "Times": "Times New Roman",
    "DejaVu": "DejaVu Sans",
    "Narrow": "Liberation Sans Narrow",
    "Calibri": "Calibri",
}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
PAGES = {"A4": (595.3, 841.9), "letter": (612, 792)}
HEADING_FILL = "DCE3F2"
HEADER_FILL = "D0D0D0"


def _runs(paragraph, runs: Cell, *, bold: bool = False, size: float | None = None) -> None:
    for run in runs:
        r = paragraph.add_run(run.text)
        r.bold = bold or run.bold
        r.italic = run.italic or None
        r.font.superscript = run.sup
        if size:
            r.font.size = Pt(size)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _borders(table, rules: str) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    assert rules != "rects", "rules drawn as rectangles are drawn by reportlab only"
    drawn: tuple[str, ...] = ("top", "bottom", "insideH")
    if rules == "none":
        drawn = ()
    elif rules == "grid":
        drawn = ("top", "left", "bottom", "right", "insideH", "insideV")
    elif rules == "frame":
        drawn = ("top", "left", "bottom", "right", "insideH")
    colour = "A6A6A6" if rules == "frame" else "000000"
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if edge in drawn:
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), colour)
        else:
            element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _cell_margins(table, points: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _table(doc, table: Table, layout: Layout, width_pt: float) -> None:
    ncols = len(table.widths)
    size = layout.font_size - 1
    t = doc.add_table(rows=len(table.rows), cols=ncols)
    t.autofit = False
    _borders(t, layout.rules)
    if layout.cell_padding is not None:
        _cell_margins(t, layout.cell_padding)
    widths = [Pt(width_pt * w) for w in table.widths]
    for row in t.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
            cell.paragraphs[0].paragraph_format.space_before = Pt(1)
            cell.paragraphs[0].paragraph_format.space_after = Pt(1)
    prices = table.price_cols
    for r, row in enumerate(table.rows):
        cells = t.rows[r].cells
        if row.kind in ("title", "category", "group") and len(row.cells) == 1:
            merged = cells[0].merge(cells[-1])
            p = merged.paragraphs[0]
            _runs(p, row.cells[0], size=size)
            p.alignment = ALIGN["left" if row.kind == "group" else "center"]
            if layout.shaded_headings and row.kind != "group":
                _shade(merged, HEADING_FILL)
            continue
        for c, runs in enumerate(row.cells):
            p = cells[c].paragraphs[0]
            _runs(p, runs, size=size)
            if row.kind == "header" or c in prices:
                p.alignment = ALIGN["center"]
            if row.kind == "header" and layout.shaded_headings:
                _shade(cells[c], HEADER_FILL)
            if (row.heading_look or row.kind == "category") and layout.shaded_headings:
                _shade(cells[c], HEADING_FILL)
            if row.kind == "line" and layout.valign == "middle":
                cells[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if row.kind == "header" and layout.repeat_header:
            _repeat_header(t.rows[r])
    if layout.repeat_header:
        for r in range(table.header_rows):
            if table.rows[r].kind == "title":
                _repeat_header(t.rows[r])
    for r, row in enumerate(table.rows):
        for c, n in row.hspans.items():
            t.cell(r, c).merge(t.cell(r, c + n - 1))
    for r, row in enumerate(table.rows):
        for c, n in row.spans.items():
            merged = t.cell(r, c).merge(t.cell(r + n - 1, c))
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            # merging joins the (empty) paragraphs of the merged cells: keep one
            for extra in merged.paragraphs[1:]:
                if not extra.text:
                    extra._p.getparent().remove(extra._p)


def _page_number(paragraph) -> None:
    paragraph.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def write_docx(delib: Deliberation, layout: Layout, path: Path) -> Path:
    """Write the deliberation as a DOCX at ``path``."""
    assert not (layout.side_by_side or layout.zebra or layout.heading_size or layout.palette), (
        "side-by-side tables, zebra shading, heading sizes and colours are drawn by reportlab only"
    )
    layout = replace(layout, engine_embeds=True)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONTS[layout.font]
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout.font])
    style.font.size = Pt(layout.font_size)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    width, height = PAGES[layout.page]
    section.page_width, section.page_height = Pt(width), Pt(height)
    left, right, top, bottom = layout.margins
    section.left_margin, section.right_margin = Pt(left), Pt(right)
    section.top_margin, section.bottom_margin = Pt(top), Pt(bottom)
    header = section.header.paragraphs[0]
    header.text = HEADER
    header.alignment = ALIGN["center"]
    if layout.page_numbers:
        footer = section.footer.paragraphs[0]
        footer.alignment = ALIGN["center"]
        _page_number(footer)
    pending_break = False
    text_width = width - left - right
    for block in blocks(delib, layout):
        if isinstance(block, Para):
            p = doc.add_paragraph()
            if pending_break:
                p.add_run().add_break(WD_BREAK.PAGE)
                pending_break = False
            small = layout.font_size - 2 if block.small else None
            _runs(p, block.runs, bold=block.bold, size=small)
            p.alignment = ALIGN[block.align]
            p.paragraph_format.keep_with_next = block.keep_with_next or None
            p.paragraph_format.space_after = Pt(0 if block.small else layout.font_size * 0.6)
        elif isinstance(block, Table):
            if pending_break:
                # a table cannot carry a page break: an empty paragraph before it does
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                pending_break = False
            _table(doc, block, layout, text_width)
            # a paragraph after each table, or Word joins two tables into one
            spacer = doc.add_paragraph()
            spacer.paragraph_format.space_after = Pt(0)
        elif block.landscape:
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Pt(height), Pt(width)
            text_width = height - left - right
        else:
            pending_break = True
    doc.save(path)
    return path


def convert(docx_files: list[Path], outdir: Path) -> list[Path]:
    """Convert DOCX files to PDF in one LibreOffice run; returns the PDF paths.

    A private user profile lets conversions run side by side with another soffice.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice absent")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pdfgen-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, docx_files),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    pdfs = [outdir / (f.stem + ".pdf") for f in docx_files]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return pdfs
