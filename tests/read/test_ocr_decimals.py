"""A decimal comma lost by the OCR, found again in the ink of its amount."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.read.ocr_decimals import restore_decimal_marks
from pipeline.read.ocr_engine import OcrLine, OcrWord
from pipeline.read.ocr_image import ink_mask
from tests.conftest import CORPUS, require_tool

FONTS = [
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def _printed(printed: str, font_path: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """``printed`` in a 9 pt font scanned at 150 dpi and read at 300: drawn at 300 dpi,
    brought down to 150 and up again (the blur of a low resolution); with the box
    Tesseract gives such a word (its letters' height, not the comma's tail)."""
    try:
        font = ImageFont.truetype(font_path, 38)
    except OSError:
        pytest.skip(f"police absente : {font_path}")
    image = Image.new("L", (420, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((20, 30), printed, font=font, fill=0)
    low = image.resize((210, 60), Image.Resampling.BILINEAR)
    gray = np.asarray(low.resize((420, 120), Image.Resampling.BICUBIC), dtype=np.uint8)
    digits = draw.textbbox((20, 30), "0", font=font)
    whole = draw.textbbox((20, 30), printed, font=font)
    return gray, (whole[0], digits[1], whole[2], digits[3])


def _restored(printed: str, read: str, font_path: str = FONTS[0]) -> str:
    gray, box = _printed(printed, font_path)
    word = OcrWord(read, box, 80.0)
    restore_decimal_marks(ink_mask(gray), [OcrLine(box, (0.0, 0.0), 30.0, [word])])
    return word.text


@pytest.mark.parametrize("font_path", FONTS)
@pytest.mark.parametrize(
    ("printed", "read", "meant"),
    [
        ("3 150,00 €", "315000€", "3150,00€"),
        ("2,10 €", "210€", "2,10€"),
        ("26,40 €", "2640€", "26,40€"),
        ("1 350,00", "135000", "1350,00"),
    ],
)
def test_a_comma_lost_by_the_ocr_is_put_back_where_the_ink_has_it(
    printed: str, read: str, meant: str, font_path: str
) -> None:
    """Montpellier's 2014 book scanned at 150 dpi: « 3 150,00 € » was read « 315000€ »,
    a hundred times its price, on every row of its room-hire table."""
    assert _restored(printed, read, font_path) == meant


@pytest.mark.parametrize("font_path", FONTS)
@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("315 000 €", "315000€"),  # no mark: a whole amount stays whole
        ("1,575 €", "1575€"),  # three digits after the mark: no cents
        ("3 150,00 €", "3150000€"),  # the comma read as a digit: the digits do not fit
        ("3'150 €", "3150€"),  # a mark standing high is no comma
        ("12 €", "12€"),  # too short to hold cents and a whole part
    ],
)
def test_an_amount_whose_ink_shows_no_comma_before_two_digits_is_left_as_read(
    printed: str, read: str, font_path: str
) -> None:
    assert _restored(printed, read, font_path) == read


def _split(printed: str, parts: tuple[str, ...], font_path: str = FONTS[0]) -> list[str]:
    """The words of ``printed`` as the OCR cut them (``parts``, boxed where the font sets
    them), once the lost commas are looked for."""
    gray, box = _printed(printed, font_path)
    font = ImageFont.truetype(font_path, 38)
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    words, start = [], 0
    for part in parts:
        start = printed.index(part[0], start)
        left = 20 + draw.textlength(printed[:start], font=font)
        right = 20 + draw.textlength(printed[: start + len(part)], font=font)
        words.append(OcrWord(part, (round(left), box[1], round(right), box[3]), 80.0))
        start += len(part)
    line = OcrLine(box, (0.0, 0.0), 30.0, words)
    restore_decimal_marks(ink_mask(gray), [line])
    return [word.text for word in line.words]


@pytest.mark.parametrize("font_path", FONTS)
@pytest.mark.parametrize(
    ("printed", "parts", "meant"),
    [
        ("2,70 €", ("2", "70", "€"), ["2,70", "€"]),
        ("2.70 €", ("2", "70", "€"), ["2,70", "€"]),
        ("12,50", ("12", "50"), ["12,50"]),
    ],
)
def test_an_amount_cut_in_two_at_its_lost_comma_is_made_one_again(
    printed: str, parts: tuple[str, ...], meant: list[str], font_path: str
) -> None:
    """Montpellier's 2013 book scanned at 150 dpi: « 2.70 € » was read « 2 70 € », and
    parsed as a condition « 2 » with a price of 70 €."""
    assert _split(printed, parts, font_path) == meant


@pytest.mark.parametrize("font_path", FONTS)
@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        ("2 70 €", ("2", "70", "€")),  # a space, no mark: two numbers
        ("2 x 70 €", ("2", "x", "70", "€")),  # not side by side
        ("1 250 €", ("1", "250", "€")),  # three digits: a thousands group
    ],
)
def test_two_numbers_without_a_comma_between_them_stay_two(
    printed: str, parts: tuple[str, ...], font_path: str
) -> None:
    assert _split(printed, parts, font_path) == list(parts)


def test_a_comma_whose_tail_reaches_under_the_next_digit_is_a_comma() -> None:
    """« 2 000,00 € » in a 150 dpi colour scan: the comma's blot reached one pixel
    under the « 00 » after it, and was taken for part of no gap between digits."""
    ink = np.zeros((60, 180), dtype=bool)
    for x0, x1 in [(0, 19), (28, 87), (96, 134), (142, 163)]:  # 2, 000, 00, €
        ink[1:29, x0:x1] = True
    ink[23:30, 89:95] = True  # the comma, on the line...
    ink[30:33, 93:98] = True  # ... its tail below it, under the « 00 »
    word = OcrWord("200000€", (0, 0, 170, 30), 90.0)
    restore_decimal_marks(ink, [OcrLine((0, 0, 170, 30), (0.0, 0.0), 30.0, [word])])
    assert word.text == "2000,00€"


def test_words_that_are_not_bare_amounts_are_left_alone() -> None:
    gray, box = _printed("3 150,00 €", FONTS[0])
    words = [OcrWord(text, box, 80.0) for text in ("3 150", "2,10€", "31.50", "Salle")]
    restore_decimal_marks(ink_mask(gray), [OcrLine(box, (0.0, 0.0), 30.0, words)])
    assert [w.text for w in words] == ["3 150", "2,10€", "31.50", "Salle"]


@pytest.mark.tesseract
def test_the_prices_of_a_real_room_hire_table_scanned_at_150_dpi_keep_their_commas(
    tmp_path,
) -> None:
    """Page 11 of Montpellier's 2014 book, a coloured JPEG scan at 150 dpi: its prices
    in thousands (« 3 150,00 € », « 1 575,00 € ») were read without their comma, a
    hundred times too much. Each price in thousands the scan gives must be one the book's
    own text has on that page; one a hundred times too much, its mark too faint to be
    seen, must carry a warning on its box (« Caution pour tout espace loué », read since
    the rules of the row under its dark heading are found: « 153000€ », flagged as
    probably « 1530,00 € »)."""
    import json
    from dataclasses import replace

    from pipeline.extract import extract
    from pipeline.settings import Settings
    from tests.pdfgen.scan import STYLES, scan

    require_tool("tesseract")
    book = CORPUS / "real" / "montpellier_2013-12-16_tarifs2014.pdf"
    text = json.loads(extract(book, settings=Settings(cache_dir=tmp_path)).to_json())
    prices = {s["amount"] for s in text["services"] if s["page"] == 11 and s["amount"]}
    style = replace(STYLES["coloured_jpeg"], dpi=150, skew=0.8)
    scanned = scan(book, tmp_path / "p11.pdf", style, pages={11})
    got = json.loads(extract(scanned, settings=Settings(cache_dir=tmp_path)).to_json())
    amounts = [s["amount"] for s in got["services"] if s["amount"]]
    thousands = [a for a in amounts if 1000 <= float(a) < 10_000]
    assert len(thousands) >= 10  # the room prices in thousands, read as such
    assert set(thousands) <= prices
    warned = [f["bbox"] for f in got["findings"] if f["severity"] != "info" and f["bbox"]]
    for line in got["services"]:
        if line["amount"] and float(line["amount"]) >= 100_000:  # a hundred times its price
            top, bottom = line["bbox"][1], line["bbox"][3]
            assert any(box[1] <= bottom and box[3] >= top for box in warned), line["label"]
