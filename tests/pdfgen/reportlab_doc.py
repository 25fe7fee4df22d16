"""Draw a deliberation's blocks with reportlab platypus."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from tests.pdfgen.layout import HEADER, Cell, Layout, Para, SideBySide, Table, blocks
from tests.pdfgen.spec import Deliberation

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "DejaVu": ("DejaVuSans", "DejaVuSans-Bold"),
    "Narrow": ("LiberationSansNarrow", "LiberationSansNarrow-Bold"),
}
TTF = {
    "DejaVu": (
        DEJAVU,
        ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    ),
    "Narrow": (
        LIBERATION,
        (
            "LiberationSansNarrow-Regular",
            "LiberationSansNarrow-Bold",
            "LiberationSansNarrow-Italic",
            "LiberationSansNarrow-BoldItalic",
        ),
    ),
}
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
HEADING_SHADE = colors.Color(0.85, 0.88, 0.95)
HEADER_SHADE = colors.Color(0.82, 0.82, 0.82)
LIGHT_RULE = colors.Color(0.7, 0.7, 0.7)
ZEBRA_SHADE = colors.Color(0.92, 0.92, 0.92)
SIDE_GAP = 14
"""Points between two tables set side by side."""
RECT_RULE = 0.6
"""Thickness of a rule drawn as a filled rectangle."""


class RectRuledTable(RLTable):
    """A table whose rules are thin filled rectangles, as Word's PDF export draws them."""

    def _drawLines(self):
        canv = self.canv

        def rectangle(x0, y0, x1, y1):
            canv.saveState()
            canv.setFillColor(colors.black)
            half = RECT_RULE / 2
            if x0 == x1:
                canv.rect(x0 - half, min(y0, y1), RECT_RULE, abs(y1 - y0), stroke=0, fill=1)
            else:
                canv.rect(min(x0, x1), y0 - half, abs(x1 - x0), RECT_RULE, stroke=0, fill=1)
            canv.restoreState()

        canv.line = rectangle
        try:
            super()._drawLines()
        finally:
            del canv.line


def _register(font: str) -> tuple[str, str]:
    assert font in FONTS, f"{font} is drawn by the Word engine only"
    regular, bold = FONTS[font]
    if font in TTF and regular not in pdfmetrics.getRegisteredFontNames():
        folder, files = TTF[font]
        names = (regular, bold, f"{regular}-Italic", f"{regular}-BoldItalic")
        for name, file in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(name, str(folder / f"{file}.ttf")))
        pdfmetrics.registerFontFamily(
            regular, normal=regular, bold=bold, italic=names[2], boldItalic=names[3]
        )
    return regular, bold


def _markup(runs: Cell, size: float) -> str:
    out = []
    for run in runs:
        text = escape(run.text).replace("\n", "<br/>")
        if run.sup:
            # as a word processor sets it: two thirds of the size, raised a third
            text = f'<super size="{size * 0.65:.1f}" rise="{size * 0.33:.1f}">{text}</super>'

        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _table(table: Table, layout: Layout, width: float, font: str, bold: str) -> RLTable:
    size = layout.font_size - 1
    cell = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.2)
    centred = ParagraphStyle("centred", parent=cell, alignment=TA_CENTER)
    if layout.heading_size:
        big = layout.heading_size
        heading = ParagraphStyle("heading", parent=centred, fontSize=big, leading=big * 1.2)
    else:
        heading = centred
    ncols = len(table.widths)
    data, style = (
        [],
        [
            ("VALIGN", (0, 0), (-1, -1), layout.valign.upper()),
            ("TOPPADDING", (0, 0), (-1, -1), layout.cell_padding or 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), layout.cell_padding or 2.5),
        ],
    )
    if layout.cell_padding is not None:
        style.append(("LEFTPADDING", (0, 0), (-1, -1), layout.cell_padding))
        style.append(("RIGHTPADDING", (0, 0), (-1, -1), layout.cell_padding))
    palette = layout.palette
    ink = colors.Color(*palette.rule) if palette else colors.black
    header_shade = colors.Color(*palette.header) if palette else HEADER_SHADE
    heading_shade = colors.Color(*palette.heading) if palette else HEADING_SHADE
    title_shade = colors.Color(*palette.title) if palette else HEADING_SHADE
    if layout.rules in ("grid", "rects"):
        style.append(("GRID", (0, 0), (-1, -1), 0.5, ink))
    elif layout.rules == "frame":
        light = ink if palette else LIGHT_RULE
        style.append(("BOX", (0, 0), (-1, -1), 0.5, light))
        style.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, light))
    elif layout.rules == "horizontal":
        style.append(("LINEABOVE", (0, 0), (-1, 0), 0.8, ink))
        style.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, ink))
    price_cols = table.price_cols
    for r, row in enumerate(table.rows):
        if row.kind in ("title", "category", "group") and len(row.cells) == 1:
            para_style = {"group": cell, "category": heading}.get(row.kind, centred)
            markup = _markup(row.cells[0], para_style.fontSize)
            data.append([Paragraph(markup, para_style)] + [""] * (ncols - 1))
            style.append(("SPAN", (0, r), (-1, r)))
            if layout.shaded_headings and row.kind != "group":
                shade = title_shade if row.kind == "title" else heading_shade
                style.append(("BACKGROUND", (0, r), (-1, r), shade))
            continue
        cells = []
        for c, runs in enumerate(row.cells):
            centre = row.kind == "header" or c in price_cols
            cells.append(
                Paragraph(_markup(runs, size), centred if centre else cell) if runs else ""
            )
        data.append(cells)
        if row.kind == "header" and layout.shaded_headings:
            style.append(("BACKGROUND", (0, r), (-1, r), header_shade))
        if (row.heading_look or row.kind == "category") and layout.shaded_headings:
            style.append(("BACKGROUND", (0, r), (-1, r), heading_shade))
        for c, n in row.spans.items():
            style.append(("SPAN", (c, r), (c, r + n - 1)))
            style.append(("VALIGN", (c, r), (c, r + n - 1), "MIDDLE"))
        for c, n in row.hspans.items():
            style.append(("SPAN", (c, r), (c + n - 1, r)))
    if layout.zebra:
        line_rows = [r for r, row in enumerate(table.rows) if row.kind == "line"]
        style.extend(("BACKGROUND", (0, r), (-1, r), ZEBRA_SHADE) for r in line_rows[1::2])
    repeat = table.header_rows if layout.repeat_header else 0
    kind = RectRuledTable if layout.rules == "rects" else RLTable
    return kind(
        data,
        colWidths=[width * w for w in table.widths],
        style=TableStyle(style),
        repeatRows=repeat,
    )


class _Document(SimpleDocTemplate):
    """A document that also has the given page templates (a landscape page)."""

    def __init__(self, extra: list[PageTemplate], *args, **kw):
        self._extra = extra
        super().__init__(*args, **kw)

    def addPageTemplates(self, templates):
        super().addPageTemplates(list(templates) + self._extra)


def render(delib: Deliberation, layout: Layout, path: Path) -> Path:
    """Write the deliberation as a PDF at ``path``."""
    font, bold = _register(layout.font)
    if layout.font != "DejaVu":
        # The standard PDF fonts have no glyph for the narrow no-break space.
        assert layout.thousands != "\u202f", "U+202F needs an embedded font (DejaVu)"
    pagesize = A4 if layout.page == "A4" else letter
    left, right, top, bottom = layout.margins
    width = pagesize[0] - left - right

    def on_page(canvas, doc):
        page_width, page_height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(font, layout.font_size)
        canvas.drawCentredString(page_width / 2, page_height - top + 14, HEADER)
        if layout.page_numbers:
            canvas.setFont(font, layout.font_size - 2)
            canvas.drawCentredString(page_width / 2, bottom - 24, f"Page {doc.page}")
        canvas.restoreState()

    size = layout.font_size
    styles = {}
    story = []
    for block in blocks(delib, layout):
        if isinstance(block, Para):
            key = (block.align, block.small, block.keep_with_next)
            if key not in styles:
                s = size - 2 if block.small else size
                styles[key] = ParagraphStyle(
                    keepWithNext=block.keep_with_next,
                    name=f"p{len(styles)}",
                    fontName=font,
                    fontSize=s,
                    leading=s * 1.25,
                    alignment=ALIGN[block.align],
                    spaceAfter=0 if block.small else s * 0.6,
                )
            text = _markup(block.runs, styles[key].fontSize)
            story.append(Paragraph(f"<b>{text}</b>" if block.bold else text, styles[key]))
        elif isinstance(block, Table):
            story.append(_table(block, layout, width, font, bold))
            story.append(Spacer(1, 8))
        elif isinstance(block, SideBySide):
            n = len(block.tables)
            inner = (width - SIDE_GAP * (n - 1)) / n
            parts = [_table(t, layout, inner, font, bold) for t in block.tables]
            row, widths = [], []
            for index, part in enumerate(parts):
                if index:
                    row.append("")
                    widths.append(SIDE_GAP)
                row.append(part)
                widths.append(inner)
            outer = RLTable([row], colWidths=widths)
            outer.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            story.append(outer)
            story.append(Spacer(1, 8))
        else:
            if block.landscape:
                story.append(NextPageTemplate("Landscape"))
                width = pagesize[1] - left - right
            story.append(PageBreak())
    wide = landscape(pagesize)
    turned = PageTemplate(
        id="Landscape",
        frames=Frame(left, bottom, wide[0] - left - right, wide[1] - top - 10 - bottom),
        onPage=on_page,
        pagesize=wide,
    )
    doc = _Document(
        [turned],
        str(path),
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top + 10,
        bottomMargin=bottom,
        title=" ".join(delib.title),
        author="CDG 62",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path
