"""Milliseconds per devis: the whole issue (order sheet, matching, amounts, numbering in
the register, Word document) and the prepared renderer, against a plain docxtpl loop.

    python benchmarks/devis.py [N]

Issues the devis of the first N collectivités of the default registry (all 907 by
default) from one order sheet (three services each), both issuers, DOCX only, with the
approved 10 July 2025 tariffs (built from the corpus truth) in a temporary store. Then
renders the same devis again with the prepared templates alone, and with a plain
``DocxTemplate(path)``, ``render``, ``save`` per document, in the same process, and
prints ms per devis and the ratio.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.devis import render  # noqa: E402
from pipeline.devis.issue import Issuing, associated  # noqa: E402
from pipeline.devis.sheet import read_orders  # noqa: E402
from pipeline.registry import load_registry  # noqa: E402
from pipeline.render.engine import environment  # noqa: E402
from pipeline.settings import Settings, get_devis_settings  # noqa: E402
from pipeline.store import Store  # noqa: E402
from tests.devis.helpers import V2025, approve  # noqa: E402

DAY = dt.date(2025, 9, 1)
SERVICES = ("Messagerie compte 5 Go", "Nom de domaine", "Licence antivirus")


def order_sheet(folder: Path, count: int) -> Path:
    """One row per collectivité, one column per service: 1 to 5 accounts, a domain,
    1 to 3 antivirus licences."""
    rows = ["code;nom;" + ";".join(SERVICES)]
    for index, item in enumerate(load_registry()):
        if index == count:
            break
        rows.append(f"{item.code};{item.name};{1 + index % 5};1;{1 + index % 3}")
    path = folder / "commandes.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def issue(folder: Path, sheet: Path) -> tuple[float, list, int]:
    """Seconds for the whole issue, the devis written, and how many wait for a price."""
    config = Settings(
        db=folder / "pipeline.sqlite3",
        output_dir=folder / "output",
        templates_dir=ROOT / "templates",
        registers_dir=folder / "registres",
    )
    start = time.perf_counter()
    reading = read_orders(sheet, most=get_devis_settings().max_quantity)
    with Store(config.db) as store:
        run = Issuing(store, config, on=DAY, by="benchmark")
        outcomes = [run.order(order) for order in reading.orders]
        seconds = time.perf_counter() - start
        written = []
        for outcome in outcomes:
            for devis, _ in outcome.devis:
                if devis.complete:
                    written.append((devis, associated(store, devis)))
    waiting = sum(1 for o in outcomes for d, _ in o.devis if not d.complete)
    return seconds, written, waiting


def fast(written: list) -> float:
    start = time.perf_counter()
    templates = render.load_templates(ROOT / "templates")  # the one-off load is counted
    for devis, other in written:
        templates[devis.issuer].render(render.context(devis, other).variables())
    return time.perf_counter() - start


def plain(written: list) -> float:
    start = time.perf_counter()
    for devis, other in written:
        path = ROOT / "templates" / render.TEMPLATES[devis.issuer]
        template = DocxTemplate(str(path))
        template.render(
            render.context(devis, other).variables(), jinja_env=environment(), autoescape=True
        )
        template.save(io.BytesIO())
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 907
    with tempfile.TemporaryDirectory(prefix="devis-bench-") as work:
        folder = Path(work)
        approve(folder / "pipeline.sqlite3", V2025)
        seconds, written, waiting = issue(folder, order_sheet(folder, count))
        fast(written[:4])  # warm imports and caches for both
        plain(written[:4])
        slow_s, fast_s = plain(written), fast(written)
    done = len(written)
    print(f"{done} devis écrits ({count} collectivités, deux émetteurs ; {waiting} à chiffrer)")
    print(f"émission complète      : {seconds * 1000 / done:7.2f} ms/devis "
          "(commande, prix, numéro, registre, document)")  # fmt: skip
    print(f"docxtpl, boucle simple : {slow_s * 1000 / done:7.2f} ms/devis")
    print(f"moteur préparé         : {fast_s * 1000 / done:7.2f} ms/devis")
    print(f"rapport                : {slow_s / fast_s:7.1f} fois plus rapide")


if __name__ == "__main__":
    main()
