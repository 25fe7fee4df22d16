"""OCR speed: seconds per page on the corpus scan, then the time of a cached second run.

    python3 benchmarks/ocr.py [SCAN.pdf]

Both runs happen in this process with a fresh temporary cache; the cached run is
also given as a ratio of the first. Target on the 2-core machine: < 15 s per page,
cached < 1 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pipeline.read import read_document

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "tests" / "corpus" / "2025-07-10_annexe2_tarifs_scan.pdf"


def main(argv: list[str]) -> int:
    scan = Path(argv[1]) if len(argv) > 1 else SCAN
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder:
        cache = Path(folder)
        start = time.perf_counter()
        document = read_document(scan, ocr_cache=cache)
        first = time.perf_counter() - start
        pages = sum(1 for page in document.pages if page.ocr)
        start = time.perf_counter()
        read_document(scan, ocr_cache=cache)
        second = time.perf_counter() - start
    per_page = first / max(pages, 1)
    print(f"{scan.name} : {pages} page(s) OCR en {first:.2f} s, soit {per_page:.2f} s/page")
    print(f"second passage (cache) : {second:.3f} s, soit {second / first:.4f} × le premier")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
