"""Shaded cells whitened before the reading: dark letters kept dark, white letters turned
dark, the rules white lettering draws left out."""

from __future__ import annotations

import numpy as np

from pipeline.read.ocr_rules import PxFill, PxRule
from pipeline.read.ocr_whiten import lettered_in_white, outside_white_lettering, whiten_fills

DPI = 200


def test_white_letters_on_a_dark_cell_are_made_dark_on_paper() -> None:
    """A heading printed in white on dark blue: whitening its ground alone would wipe
    its letters out; they come out dark on paper, and dark letters stay dark."""
    gray = np.full((400, 1000), 255, dtype=np.uint8)
    gray[100:160, 100:500] = 90  # white letters on it
    gray[120:140, 150:400] = 250
    gray[100:160, 500:900] = 90  # dark letters on it
    gray[120:140, 550:800] = 10
    fills = [PxFill((100, 100, 500, 160), 90 / 255), PxFill((500, 100, 900, 160), 90 / 255)]
    clean = whiten_fills(gray, fills)
    assert clean[110, 120] > 240 and clean[130, 200] < 40  # reversed
    assert clean[110, 520] > 240 and clean[130, 600] < 40  # as it was, whitened


def test_paper_painted_over_a_band_s_rules_does_not_make_its_letters_white() -> None:
    """Montpellier's 2014 book scanned at 150 dpi: the heading band « Frais de dossier »
    (mid blue, a few dark letters) had its top and bottom rules painted with paper
    before it was whitened; those paper rows outnumbered its letters, the band was
    taken for white lettering, turned over, and its heading vanished."""
    gray = np.full((300, 1200), 255, dtype=np.uint8)
    gray[100:184, 100:1100] = 121  # the band, its rules already erased:
    gray[100:106, 100:1100] = 250  # paper along its top ...
    gray[178:184, 100:1100] = 250  # ... and its bottom
    gray[130:150, 120:220] = 20  # a short heading in dark letters
    clean = whiten_fills(gray, [PxFill((100, 100, 1100, 184), 121 / 255)])
    assert clean[140, 170] < 60  # still dark
    assert clean[160, 600] > 240  # on paper


def _band_lettered_in_white() -> tuple[np.ndarray, PxFill]:
    """A dark heading band, « Cautionnement & Nettoyage » in white bold letters on it."""
    gray = np.full((300, 1200), 250, dtype=np.uint8)
    gray[100:160, 100:1100] = 110  # the band
    for x in range(140, 700, 40):  # its letters, white, 28 px wide and 6 px apart
        gray[115:145, x : x + 28] = 245
    return gray, PxFill((100, 100, 1100, 160), 110 / 255)


def test_white_letters_are_turned_from_the_band_as_scanned_not_as_erased() -> None:
    """The dark ground over and under a row of white letters passes for a rule; painted
    over with paper before the band was turned, it came out as black lines through the
    letters (« Cautionnement & Nettoyage » read « (LCauthomement d Netirezre »)."""
    gray, band = _band_lettered_in_white()
    erased = gray.copy()
    erased[111:114, 140:700] = 250  # a « rule » over the letters, painted with paper
    assert lettered_in_white(erased, [band]) == [True]
    as_before = whiten_fills(erased, [band])
    assert as_before[112, 400] < 60  # the painted paper, turned over: a black line
    clean = whiten_fills(erased, [band], unerased=gray)
    assert clean[112, 400] > 240 and clean[130, 150] < 60  # paper, and dark letters


def test_a_heading_cell_inside_its_band_is_judged_as_scanned() -> None:
    """« Tarifs 2014 », dark letters in a cell of a dark heading band: whitened with the
    band first, the cell looked like white lettering on its own shade, and was turned
    over into a blank."""
    gray = np.full((300, 1200), 250, dtype=np.uint8)
    gray[100:160, 100:1100] = 121
    gray[120:140, 900:1000] = 20  # dark letters in the last cell
    band, cell = PxFill((100, 100, 1100, 160), 121 / 255), PxFill((850, 100, 1100, 160), 121 / 255)
    assert lettered_in_white(gray, [band, cell]) == [False, False]
    clean = whiten_fills(gray, [band, cell])
    assert clean[130, 950] < 60 and clean[110, 950] > 240


def test_the_rules_white_letters_draw_are_no_rules_of_the_page() -> None:
    """Between two white letters, and over and under their row, the dark ground is a thin
    dark line between lighter ones: a dozen short verticals cut a heading band into as
    many cells. Inside a band lettered in white, a rule is kept only from side to side,
    along a side, or running out of the band (the column rules through it)."""
    _, band = _band_lettered_in_white()
    drawn = [
        PxRule(170, 115, 172, 145),  # between two letters
        PxRule(140, 112, 700, 114),  # over the letters' row
        PxRule(600, 100, 602, 160),  # a column rule through the band, side to side
        PxRule(100, 100, 1100, 102),  # its top side
        PxRule(800, 60, 802, 200),  # a rule running through it
        PxRule(140, 200, 700, 202),  # a rule under it
    ]
    kept = outside_white_lettering(drawn, [band], [True], DPI)
    assert kept == drawn[2:]
    assert outside_white_lettering(drawn, [band], [False], DPI) == drawn
