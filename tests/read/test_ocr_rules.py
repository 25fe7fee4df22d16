"""Rules and shaded cells found in the pixels of a scan, on white and on gray grounds."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.read.ocr_image import (
    estimate_skew,
    flatten_light,
    ink_mask,
    rotate,
    runs,
    stroke_masks,
)
from pipeline.read.ocr_rules import (
    PxFill,
    PxRule,
    _sides,
    find_fills,
    find_rules,
    light_rules,
    rules_along_fills,
    rules_under_letters,
    short_verticals_met,
)

DPI = 200


def _grid(band: int = 255) -> tuple[np.ndarray, list[int], list[int]]:
    """A 2×3 ruled grid (rules 2 px, ink 20) on white, its first row filled ``band`` gray."""
    gray = np.full((1400, 1000), 255, dtype=np.uint8)
    gray[200:260, 100:900] = band
    rows, columns = [200, 260, 320, 380], [100, 400, 898]
    for y in rows:
        gray[y : y + 2, 100:900] = 20
    for x in columns:
        gray[200:382, x : x + 2] = 20
    return gray, rows, columns


def _lines(centres: list[float]) -> list[int]:
    """The distinct lines the pieces of rules stand on (centres within 3 px are one)."""
    lines: list[int] = []
    for centre in sorted(centres):
        if not lines or centre - lines[-1] > 3:
            lines.append(round(centre))
    return lines


def _rules(gray: np.ndarray):
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI)
    horizontal = _lines([r.centre for r in rules if r.horizontal])
    vertical = _lines([r.centre for r in rules if not r.horizontal])
    return rules, horizontal, vertical


def test_rules_and_skew_are_found_in_pixels() -> None:
    gray, rows, columns = _grid()
    gray[240:250, 150:160] = 20  # a letter-sized blot: not a rule
    turned = rotate(gray, 1.0, 255)
    skew = estimate_skew(ink_mask(turned), DPI)
    assert skew == pytest.approx(1.0, abs=0.1)
    _, horizontal, vertical = _rules(rotate(turned, -skew, 255))
    assert len(horizontal) == len(rows)
    assert all(abs(a - b) <= 3 for a, b in zip(horizontal, rows, strict=True))
    assert len(vertical) == len(columns)


@pytest.mark.parametrize("shade", [200, 150, 110])
def test_rules_bordering_a_dark_band_are_found_and_the_band_is_a_fill(shade: int) -> None:
    """A heading row filled mid or dark gray (a dark photocopy of a light gray or blue
    fill): a global threshold takes the whole band for ink, so that its rules were lost
    in a block too thick to be a rule and the band was no fill."""
    gray, rows, columns = _grid(band=shade)
    gray[225:235, 150:160] = 20  # a letter in it
    _, horizontal, vertical = _rules(gray)
    assert len(horizontal) == len(rows)
    assert len(vertical) == len(columns)
    across_rows, across_columns = stroke_masks(gray, DPI)
    fills = find_fills(gray, across_rows | across_columns, 255.0, DPI)
    # the two cells of the first row, and nothing else
    assert [(f.box[0] < 400 < f.box[2], 200 <= f.box[1] < f.box[3] <= 260) for f in fills] == [
        (False, True),
        (False, True),
    ]
    assert all(f.shade == pytest.approx(shade / 255, abs=0.03) for f in fills)


def _coverage(rules, y: float, x0: int, x1: int) -> float:
    """Share of ``x0…x1`` covered by horizontal rules standing on ``y`` (within 3 px)."""
    covered = np.zeros(x1 - x0, dtype=bool)
    for rule in rules:
        if rule.horizontal and abs(rule.centre - y) <= 3:
            covered[max(0, rule.x0 - x0) : max(0, rule.x1 - x0)] = True
    return float(covered.mean())


def _band_with_a_faint_rule() -> np.ndarray:
    """A table whose second row is a gray band across the whole width; the thin rule on
    top of the band is lost against the gray over a third of its length."""
    gray = np.full((900, 1000), 255, dtype=np.uint8)
    gray[262:320, 100:900] = 200  # the band, between the rules at 260 and 320
    for y in (200, 260, 320, 380):
        gray[y : y + 2, 100:900] = 20
    for x in (100, 898):
        gray[200:382, x : x + 2] = 20
    for x in (400,):  # the inner column rule stops at the band
        gray[200:262, x : x + 2] = 20
        gray[320:382, x : x + 2] = 20
    gray[260:262, 600:870] = 200  # the rule lost against the band
    return gray


def test_a_rule_lost_against_a_gray_band_is_completed_along_its_edge() -> None:
    gray = _band_with_a_faint_rule()
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI)
    assert _coverage(rules, 260.5, 102, 898) < 0.8  # broken as found
    fills = find_fills(gray, across_rows | across_columns, 255.0, DPI)
    completed = rules_along_fills(rules, fills, DPI)
    assert _coverage(completed, 260.5, 102, 898) > 0.98
    assert _coverage(completed, 320.5, 102, 898) == _coverage(rules, 320.5, 102, 898)


def _sides_added(gray: np.ndarray) -> list:
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI)
    fills = find_fills(gray, across_rows | across_columns, 255.0, DPI, rules)
    assert fills
    return rules_along_fills(rules, fills, DPI, gray.shape[1])[len(rules) :]


def test_the_sides_of_a_shaded_cell_with_no_rule_are_its_rules() -> None:
    """A heading cell shaded in colour, drawn without rules: its sides bound it, as the
    text path reads the edges of a shaded rectangle."""
    gray = np.full((800, 1000), 255, dtype=np.uint8)
    gray[200:260, 100:900] = 200
    gray[500:502, 100:900] = 20  # a rule elsewhere on the page
    added = _sides_added(gray)
    across = sorted(round(r.centre) for r in added if r.horizontal)
    down = sorted(round(r.centre) for r in added if not r.horizontal)
    assert _near(across, [200, 260]) and _near(down, [100, 900])


def test_zebra_stripes_and_faint_fills_give_no_rules_of_their_own() -> None:
    """Bands of zebra striping on a table without rules (their edges would cut each white
    row out of the table), and a fill barely darker than the paper (its outline in the
    noise), complete rules along them but are not rules themselves."""
    stripes = np.full((1000, 1000), 255, dtype=np.uint8)
    for top in (200, 320, 440, 560):
        stripes[top : top + 60, 100:900] = 200
    assert _sides_added(stripes) == []
    faint = np.full((800, 1000), 255, dtype=np.uint8)
    faint[200:260, 100:900] = 240
    assert _sides_added(faint) == []


def test_a_border_broken_only_by_bands_that_pass_for_stripes_runs_through_them() -> None:
    """A matrix printed by a laser, scanned at 200 dpi: its title, heading and category
    bands, a few rows apart, passed for zebra striping, and the table's right border,
    lost against the « Téléphonie » band, was not completed along its edge: the band's
    row fell out of the table and the rows under it lost their column headings. A rule
    that comes up to a band's side from above and from below runs through it."""
    gray = np.full((1100, 1000), 255, dtype=np.uint8)
    tops = (200, 380, 560, 740)
    for x in (100, 898):  # the borders, drawn down the table, lost against the bands
        gray[80:920, x : x + 2] = 20
    for y in (80, 918):
        gray[y : y + 2, 100:900] = 20
    for top in tops:
        gray[top : top + 60, 100:900] = 200
    down = [r for r in _sides_added(gray) if not r.horizontal]
    for top in tops:
        for x in (101, 899):
            assert any(
                abs(r.centre - x) <= 2 and r.start <= top + 2 and r.end >= top + 58 for r in down
            ), (top, x)
    gray[:, 898:900] = 255  # without the right border, the stripes' side is no rule
    down = [r for r in _sides_added(gray) if not r.horizontal]
    assert not any(abs(r.centre - 899) <= 3 for r in down)


def test_the_edge_of_a_band_that_passes_for_a_stripe_is_a_rule_where_columns_end_on_it() -> None:
    """The same matrix: the rule above the « Sécurité » band was lost against it, and the
    band passed for a stripe: the row above it and the band made one cell, and
    « Hébergement de site internet » lost its prices. The column rules of a row that
    stop at a band's edge make that edge a rule."""
    gray = np.full((1100, 1000), 255, dtype=np.uint8)
    tops = (200, 380, 560, 740)
    for top in tops:
        gray[top : top + 60, 100:900] = 200
    for x in (400, 600):  # column rules between the bands, none across them
        for y0, y1 in ((260, 380), (440, 560), (620, 740)):
            gray[y0:y1, x : x + 2] = 20
    across = [r for r in _sides_added(gray) if r.horizontal]
    for edge in (260, 380, 440, 560, 620, 740):
        assert any(abs(r.centre - edge) <= 2 and r.end - r.start > 700 for r in across), edge
    assert not any(abs(r.centre - 200) <= 2 for r in across)  # no column ends on it


def test_a_fill_leaking_through_a_gap_in_its_rule_keeps_its_side_along_the_rule() -> None:
    """A heading cell printed by a laser, scanned at 200 dpi: its rule below, smoothed
    with the dot screen, was seen in specks (taken for letters), and the cell's gray ran
    through the rule's gaps for a few columns. Its box reached that far, so the side
    along the rule stood back from the box, was taken for the tops of letters and
    dropped: the heading and the row under it made one cell. A few columns leaking do
    not set the cell's own edge."""
    px = 300 / 72
    inside = np.zeros((120, 400), dtype=bool)
    inside[:100, :] = True
    inside[100:112, 380:388] = True  # leaking through a gap in the rule
    letters = np.zeros_like(inside)
    letters[100:104, :380] = True  # the rule's specks, just under the cell
    sides = _sides(inside, (0, 0, 400, 120), px, letters)
    below = [(edge, a, b) for across, edge, a, b in sides if across and 95 <= edge <= 105]
    assert below and max(b - a for _, a, b in below) >= 300


def test_a_heading_row_and_category_bands_far_apart_are_no_zebra_stripes() -> None:
    """A ruled table printed by a laser, scanned at 200 dpi: its heading row and two
    category bands, one width, none touching another, passed for zebra striping; their
    light rules, smoothed with the dot screen, no longer showed, and their edges were
    not taken for rules either: « Présence en ligne » and « Sécurité » were lost. Five
    rows and more apart, they are bands of their own, whose edges are rules."""
    gray = np.full((1400, 1000), 255, dtype=np.uint8)
    for top in (200, 600, 1100):
        gray[top : top + 60, 100:900] = 200
    added = _sides_added(gray)
    across = sorted(round(r.centre) for r in added if r.horizontal)
    assert _near(across, [200, 260, 600, 660, 1100, 1160])


def test_the_sides_of_an_l_shaped_band_are_its_six_sides() -> None:
    """A dark heading over the columns of prices only, beside a cell two rows high: the
    band is one fill shaped like an L, whose six sides are rules."""
    gray = np.full((800, 1000), 255, dtype=np.uint8)
    gray[200:240, 300:900] = 120  # the heading over the prices
    gray[240:300, 100:900] = 120  # the row of headings, the label's cell included
    added = _sides_added(gray)
    across = sorted((round(r.centre), r.start, r.end) for r in added if r.horizontal)
    down = sorted((round(r.centre), r.start, r.end) for r in added if not r.horizontal)
    assert _near([a[0] for a in across], [200, 240, 300])
    assert across[1][1] <= 103 and across[1][2] <= 303  # under the corner only
    assert _near([d[0] for d in down], [100, 300, 900])
    assert down[1][1] <= 203 and down[1][2] <= 243


def _near(found: list[int], wanted: list[int], slack: int = 3) -> bool:
    return len(found) == len(wanted) and all(
        abs(a - b) <= slack for a, b in zip(found, wanted, strict=True)
    )


def test_light_lines_part_the_cells_of_a_dark_band() -> None:
    """Heading cells in a dark colour, parted by thin white gaps rather than rules: the
    gaps part the band (a light line inside it, or the sides of its parts)."""
    gray = np.full((800, 1000), 255, dtype=np.uint8)
    gray[200:260, 100:900] = 110
    for x in (400, 650):
        gray[200:260, x : x + 3] = 170  # a light line, blurred by the scan
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI)
    fills = find_fills(gray, across_rows | across_columns, 255.0, DPI, rules)
    found = rules_along_fills(rules, fills, DPI, gray.shape[1])
    found += light_rules(fills, gray, 255.0, DPI)
    down = {round(r.centre) for r in found if not r.horizontal and r.end - r.start > 50}
    assert all(any(abs(x - gap) <= 4 for x in down) for gap in (401, 651))
    assert not any(120 < x < 380 or 420 < x < 630 for x in down)  # nothing inside a cell


def test_the_edges_of_a_fill_without_rules_are_not_rules() -> None:
    """A gray band with no rule around it: its edges are steps, not lines."""
    gray = np.full((800, 1000), 255, dtype=np.uint8)
    gray[200:300, 100:900] = 140
    _, horizontal, vertical = _rules(gray)
    assert horizontal == [] and vertical == []


def test_a_line_of_bold_text_is_not_a_rule() -> None:
    """Heavy letters, blurred together by a low-resolution scan, fill most of a row of
    pixels along the word; they are still thicker than they are thin across the row."""
    gray = np.full((400, 1000), 255, dtype=np.uint8)
    for x in range(100, 700, 24):  # letters 20 px wide, 4 px apart, 30 px tall
        gray[100:130, x : x + 20] = 30
    gray[113:117, 100:700] = 30  # and joined by their bars
    _, horizontal, _ = _rules(gray)
    assert horizontal == []


def test_a_line_of_bold_text_is_no_rule_under_letters_either() -> None:
    gray = np.full((400, 1000), 255, dtype=np.uint8)
    for x in range(100, 700, 24):
        gray[100:130, x : x + 20] = 30
    gray[113:117, 100:700] = 30
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI, ink_mask(gray))
    assert rules_under_letters(across_rows, ink_mask(gray), DPI, rules) == []


def _feet_of_letters(gap_above: int | None) -> np.ndarray:
    """A word of six bold capitals « H » as a blurred scan leaves them (stems 5 px wide,
    lighter than their feet; bars 4 px), serifs joining their feet into one straight run
    130 px long (47 pt at 200 dpi). With ``gap_above``, the letters stand that far above
    a rule as long, apart from one another."""
    gray = np.full((300, 600), 255, dtype=np.uint8)
    foot = 200
    lift = 0 if gap_above is None else gap_above + 4
    for x in range(100, 230, 22):
        for stem in (x, x + 15):
            gray[foot - 30 - lift : foot - lift, stem : stem + 5] = 90
        gray[foot - 4 - lift : foot - lift, x : x + (20 if lift == 0 else 5)] = 30
        gray[foot - 4 - lift : foot - lift, x + 15 : x + 20] = 30
    gray[foot - 4 : foot, 100:230] = 30  # the feet joined, or the rule
    return gray


def test_the_feet_of_a_line_of_bold_letters_are_no_rule() -> None:
    """Montpellier's 2014 book scanned at 150 dpi, page 4: the bars of « LLE » in the bold
    heading « ELEVES EN MATERNELLE », joined by their serifs, made a straight run long
    enough for a rule. It was painted out with the rules, the letters lost their feet,
    and the heading of every price under it was read « MATERNFITE »."""
    gray = _feet_of_letters(None)
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI, ink_mask(gray))
    assert not [rule for rule in rules if rule.horizontal]
    ink = ink_mask(gray)
    assert rules_under_letters(across_rows, ink, DPI, rules, across_columns) == []


def test_a_short_rule_under_a_word_is_still_a_rule() -> None:
    gray = _feet_of_letters(gap_above=3)
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI, ink_mask(gray))
    assert [rule.y0 for rule in rules if rule.horizontal] == [196]


def test_a_rule_with_a_letter_sitting_on_it_is_one_rule() -> None:
    """« / jour » in a tight row of a table scanned at 150 dpi: the « j » sits on the rule
    under it, whose pixels there have ink above them and are no thin stroke. The two
    halves, each shorter than a rule, were lost, and the row's unit cell ran into the
    next row's (« /jour /jour » in one). Where the rule's own pixels stay ink under the
    letter, it is one rule, as thin as it is drawn; a rule already found is not found
    again."""
    px = DPI / 72
    gray = np.full((round(60 * px), round(60 * px)), 255, dtype=np.uint8)
    y, thick = round(40 * px), 2
    left, right = round(5 * px), round(47 * px)  # a cell 42 pt wide
    gray[y : y + thick, left:right] = 30
    stem = left + round(19 * px)  # a letter's stem, 1.5 pt wide, down to the rule
    gray[round(30 * px) : y, stem : stem + round(1.5 * px)] = 30
    gray[round(10 * px) : round(10 * px) + thick, left:right] = 30  # and a rule above
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI, ink_mask(gray))
    assert [rule.y0 for rule in rules if rule.horizontal] == [round(10 * px)]  # halves lost
    [rule] = rules_under_letters(across_rows, ink_mask(gray), DPI, rules)
    assert abs(rule.x0 - left) <= 2 and abs(rule.x1 - right) <= 2
    assert rule.y0 >= y - 1 and rule.y1 <= y + thick + 1  # not the letter's foot
    # a stroke hanging from the rule (the top of a « 1 » in the row under it, whose stem
    # passes for a column rule) is no letter standing on it: the grid keeps its break
    gray[round(30 * px) : y, stem : stem + round(1.5 * px)] = 255
    gray[y + thick : round(50 * px), stem : stem + round(1.5 * px)] = 30
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI, ink_mask(gray))
    assert rules_under_letters(across_rows, ink_mask(gray), DPI, rules) == []


def test_uneven_light_does_not_make_rules() -> None:
    """A photographed page darkens towards one side: the ground changes slowly, so no
    pixel of it is a stroke, while the rule drawn on it still is."""
    ramp = np.linspace(250, 120, 1000).astype(np.uint8)
    gray = np.tile(ramp, (600, 1))
    gray[300:302, 50:950] = np.minimum(gray[300:302, 50:950], 30)
    _, horizontal, vertical = _rules(gray)
    assert len(horizontal) == 1 and vertical == []


def test_a_shaded_band_without_rules_is_a_fill() -> None:
    """Zebra rows and heading bands with no rule around them are fills too."""
    gray = np.full((800, 1000), 252, dtype=np.uint8)
    gray[200:260, 100:900] = 200
    gray[220:240, 150:400] = 20  # its heading's letters (a bar of ink, thin across)
    fills = find_fills(gray, np.logical_or(*stroke_masks(gray, DPI)), 252.0, DPI)
    assert len(fills) == 1
    x0, y0, x1, y1 = fills[0].box
    assert x0 <= 104 and y0 <= 204 and x1 >= 896 and y1 >= 256
    assert fills[0].shade == pytest.approx(200 / 252, abs=0.02)


def test_uneven_light_is_flattened_and_is_no_fill() -> None:
    ramp = np.linspace(250, 150, 1000).astype(np.uint8)
    gray = np.tile(ramp, (800, 1))
    gray[400:402, 50:950] = 20
    flat = flatten_light(gray, DPI)
    assert (flat[100, 50:800] > 240).all()  # (the last window's width is less even)
    assert flat[400, 500] < 60
    assert find_fills(flat, np.logical_or(*stroke_masks(flat, DPI)), 255.0, DPI) == []


def test_an_evenly_lit_page_is_left_as_it_is() -> None:
    gray, *_ = _grid(band=150)
    assert flatten_light(gray, DPI) is gray


def test_a_rule_tilted_by_a_photos_perspective_is_found_in_tight_pieces() -> None:
    """The table of a photographed page keeps a residual tilt that deskewing cannot take
    out (perspective): a rule across the page drifts by several pixels. Its pieces are
    found, each tight around its own stretch, so that erasing them spares the text."""
    gray = np.full((600, 1400), 255, dtype=np.uint8)
    for x in range(100, 1300):
        y = 300 + (x - 100) * 14 // 1200  # 14 px of drift over the rule
        gray[y : y + 3, x] = 20
    rules = find_rules(*stroke_masks(gray, DPI), DPI)
    assert rules and all(r.horizontal for r in rules)
    assert min(r.x0 for r in rules) <= 102 and max(r.x1 for r in rules) >= 1298
    assert all(r.y1 - r.y0 <= 6 for r in rules)
    assert 300 <= min(r.centre for r in rules) < max(r.centre for r in rules) <= 317


def test_the_tops_of_bold_letters_on_a_dark_band_are_not_its_sides(tmp_path) -> None:
    """The reference annex printed dark and scanned at 150 dpi: the bold group heading
    « Sauvegarde 60 Go + Partage de fichiers 5 Go » stands so close to the rule under it
    that its gray band stops on the tops of its letters. Those stretches were taken for
    the band's sides and erased as rules: « Partage » read « Pariage », « fichiers »
    « ficniers », and the six lines of the group lost it."""
    from dataclasses import replace
    from pathlib import Path

    from pipeline.read.ocr_image import paper_level, render_pages
    from tests.pdfgen.scan import scan, style_named

    source = Path(__file__).parent.parent / "corpus" / "2026-03-19_annexe2_actualisation.pdf"
    scanned = scan(source, tmp_path / "dark.pdf", replace(style_named("dark"), dpi=150, skew=0.7))
    gray, dpi, _, _ = render_pages(scanned, [2])[2]
    gray = flatten_light(gray, dpi)
    paper = paper_level(gray)
    gray = rotate(gray, -estimate_skew(ink_mask(gray), dpi), round(paper))
    across_rows, across_columns = stroke_masks(gray, dpi)
    rules = find_rules(across_rows, across_columns, dpi)
    fills = find_fills(gray, across_rows | across_columns, paper, dpi, rules)
    added = rules_along_fills(rules, fills, dpi, gray.shape[1])[len(rules) :]
    inside = [
        (rule, fill.box)
        for rule in added
        if rule.horizontal
        for fill in fills
        if fill.box[0] <= rule.x0 < rule.x1 <= fill.box[2]
        and fill.box[1] + 8 < rule.centre < fill.box[3] - 8
    ]
    assert len([f for f in fills if f.shade < 0.95]) >= 5  # the dark bands were found
    assert inside == []
    # its shades found side by side, as when cores are free for the page: the same fills
    assert len({round(fill.shade, 1) for fill in fills}) >= 2
    assert find_fills(gray, across_rows | across_columns, paper, dpi, rules, threads=2) == fills


def _row_with_a_stroke(joined: bool) -> np.ndarray:
    """Two rules (2 px, 46 px apart) and, between them, a vertical stroke 4 px wide: a
    cell boundary drawn to the rules, or the stem of a bold letter stopping 3 px short."""
    gray = np.full((600, 1000), 255, dtype=np.uint8)
    gray[200:202, 100:900] = 20
    gray[246:248, 100:900] = 20
    top, bottom = (202, 246) if joined else (205, 243)
    gray[top:bottom, 500:504] = 20
    return gray


@pytest.mark.parametrize(("joined", "kept"), [(True, True), (False, False)])
def test_a_short_vertical_is_a_rule_only_when_ink_joins_it_to_the_rules(joined, kept) -> None:
    """A bold « h » in a heading row of a 150 dpi scan: its stem, as tall as the row,
    was taken for a cell boundary and erased; « fichiers » read « fic » and « riers »
    in two columns."""
    gray = _row_with_a_stroke(joined)
    masks = stroke_masks(gray, DPI)
    assert any(not r.horizontal for r in find_rules(*masks, DPI))  # by the strokes alone
    rules = find_rules(*masks, DPI, ink_mask(gray))
    assert any(not r.horizontal and 500 <= r.centre <= 504 for r in rules) == kept


def _row_under_a_dark_band(band: int) -> np.ndarray:
    """A heading band ``band`` gray with no rule along its foot, and under it a row whose
    three column rules (2 px) run up into the band; in that row, the stem of a bold
    letter (4 px) with paper above and below it, on the band, the stem of a bold « i »
    of its heading, and two strokes side by side, joined to the band and the rule (the
    edges of a bold « + »). Scanned: blurred, with grain."""
    gray = np.full((600, 1000), 250, dtype=np.uint8)
    gray[200:260, 100:900] = band
    gray[300:302, 100:900] = 20  # the rule at the row's foot
    for x in (100, 400, 898):
        gray[258:302, x : x + 2] = 20
    gray[264:296, 600:604] = 20
    gray[217:243, 300:304] = 20
    for x in (700, 706):  # the two edges of a bold stem, seen as two strokes
        gray[258:302, x : x + 2] = 20
    noise = np.random.default_rng(3).normal(0, 3, gray.shape)
    return cv2.GaussianBlur(np.clip(gray + noise, 0, 255).astype(np.uint8), (0, 0), 1.0)


@pytest.mark.parametrize("band", [90, 120, 150])
def test_the_column_rules_of_a_row_under_a_dark_band_are_met_by_its_edge(band: int) -> None:
    """Montpellier's 2014 book scanned at 150 dpi, page 27: under each dark blue heading
    (« Modèle : Caisse en bois… »), the row's rule along the band is lost in the blue;
    the row's column rules, meeting no rule at their top, were dropped, and the row
    read as one line of text, « [Très petite … [U », its price lost. Once the band's
    edge is a rule, the column rules meet it through ink; the letter's stem under the
    band does not, nor the « i » on the band, where all is ink (the 2013 book's « Soirées
    et animations », read « an motions »), nor two strokes a stem's width apart."""
    gray = _row_under_a_dark_band(band)
    across_rows, across_columns = stroke_masks(gray, DPI)
    ink = ink_mask(gray)
    rules = find_rules(across_rows, across_columns, DPI, ink)
    assert not [r for r in rules if not r.horizontal and r.y0 >= 250 and r.y1 <= 310]
    fills = find_fills(gray, across_rows | across_columns, 250.0, DPI, rules)
    rules = rules_along_fills(rules, fills, DPI, gray.shape[1])
    # runs found along the tops and feet of the heading's bold letters, as on the book
    rules += [PxRule(250, 215, 350, 217), PxRule(250, 243, 350, 245)]
    met = short_verticals_met(across_columns, rules, fills, DPI, ink)
    assert _lines([r.centre for r in met]) == pytest.approx([101, 401, 899], abs=2)
    assert short_verticals_met(across_columns, rules + met, fills, DPI, ink) == []


def test_a_run_through_small_bold_letters_is_not_a_rule(tmp_path) -> None:
    """A table in a 7 pt font, printed through a laser screen and scanned at 150 dpi:
    the strokes of the bold « Sauvegarde » merged into a straight run of dark pixels as
    long as a short rule (25 pt). Erased as one, it cut the word in half, read « ne à »,
    and the group's seven lines lost it. Every horizontal rule of that table runs across
    it or a column (100 pt or more); the runs through its bold words were 25 to 48 pt."""
    from dataclasses import replace

    from pipeline.read.ocr_image import paper_level, render_pages
    from pipeline.read.ocr_screen import descreen
    from tests.pdfgen.build import build_all
    from tests.pdfgen.scan import scan, style_named
    from tests.pdfgen.variations import by_name

    name = "small_font_narrow_margins"
    source = build_all([by_name(name)], tmp_path)[name]
    scanned = scan(
        source, tmp_path / "printed.pdf", replace(style_named("printed"), dpi=150, skew=-1.1)
    )
    shortest = []
    for number in (1, 2):
        gray, dpi, _, _ = render_pages(scanned, [number])[number]
        gray = flatten_light(gray, dpi)
        paper = paper_level(gray)
        gray = descreen(rotate(gray, -estimate_skew(ink_mask(gray), dpi), round(paper)), dpi, paper)
        rules = find_rules(*stroke_masks(gray, dpi), dpi, ink_mask(gray))
        lengths = [(r.x1 - r.x0) * 72 / dpi for r in rules if r.horizontal]
        assert len(lengths) >= 10  # the table's rules are found
        shortest.append(min(lengths))
    assert min(shortest) >= 100


def test_a_border_stopping_short_of_a_bands_rounded_corners_runs_through_it() -> None:
    """Montpellier's 2014 book at 150 dpi, page 18: the table's border, broken only by
    its dark category bands (taken for stripes), stopped 2.2 pt short of a band's
    straight side, the band's corners being rounded by the blur: the side was no rule,
    and the table fell apart in two at each band. The side is taken to its corners."""
    tops = (200, 380, 560, 740)
    inset, short = 4, 3  # the straight side starts 4 px in; the border stops 3 px short
    fills = [
        PxFill(
            (100, top, 900, top + 60),
            0.78,
            (
                (False, 100, top + inset, top + 60 - inset),
                (False, 899, top + inset, top + 60 - inset),
                (True, top, 100 + inset, 900 - inset),
                (True, top + 60, 100 + inset, 900 - inset),
            ),
        )
        for top in tops
    ]
    ends = [80, *[y for top in tops for y in (top - short, top + 60 + short)], 920]
    border = [PxRule(99, a, 101, b) for a, b in zip(ends[::2], ends[1::2], strict=True)]
    added = rules_along_fills(border, fills, DPI, 1000)[len(border) :]
    for top in tops:
        assert any(
            not r.horizontal and abs(r.centre - 100) <= 1 and r.y0 <= top + inset < r.y1
            for r in added
        ), top


def test_the_edges_of_two_heading_cells_meet_the_column_rule_between_them() -> None:
    """The same page: the heading « VI – OCCUPATION… | Unité | Tarifs 2014 », three dark
    cells with a white gap beside each column rule. Their feet, each taken for a rule,
    stopped 1.5 pt short of the column rule, 3 pt apart, more than the grid's tolerance:
    the row under the heading was no cell, and the table lost its heading. Each foot is
    taken to the column rule."""
    gray = np.full((600, 1000), 250, dtype=np.uint8)
    gray[200:260, 100:494] = 120  # two heading cells, white between 494 and 506
    gray[200:260, 506:900] = 120
    gray[198:200, 100:900] = 20
    gray[198:330, 499:501] = 20  # the column rule, down through the gap
    for x in (98, 900):
        gray[198:330, x : x + 2] = 20
    gray[328:330, 100:900] = 20
    across_rows, across_columns = stroke_masks(gray, DPI)
    rules = find_rules(across_rows, across_columns, DPI, ink_mask(gray))
    fills = find_fills(gray, across_rows | across_columns, 250.0, DPI, rules)
    assert len(fills) == 2
    feet = [
        r for r in rules_along_fills(rules, fills, DPI, 1000) if r.horizontal and 255 <= r.y0 <= 262
    ]
    covered = np.zeros(1000, dtype=bool)
    for rule in feet:
        covered[rule.x0 : rule.x1] = True
    gap = max((b - a for a, b in runs(~covered[100:900])), default=0)
    assert gap * 72 / DPI < 3  # pdfplumber's tolerance joins what is left: the rule's width


def test_the_column_rules_of_a_row_above_a_striped_band_are_met_by_its_side() -> None:
    """Page 18 again: the row « Plots bétons… » above the dark band « Occupation
    temporaire… / Bennes » has no rule of its own along the band, and the band, taken
    for a stripe, gave none: the row's column rules met nothing at their foot and were
    dropped. Three column rules ending on the band's side are kept; a lone stroke
    ending on a band (a letter's stem) is not."""
    gray = np.full((900, 1000), 250, dtype=np.uint8)
    for top in (200, 300, 400, 500):  # four bands a row apart: stripes, their sides unsure
        gray[top : top + 40, 100:900] = 120
    gray[140:142, 100:900] = 20  # the rule on top of the first row
    for x in (100, 500, 898):  # the first row's column rules, down to the first band
        gray[140:200, x : x + 2] = 20
    gray[600:602, 100:900] = 20  # under the last band, one stroke down to a rule
    gray[540:600, 300:303] = 20
    across_rows, across_columns = stroke_masks(gray, DPI)
    ink = ink_mask(gray)
    rules = find_rules(across_rows, across_columns, DPI, ink)
    fills = find_fills(gray, across_rows | across_columns, 250.0, DPI, rules)
    rules = rules_along_fills(rules, fills, DPI, gray.shape[1])
    assert not [r for r in rules if not r.horizontal and r.y0 >= 130]
    met = short_verticals_met(across_columns, rules, fills, DPI, ink)
    assert _lines([r.centre for r in met]) == pytest.approx([101, 501, 899], abs=2)
    assert all(r.y0 >= 138 and r.y1 <= 202 for r in met)


@pytest.mark.parametrize("columns", ["found", "kept for their rules"])
def test_a_border_alone_on_a_bands_side_counts_with_the_column_rules_beside_it(columns) -> None:
    """Montpellier's 2014 book at 150 dpi, page 16: the table's border, lost against each
    category band, stood alone on the band's edge in the rows next to it, while the
    column rules of those rows had been found (or were kept for the rules they meet):
    counted apart, it was one rule on that edge, not two, and was dropped; the rows next
    to each band lost their label column and the table fell apart at every band. The
    band's top edge is in two pieces a pixel apart (a notch, or drift): one line."""
    band = PxFill(
        (100, 300, 900, 340),
        0.5,
        (
            (True, 300, 100, 400),
            (True, 301, 400, 900),
            (True, 340, 100, 900),
            (False, 100, 300, 340),
            (False, 900, 300, 340),
        ),
    )
    across_columns = np.zeros((600, 1000), dtype=bool)
    ink = np.zeros((600, 1000), dtype=bool)
    ink[300:340, 100:900] = True  # the band
    for x in (100, 400, 898):  # the border and two column rules, the row above the band
        across_columns[252:298, x : x + 2] = True
        ink[250:300, x : x + 2] = True
    ink[250:252, 100:900] = True
    rules = [PxRule(100, 250, 900, 252)]  # the rule at the top of the row
    if columns == "found":
        rules += [PxRule(400, 252, 402, 298), PxRule(898, 252, 900, 298)]
    else:  # the band's edge ruled where they end, not at the border
        rules += [PxRule(380, 300, 900, 302)]
    met = short_verticals_met(across_columns, rules, [band], DPI, ink)
    assert [r for r in met if r.x0 == 100]  # the border
    # alone on the edge (no column rule ends there), the border is not kept
    alone = across_columns.copy()
    alone[:, 300:] = False
    assert short_verticals_met(alone, rules[:1], [band], DPI, ink) == []


def test_the_rules_of_a_row_between_two_bands_are_kept() -> None:
    """The same page: one row between two category bands (« Modulauto… » above,
    « Occupation commerciale… » below), none of its rules meeting a rule at either end:
    border and column rules run from one band's edge to the other's, and are kept; a
    lone stroke there (no column rule beside it) is not."""

    def band(top: int) -> PxFill:
        return PxFill((100, top, 900, top + 40), 0.5)

    bands = [band(210), band(300)]
    across_columns = np.zeros((600, 1000), dtype=bool)
    ink = np.zeros((600, 1000), dtype=bool)
    for fill in bands:
        x0, y0, x1, y1 = fill.box
        ink[y0:y1, x0:x1] = True
    for x in (100, 400, 898):
        across_columns[252:298, x : x + 2] = True
        ink[250:300, x : x + 2] = True
    met = short_verticals_met(across_columns, [], bands, DPI, ink)
    assert sorted({r.x0 for r in met}) == [100, 400, 898]
    alone = across_columns.copy()
    alone[:, 300:] = False
    assert short_verticals_met(alone, [], bands, DPI, ink) == []
