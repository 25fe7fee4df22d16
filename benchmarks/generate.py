"""Generation speed: the renderer per document, then the whole command, Word and PDF.

    python benchmarks/generate.py [N]                       # the renderer, N communes (100)
    python benchmarks/generate.py --commande [--pdf] [--collectivites K]

The renderer: the two shipped templates for the first N communes of the default
registry with the approved 10 July 2025 tariffs (built from the corpus truth, so no
store is needed), both ways, in the same process: ms per document for the prepared
renderer and for a plain docxtpl loop (``DocxTemplate(path)``, ``render``, ``save``
per document).

The command (``--commande``): in a scratch folder where the reference deliberation was
read and approved (``pipeline run``, ``pipeline approve 1``), ``python -m pipeline
generate --all`` timed as a person runs it (a fresh output folder, then again with
nothing changed); with ``--pdf``, ``generate --all --pdf`` on a fresh output folder,
then plain ``soffice --headless --convert-to pdf`` over the same DOCX files (copied
under unique names first, not timed), as a reference: BATCH files a launch, since one
launch given all 1 814 files converts the first 247 or so and stops without a word.
``--collectivites K``: the first K collectivités instead of all.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.registry import load_registry, place  # noqa: E402
from pipeline.render.assemble import assemble  # noqa: E402
from pipeline.render.engine import FastTemplate, environment  # noqa: E402
from pipeline.render.pdf import BATCH  # noqa: E402
from tests.render.helpers import version_2025  # noqa: E402

TEMPLATES = [
    ROOT / "templates" / "convention_tripartite.docx",
    ROOT / "templates" / "annexe2_tarifs.docx",
]
DATE = "2025-09-01"
"""The documents' date: the 2025 tariffs in force."""
REFERENCE = ROOT / "deliberations" / "2025-07-10_annexe2_tarifs.pdf"


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


def renderer(count: int) -> None:
    context_list = contexts(count)
    documents = len(context_list) * len(TEMPLATES)
    fast(context_list[:2])  # warm imports and caches for both
    plain(context_list[:2])
    slow_s, fast_s = plain(context_list), fast(context_list)
    print(f"{documents} documents ({len(context_list)} collectivités × {len(TEMPLATES)} modèles)")
    print(f"docxtpl, boucle simple : {slow_s * 1000 / documents:7.2f} ms/document")
    print(f"moteur préparé         : {fast_s * 1000 / documents:7.2f} ms/document")
    print(f"rapport                : {slow_s / fast_s:7.1f} fois plus rapide")


# --- the whole command --------------------------------------------------------------------


def project(folder: Path) -> Path:
    """A project folder as after the week's first steps: the reference deliberation
    read (``pipeline run``) and its version approved (``pipeline approve 1``)."""
    shutil.copytree(ROOT / "templates", folder / "templates")
    (folder / "deliberations").mkdir()
    shutil.copy(REFERENCE, folder / "deliberations" / REFERENCE.name)
    timed([sys.executable, "-m", "pipeline", "run"], folder)
    approve = ["approve", "1", "--par", "Banc d'essai", "--accepter-avertissements"]
    timed([sys.executable, "-m", "pipeline", *approve], folder)
    return folder


def timed(command: list[str], folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and all it started)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    environment["PYTHONPATH"] = str(ROOT)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"échec de {' '.join(command[:4])}… : {done.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def line(label: str, wall: float, cpu: float, documents: int) -> None:
    print(
        f"{label:44s} {wall:7.1f} s  ({cpu:6.1f} s de processeur, "
        f"{wall * 1000 / max(documents, 1):6.1f} ms/document)"
    )


def command(with_pdf: bool, limit: int | None) -> None:
    with tempfile.TemporaryDirectory(prefix="banc-generate-") as scratch:
        folder = project(Path(scratch))
        codes = [c.code for c in load_registry()][:limit] if limit else []
        which = codes or ["--all"]
        generate = [sys.executable, "-m", "pipeline", "generate", *which, "--date", DATE]
        output = folder / "output"
        first = timed(generate, folder)
        documents = len(list(output.glob("*/*/*.docx")))
        print(f"{documents} documents Word ({len(codes) or 'toutes les'} collectivités)")
        line("generate (Word), dossier de sortie vide", *first, documents)
        line("generate (Word), relancée sans changement", *timed(generate, folder), documents)
        if not with_pdf:
            return
        shutil.rmtree(output)
        line(
            "generate --pdf (Word et PDF), dossier vide",
            *timed([*generate, "--pdf"], folder),
            documents,
        )
        copies = folder / "soffice-entree"
        copies.mkdir()
        for index, docx in enumerate(sorted(output.glob("*/*/*.docx"))):
            shutil.copyfile(docx, copies / f"{index:05d}.docx")
        names = [str(p) for p in sorted(copies.glob("*.docx"))]
        soffice = shutil.which("soffice") or "soffice"
        profile = f"-env:UserInstallation={(folder / 'profil').as_uri()}"
        wall = cpu = 0.0
        for start in range(0, len(names), BATCH):  # one soffice stops after a few hundred
            batch = names[start : start + BATCH]
            spent = timed([soffice, profile, "--headless", "--convert-to", "pdf", *batch], copies)
            wall, cpu = wall + spent[0], cpu + spent[1]
        made = len(list(copies.glob("*.pdf")))
        launches = -(-len(names) // BATCH)
        plural = "s" if launches > 1 else ""
        line(f"soffice --convert-to pdf, {launches} lancement{plural}", wall, cpu, made)
        print(f"  ({made} PDF produits par soffice sur {len(names)} documents)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100, help="communes (moteur)")
    parser.add_argument("--commande", action="store_true", help="la commande entière")
    parser.add_argument("--pdf", action="store_true", help="avec les PDF (LibreOffice)")
    parser.add_argument("--collectivites", type=int, default=None, help="les K premières")
    options = parser.parse_args()
    if options.commande:
        command(options.pdf, options.collectivites)
    else:
        renderer(options.n)


if __name__ == "__main__":
    main()
