"""OCR across layouts: generated variations, scanned at several resolutions and skews.

    python3 benchmarks/ocr_layouts.py [--dpi 300,200,150] [--dark] [--keep DIR] [NAME ...]

Each chosen variation of ``tests.pdfgen`` is written as a text PDF with its truth,
turned into an image-only "photocopy" (``tests.read.test_ocr.make_scan``: resolution,
skew, noise and specks), extracted with a fresh OCR cache and scored with
``tests/corpus/score.py``. These scans are kept out of the corpus: they are made here.

For every wrong value (a line or tier of the truth that was missed, or one extracted
that the truth does not have), the table tells whether a warning points at it: a
finding on its page whose box meets the value's rows ("box"), or at least a finding
on its page ("page"). A wrong value with no warning at all is the worst outcome: the
column ``silent`` counts them. Missed values take their page and box from the
extraction of the text PDF. Prints the time of each scan and its ratio to the text
PDF's extraction, measured in this process.

With ``--dark``, each scan is made as a dark photocopy or a cheap office scanner
would make it (:func:`make_dark_scan`): grays deepened (the light gray heading rows
of the generated tables come out mid gray, their light blue ones darker still),
printed rules thinned and softened by a slight blur.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract  # noqa: E402
from pipeline.settings import Settings  # noqa: E402
from tests.corpus.score import line_matches, score, tier_matches  # noqa: E402
from tests.pdfgen.build import build_all  # noqa: E402
from tests.pdfgen.variations import by_name  # noqa: E402
from tests.read.test_ocr import make_scan  # noqa: E402

SCENARIOS = (
    "grid_letter_helvetica",  # ruled grid, shaded headings
    "horizontal_rules_times",  # horizontal rules only
    "columns_unit_service_price",  # columns reordered
    "ht_and_ttc_columns",  # HT and TTC
    "two_row_header_ht_ttc",  # two-row header
    "merged_quote_services",  # merged "Sur devis" cell
    "page_break_repeated_header",  # table over a page break
    "small_font_narrow_margins",  # small font
    "multiline_cells",  # labels wrapping in their cells
    "tiers_de_a_et_plus",  # tier wordings
    "tiers_entre_a_partir_de",
    "footnote_raised_after_digit",  # superscript markers
)

ANGLES = (-1.5, 1.2, -0.8, 0.5, 1.5, -1.1, 0.9, -0.4)
"""Skews (degrees) taken in turn, so that each scenario meets several."""


def angle_for(index: int, dpi_index: int) -> float:
    return ANGLES[(3 * index + dpi_index) % len(ANGLES)]


DARK_GAMMA = 2.5
"""Tone curve of a dark scan: a gray g (0 black, 1 white) comes out as g ** DARK_GAMMA,
so that 0.82 gray reads 0.61 while paper stays white and ink black."""


def _darken(image: Image.Image) -> Image.Image:
    """Deepened grays and a soft blur, as a dark photocopy gives them."""
    image = image.point(lambda v: round(255 * (v / 255) ** DARK_GAMMA))
    return image.filter(ImageFilter.GaussianBlur(0.6))


def make_dark_scan(source: Path, target: Path, *, dpi: int, angle: float) -> Path:
    """An image-only copy of ``source`` as a dark scan: deepened grays, a soft blur,
    then the skew, noise and specks of ``make_scan``."""
    return make_scan(source, target, dpi=dpi, angle=angle, tone=_darken)


def pages_and_boxes(truth_items: list[dict], text_items: list[dict], same) -> list[tuple]:
    """(page, bbox) of each truth item, from the extraction of the text PDF."""
    left = list(text_items)
    located = []
    for item in truth_items:
        hit = next((g for g in left if same(item, g)), None)
        if hit is not None:
            left.remove(hit)
        located.append(((hit or {}).get("page"), (hit or {}).get("bbox")))
    return located


def covered(page: int | None, bbox: list | None, findings: list[dict]) -> str:
    """'box', 'page' or '' — how closely a warning points at a wrong value."""
    if page is None:
        return "page" if any(f["severity"] != "info" for f in findings) else ""
    on_page = [f for f in findings if f.get("page") == page and f["severity"] != "info"]
    if not on_page:
        return ""
    if bbox is None:
        return "page"
    top, bottom = bbox[1] - 3, bbox[3] + 3
    for finding in on_page:
        box = finding.get("bbox")
        if box is None or (box[1] <= bottom and box[3] >= top):
            return "box"
    return "page"


def wrong_values(truth: dict, text: dict, got: dict) -> list[dict]:
    """Every wrong value: what it is, its page and box, and whether it is flagged."""
    result = score(truth, got)
    findings = got.get("findings") or []
    where = {}
    for kind, same in (("services", line_matches), ("strata", tier_matches)):
        for item, located in zip(
            truth[kind], pages_and_boxes(truth[kind], text.get(kind) or [], same), strict=True
        ):
            where[id(item)] = located
    wrong = []
    for item in result["missed"]:
        page, bbox = where.get(id(item), (None, None))
        wrong.append(
            {"kind": "missed", "item": item, "page": page, "flag": covered(page, bbox, findings)}
        )
    for item in result["extra"]:
        page, bbox = item.get("page"), item.get("bbox")
        wrong.append(
            {"kind": "extra", "item": item, "page": page, "flag": covered(page, bbox, findings)}
        )
    return wrong


def short(item: dict) -> str:
    if "label" in item:
        name = " / ".join(filter(None, [item.get("group"), item.get("label")]))
        price = "sur devis" if item.get("on_quote") else item.get("amount")
        return f"{name} | {price} | {item.get('unit')}"
    return (
        f"{item.get('kind', '')} {item.get('min_population')}-{item.get('max_population')} | "
        + ("sur devis" if item.get("on_quote") else str(item.get("amount")))
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--dpi", default="300,200,150")
    parser.add_argument("--dark", action="store_true", help="numérisation sombre (gris foncés)")
    parser.add_argument("--keep", type=Path, help="dossier où garder PDF, scans et extractions")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv[1:])
    resolutions = [int(d) for d in args.dpi.split(",")]
    with tempfile.TemporaryDirectory(prefix="ocr-layouts-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        sources = build_all([by_name(n) for n in args.names], folder / "src")
        rows = []
        details = []
        total_start = time.perf_counter()
        for index, name in enumerate(args.names):
            truth = json.loads((folder / "src" / f"{name}.truth.json").read_text("utf-8"))
            start = time.perf_counter()
            text = json.loads(
                extract(sources[name], settings=Settings(cache_dir=folder / "c")).to_json()
            )
            text_time = time.perf_counter() - start
            for dpi_index, dpi in enumerate(resolutions):
                angle = angle_for(index, dpi_index)
                scanner = make_dark_scan if args.dark else make_scan
                scan = scanner(sources[name], folder / f"{name}.{dpi}.pdf", dpi=dpi, angle=angle)
                start = time.perf_counter()
                extraction = extract(scan, settings=Settings(cache_dir=folder / "cache" / str(dpi)))
                seconds = time.perf_counter() - start
                got = json.loads(extraction.to_json())
                if args.keep:
                    (folder / f"{name}.{dpi}.json").write_text(
                        json.dumps(got, ensure_ascii=False, indent=1), "utf-8"
                    )
                result = score(truth, got)
                wrong = wrong_values(truth, text, got)
                ocr_warnings = [f for f in got["findings"] if f["code"].startswith("ocr.")]
                (sf, st, sx), (tf, tt, tx), (mf, mt) = (
                    result["services"],
                    result["strata"],
                    result["meta"],
                )
                perfect = (sf, sx, tf, tx, mf) == (st, 0, tt, 0, mt)
                silent = sum(1 for w in wrong if not w["flag"])
                page_only = sum(1 for w in wrong if w["flag"] == "page")
                pages = len(got["source"].get("rotations") or {}) or "?"
                rows.append(
                    (
                        name,
                        dpi,
                        angle,
                        f"{sf}/{st}+{sx}",
                        f"{tf}/{tt}+{tx}",
                        f"{mf}/{mt}",
                        "oui" if perfect else "non",
                        len(ocr_warnings),
                        len(wrong),
                        page_only,
                        silent,
                        f"{seconds:.1f}",
                        f"{seconds / max(text_time, 1e-6):.0f}",
                        pages,
                    )
                )
                for w in wrong:
                    details.append(
                        f"  {name} {dpi} dpi {angle:+.1f}° p.{w['page']} {w['kind']:6} "
                        f"[{w['flag'] or 'SILENT'}] {short(w['item'])}"
                    )
                if args.verbose:
                    for f in ocr_warnings:
                        details.append(
                            f"    {name} {dpi}: {f['code']} p.{f['page']}: {f['message']}"
                        )
                    for k in result["meta_wrong"]:
                        details.append(
                            f"  {name} {dpi}: meta {k} want {truth['deliberation'][k]!r} "
                            f"got {(got.get('deliberation') or {}).get(k)!r}"
                        )
                print(" | ".join(str(c) for c in rows[-1]), file=sys.stderr, flush=True)
        total = time.perf_counter() - total_start
    header = (
        "scenario",
        "dpi",
        "skew",
        "services",
        "strata",
        "meta",
        "parfait",
        "alertes OCR",
        "erreurs",
        "page seule",
        "silencieuses",
        "s",
        "× texte",
        "pages",
    )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    perfect = sum(1 for r in rows if r[6] == "oui")
    silent = sum(r[10] for r in rows)
    print(
        f"\n{perfect}/{len(rows)} numérisations parfaites ; {sum(r[8] for r in rows)} valeurs "
        f"fausses dont {silent} sans alerte ; {total:.0f} s en tout"
    )
    if details:
        print("\nvaleurs fausses :")
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
