"""OCR speed: seconds per page, side by side with plain ``tesseract`` on the same pages.

    python3 benchmarks/ocr.py [SCAN.pdf ...]

Without arguments: a generated scan (the corpus's text annex, rendered at 200 dpi, skewed,
with noise and specks), the corpus scan, and the phone photo of the real corpus
(``tests/corpus/real/crosne_2025_grille_qf_photo.pdf``). For each file, in this process:
the pipeline's OCR with a fresh cache, the same pages again from the cache, and plain
``tesseract`` (French, automatic layout, one thread per run, as many runs at once as the
machine has cores) on the very page images the pipeline reads. The pipeline does more
(turn, level, rules, fills, second readings): the ratio says what that costs.
Targets on the 2-core machine: at most 3 s per page, cached < 1 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from pipeline.read import read_document  # noqa: E402
from pipeline.read.ocr_image import render_pages  # noqa: E402
from tests.read.test_ocr import make_scan  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
TEXT = CORPUS / "2026-03-19_annexe2_actualisation.pdf"
SCAN = CORPUS / "2025-07-10_annexe2_tarifs_scan.pdf"
PHOTO = CORPUS / "real" / "crosne_2025_grille_qf_photo.pdf"


def plain_tesseract(scan: Path, pages: list[int], folder: Path) -> float:
    """Seconds taken by plain ``tesseract`` on the pipeline's page images (not rendering)."""
    images = []
    for number, (gray, dpi, _, _) in render_pages(scan, pages).items():
        image = folder / f"page-{number}.png"
        Image.fromarray(gray).save(image, dpi=(dpi, dpi), compress_level=1)
        images.append((image, dpi))
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def run(item: tuple[Path, float]) -> None:
        image, dpi = item
        command = ["tesseract", str(image), "stdout", "-l", "fra", "--psm", "3"]
        command += ["--dpi", str(round(dpi))]
        subprocess.run(command, capture_output=True, env=env, check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(run, images))
    return time.perf_counter() - start


def bench(scan: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder:
        cache = Path(folder) / "cache"
        start = time.perf_counter()
        document = read_document(scan, ocr_cache=cache)
        first = time.perf_counter() - start
        pages = [page.number for page in document.pages if page.ocr]
        start = time.perf_counter()
        read_document(scan, ocr_cache=cache)
        second = time.perf_counter() - start
        plain = plain_tesseract(scan, pages, Path(folder)) if pages else 0.0
    count = max(len(pages), 1)
    print(
        f"{scan.name} : {len(pages)} page(s) — pipeline {first / count:.2f} s/page, "
        f"tesseract seul {plain / count:.2f} s/page (× {first / max(plain, 1e-9):.2f}), "
        f"cache {second:.3f} s"
    )


def main(argv: list[str]) -> int:
    print(f"{os.cpu_count()} cœur(s)")
    if len(argv) > 1:
        scans = [Path(arg) for arg in argv[1:]]
    else:
        folder = Path(tempfile.mkdtemp(prefix="ocr-bench-scan-"))
        scans = [make_scan(TEXT, folder / "generated_200dpi.pdf", dpi=200, angle=-0.7), SCAN]
        scans += [PHOTO] if PHOTO.exists() else []
    for scan in scans:
        bench(scan)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
