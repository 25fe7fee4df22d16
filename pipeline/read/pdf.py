"""Born-digital PDF pages to :class:`~pipeline.read.document.Page` (the only pdfplumber use).

Opening errors are turned into the typed :mod:`pipeline.errors`; a page with no
text layer is reported as such so that the caller can OCR it.
"""

from __future__ import annotations

import copy
import logging
import math
import statistics
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfplumber.utils import rect_to_edges
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import DamagedPdf, EmptyFile, EncryptedPdf, FileMissing, NotAPdf
from pipeline.read.document import Fill, Page, Rule, Word

MIN_TEXT_CHARS = 20
"""A page with fewer visible characters than this is treated as an image (a scan)."""

SUPERSCRIPT_RATIO = 0.8
"""A word whose font is smaller than this share of its line's is a footnote marker."""

MAX_PAGE_SIDE = 14_400.0
"""The largest page side PDF allows (200 inches), in points; beyond it a box is damage."""

# pdfminer and pdfplumber warn (in English) about every oddity of a damaged file. Their
# records still reach the handlers of the root logger (a log file), never the terminal.
for _name in ("pdfminer", "pdfplumber", "pypdfium2"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def check_signature(path: Path) -> None:
    if not path.exists():
        raise FileMissing("fichier introuvable.", path=path)
    if not path.is_file():
        raise FileMissing("ce n'est pas un fichier.", path=path)
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise EmptyFile("fichier vide (0 octet) : la copie est-elle terminée ?", path=path)
    if b"%PDF-" not in head:
        raise NotAPdf("ce fichier n'est pas un PDF.", path=path)


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """Open a PDF with pdfplumber, mapping its failures to typed errors."""
    check_signature(path)
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as exc:
        raise _classify(exc, path) from exc
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedPdf(
            "PDF protégé par un mot de passe : impossible de le lire.", path=path
        ) from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise DamagedPdf(f"PDF endommagé ou illisible ({type(exc).__name__}).", path=path) from exc
    try:
        yield pdf
    finally:
        _close(pdf)


def _close(pdf: pdfplumber.PDF) -> None:
    """Close without re-reading anything: ``PDF.close`` walks the page tree again, and on
    a damaged file would raise anew, hiding the error being reported."""
    try:
        pdf.flush_cache()
        for page in getattr(pdf, "_pages", ()):
            page.close()
    except Exception:  # nothing left to save: the file is only read
        pass
    finally:
        if not pdf.stream_is_external:
            pdf.stream.close()


def iter_pages(pdf: pdfplumber.PDF, path: Path) -> Iterator[tuple[int, pdfplumber.page.Page]]:
    """The pages one at a time (1-based numbers), damage raised as :class:`DamagedPdf`.

    Unlike ``pdf.pages`` nothing is read ahead, so that a limit on pages can stop a
    file of a million pages at the first page over it.
    """
    tree = PDFPage.create_pages(pdf.doc)
    number = 0
    while True:
        try:
            page_obj = next(tree)
        except StopIteration:
            return
        except MemoryError:
            raise
        except Exception as exc:  # pdfminer raises many unrelated types on damaged files
            raise DamagedPdf(
                f"PDF endommagé : la liste des pages ne peut pas être lue ({type(exc).__name__}).",
                path=path,
                page=number + 1,
            ) from exc
        number += 1
        try:
            page = pdfplumber.page.Page(pdf, page_obj, page_number=number)
            width, height = float(page.width), float(page.height)
        except MemoryError:
            raise
        except Exception as exc:
            raise page_damage(exc, path, number) from exc
        if not (0 < width <= MAX_PAGE_SIDE and 0 < height <= MAX_PAGE_SIDE) or not math.isfinite(
            width * height
        ):
            raise DamagedPdf(
                f"PDF endommagé : dimensions de page impossibles ({width:g} × {height:g} points).",
                path=path,
                page=number,
            )
        yield number, page


def page_damage(exc: BaseException, path: Path, number: int) -> DamagedPdf:
    """The typed error for a page that pdfminer, pdfplumber or pdfium cannot read."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    return DamagedPdf(
        f"PDF endommagé : la page ne peut pas être lue ({type(cause).__name__}).",
        path=path,
        page=number,
    )


def _classify(exc: PdfminerException, path: Path) -> Exception:
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedPdf("PDF protégé par un mot de passe : impossible de le lire.", path=path)
    return DamagedPdf(
        "PDF endommagé ou tronqué : impossible de le lire "
        f"({type(cause).__name__}). Demandez une nouvelle copie du fichier.",
        path=path,
    )


def has_text_layer(page: pdfplumber.page.Page) -> bool:
    visible = sum(1 for char in page.chars if not char["text"].isspace())
    return visible >= MIN_TEXT_CHARS


def upright_view(page: pdfplumber.page.Page) -> tuple[pdfplumber.page.Page, float]:
    """The page turned so that most of its text reads left to right, and the turn.

    A page set sideways by its /Rotate (or whose text is drawn turned) gives characters
    that are not upright, which words would drop. The same page is then laid out again
    with the /Rotate that makes its text upright: words, rules and fills all come in that
    frame. The turn is in degrees counter-clockwise from the page as displayed (0 when
    nothing was done), like the levelling of a scan.
    """
    angles: Counter[int] = Counter()
    for char in page.chars:
        if char["text"].isspace():
            continue
        a, b = char["matrix"][:2]
        angles[round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90] += 1
    if not angles:
        return page, 0.0
    angle, count = angles.most_common(1)[0]
    if angle == 0 or count * 2 <= sum(angles.values()) or page.rotation % 90:
        return page, 0.0
    turned = (int(page.rotation) + angle) % 360
    page_obj = copy.copy(page.page_obj)
    page_obj.attrs = {**page_obj.attrs, "Rotate": turned}
    page_obj.rotate = turned
    view = pdfplumber.page.Page(page.pdf, page_obj, page_number=page.page_number)
    counter_clockwise = -angle % 360
    if counter_clockwise > 180:
        counter_clockwise -= 360
    return view, float(counter_clockwise)


def read_page(page: pdfplumber.page.Page, number: int) -> Page:
    """Words (with font size and weight), rules and shaded fills of a text page."""
    raw = page.extract_words(
        extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=False
    )
    words = _mark_superscripts(
        [
            Word(
                text=w["text"],
                x0=float(w["x0"]),
                top=float(w["top"]),
                x1=float(w["x1"]),
                bottom=float(w["bottom"]),
                size=float(w["size"]),
                bold="bold" in w["fontname"].lower(),
            )
            for w in raw
            if w.get("upright", True)
        ]
    )
    rules = [
        Rule(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
        for e in _visible_edges(page)
    ]
    fills = []
    for rect in page.rects:
        shade = _shade(rect.get("non_stroking_color")) if rect.get("fill") else None
        if shade is not None and min(shade) < 0.995:
            fills.append(Fill(rect["x0"], rect["top"], rect["x1"], rect["bottom"], shade))
    return Page(number, float(page.width), float(page.height), words, rules, fills)


SHADING_MIN = 2.0
"""A filled, unstroked rectangle thicker than this both ways is shading, not a rule."""


def _visible_edges(page: pdfplumber.page.Page) -> list[dict]:
    """The page's edges, less the seams between shaded rectangles of one colour.

    Word shades a cell line by line with abutting rectangles of the cell's colour;
    the seams between them are not rules, and taken for rules they cut the cell
    into one row per line of text.
    """
    shading = [
        r
        for r in page.rects
        if r.get("fill")
        and not r.get("stroke")
        and r["x1"] - r["x0"] > SHADING_MIN
        and r["bottom"] - r["top"] > SHADING_MIN
    ]
    seams: list[tuple[str, float, float, float]] = []
    for rect in shading:
        for other in shading:
            if other is rect or other.get("non_stroking_color") != rect.get("non_stroking_color"):
                continue
            if abs(rect["bottom"] - other["top"]) < SEAM_TOLERANCE:
                low, high = max(rect["x0"], other["x0"]), min(rect["x1"], other["x1"])
                if high > low:
                    seams.append(("h", rect["bottom"], low, high))
            if abs(rect["x1"] - other["x0"]) < SEAM_TOLERANCE:
                low, high = max(rect["top"], other["top"]), min(rect["bottom"], other["bottom"])
                if high > low:
                    seams.append(("v", rect["x1"], low, high))
    edges = _without_bands(page, shading)
    if not seams:
        return edges
    return [e for e in edges if not _on_seam(e, seams)]


BAND_WIDTH = 0.4
"""A shading wider than this share of the page may be a band of zebra striping."""
BANDS = 3
"""This many bands of one width on a page, none touching another, are zebra striping."""


def _without_bands(page: pdfplumber.page.Page, shading: list[dict]) -> list[dict]:
    """The page's edges, less the sides of zebra stripes: shaded rows that alternate
    with white ones, on a table that draws no rule (each stripe's edges would cut the
    white row between two stripes out of the table)."""
    wide = [r for r in shading if r["x1"] - r["x0"] > BAND_WIDTH * float(page.width)]
    groups: dict[tuple[int, int], list[dict]] = {}
    for rect in wide:
        groups.setdefault((round(rect["x0"]), round(rect["x1"])), []).append(rect)
    bands = {
        id(rect)
        for members in groups.values()
        if len(members) >= BANDS and not _touching(members)
        for rect in members
    }
    if not bands:
        return list(page.edges)
    kept = [e for e in page.edges if e.get("object_type") != "rect_edge"]
    for rect in page.rects:
        if id(rect) not in bands:
            kept.extend(rect_to_edges(rect))
    return kept


def _touching(rects: list[dict]) -> bool:
    """Whether two of the rectangles meet top to bottom (a column of cells, not stripes)."""
    ordered = sorted(rects, key=lambda r: r["top"])
    return any(
        abs(upper["bottom"] - lower["top"]) < SEAM_TOLERANCE for upper, lower in pairwise(ordered)
    )


SEAM_TOLERANCE = 0.6


def _on_seam(edge: dict, seams: list[tuple[str, float, float, float]]) -> bool:
    """An edge of shading that lies within a seam between two same-coloured shadings."""
    if edge.get("object_type") != "rect_edge":
        return False
    if edge["orientation"] == "h":
        at, low, high = edge["top"], edge["x0"], edge["x1"]
    else:
        at, low, high = edge["x0"], edge["top"], edge["bottom"]
    return any(
        kind == edge["orientation"]
        and abs(position - at) < SEAM_TOLERANCE
        and start - SEAM_TOLERANCE <= low
        and high <= end + SEAM_TOLERANCE
        for kind, position, start, end in seams
    )


def _shade(color: object) -> tuple[float, float, float] | None:
    if isinstance(color, int | float):
        value = float(color)
        return (value, value, value)
    if isinstance(color, list | tuple):
        values = [float(c) for c in color if isinstance(c, int | float)]
        if len(values) == 1:
            return (values[0],) * 3
        if len(values) == 3:
            return (values[0], values[1], values[2])
        if len(values) == 4:  # CMYK
            c, m, y, k = values
            return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _mark_superscripts(words: list[Word]) -> list[Word]:
    """Flag words set smaller than the words beside them on their line, and raised."""
    if not words:
        return words
    largest = max(w.size for w in words)
    marked = list(words)
    for index, word in enumerate(words):
        if word.size >= SUPERSCRIPT_RATIO * largest:
            continue  # most words: cannot be a marker
        same_line = [o for o in words if o.size > word.size and o.top - 4 <= word.top <= o.bottom]
        if not same_line:
            continue
        line_size = statistics.median(o.size for o in same_line)
        baseline = max(o.bottom for o in same_line)
        if word.size < SUPERSCRIPT_RATIO * line_size and word.bottom < baseline - 0.5:
            if _exponent_of_unit(word, same_line):
                marked[index] = _replace(word, text=_EXPONENTS[word.text])
                continue
            marked[index] = _replace(word, superscript=True)
    return marked


_EXPONENTS = {"2": "²", "3": "³", "²": "²", "³": "³"}


def _exponent_of_unit(word: Word, line: list[Word]) -> bool:
    """The "2" raised after "m" in "7 m²" is an exponent, not a footnote call."""
    if word.text not in _EXPONENTS:
        return False
    return any(o.text.endswith("m") and abs(o.x1 - word.x0) < 1.5 for o in line)


def _replace(word: Word, **changes: object) -> Word:
    fields = {name: getattr(word, name) for name in word.__slots__}
    fields.update(changes)
    return Word(**fields)  # type: ignore[arg-type]
