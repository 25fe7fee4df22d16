"""Scanned pages to :class:`~pipeline.read.document.Page`, as the text layer would give them.

For each page: render it at the scan's own resolution (at least 300 dpi), estimate
and correct the skew, find the table rules and shaded cells in the pixels, paint
the rules out (so that Tesseract does not read them as "|" or "l"), OCR in French,
then bring every box back to PDF points in the deskewed frame. A page whose first
reading does not look upright is turned by the quarter turn Tesseract's orientation
detection gives, and read again; amounts misread ("1O,50") are read again, larger.
Pages run side by side, as many as the machine has cores (one Tesseract thread each);
results are cached by the file's SHA-256.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from itertools import islice
from pathlib import Path

import numpy as np

from pipeline.errors import DamagedPdf
from pipeline.progress import ProgressCallback, ReadPhase, ReadProgress
from pipeline.read import ocr_cache
from pipeline.read.document import Fill, Page, Rule
from pipeline.read.ocr_bands import read_in_bands
from pipeline.read.ocr_decimals import restore_decimal_marks
from pipeline.read.ocr_engine import (
    SINGLE_BLOCK,
    OcrLine,
    orientation,
    recognise_each,
    tesseract_version,
)
from pipeline.read.ocr_fill_rules import rules_across_fills
from pipeline.read.ocr_image import (
    Rendered,
    despeckle,
    estimate_skew,
    flatten_light,
    ink_mask,
    ink_turn,
    paper_level,
    render_pages,
    rotate,
    shrink,
    stroke_masks,
    text_layout,
    turn,
)
from pipeline.read.ocr_missed import read_missed
from pipeline.read.ocr_perspective import keystone, squared
from pipeline.read.ocr_reread import reread, reread_amounts
from pipeline.read.ocr_rules import (
    PxFill,
    PxRule,
    erase_rules,
    find_fills,
    find_rules,
    light_rules,
    rules_along_fills,
    rules_under_letters,
    short_verticals_met,
)
from pipeline.read.ocr_screen import descreen
from pipeline.read.ocr_whiten import lettered_in_white, outside_white_lettering, whiten_fills
from pipeline.read.ocr_words import Frame, to_words

BATCH = 4
"""Pages rendered and waiting or being read at a time (bounds the memory taken by large
scans)."""

ORIENTATION_DPI = (200, 300)
"""Resolutions the page is brought down to for Tesseract's orientation detection, the
second only when the first gives no sure answer. (A detection costs about half a second
whatever the resolution, most of it loading its model; a photographed grid turned by 90°
is seen at 200 dpi, not at 150.)"""

ERASE_MARGIN_PT = 0.5
"""Paper painted on each side of a found rule: the soft edge a blurred scan gives a printed
line, lighter than the line itself, would otherwise stick to the letters beside it."""

READ_TURN_DPI = 150
"""Resolution at which the four turns of a page are read when that detection fails."""

UPRIGHT_CONFIDENCE = 60.0
"""A first reading with a lower mean confidence (0-100) asks for the page's orientation."""

UPRIGHT_TALL_SHARE = 0.2
"""... as does one with a larger share of words in boxes taller than wide."""

TURN_MIN_WORDS = 5
"""Words of three letters or more needed to judge a quarter turn by reading it."""

TURN_BETTER_BY = 10.0
"""A quarter turn is kept, when judged by reading, if its mean confidence beats the page
as it is by this much (0-100)."""


def ocr_pages(
    path: Path,
    sha256: str,
    page_numbers: list[int],
    *,
    cache_dir: Path | None,
    progress: ProgressCallback | None = None,
) -> dict[int, Page]:
    """OCR the 1-based ``page_numbers`` of ``path``; raises :class:`OcrUnavailable`.

    ``progress`` is called (in this thread) once with the cached pages counted as done,
    then as each page is read, whichever finishes first.
    """
    path = Path(path)
    cached = ocr_cache.load(cache_dir, sha256) if cache_dir is not None else {}
    missing = [number for number in page_numbers if number not in cached]
    report = _Counter(path.name, len(page_numbers), progress)
    report.add(len(page_numbers) - len(missing))
    if missing:
        tesseract_version(path)
        jobs = _read_pages(path, missing, report)
        for number in missing:  # a failure raised in page order
            cached[number] = jobs[number].result()
        if cache_dir is not None:
            ocr_cache.save(cache_dir, sha256, cached)
    return {number: cached[number] for number in page_numbers}


def _read_pages(path: Path, numbers: list[int], report: _Counter) -> dict[int, Future[Page]]:
    """The pages read side by side, one per core, each rendered as a core comes free (at
    most BATCH rendered at a time, which bounds the memory a large scan takes); no page
    is started once one has failed."""
    cores = os.cpu_count() or 1
    waiting = iter(enumerate(numbers))
    jobs: dict[int, Future[Page]] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(len(numbers), cores))) as pool:

        def start(count: int) -> set[Future[Page]]:
            started = set()
            for index, number in islice(waiting, count):
                gray, dpi, width, height = _render(path, [number])[number]
                threads = page_threads(index, len(numbers), cores)
                job = pool.submit(read_scan, number, gray, dpi, width, height, threads=threads)
                jobs[number] = job
                started.add(job)
            return started

        running, failed = start(BATCH), False
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            read = sum(job.exception() is None for job in done)
            report.add(read)
            failed = failed or read < len(done)
            if not failed:
                running |= start(len(done))
    return jobs


def page_threads(index: int, count: int, cores: int) -> int:
    """Tesseract runs the page at ``index`` of ``count`` pages read together on ``cores``
    may make at once: one while the pages keep every core busy, one page each; the last
    pages, fewer than the cores, share them out (a page left alone at the end has its
    bands read side by side, see ``ocr_bands``), rather than leave them idle. How many
    changes when a page is read, never what is read."""
    tail = count % cores
    return max(1, cores // tail) if index >= count - tail else 1


class _Counter:
    """The OCR pages done so far, told to a progress callback."""

    def __init__(self, name: str, total: int, progress: ProgressCallback | None) -> None:
        self.name, self.total, self.progress = name, total, progress
        self.done = 0

    def add(self, pages: int) -> None:
        self.done += pages
        if self.progress is not None:
            self.progress(ReadProgress(self.name, self.done, self.total, ReadPhase.OCR))


def _render(path: Path, numbers: list[int]) -> dict[int, Rendered]:
    try:
        return render_pages(path, numbers)
    except Exception as exc:  # pdfium raises its own errors on damaged pages
        raise DamagedPdf(
            f"PDF endommagé : une page numérisée ne peut pas être rendue ({type(exc).__name__}).",
            path=path,
        ) from exc


def read_scan(
    number: int, gray: np.ndarray, dpi: float, width: float, height: float, *, threads: int = 1
) -> Page:
    """One page image (gray pixels) to a :class:`Page` of ``width`` × ``height`` points.

    A page whose lines of text run down rather than across, or whose lines have more
    ink below their small letters than above (:func:`text_layout`, a quick count on
    the pixels), is turned first and read once: by the turn its ink tells
    (:func:`ink_turn`) when it clearly does, by the one Tesseract's orientation
    detection gives otherwise. Any other page is read as it comes. When a page read as
    it came, or turned by its ink, does not look upright (see :func:`looks_upright`),
    its orientation is asked for, and the page read again if that turns it otherwise.
    ``threads``: Tesseract runs this page may make at once (its bands, its second readings):
    how fast it is read, not what is read.
    """
    layout = text_layout(gray, dpi)
    asked = layout.sideways or layout.upside_down  # asked first: read once, not twice
    guessed = ink_turn(gray, dpi, layout) if asked else None  # no orientation detection
    quarter = guessed if guessed is not None else (upright_turn(gray, dpi) if asked else 0)
    turned = _turned(gray, quarter, width, height)
    levelled = _level_and_read(turned[0], dpi, threads)
    if (not asked or guessed is not None) and not looks_upright(levelled[-1]):
        found = upright_turn(gray, dpi)  # the page as it came
        if found != quarter and not (layout.sideways and found == 0):  # its lines run down
            quarter = found
            turned = _turned(gray, quarter, width, height)
            levelled = _level_and_read(turned[0], dpi, threads)
    gray, width, height = turned
    skew, gray, px_rules, px_fills, clean, clean_ink, lines = levelled
    lines = reread(clean, clean_ink, lines, dpi, threads=threads)
    lines = read_missed(clean, clean_ink, lines, dpi)
    lines = restore_decimal_marks(clean_ink, reread_amounts(clean, lines, dpi))
    frame = Frame(width / gray.shape[1], height / gray.shape[0])
    return Page(
        number=number,
        width=float(width),
        height=float(height),
        words=to_words(lines, clean_ink, frame),
        rules=[_rule(rule, frame) for rule in px_rules],
        fills=[_fill(fill, frame) for fill in px_fills],
        ocr=True,
        rotation=round(quarter - skew, 3),
    )


def _turned(
    gray: np.ndarray, quarter: int, width: float, height: float
) -> tuple[np.ndarray, float, float]:
    """The page turned by ``quarter`` and its size in points, turned with it."""
    if not quarter:
        return gray, width, height
    if quarter in (90, 270):
        width, height = height, width
    return turn(gray, quarter), width, height


def _level_and_read(gray: np.ndarray, dpi: float, threads: int) -> tuple:
    """Skew, levelled page, rules, fills, cleaned page, its ink, and its first reading."""
    gray = flatten_light(gray, dpi)
    paper = paper_level(gray)
    skew = estimate_skew(ink_mask(gray), dpi)
    gray = descreen(rotate(gray, -skew, round(paper)), dpi, paper)
    across_rows, across_columns = stroke_masks(gray, dpi)
    ink = ink_mask(gray)
    px_rules = find_rules(across_rows, across_columns, dpi, ink)
    perspective = keystone(px_rules, gray.shape, dpi)
    if perspective is not None:  # a photographed table: squared, then its rules found again
        gray = squared(gray, perspective, paper)
        across_rows, across_columns = stroke_masks(gray, dpi)
        ink = ink_mask(gray)
        px_rules = find_rules(across_rows, across_columns, dpi, ink)
    px_fills = find_fills(gray, across_rows | across_columns, paper, dpi, px_rules, threads=threads)
    px_rules = rules_along_fills(px_rules, px_fills, dpi, gray.shape[1])
    px_rules += light_rules(px_fills, gray, paper, dpi)
    px_rules += short_verticals_met(across_columns, px_rules, px_fills, dpi, ink)
    px_rules = rules_along_fills(px_rules, px_fills, dpi, gray.shape[1])  # with those met
    px_rules += rules_across_fills(px_fills, px_rules, gray, paper, dpi)
    erased = erase_rules(gray, px_rules, paper, margin=max(1, round(ERASE_MARGIN_PT * dpi / 72)))
    white = lettered_in_white(erased, px_fills)
    clean = despeckle(whiten_fills(erased, px_fills, unerased=gray, white=white))
    clean_ink = ink_mask(clean)
    lines = read_in_bands(clean, clean_ink, dpi, threads)
    # the page's rules, as the grid reads them (the image is read): those white letters
    # drew left out, those letters standing on them broke put back
    px_rules = outside_white_lettering(px_rules, px_fills, white, dpi)
    px_rules += rules_under_letters(across_rows, ink, dpi, px_rules, across_columns)
    return skew, gray, px_rules, px_fills, clean, clean_ink, lines


def looks_upright(lines: list[OcrLine]) -> bool:
    """Whether a first reading is of an upright page: enough words, read with good
    confidence, laid out wider than tall. (Tesseract reads a sideways page's words
    well, but in boxes taller than wide; an upside-down page's words it reads badly.)"""
    words = [w for line in lines for w in line.words if sum(c.isalnum() for c in w.text) >= 3]
    if len(words) < TURN_MIN_WORDS:
        return False
    mean = sum(w.confidence for w in words) / len(words)
    tall = sum(w.box[3] - w.box[1] > w.box[2] - w.box[0] for w in words)
    return mean >= UPRIGHT_CONFIDENCE and tall <= UPRIGHT_TALL_SHARE * len(words)


def upright_turn(gray: np.ndarray, dpi: float) -> int:
    """The quarter turn (degrees counter-clockwise) that sets the page's text upright.

    Tesseract's orientation detection answers first, on the page brought down to
    ORIENTATION_DPI in turn; when it cannot tell (no ``osd`` model, a weak guess), the four
    turns of the page brought down to READ_TURN_DPI are read as one block of level
    lines (which Tesseract does not turn) and the one read with the best mean
    confidence is kept, the page as it is winning unless clearly beaten.
    """
    tried = set()
    for resolution in ORIENTATION_DPI:
        small, small_dpi = shrink(gray, dpi, resolution)
        if round(small_dpi) in tried:
            continue
        tried.add(round(small_dpi))
        found = orientation(small, small_dpi)
        if found is not None:
            return (360 - found) % 360
    small, small_dpi = shrink(gray, dpi, READ_TURN_DPI)
    quarters = range(0, 360, 90)
    readings = recognise_each(
        [turn(small, quarter) for quarter in quarters], small_dpi, segmentation=SINGLE_BLOCK
    )
    scores = dict(zip(quarters, map(_mean_confidence, readings), strict=True))
    best = max(scores, key=lambda quarter: scores[quarter] or -1.0)
    upright = scores[0] or 0.0
    if best and scores[best] is not None and scores[best] >= upright + TURN_BETTER_BY:
        return best
    return 0


def _mean_confidence(lines: list[OcrLine]) -> float | None:
    words = [
        word.confidence
        for line in lines
        for word in line.words
        if sum(ch.isalnum() for ch in word.text) >= 3
    ]
    return sum(words) / len(words) if len(words) >= TURN_MIN_WORDS else None


def _rule(rule: PxRule, frame: Frame) -> Rule:
    if rule.horizontal:
        y = round((rule.y0 + rule.y1) / 2 * frame.scale_y, 2)
        return Rule(round(rule.x0 * frame.scale_x, 2), y, round(rule.x1 * frame.scale_x, 2), y)
    x = round((rule.x0 + rule.x1) / 2 * frame.scale_x, 2)
    return Rule(x, round(rule.y0 * frame.scale_y, 2), x, round(rule.y1 * frame.scale_y, 2))


def _fill(fill: PxFill, frame: Frame) -> Fill:
    x0, top, x1, bottom = frame.box(fill.box)
    return Fill(x0, top, x1, bottom, (fill.shade, fill.shade, fill.shade))
