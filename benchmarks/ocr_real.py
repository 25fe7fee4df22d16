"""OCR of real deliberations printed and scanned again, scored against their own text.

    python3 benchmarks/ocr_real.py [--style coloured_jpeg] [--dpi 150] [--keep DIR] [PDF ...]

Each real PDF of ``tests/corpus/real`` (default: Montpellier's 2014 tariff book, its
tables ruled and shaded in colour, and two sets of minutes, Friesen's and Preuilly's,
whose few prices are written in the text) is extracted as it is, then turned into an
image-only scan (``tests.pdfgen.scan``, the chosen style and resolution, skewed by
0.6°) and extracted again with a fresh OCR cache. The lines of the text PDF stand for
the truth, page by page: real layouts, with no hand-written truth needed.

For each page: lines found exactly (label, group, conditions, unit and amount), lines
whose label and amount were found (``libellé+montant``), lines the scan gave that the
text does not have, and, of those, the ones with a wrong label or amount that no
warning of the page points at (``silencieuses``: a warning whose box meets the
line's rows). The target is none: a value misread must be shown to a person.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from tests.corpus.score import score  # noqa: E402
from tests.pdfgen.scan import STYLES, scan  # noqa: E402

REAL = ROOT / "tests" / "corpus" / "real"
DEFAULT = (
    "montpellier_2013-12-16_tarifs2014.pdf",
    "friesen_2025-12-09_pv.pdf",
    "preuilly_2020-07-23_pv.pdf",
)
SKEW = 0.6


def named_only(line: dict) -> dict:
    """A line reduced to its words and amount: group, label and conditions as one name."""
    parts = [line.get("group"), line.get("label"), *(line.get("conditions") or [])]
    return {
        "label": " ".join(filter(None, parts)),
        "amount": line.get("amount"),
        "on_quote": line.get("on_quote"),
        "bbox": line.get("bbox"),
    }


def warned(line: dict, findings: list[dict]) -> bool:
    box = line.get("bbox")
    return bool(box) and any(
        f["bbox"] and f["bbox"][1] <= box[3] and f["bbox"][3] >= box[1] for f in findings
    )


def compare(text: dict, scanned: dict) -> list[tuple[int, int, int, int, int, int]]:
    """Per page: (page, exact, label+amount, expected, extra, silent)."""
    rows = []
    pages = sorted({s["page"] for s in text["services"]} | {s["page"] for s in scanned["services"]})
    for page in pages:
        want = [s for s in text["services"] if s["page"] == page]
        got = [s for s in scanned["services"] if s["page"] == page]
        findings = [
            f for f in scanned["findings"] if f.get("page") == page and f["severity"] != "info"
        ]
        exact = score({"services": want, "strata": []}, {"services": got, "strata": []})
        loose = score(
            {"services": [named_only(s) for s in want], "strata": []},
            {"services": [named_only(s) for s in got], "strata": []},
        )
        silent = [line for line in loose["extra"] if not warned(line, findings)]
        rows.append(
            (
                page,
                exact["services"][0],
                loose["services"][0],
                len(want),
                exact["services"][2],
                len(silent),
            )
        )
    return rows


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", default=list(DEFAULT), help="PDF de tests/corpus/real")
    parser.add_argument("--style", default="coloured_jpeg", choices=sorted(STYLES))
    parser.add_argument("--dpi", type=int, default=150, help="résolution")
    parser.add_argument("--keep", type=Path, help="dossier où garder scans et extractions")
    args = parser.parse_args(argv[1:])
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ocr-real-"))
    folder.mkdir(parents=True, exist_ok=True)
    totals = [0, 0, 0, 0, 0]
    for name in args.pdfs:
        source = REAL / name
        stem = f"{source.stem}.{args.style}.{args.dpi}"
        text = json.loads(extract(source, settings=Settings(cache_dir=folder / "text")).to_json())
        scanned_pdf = scan(
            source, folder / f"{stem}.pdf", replace(STYLES[args.style], dpi=args.dpi, skew=SKEW)
        )
        start = time.perf_counter()
        settings = Settings(cache_dir=folder / "cache" / stem)
        scanned = json.loads(extract(scanned_pdf, settings=settings).to_json())
        seconds = time.perf_counter() - start
        (folder / f"{stem}.json").write_text(json.dumps(scanned, ensure_ascii=False), "utf-8")
        rows = compare(text, scanned)
        print(f"{source.name} ({args.style}, {args.dpi} dpi) : {seconds:.0f} s")
        for page, exact, loose, expected, extra, silent in rows:
            print(
                f"  page {page:3}  exactes {exact}/{expected}  libellé+montant {loose}/{expected}"
                f"  en trop {extra}  silencieuses {silent}",
                flush=True,
            )
            for index, value in enumerate((exact, loose, expected, extra, silent)):
                totals[index] += value
    exact, loose, expected, extra, silent = totals
    print(
        f"\nexactes {exact}/{expected} ({percent(exact, expected)}), libellé+montant "
        f"{loose}/{expected} ({percent(loose, expected)}), en trop {extra}, "
        f"silencieuses {silent} ; dossier : {folder}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
