"""Column rules followed across a shaded heading band where they are too faint to be
strokes."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pipeline.read.ocr_fill_rules import rules_across_fills
from pipeline.read.ocr_rules import PxFill, PxRule

DPI = 300.0
PAPER = 250.0
BAND = (100, 100, 1100, 180)  # x0, y0, x1, y1: a heading band over two columns
COLUMN_X = 800  # where the rule between the two columns runs, below the band
RULE_BELOW = PxRule(COLUMN_X - 1, 180, COLUMN_X + 2, 420)


def _table(line_contrast: int, *, letters_at: int | None = None) -> np.ndarray:
    """A scanned heading band (gray 172) over a white body whose column rule runs up to
    it; across the band, that rule ``line_contrast`` levels darker than the band (0:
    none); ``letters_at``: a bold stem printed on the band there, as tall as its letters."""
    gray = np.full((500, 1200), int(PAPER), dtype=np.uint8)
    x0, y0, x1, y1 = BAND
    gray[y0:y1, x0:x1] = 172
    if line_contrast:
        gray[y0:y1, COLUMN_X - 1 : COLUMN_X + 2] = 172 - line_contrast
    if letters_at is not None:
        gray[120:160, letters_at - 4 : letters_at + 5] = 30
    gray[180:420, COLUMN_X - 1 : COLUMN_X + 2] = 40  # the column rule below the band
    noise = np.random.default_rng(7).normal(0, 3, gray.shape)
    return cv2.GaussianBlur(np.clip(gray + noise, 0, 255).astype(np.uint8), (0, 0), 1.2)


def _found(gray: np.ndarray, rules: list[PxRule]) -> list[PxRule]:
    return rules_across_fills([PxFill(BAND, 0.69)], rules, gray, PAPER, DPI)


@pytest.mark.parametrize("contrast", [20, 24, 40])
def test_a_faint_column_rule_is_followed_across_the_heading_band(contrast: int) -> None:
    """Montpellier's 2013 book scanned at 150 dpi: the blue rule between « Entrée cinéma
    Nestor Burma » and « Tarifs 2013 » was 24 levels darker than the heading's blue,
    not a stroke; the two headings made one cell and no line had its group."""
    found = _found(_table(contrast), [RULE_BELOW])
    assert len(found) == 1
    rule = found[0]
    assert not rule.horizontal
    assert abs(rule.centre - COLUMN_X) <= 2
    assert (rule.y0, rule.y1) == (BAND[1], BAND[3])


def test_a_heading_over_both_columns_stays_one_cell() -> None:
    """No line across the band over the rule below: a heading spread over the columns."""
    assert _found(_table(0), [RULE_BELOW]) == []


def test_the_stem_of_a_letter_on_the_band_is_no_rule() -> None:
    """A bold letter printed where the rule below would go on is darker than the band,
    but over its letters' height only, not from one edge of the band to the other."""
    assert _found(_table(0, letters_at=COLUMN_X), [RULE_BELOW]) == []


def test_a_rule_that_does_not_end_on_the_band_is_not_followed() -> None:
    away = PxRule(COLUMN_X - 1, 260, COLUMN_X + 2, 420)  # it stops well below the band
    assert _found(_table(24), [away]) == []


def test_pieces_of_one_rule_give_one_rule_across() -> None:
    pieces = [RULE_BELOW, PxRule(COLUMN_X, 181, COLUMN_X + 2, 300)]
    assert len(_found(_table(24), pieces)) == 1


def test_a_row_rule_is_followed_across_a_shaded_column() -> None:
    """The same, turned: a shaded first column whose row rule goes on across it."""
    gray = np.ascontiguousarray(_table(24).T)
    x0, y0, x1, y1 = BAND
    fill = PxFill((y0, x0, y1, x1), 0.69)
    rule = PxRule(180, COLUMN_X - 1, 420, COLUMN_X + 2)
    found = rules_across_fills([fill], [rule], gray, PAPER, DPI)
    assert len(found) == 1 and found[0].horizontal
    assert abs(found[0].centre - COLUMN_X) <= 2
    assert (found[0].x0, found[0].x1) == (y0, y1)


TWO_ROWS = (100, 100, 1100, 260)  # a heading (100-180) and a row of remarks (180-260)
SPLIT_Y = 180


def _heading_over_remarks(*, split: int = 24) -> np.ndarray:
    """A heading band and the row of remarks under it, scanned to the same gray (172),
    a line ``split`` levels darker between them; the column rule below the band runs on,
    24 levels darker, across the heading only; the remarks are a line of letters."""
    gray = np.full((500, 1200), int(PAPER), dtype=np.uint8)
    x0, y0, x1, y1 = TWO_ROWS
    gray[y0:y1, x0:x1] = 172
    gray[SPLIT_Y - 1 : SPLIT_Y + 2, x0:x1] = 172 - split
    gray[y0:SPLIT_Y, COLUMN_X - 1 : COLUMN_X + 2] = 148
    for left in range(x0 + 20, x1 - 20, 23):  # the remarks' letters: stems and bars
        gray[205:235, left : left + 5] = 40
        gray[218:222, left : left + 15] = 40
    gray[y1:420, COLUMN_X - 1 : COLUMN_X + 2] = 40  # the column rule below the band
    noise = np.random.default_rng(7).normal(0, 3, gray.shape)
    return cv2.GaussianBlur(np.clip(gray + noise, 0, 255).astype(np.uint8), (0, 0), 1.2)


def test_a_faint_line_across_a_band_parts_a_heading_from_the_row_under_it() -> None:
    """Montpellier's 2013 book, page 20, scanned in colour at 150 dpi: the blue heading of
    a table and the pale row of remarks under it turned to one gray, one fill; the faint
    rule between them is found, and the column rule below followed across the heading
    only, where its line runs (not across the remarks, which span the columns)."""
    below = PxRule(COLUMN_X - 1, TWO_ROWS[3], COLUMN_X + 2, 420)
    found = rules_across_fills(
        [PxFill(TWO_ROWS, 0.69)], [below], _heading_over_remarks(), PAPER, DPI
    )
    across = [rule for rule in found if rule.horizontal]
    down = [rule for rule in found if not rule.horizontal]
    assert len(across) == 1 and abs(across[0].centre - SPLIT_Y) <= 2
    assert (across[0].x0, across[0].x1) == (TWO_ROWS[0], TWO_ROWS[2])
    assert across[0].thickness <= 4
    assert len(down) == 1 and abs(down[0].centre - COLUMN_X) <= 2
    assert down[0].y0 == TWO_ROWS[1] and abs(down[0].y1 - SPLIT_Y) <= 3


def test_a_band_without_a_line_across_stays_whole() -> None:
    """No line between the two rows: no rule across, and the column rule, which does not
    run over the remarks, is not followed."""
    below = PxRule(COLUMN_X - 1, TWO_ROWS[3], COLUMN_X + 2, 420)
    gray = _heading_over_remarks(split=0)
    assert rules_across_fills([PxFill(TWO_ROWS, 0.69)], [below], gray, PAPER, DPI) == []


def test_a_line_of_letters_across_a_narrow_cell_is_no_rule() -> None:
    """A cell narrower than an inch is not searched: a row of bold letters may cover it."""
    gray = np.full((300, 300), int(PAPER), dtype=np.uint8)
    gray[100:160, 100:180] = 172
    gray[128:132, 100:180] = 60  # the bars of bold letters, nearly side to side
    assert rules_across_fills([PxFill((100, 100, 180, 160), 0.69)], [], gray, PAPER, DPI) == []


def test_a_light_gap_across_a_band_parts_it_as_a_line_does() -> None:
    """Montpellier's 2013 book, page 14, scanned in colour at 150 dpi: the heading « III -
    HALLES | Unité | Tarifs 2013 » and the band « Halle des Quatre Saisons » under it
    turned to one gray and one fill, parted by a white gap the blur left 5 to 10 levels
    lighter than the blue. The heading was read with the band as one category
    (« III - HALLES Unité Tarifs 2013 Halle des Quatre Saisons ») and the halls under it
    lost their groups. The gap is a line across the band."""
    gray = _heading_over_remarks(split=-8)
    below = PxRule(COLUMN_X - 1, TWO_ROWS[3], COLUMN_X + 2, 420)
    found = rules_across_fills([PxFill(TWO_ROWS, 0.69)], [below], gray, PAPER, DPI)
    across = [rule for rule in found if rule.horizontal]
    assert len(across) == 1 and abs(across[0].centre - SPLIT_Y) <= 2
    assert [abs(r.centre - COLUMN_X) <= 2 for r in found if not r.horizontal] == [True]


def test_the_lighter_half_of_an_unevenly_lit_band_is_no_gap() -> None:
    """A band lit unevenly (a photo): its top third a few levels lighter than the rest is
    no thin gap, and the band stays whole."""
    gray = np.full((500, 1200), int(PAPER), dtype=np.uint8)
    x0, y0, x1, y1 = TWO_ROWS
    gray[y0:y1, x0:x1] = 172
    gray[y0 : y0 + 50, x0:x1] = 182
    assert rules_across_fills([PxFill(TWO_ROWS, 0.69)], [], gray, PAPER, DPI) == []
