"""A page read in bands: cut only along blank paper between lines of text, its lines
put back where they stand on the page, read at once when cores are free, and cut the
same way whatever the cores free for it."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from pipeline.read import ocr_bands
from pipeline.read.ocr_engine import OcrChar, OcrLine, OcrWord

DPI = 200


def lines_of_text(height: int, pitch: int, thick: int) -> np.ndarray:
    """An ink mask with a line of text every ``pitch`` rows, ``thick`` rows high."""
    ink = np.zeros((height, 1600), dtype=bool)
    for top in range(50, height - thick, pitch):
        ink[top : top + thick, 100:1500] = True
    return ink


def test_a_page_is_cut_between_two_lines_near_its_middle() -> None:
    ink = lines_of_text(2200, 60, 30)
    bounds = ocr_bands.band_bounds(ink, DPI, 2)
    assert len(bounds) == 2 and bounds[0][0] == 0 and bounds[-1][1] == 2200
    cut = bounds[0][1]
    assert bounds[1][0] == cut and abs(cut - 1100) <= 60
    assert not ink[cut].any()  # on paper, between two lines


def test_a_page_with_no_blank_band_near_its_middle_is_read_whole() -> None:
    ink = lines_of_text(2200, 60, 30)
    ink[:, 1550:1560] = True  # a rule down the whole page
    assert ocr_bands.band_bounds(ink, DPI, 2) == [(0, 2200)]
    spaced = lines_of_text(2200, 60, 58)  # lines too close for a cut
    assert ocr_bands.band_bounds(spaced, DPI, 2) == [(0, 2200)]


def test_a_short_page_or_a_single_band_is_not_cut() -> None:
    assert ocr_bands.band_bounds(lines_of_text(400, 60, 30), DPI, 2) == [(0, 400)]
    assert ocr_bands.band_bounds(lines_of_text(2200, 60, 30), DPI, 1) == [(0, 2200)]


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_the_bands_are_read_at_once_and_their_lines_put_back_on_the_page(
    monkeypatch, workers
) -> None:
    ink = lines_of_text(2200, 60, 30)
    gray = np.where(ink, 20, 250).astype(np.uint8)
    running, most, lock = [0], [0], threading.Lock()

    def reader(band: np.ndarray, dpi: float) -> list[OcrLine]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1
        box = (100, 50, 400, 80)  # the first line of text of the band, in its pixels
        word = OcrWord(f"{band.shape[0]}", box, 90.0, [OcrChar("x", (100, 50, 120, 80))])
        return [OcrLine(box, (0.0, -5.0), 30.0, [word])]

    monkeypatch.setattr(ocr_bands, "recognise", reader)
    bounds = ocr_bands.band_bounds(ink, DPI, ocr_bands.READ_BANDS)
    lines = ocr_bands.read_in_bands(gray, ink, DPI, workers)
    assert len(bounds) == ocr_bands.READ_BANDS == 2  # the same cut, whatever the workers
    assert most[0] == min(workers, len(bounds))
    assert [line.box[1] for line in lines] == [top + 50 for top, _ in bounds]
    assert [line.words[0].chars[0].box[3] for line in lines] == [top + 80 for top, _ in bounds]
    assert [line.words[0].text for line in lines] == [str(b - t) for t, b in bounds]
    assert lines[1].baseline == (0.0, -5.0)  # given from the line's box: unchanged


@pytest.mark.tesseract
def test_a_scanned_page_reads_the_same_whatever_the_cores_free_for_it(monkeypatch) -> None:
    """A page read on one core (inside a document) was read whole, on two (alone, or last)
    in two bands, and Tesseract's layout of a whole page is not always that of its bands:
    Montpellier's 2014 book, page 11, read its header « Unité » as « UNE » whole, and lost
    its equipment lines in a document, not alone. A page is now cut by its own ink only."""
    from pipeline.read.ocr import read_scan
    from pipeline.read.ocr_image import render_pages
    from tests.conftest import CORPUS, require_tool

    require_tool("tesseract")
    gray, dpi, width, height = render_pages(CORPUS / "2025-07-10_annexe2_tarifs_scan.pdf", [2])[2]
    heights = []
    recognise = ocr_bands.recognise

    def spy(band: np.ndarray, dpi: float) -> list[OcrLine]:
        heights.append(band.shape[0])
        return recognise(band, dpi)

    monkeypatch.setattr(ocr_bands, "recognise", spy)
    one = read_scan(2, gray, dpi, width, height, threads=1)
    assert len(heights) == 2 and sum(heights) >= 0.95 * gray.shape[0]  # two bands, the whole page
    two = read_scan(2, gray, dpi, width, height, threads=2)
    assert heights[2:] == heights[:2]
    assert [(w.text, w.bbox) for w in one.words] == [(w.text, w.bbox) for w in two.words]


@pytest.mark.parametrize(
    ("count", "cores", "threads"),
    [
        (1, 2, [2]),  # a lone page: both cores
        (2, 2, [1, 1]),  # a page per core
        (3, 2, [1, 1, 2]),  # the last page, left alone, on both cores
        (4, 2, [1, 1, 1, 1]),
        (3, 4, [1, 1, 1]),  # fewer pages than cores: a core each, none to spare
        (6, 4, [1, 1, 1, 1, 2, 2]),  # the last two pages share the four cores
        (5, 1, [1, 1, 1, 1, 1]),
    ],
)
def test_the_last_pages_of_a_batch_share_out_the_cores_left_idle(count, cores, threads) -> None:
    """A scan of three pages on two cores: the third page was read on one core while
    the other stood idle, the longest wait of the document."""
    from pipeline.read.ocr import page_threads

    assert [page_threads(index, count, cores) for index in range(count)] == threads
