"""OCR of the reference annexes, printed and scanned again: the share of lines and tiers read.

    python3 benchmarks/ocr_reference.py [--style NAME ...] [--skew A,B] [--dpi 150] [--keep DIR]

The two text annexes of the corpus (``tests/corpus/*.pdf`` with a ``.truth.json``, the
scan left out) are turned into image-only scans (``tests.pdfgen.scan``) in each chosen
style (default: ``plain``, ``dark``, ``printed``, ``coloured_jpeg``), at each skew (default
-1.2° and 0.7°) and at the chosen resolution (default 150 dpi), extracted with a fresh OCR
cache and scored against the corpus truth (``tests/corpus/score.py``). Unlike
``ocr_layouts.py``, whose variations come from the project's own generator, these are
the real layout of the CDG's annex. Prints each scan's score and, at the end, the share
of the truth's lines and tiers found exactly (the target for a CDG-style annex at 150 dpi
with skew and shading: at least 95 %).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from tests.corpus.score import score  # noqa: E402
from tests.pdfgen.scan import STYLES, scan  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
DEFAULT_STYLES = ("plain", "dark", "printed", "coloured_jpeg")


def references() -> list[Path]:
    """The corpus's text annexes that have a truth (not its scan)."""
    return sorted(
        pdf
        for pdf in CORPUS.glob("*.pdf")
        if pdf.with_suffix(".truth.json").exists() and not pdf.stem.endswith("_scan")
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", action="append", choices=sorted(STYLES), help="style")
    parser.add_argument("--skew", default="-1.2,0.7", help="inclinaisons, en degrés")
    parser.add_argument("--dpi", type=int, default=150, help="résolution")
    parser.add_argument("--keep", type=Path, help="dossier où garder scans et extractions")
    args = parser.parse_args(argv[1:])
    styles = args.style or list(DEFAULT_STYLES)
    skews = [float(value) for value in args.skew.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ocr-reference-"))
    folder.mkdir(parents=True, exist_ok=True)
    found = expected = 0
    for source in references():
        truth = json.loads(source.with_suffix(".truth.json").read_text("utf-8"))
        for style in styles:
            for skew in skews:
                stem = f"{source.stem}.{style}.{args.dpi}.{skew:+.1f}"
                scanned = scan(
                    source, folder / f"{stem}.pdf", replace(STYLES[style], dpi=args.dpi, skew=skew)
                )
                settings = Settings(cache_dir=folder / "cache" / stem)
                got = json.loads(extract(scanned, settings=settings).to_json())
                (folder / f"{stem}.json").write_text(json.dumps(got, ensure_ascii=False), "utf-8")
                result = score(truth, got)
                (sf, st, sx), (tf, tt, tx), (mf, mt) = (
                    result["services"],
                    result["strata"],
                    result["meta"],
                )
                found, expected = found + sf + tf, expected + st + tt
                print(
                    f"{source.stem[:10]}  {style:14} {skew:+.1f}°  lignes {sf}/{st}+{sx}  "
                    f"strates {tf}/{tt}+{tx}  séance {mf}/{mt}",
                    flush=True,
                )
    share = 100 * found / expected if expected else 0.0
    print(
        f"\n{found}/{expected} lignes et strates lues exactement ({share:.1f} %)"
        f" ; dossier : {folder}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
