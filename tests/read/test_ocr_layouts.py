"""Scans of other layouts, resolutions and skews, scored like the corpus.

Each scenario writes a generated variation (``tests.pdfgen``) as a text PDF with its
truth, makes an image-only photocopy of it (``make_scan``) and extracts the scan.
Where OCR reads the page right, the score is perfect; where it cannot (a small
scan), every wrong value must carry a warning on its page: OCR is never silently
trusted. ``benchmarks/ocr_layouts.py`` runs many more of these and prints a table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.corpus.score import line_matches, score, tier_matches
from tests.pdfgen.build import build_all
from tests.pdfgen.variations import by_name
from tests.read.test_ocr import make_scan


def _extract(path: Path, cache: Path) -> dict:
    from pipeline.extract import extract
    from pipeline.settings import Settings

    return json.loads(extract(path, settings=Settings(cache_dir=cache)).to_json())


def _scan_and_score(tmp_path: Path, name: str, dpi: int, angle: float):
    source = build_all([by_name(name)], tmp_path)[name]
    truth = json.loads((tmp_path / f"{name}.truth.json").read_text("utf-8"))
    scan = make_scan(source, tmp_path / "scan.pdf", dpi=dpi, angle=angle)
    got = _extract(scan, tmp_path / "cache")
    assert got["source"]["ocr"]
    return source, truth, got, score(truth, got)


def _assert_wrong_values_flagged(truth: dict, text: dict, got: dict, result: dict) -> None:
    """Every missed or extra value has a warning on its page (missed ones take their
    page from the extraction of the text PDF)."""
    flagged = {f["page"] for f in got["findings"] if f["severity"] != "info"}
    pages = []
    for kind, same in (("services", line_matches), ("strata", tier_matches)):
        missed = [m for m in result["missed"] if m in truth[kind]]
        pages += [next(g["page"] for g in text[kind] if same(m, g)) for m in missed]
    pages += [e["page"] for e in result["extra"]]
    assert all(page in flagged for page in pages), (pages, flagged)


def _perfect(result: dict) -> bool:
    (sf, st, sx), (tf, tt, tx), (mf, mt) = result["services"], result["strata"], result["meta"]
    return (sf, sx, tf, tx, mf) == (st, 0, tt, 0, mt)


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("name", "dpi", "angle"),
    [
        # A merged "Sur devis" cell standing between two tier rows: Tesseract's lines
        # cut it in half ("aie") unless the block is read again on its own.
        ("grid_letter_helvetica", 300, -1.5),
        # Horizontal rules only, the same merged cell, another skew.
        ("horizontal_rules_times", 200, 1.5),
        # Columns in another order, at a low resolution.
        ("columns_unit_service_price", 150, -1.5),
        # A group heading across the table, at 150 dpi: Tesseract ended a line on
        # « fich » at a column edge and began the next with « iers 10 Go »; the six lines
        # of the group were lost under « Partage de fich iers ».
        ("merged_quote_services", 150, -1.5),
        # Two columns of prices in colour, at 150 dpi: the dash of « Sauvegarde 100 Go –
        # mise en service », read « -— » with 43 % confidence, was dropped as dust, and
        # the label no longer matched.
        ("coloured_price_matrix", 150, -1.5),
    ],
)
def test_a_scanned_layout_scores_perfectly(tmp_path, name, dpi, angle) -> None:
    require_tool("tesseract")
    *_, result = _scan_and_score(tmp_path, name, dpi, angle)
    assert _perfect(result), (result["missed"], result["extra"], result["meta_wrong"])


@pytest.mark.tesseract
def test_every_wrong_value_of_a_poor_scan_is_flagged_on_its_page(tmp_path) -> None:
    require_tool("tesseract")
    source, truth, got, result = _scan_and_score(tmp_path, "small_font_narrow_margins", 150, -0.4)
    text = _extract(source, tmp_path / "text-cache")
    _assert_wrong_values_flagged(truth, text, got, result)


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("name", "style", "skew"),
    [
        # Gray heading rows darkened by a 150 dpi photocopy: a threshold on the whole
        # page took them for ink, the rules along them were lost and no grid was built.
        ("grid_letter_helvetica", "dark", -1.5),
        # A phone photo: perspective, uneven light, JPEG. The tilted pieces of its rules
        # made a second frame inside the table, and every tier was read twice.
        ("grid_letter_helvetica", "photo", -1.5),
        # A photo of a table whose prices stand in the last column: Tesseract's layout
        # analysis dropped that column whole, until unread ink was read on its own.
        ("columns_unit_service_price", "photo", 0.9),
        # Turned upside down, a thin rule against a gray band was lost in places: the
        # band's row and the unit above it fell out of the table, cut in two, and the
        # second half's lines lost their group without a warning.
        ("coloured_tiers_as_columns", "turned_180", 1.2),
        # Printed through a laser screen, then scanned at 150 dpi: a speck after
        # « public » read as a raised « ! », and a stray raised « c » elsewhere taken for
        # a footnote call, cut the last tier's label to « Établissement publi ».
        ("grid_letter_helvetica", "printed", -1.5),
    ],
)
def test_a_scan_in_a_real_style_scores_perfectly(tmp_path, name, style, skew) -> None:
    from dataclasses import replace

    from tests.pdfgen.scan import scan, style_named

    require_tool("tesseract")
    source = build_all([by_name(name)], tmp_path)[name]
    truth = json.loads((tmp_path / f"{name}.truth.json").read_text("utf-8"))
    scanned = scan(source, tmp_path / "scan.pdf", replace(style_named(style), dpi=150, skew=skew))
    result = score(truth, _extract(scanned, tmp_path / "cache"))
    assert _perfect(result), (result["missed"], result["extra"], result["meta_wrong"])


@pytest.mark.tesseract
def test_every_wrong_value_of_a_coloured_scan_is_flagged_on_its_page(tmp_path) -> None:
    """Light green and orange rules and fills, tiers as columns: read exactly at some
    skews, not at this one, where what is wrong must be flagged."""
    from dataclasses import replace

    from tests.pdfgen.scan import scan, style_named

    require_tool("tesseract")
    name = "coloured_tiers_as_columns"
    source = build_all([by_name(name)], tmp_path)[name]
    truth = json.loads((tmp_path / f"{name}.truth.json").read_text("utf-8"))
    scanned = scan(source, tmp_path / "scan.pdf", replace(style_named("plain"), dpi=150, skew=-1.5))
    got = _extract(scanned, tmp_path / "cache")
    result = score(truth, got)
    text = _extract(source, tmp_path / "text-cache")
    _assert_wrong_values_flagged(truth, text, got, result)
