"""`pipeline registres importer` and `pipeline registres` as the staff run them, then
`pipeline generate` reading what was imported."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from pipeline.store import Store, new_owner
from tests.conftest import ROOT
from tests.render.helpers import read_truth

FILES = Path(__file__).resolve().parent / "files"


def pipeline(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(workdir)}
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=300,
        env=env,
    )


def test_import_list_and_generate_with_the_registers(workdir):
    done = pipeline(workdir, "registres", "importer", str(FILES / "elus-maires.csv"),
                    str(FILES / "annuaire-administration.csv"), "--date", "15/04/2026")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "fichier du 15 avril 2026" in done.stdout
    assert (workdir / "registres" / "maires.json").is_file()

    listed = pipeline(workdir, "registres")
    assert listed.returncode == 0
    assert "Répertoire national des élus (maires), fichier du 15 avril 2026" in listed.stdout
    assert "présidents d'EPCI) : non importé" in listed.stderr

    refused = pipeline(workdir, "registres", "importer", str(FILES / ".." / "__init__.py"))
    assert refused.returncode == 2 and "CSV attendu" in refused.stderr
    assert "Traceback" not in refused.stderr

    data = b"%PDF-2025"
    sha = hashlib.sha256(data).hexdigest()
    with Store(workdir / "pipeline.sqlite3") as store:
        owner = new_owner()
        store.claim_file(sha256=sha, name="2025.pdf", content=data, owner=owner)
        version = store.add_version(
            sha256=sha, owner=owner, extraction=read_truth("2025-07-10_annexe2_tarifs")
        )
        store.approve(version, by="Test", acknowledge_warnings=True)
    done = pipeline(workdir, "generate", "62001", "--date", "2026-06-01")
    assert done.returncode == 0, done.stderr
    assert "Documents au 1er juin 2026" in done.stdout
    assert "présidents d'EPCI) : non importé" in done.stdout
    from docx import Document

    folder = workdir / "output" / "2025-07-10-v1" / "62001-ablain-saint-nazaire"
    text = " ".join(p.text for p in Document(folder / "convention-tripartite.docx").paragraphs)
    assert "Jean-Marc EXEMPLE" in text
    assert os.environ.get("PIPELINE_REGISTERS_DIR") is None


def test_templates_variables_reads_the_parties_file(workdir):
    done = pipeline(workdir, "templates", "variables")
    assert done.returncode == 0
    assert "Parties lues dans" in done.stdout and "« M. René HOCQ »" in done.stdout
    (workdir / "parametres").mkdir()
    (workdir / "parametres" / "parties.toml").write_text("[cdg]\nnom = 1\n", encoding="utf-8")
    done = pipeline(workdir, "templates", "variables")
    assert done.returncode == 2 and "parties.toml" in done.stderr
