"""OCR of scanned pages: rules, words, markers and cache, against the text layer.

Scans are generated here from the text PDF of the corpus (``tests.pdfgen.scan``:
rendered at 150-300 dpi, turned by about a degree, with noise and specks, wrapped as an
image-only PDF), so that each OCR'd page can be compared with the text-layer page of
the same source.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import OcrUnavailable
from pipeline.read import Fill, Page, Rule, Word, ocr_cache, ocr_engine, read_document
from tests.conftest import CORPUS, require_tool
from tests.pdfgen.scan import make_scan

TEXT_PDF = CORPUS / "2025-07-10_annexe2_tarifs.pdf"
SCAN_PDF = CORPUS / "2025-07-10_annexe2_tarifs_scan.pdf"


# --- Without Tesseract -------------------------------------------------------------


def test_a_scan_without_tesseract_raises_a_french_install_hint(monkeypatch, tmp_path) -> None:
    scan = make_scan(TEXT_PDF, tmp_path / "scan.pdf", dpi=72, angle=0, pages={3})
    monkeypatch.setattr(ocr_engine.shutil, "which", lambda name: None)
    with pytest.raises(OcrUnavailable) as caught:
        read_document(scan)
    assert caught.value.exit_code == 2
    assert "apt-get install tesseract-ocr tesseract-ocr-fra" in str(caught.value)
    assert str(caught.value).startswith("scan.pdf : ")


def test_the_cache_gives_back_the_same_pages(tmp_path) -> None:
    page = Page(
        2,
        612.0,
        792.0,
        [
            Word("16,80", 1, 2, 3, 4, 10.0, bold=True, confidence=91.5),
            Word("1", 5, 1, 6, 3, 6.0, superscript=True, confidence=40.0),
        ],
        [Rule(10, 20, 300, 20)],
        [Fill(10, 20, 300, 32, (0.75, 0.75, 0.75))],
        ocr=True,
    )
    ocr_cache.save(tmp_path, "a" * 64, {2: page})
    assert ocr_cache.load(tmp_path, "a" * 64) == {2: page}
    assert ocr_cache.load(tmp_path, "b" * 64) == {}
    ocr_cache.cache_file(tmp_path, "c" * 64).write_text("{pas du json", encoding="utf-8")
    assert ocr_cache.load(tmp_path, "c" * 64) == {}


def test_the_cache_file_name_stays_short_however_long_the_version(tmp_path, monkeypatch) -> None:
    """The version of the OCR method grew with each change, and the cache file's name
    with it: past 255 bytes with its temporary name, every scan read failed to save."""
    monkeypatch.setattr(ocr_cache, "VERSION", "ocr-" + "-changement" * 40)
    page = Page(2, 595.0, 842.0, [Word("16,80", 1, 2, 3, 4, 10.0)], [], [], ocr=True)
    ocr_cache.save(tmp_path, "a" * 64, {2: page})
    assert ocr_cache.load(tmp_path, "a" * 64) == {2: page}
    assert len(ocr_cache.cache_file(tmp_path, "a" * 64).name) < 100
    monkeypatch.setattr(ocr_cache, "VERSION", "ocr-autre")
    assert ocr_cache.load(tmp_path, "a" * 64) == {}  # another method: not served


# --- With Tesseract ----------------------------------------------------------------


@pytest.mark.tesseract
@pytest.mark.parametrize(("dpi", "angle"), [(150, -1.2), (200, 0.6), (300, 1.0)])
def test_an_ocr_page_matches_the_text_layer(tmp_path, dpi, angle) -> None:
    require_tool("tesseract")
    scan = make_scan(TEXT_PDF, tmp_path / "scan.pdf", dpi=dpi, angle=angle, pages={3})
    got = read_document(scan).pages[0]
    want = read_document(TEXT_PDF).pages[2]
    assert got.ocr
    assert (got.width, got.height) == pytest.approx((want.width, want.height), abs=1)

    # Every horizontal rule of the table, at the same place within a point.
    want_rows = sorted({round(r.top) for r in want.rules if r.horizontal})
    got_rows = [r.top for r in got.rules if r.horizontal]
    for y in want_rows:
        assert any(abs(y - g) <= 1.5 for g in got_rows), y
    # The words of the table (rows are not lost).
    table = [w for w in want.words if w.bottom < 190 and not w.superscript]
    found = Counter(w.text for w in got.words) & Counter(w.text for w in table)
    assert sum(found.values()) >= 0.9 * len(table)
    for row in ("Moins de 500 habitants", "Plus de 3 500 habitants", "Établissement public"):
        assert row in _text(got), row
    # The shaded heading row.
    assert any(f.shade[0] < 0.85 and f.top < 70 for f in got.fills)


def _text(page: Page) -> str:
    return " ".join(w.text for w in page.words if not w.superscript)


@pytest.mark.tesseract
def test_the_corpus_scan_footnote_marker_and_confidences(tmp_path) -> None:
    require_tool("tesseract")
    document = read_document(SCAN_PDF, ocr_cache=tmp_path)
    assert document.ocr and len(document.pages) == 3
    words = document.pages[2].words
    assert all(w.confidence is not None for w in words)
    public = [w for w in words if w.text.startswith("public") and w.top < 200]
    assert public and all(w.text == "public" for w in public)
    assert any(w.superscript for w in words if w.top < 200)

    def fail(*args, **kwargs):
        raise AssertionError("the second run must come from the cache")

    import pipeline.read.ocr as ocr

    original = ocr.read_scan
    ocr.read_scan = fail
    try:
        again = read_document(SCAN_PDF, ocr_cache=tmp_path)
    finally:
        ocr.read_scan = original
    assert again.pages == document.pages


def _score(truth: Path, extracted: str, tmp_path: Path) -> subprocess.CompletedProcess:
    out = tmp_path / "out.json"
    out.write_text(extracted, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(CORPUS / "score.py"), str(truth), str(out), "--verbose"],
        capture_output=True,
        text=True,
    )


@pytest.mark.tesseract
@pytest.mark.parametrize("scan", ["corpus", "generated"])
def test_ocr_extractions_score_like_the_text(tmp_path, scan) -> None:
    require_tool("tesseract")
    from pipeline.extract import extract
    from pipeline.settings import Settings

    if scan == "corpus":
        path, truth = SCAN_PDF, CORPUS / "2025-07-10_annexe2_tarifs_scan.truth.json"
    else:
        path = make_scan(
            CORPUS / "2026-03-19_annexe2_actualisation.pdf", tmp_path / "a.pdf", dpi=200, angle=-0.7
        )
        truth = CORPUS / "2026-03-19_annexe2_actualisation.truth.json"
    extraction = extract(path, settings=Settings(cache_dir=tmp_path / "cache"))
    assert extraction.source.ocr
    result = _score(truth, extraction.to_json(), tmp_path)
    assert result.returncode == 0, result.stdout
    assert json.loads(extraction.to_json())["source"]["ocr"] is True


@pytest.mark.tesseract
def test_a_levelled_scan_records_its_rotation_for_the_audit(tmp_path) -> None:
    require_tool("tesseract")
    from pipeline.extract import extract
    from pipeline.settings import Settings

    scan = make_scan(TEXT_PDF, tmp_path / "turned.pdf", dpi=150, angle=1.0, pages=[3])
    extraction = extract(scan, settings=Settings(cache_dir=tmp_path / "cache"))
    assert extraction.source.rotations[1] == pytest.approx(-1.0, abs=0.15)
    assert json.loads(extraction.to_json())["source"]["rotations"]["1"] < 0
