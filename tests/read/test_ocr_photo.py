"""The real phone photo of a tariff grid (tests/corpus/real): turned upright, its grid
found, and nothing invented from a table read too poorly to trust."""

from __future__ import annotations

import json

import pytest

from pipeline.extract import extract
from pipeline.parse.grid import find_grids
from pipeline.read import read_document
from pipeline.settings import Settings
from tests.conftest import CORPUS, require_tool

PHOTO = CORPUS / "real" / "crosne_2025_grille_qf_photo.pdf"


@pytest.mark.tesseract
def test_the_photographed_grid_is_set_upright_and_found_and_nothing_is_invented(tmp_path) -> None:
    require_tool("tesseract")
    settings = Settings(cache_dir=tmp_path)
    got = json.loads(extract(PHOTO, settings=settings).to_json())
    # turned by a quarter turn (taken 90° the other way), then levelled by less than 1°
    assert abs(got["source"]["rotations"]["1"] - 90) < 1.0
    [page] = read_document(PHOTO, ocr_cache=settings.ocr_cache).pages
    grids = find_grids(page)
    biggest = max(grids, key=lambda g: (g.bbox[2] - g.bbox[0]) * (g.bbox[3] - g.bbox[1]))
    assert len(biggest.rows) >= 11 and biggest.columns >= 17  # 11 QF tiers × 17 services
    # Its headers are set sideways and read as noise: no line is made of guesses ...
    assert got["services"] == [] and got["strata"] == []
    # ... and the page says why, where
    codes = {(f["code"], f["page"]) for f in got["findings"]}
    assert ("ocr.table_unreadable", 1) in codes
    assert ("ocr.unplaced_prices", 1) in codes
