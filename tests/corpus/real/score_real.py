#!/usr/bin/env python3
"""Score the pipeline on the hand-written truths of real deliberation pages.

usage: python tests/corpus/real/score_real.py [--verbose]

One line per truth file (``truth/<pdfstem>_p<N>.truth.json``): table lines found/total,
extra table lines, text lines found/total, and extracted lines read from running text
that match no truth line. Only the extracted lines of the truth's page are scored.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from tests.corpus.score import score  # noqa: E402

TRUTH_DIR = HERE / "truth"


def truth_files() -> list[Path]:
    return sorted(TRUTH_DIR.glob("*.truth.json"))


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def is_text(line: dict) -> bool:
    return line.get("origin") == "text"


@functools.cache
def extracted(pdf_name: str) -> dict:
    """The export of one PDF of this folder, extracted once per process."""
    from pipeline.extract import extract

    return json.loads(extract(HERE / pdf_name).to_json())


def page_services(truth: dict) -> list[dict]:
    return [s for s in extracted(truth["file"])["services"] if s.get("page") == truth["page"]]


def score_page(truth: dict, got: list[dict]) -> dict:
    """Score the lines ``got`` from the truth's page: table lines against extracted table
    lines, text lines (origin "text") against every extracted line."""
    table_truth = [s for s in truth["services"] if not is_text(s)]
    text_truth = [s for s in truth["services"] if is_text(s)]
    table = score(
        {"services": table_truth, "strata": []},
        {"services": [g for g in got if not is_text(g)]},
    )
    text = score({"services": text_truth, "strata": []}, {"services": got})
    found, total, extra = table["services"]
    text_found, text_total, _ = text["services"]
    unmatched_text = [g for g in got if is_text(g)]
    return {
        "table": (found, total, extra),
        "text": (text_found, text_total),
        "from_text": len(unmatched_text) - text_found,
        "missed": table["missed"] + text["missed"],
        "extra": table["extra"],
    }


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    print(f"{'truth file':<52} {'table':>9} {'extra':>5} {'text':>6} {'from-text':>9}")
    for path in truth_files():
        truth = load_truth(path)
        r = score_page(truth, page_services(truth))
        found, total, extra = r["table"]
        text_found, text_total = r["text"]
        name = path.name.removesuffix(".truth.json")
        print(
            f"{name:<52} {found:>4}/{total:<4} {extra:>5} {text_found:>3}/{text_total:<2} "
            f"{r['from_text']:>9}"
        )
        if verbose:
            for line in r["missed"]:
                print("   missed:", json.dumps(line, ensure_ascii=False))
            for line in r["extra"]:
                keys = ("group", "label", "conditions", "amount", "unit")
                print("   extra: ", json.dumps({k: line.get(k) for k in keys}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
