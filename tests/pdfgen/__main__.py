"""python3 -m tests.pdfgen OUTDIR [NAME ...]: write the variations' PDFs and truths."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.pdfgen.build import build_all
from tests.pdfgen.variations import all_variations


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage : python3 -m tests.pdfgen DOSSIER [NOM ...]", file=sys.stderr)
        return 2
    chosen = [v for v in all_variations() if len(argv) == 2 or v.name in argv[2:]]
    for name, pdf in build_all(chosen, Path(argv[1])).items():
        what = next(v.what for v in chosen if v.name == name)
        print(f"{pdf}  ({what})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
