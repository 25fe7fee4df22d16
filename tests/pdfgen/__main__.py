"""python3 -m tests.pdfgen OUTDIR [NAME ...]: write the variations' PDFs and truths."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.pdfgen.build import build_all
from tests.pdfgen.variations import all_variations


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m tests.pdfgen",
        description="Écrit les PDF des variations générées et leur vérité.",
    )
    parser.add_argument("folder", type=Path, metavar="DOSSIER")
    parser.add_argument("names", nargs="*", metavar="NOM", help="variations choisies (toutes)")
    args = parser.parse_args(argv[1:])
    chosen = [v for v in all_variations() if not args.names or v.name in args.names]
    for name, pdf in build_all(chosen, args.folder).items():
        what = next(v.what for v in chosen if v.name == name)
        print(f"{pdf}  ({what})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
