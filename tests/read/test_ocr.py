"""OCR of scanned pages: rules, words, markers and cache, against the text layer.

Scans are generated here from the text PDF of the corpus (rendered at 150-300 dpi,
turned by about a degree, with noise and specks, wrapped as an image-only PDF), so
that each OCR'd page can be compared with the text-layer page of the same source.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.errors import OcrUnavailable
from pipeline.read import Fill, Page, Rule, Word, ocr_cache, ocr_engine, read_document
from pipeline.read.ocr_image import estimate_skew, ink_mask, rotate
from pipeline.read.ocr_rules import find_rules
from tests.conftest import CORPUS, require_tool

TEXT_PDF = CORPUS / "2025-07-10_annexe2_tarifs.pdf"
SCAN_PDF = CORPUS / "2025-07-10_annexe2_tarifs_scan.pdf"


def make_scan(
    source: Path,
    target: Path,
    *,
    dpi: int,
    angle: float,
    pages=None,
    turn: int = 0,
    tone=None,
) -> Path:
    """An image-only copy of ``source``, as a photocopier would make it; ``turn``: a
    quarter turn (degrees counter-clockwise) on top, as a page fed in sideways;
    ``tone``: a change of the rendered page (a PIL image) before skew and noise."""
    rng = np.random.default_rng(7)
    images = []
    document = pdfium.PdfDocument(str(source))
    for index, page in enumerate(document):
        if pages is not None and index + 1 not in pages:
            continue
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if tone is not None:
            image = tone(image)
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if turn:
            image = image.rotate(turn, expand=True)
        pixels = np.asarray(image).astype(np.int16) + rng.normal(0, 6, image.size[::-1])
        pixels[rng.random(pixels.shape) < 0.001] = 40
        images.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    document.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


# --- Without Tesseract -------------------------------------------------------------


def test_a_scan_without_tesseract_raises_a_french_install_hint(monkeypatch, tmp_path) -> None:
    scan = make_scan(TEXT_PDF, tmp_path / "scan.pdf", dpi=72, angle=0, pages={3})
    monkeypatch.setattr(ocr_engine.shutil, "which", lambda name: None)
    with pytest.raises(OcrUnavailable) as caught:
        read_document(scan)
    assert caught.value.exit_code == 2
    assert "apt-get install tesseract-ocr tesseract-ocr-fra" in str(caught.value)
    assert str(caught.value).startswith("scan.pdf : ")


def test_rules_and_skew_are_found_in_pixels() -> None:
    dpi = 200
    gray = np.full((1400, 1000), 255, dtype=np.uint8)
    rows = [200, 260, 320, 380]
    for y in rows:
        gray[y : y + 2, 100:900] = 20
    for x in (100, 400, 898):
        gray[200:382, x : x + 2] = 20
    gray[240:250, 150:160] = 20  # a letter-sized blot: not a rule
    turned = rotate(gray, 1.0, 255)
    skew = estimate_skew(ink_mask(turned), dpi)
    assert skew == pytest.approx(1.0, abs=0.1)
    rules = find_rules(ink_mask(rotate(turned, -skew, 255)), dpi)
    horizontal = sorted(round(r.centre) for r in rules if r.horizontal)
    vertical = sorted(round(r.centre) for r in rules if not r.horizontal)
    assert len(horizontal) == len(rows)
    assert all(abs(a - b) <= 3 for a, b in zip(horizontal, rows, strict=True))
    assert len(vertical) == 3


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

    original = ocr.recognise
    ocr.recognise = fail
    try:
        again = read_document(SCAN_PDF, ocr_cache=tmp_path)
    finally:
        ocr.recognise = original
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
