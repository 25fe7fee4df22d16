"""Time of `pipeline`'s extraction against pdfplumber's own reading of the same pages.

Baseline: ``extract_text`` + ``extract_tables`` on every page with pdfplumber, the
least any reading of the document costs. Measured: read → parse → validate of the
whole deliberation. Both run in this process, interleaved, best of N.

    python benchmarks/extract.py [PDF] [--repeat N] [--real] [--real-repeat N]

Prints both times and their ratio (target: at most 1.5). With ``--real``, then does the
same for the two real Montpellier tariff books (27 and 25 pages), best of fewer runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pdfplumber

from pipeline.extract import extract

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "deliberations" / "2025-07-10_annexe2_tarifs.pdf"
REAL = ROOT / "tests" / "corpus" / "real"
REAL_BOOKS = (
    REAL / "montpellier_2013-12-16_tarifs2014.pdf",
    REAL / "montpellier_2012-12-17_tarifs2013.pdf",
)


def baseline(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def measured(path: Path) -> None:
    extract(path)


def best_of(function, path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(path)
        best = min(best, time.perf_counter() - start)
    return best


def measure(path: Path, repeat: int) -> float:
    """Print both times and their ratio for one PDF; return the ratio."""
    measured(path)  # warm imports and caches for both
    baseline(path)
    times = {"pdfplumber": float("inf"), "pipeline": float("inf")}
    for _ in range(repeat):  # interleaved, so that machine noise hits both alike
        times["pdfplumber"] = min(times["pdfplumber"], best_of(baseline, path, 1))
        times["pipeline"] = min(times["pipeline"], best_of(measured, path, 1))
    ratio = times["pipeline"] / times["pdfplumber"]
    print(f"fichier    : {path.name}")
    print(f"pdfplumber : {times['pdfplumber'] * 1000:8.1f} ms (extract_text + extract_tables)")
    print(f"pipeline   : {times['pipeline'] * 1000:8.1f} ms (lecture, analyse, validation)")
    print(f"rapport    : {ratio:.2f} (objectif ≤ 1,5)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--real", action="store_true", help="puis les deux recueils de tarifs de Montpellier"
    )
    parser.add_argument("--real-repeat", type=int, default=2)
    args = parser.parse_args()
    measure(args.pdf, args.repeat)
    if args.real:
        ratios = {}
        for path in REAL_BOOKS:
            print()
            ratios[path.name] = measure(path, args.real_repeat)
        print()
        for name, ratio in ratios.items():
            print(f"rapport {name} : {ratio:.2f}")


if __name__ == "__main__":
    main()
