"""OCR across layouts: generated variations, scanned in several styles, resolutions and skews.

    python3 benchmarks/ocr_layouts.py [--style NAME ...] [--dpi 300,200,150] [--keep DIR] [NAME ...]

Each chosen variation of ``tests.pdfgen`` is written as a text PDF with its truth,
turned into an image-only scan (``tests.pdfgen.scan``) in each chosen style, extracted
with a fresh OCR cache and scored with ``tests/corpus/score.py``. These scans are kept
out of the corpus: they are made here.

Styles (``--style``, several allowed, default ``plain``; ``--dark`` is ``--style dark``):
``plain`` (a grey photocopy: noise, specks), ``dark`` (grays deepened, rules softened),
``printed`` (grey fills printed as laser dots, then scanned), ``coloured_jpeg`` (a
colour scan stored as a low-quality JPEG), ``turned_90``, ``turned_180``, ``turned_270``
(the page fed sideways or upside down), ``photo`` (a phone photo: the page on a desk,
off-axis, uneven light, JPEG) and ``photo_turned`` (the same taken sideways). The
``--dpi`` list sets every style's resolution; each scenario meets its own skews.

For every wrong value (a line or tier of the truth that was missed, or one extracted
that the truth does not have), the table tells whether a warning points at it: a
finding on its page whose box meets the value's rows ("box"), or at least a finding
on its page ("page"). A wrong value with no warning at all is the worst outcome: the
column ``silencieuses`` counts them. Missed values take their page and box from the
extraction of the text PDF. Prints the time of each scan, per page, and its ratio to
the text PDF's extraction, measured in this process, and the angle each page was
straightened by (``redressée``: a page turned by a quarter must show it).
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
from tests.corpus.score import line_matches, score, tier_matches  # noqa: E402
from tests.pdfgen.build import build_all  # noqa: E402
from tests.pdfgen.scan import STYLES, scan  # noqa: E402
from tests.pdfgen.variations import by_name  # noqa: E402

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
    "coloured_grid_headings",  # blue rules, light blue and green fills
    "coloured_price_matrix",  # a matrix of two collectivity columns, in colour
    "coloured_matrix_small_amounts",  # three columns of amounts of a few euros
    "coloured_tiers_as_columns",  # tiers as columns, orange
)

ANGLES = (-1.5, 1.2, -0.8, 0.5, 1.5, -1.1, 0.9, -0.4)
"""Skews (degrees) taken in turn, so that each scenario meets several."""


def angle_for(index: int, dpi_index: int) -> float:
    return ANGLES[(3 * index + dpi_index) % len(ANGLES)]


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


def straightened(got: dict) -> str:
    """The angle (degrees) each scanned page was straightened by."""
    rotations = (got.get("source") or {}).get("rotations") or {}
    return " ".join(f"{rotations[k]:+.1f}" for k in sorted(rotations, key=int)) or "-"


def chosen_styles(args: argparse.Namespace) -> list[str]:
    names = [n for value in args.style or [] for n in value.split(",") if n]
    if args.dark and "dark" not in names:
        names.append("dark")
    unknown = [n for n in names if n not in STYLES]
    if unknown:
        raise SystemExit(f"style inconnu : {', '.join(unknown)} (styles : {', '.join(STYLES)})")
    return names or ["plain"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--dpi", default="300,200,150")
    parser.add_argument(
        "--style",
        action="append",
        help=f"style de numérisation, plusieurs possibles ({', '.join(STYLES)})",
    )
    parser.add_argument("--dark", action="store_true", help="comme --style dark")
    parser.add_argument("--keep", type=Path, help="dossier où garder PDF, scans et extractions")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv[1:])
    resolutions = [int(d) for d in args.dpi.split(",")]
    styles = chosen_styles(args)
    with tempfile.TemporaryDirectory(prefix="ocr-layouts-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        sources = build_all([by_name(n) for n in args.names], folder / "src")
        rows = []
        details = []
        per_style: dict[str, list[float]] = {s: [0.0, 0] for s in styles}
        total_start = time.perf_counter()
        for position, name in enumerate(args.names):
            # a scenario meets the same skews whether it runs alone or with all the others
            index = SCENARIOS.index(name) if name in SCENARIOS else position
            truth = json.loads((folder / "src" / f"{name}.truth.json").read_text("utf-8"))
            start = time.perf_counter()
            text = json.loads(
                extract(sources[name], settings=Settings(cache_dir=folder / "c")).to_json()
            )
            text_time = time.perf_counter() - start
            for style_name in styles:
                for dpi_index, dpi in enumerate(resolutions):
                    angle = angle_for(index, dpi_index)
                    style = replace(STYLES[style_name], dpi=dpi, skew=angle)
                    stem = f"{name}.{style_name}.{dpi}"
                    scanned = scan(sources[name], folder / f"{stem}.pdf", style)
                    start = time.perf_counter()
                    extraction = extract(
                        scanned,
                        settings=Settings(cache_dir=folder / "cache" / style_name / str(dpi)),
                    )
                    seconds = time.perf_counter() - start
                    got = json.loads(extraction.to_json())
                    if args.keep:
                        (folder / f"{stem}.json").write_text(
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
                    pages = got["source"].get("pages") or 1
                    per_style[style_name][0] += seconds
                    per_style[style_name][1] += pages
                    rows.append(
                        (
                            style_name,
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
                            f"{seconds / pages:.1f}",
                            f"{seconds / max(text_time, 1e-6):.0f}",
                            pages,
                            straightened(got),
                        )
                    )
                    for w in wrong:
                        details.append(
                            f"  {style_name} {name} {dpi} dpi {angle:+.1f}° p.{w['page']} "
                            f"{w['kind']:6} [{w['flag'] or 'SILENT'}] {short(w['item'])}"
                        )
                    if args.verbose:
                        for f in ocr_warnings:
                            details.append(
                                f"    {style_name} {name} {dpi}: {f['code']} p.{f['page']}: "
                                f"{f['message']}"
                            )
                        for k in result["meta_wrong"]:
                            details.append(
                                f"  {style_name} {name} {dpi}: meta {k} want "
                                f"{truth['deliberation'][k]!r} "
                                f"got {(got.get('deliberation') or {}).get(k)!r}"
                            )
                    print(" | ".join(str(c) for c in rows[-1]), file=sys.stderr, flush=True)
        total = time.perf_counter() - total_start
    header = (
        "style",
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
        "s/page",
        "× texte",
        "pages",
        "redressée",
    )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print()
    for style_name in styles:
        mine = [r for r in rows if r[0] == style_name]
        seconds, pages = per_style[style_name]
        print(
            f"{style_name} : {sum(1 for r in mine if r[7] == 'oui')}/{len(mine)} parfaites ; "
            f"{sum(r[9] for r in mine)} valeurs fausses dont {sum(r[11] for r in mine)} sans "
            f"alerte ; {seconds:.0f} s pour {pages} pages ({seconds / max(pages, 1):.1f} s/page)"
        )
    perfect = sum(1 for r in rows if r[7] == "oui")
    silent = sum(r[11] for r in rows)
    print(
        f"\n{perfect}/{len(rows)} numérisations parfaites ; {sum(r[9] for r in rows)} valeurs "
        f"fausses dont {silent} sans alerte ; {total:.0f} s en tout"
    )
    if details:
        print("\nvaleurs fausses :")
        print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
