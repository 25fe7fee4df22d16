"""The dot screen of a printed page, smoothed out where it is and nowhere else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from pipeline.read.ocr_image import (
    estimate_skew,
    flatten_light,
    ink_mask,
    paper_level,
    render_pages,
    rotate,
    stroke_masks,
)
from pipeline.read.ocr_rules import PxFill, PxRule, find_fills, find_rules
from pipeline.read.ocr_screen import descreen, screened
from tests.pdfgen.build import build_all
from tests.pdfgen.scan import scan, style_named
from tests.pdfgen.variations import by_name

DPI = 300.0
PAPER = 250.0


def _page() -> np.ndarray:
    return np.full((600, 1200), 250, dtype=np.uint8)


def _screen(gray: np.ndarray, box: tuple[int, int, int, int], period: int = 3) -> None:
    """A grey fill printed as dots: one dark pixel in each ``period`` × ``period`` cell
    of the box, a lighter one beside it (a dot's soft edge after the scan)."""
    x0, y0, x1, y1 = box
    gray[y0:y1, x0:x1] = 235
    gray[y0:y1:period, x0:x1:period] = 140
    gray[y0:y1:period, x0 + 1 : x1 : period] = 190


def test_a_screened_heading_row_becomes_an_even_grey_without_strokes() -> None:
    """A heading row printed through a dot screen: every dot was a stroke, so that the
    row was no fill and chains of dots passed for rules; smoothed, only the letters
    printed on it remain strokes."""
    gray = _page()
    _screen(gray, (100, 100, 1100, 160))
    gray[115:145, 400:406] = 30  # the stem of a bold letter on the row
    across_rows, across_columns = stroke_masks(gray, DPI)
    assert across_columns[105:155, 150:350].mean() > 0.1  # the dots, before

    clean = descreen(gray, DPI, PAPER)
    across_rows, across_columns = stroke_masks(clean, DPI)
    strokes = across_rows | across_columns
    assert not strokes[105:155, 150:350].any()  # the screen is gone
    assert across_columns[120:140, 400:406].all()  # the letter is still there
    ground = clean[105:155, 150:350]
    assert 200 <= ground.mean() <= 235 and ground.std() < 6  # an even grey


def test_text_and_light_rules_away_from_a_screen_are_left_exactly_as_they_are() -> None:
    """A light coloured rule (low contrast, thin) and letters on the paper: no screen
    there, not a pixel changed; the whole page is given back when it has no screen."""
    gray = _page()
    gray[400:402, 100:1100] = 195  # a light rule
    for x in range(100, 700, 12):
        gray[450:480, x : x + 3] = 20  # the stems of a line of text
    assert not screened(gray, DPI, PAPER).any()
    assert descreen(gray, DPI, PAPER) is gray

    _screen(gray, (100, 100, 1100, 160))
    clean = descreen(gray, DPI, PAPER)
    assert np.array_equal(clean[300:, :], gray[300:, :])
    assert not np.array_equal(clean[100:160, 100:1100], gray[100:160, 100:1100])


def test_specks_of_dust_are_no_screen() -> None:
    """Specks scattered on the paper light a window each; they make no screened area."""
    gray = _page()
    rng = np.random.default_rng(3)
    for y, x in zip(rng.integers(10, 590, 80), rng.integers(10, 1190, 80), strict=True):
        gray[y : y + 2, x : x + 2] = 60
    assert not screened(gray, DPI, PAPER).any()


def _printed(
    source: Path, target: Path, page: int, dpi: int, pages: set[int] | None = None
) -> tuple[list[PxRule], list[PxFill], float]:
    """The rules and fills of a page of ``source`` printed by a laser and scanned at
    ``dpi`` (its ``pages`` only, or all), found as the OCR finds them; and the
    resolution its image was read at."""
    style = replace(style_named("printed"), dpi=dpi, skew=0.5)
    scanned = scan(source, target, style, pages=pages)
    gray, render_dpi, _, _ = render_pages(scanned, [page])[page]
    gray = flatten_light(gray, render_dpi)
    paper = paper_level(gray)
    gray = rotate(gray, -estimate_skew(ink_mask(gray), render_dpi), round(paper))
    gray = descreen(gray, render_dpi, paper)
    across_rows, across_columns = stroke_masks(gray, render_dpi)
    rules = find_rules(across_rows, across_columns, render_dpi, ink_mask(gray))
    fills = find_fills(gray, across_rows | across_columns, paper, render_dpi, rules)
    return rules, fills, render_dpi


@pytest.mark.parametrize("dpi", [300, 200])
def test_a_printed_heading_row_is_a_fill_cut_only_by_its_columns(tmp_path, dpi) -> None:
    """The reference annex printed by a laser (grey headings as a 100 lpi dot screen) and
    scanned at 300 and 200 dpi: the dots were strokes, the heading rows no fill, and the
    stems of their bold letters, joined to the rules by chains of dots, short vertical
    rules that cut « Unité de facturation » in three. Smoothed first, the heading rows
    are fills and the only rules down them are the table's columns."""
    source = Path(__file__).parent.parent / "corpus" / "2026-03-19_annexe2_actualisation.pdf"
    rules, fills, render_dpi = _printed(source, tmp_path / "p.pdf", 1, dpi, pages={2})
    pt = render_dpi / 72
    headings = [f for f in fills if f.shade < 0.95 and f.box[3] - f.box[1] < 30 * pt]
    assert len(headings) >= 3
    long_columns = [r.centre for r in rules if not r.horizontal and r.y1 - r.y0 > 40 * pt]
    for rule in rules:
        if rule.horizontal or rule.y1 - rule.y0 > 40 * pt:
            continue
        # a short rule down a row stands on one of the table's columns
        assert min(abs(rule.centre - x) for x in long_columns) <= 2 * pt, rule


def test_a_band_run_into_a_heading_cell_of_its_shade_is_still_a_fill(tmp_path) -> None:
    """A matrix printed by a laser and scanned at 200 dpi: the category band
    « Dématérialisation » and the heading cell « Unité » above it, of one shade, ran
    into each other where the light rule between them faded; together they were too
    ragged for a fill and both were lost, and with them the category of three lines.
    Each is kept as it was found on its own."""
    name = "coloured_matrix_small_amounts"
    source = build_all([by_name(name)], tmp_path)[name]
    # the whole document scanned: the scanner's noise on page 2 as the benchmark has it
    _, fills, _ = _printed(source, tmp_path / "p.pdf", 2, 200)
    table = max(f.box[2] for f in fills) - min(f.box[0] for f in fills)
    bands = [f for f in fills if f.box[2] - f.box[0] > 0.9 * table]
    # « Tarifs unitaires TTC », « Dématérialisation », « Téléphonie », « Accompagnement… »
    assert len(bands) == 4, [f.box for f in fills]
