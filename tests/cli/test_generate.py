"""`pipeline generate` and `pipeline templates check` as the staff run them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.store import Store, new_owner
from tests.conftest import ROOT
from tests.store.factories import from_truth


def pipeline(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(workdir)},
    )


@pytest.fixture
def approved(workdir: Path) -> Path:
    """A project folder whose store holds the approved 10 July 2025 version."""
    data = b"%PDF-2025"
    sha = hashlib.sha256(data).hexdigest()
    with Store(workdir / "pipeline.sqlite3") as store:
        owner = new_owner()
        store.claim_file(sha256=sha, name="2025.pdf", content=data, owner=owner)
        version_id = store.add_version(
            sha256=sha, owner=owner, extraction=from_truth("2025-07-10_annexe2_tarifs")
        )
        store.approve(version_id, by="Test", acknowledge_warnings=True)
    return workdir


def test_templates_check(approved):
    done = pipeline(approved, "templates", "check")
    assert done.returncode == 0, done.stderr
    assert "convention_tripartite.docx : correct (version 1)" in done.stdout


def test_templates_check_names_an_unknown_variable(approved):
    from docx import Document

    document = Document()
    document.add_paragraph("{{ collectivite.maire }}")
    document.save(approved / "templates" / "annexe2_tarifs.docx")
    done = pipeline(approved, "templates", "check")
    assert done.returncode == 1
    assert "annexe2_tarifs.docx" in done.stderr and "collectivite.maire" in done.stderr
    assert "Traceback" not in done.stderr


def test_generate_one_then_nothing_to_do(approved):
    done = pipeline(approved, "generate", "62001", "--date", "2025-09-01")
    assert done.returncode == 0, done.stderr
    folder = approved / "output" / "2025-07-10-v1"
    assert (folder / "62001-ablain-saint-nazaire" / "annexe-2-tarifs.docx").is_file()
    assert "Collectivités avec convention : 1" in done.stdout
    with Store(approved / "pipeline.sqlite3") as store:
        assert {d.kind for d in store.documents(1)} == {"convention", "annexe"}
    again = pipeline(approved, "generate", "62001", "--date", "2025-09-01")
    assert again.returncode == 0
    with Store(approved / "pipeline.sqlite3") as store:
        assert len(store.documents(1)) == 2  # nothing new recorded


def test_generate_errors_are_one_french_line(approved):
    done = pipeline(approved, "generate", "99999")
    assert done.returncode == 2 and "collectivité inconnue" in done.stderr
    done = pipeline(approved, "generate", "62001", "--date", "2020-01-01")
    assert done.returncode == 1 and "aucune version tarifaire approuvée" in done.stderr
    done = pipeline(approved, "generate")
    assert done.returncode == 2
    (approved / "collectivites.csv").write_text("code_insee;population\n62001;beaucoup\n")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "generate", "62001", "--date", "2025-09-01"],
        capture_output=True,
        text=True,
        cwd=approved,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "PIPELINE_REGISTRY": "collectivites.csv",
        },
    )
    assert done.returncode == 2
    assert "collectivites.csv, ligne 2, colonne « population »" in done.stderr


def test_generate_all_communes(approved):
    done = pipeline(approved, "generate", "--all", "--date", "2025-09-01")
    assert done.returncode == 0, done.stderr
    folder = approved / "output" / "2025-07-10-v1"
    assert len(list(folder.glob("*/convention-tripartite.docx"))) == 907
    assert "Populations proches d'une borne de strate" in done.stdout
