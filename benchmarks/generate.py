"""Milliseconds per document: the fast renderer against a plain docxtpl loop.

    python benchmarks/generate.py [N]

Renders the two shipped templates for the first N communes (default 100) of the
default registry with the approved 10 July 2025 tariffs (built from the corpus truth,
so no store is needed), both ways, in the same process, and prints ms per document
and the ratio. The plain loop is ``DocxTemplate(path)``, ``render``, ``save`` per
document.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.registry import load_registry, place  # noqa: E402
from pipeline.render.assemble import assemble  # noqa: E402
from pipeline.render.engine import FastTemplate, environment  # noqa: E402
from tests.render.helpers import version_2025  # noqa: E402

TEMPLATES = [
    ROOT / "templates" / "convention_tripartite.docx",
    ROOT / "templates" / "annexe2_tarifs.docx",
]


def contexts(count: int) -> list[dict]:
    version = version_2025()
    found = []
    for item in load_registry():
        placement = place(item, version.extraction.strata)
        if placement.tier is not None:
            found.append(assemble(placement, version).variables())
        if len(found) == count:
            break
    return found


def plain(context_list: list[dict]) -> float:
    start = time.perf_counter()
    for context in context_list:
        for path in TEMPLATES:
            template = DocxTemplate(str(path))
            template.render(context, jinja_env=environment(), autoescape=True)
            template.save(io.BytesIO())
    return time.perf_counter() - start


def fast(context_list: list[dict]) -> float:
    start = time.perf_counter()
    templates = [FastTemplate(path) for path in TEMPLATES]  # the one-off load is counted
    for context in context_list:
        for template in templates:
            template.render(context)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    context_list = contexts(count)
    documents = len(context_list) * len(TEMPLATES)
    fast(context_list[:2])  # warm imports and caches for both
    plain(context_list[:2])
    slow_s, fast_s = plain(context_list), fast(context_list)
    print(f"{documents} documents ({len(context_list)} collectivités × {len(TEMPLATES)} modèles)")
    print(f"docxtpl, boucle simple : {slow_s * 1000 / documents:7.2f} ms/document")
    print(f"moteur préparé         : {fast_s * 1000 / documents:7.2f} ms/document")
    print(f"rapport                : {slow_s / fast_s:7.1f} fois plus rapide")


if __name__ == "__main__":
    main()
