"""`pipeline devis` as the staff run it: one French line per problem, documented codes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from pipeline.french import long_date
from pipeline.store import Store
from tests.conftest import ROOT
from tests.devis.helpers import V2025, approve, docx_text, plain

TODAY = dt.date.today()
DAY = TODAY.strftime("%d/%m/%Y")
"""Devis of today (the 10 July 2025 prices apply): issued, not yet expired."""
YEAR = TODAY.year


def env(workdir: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(workdir),
        "PIPELINE_REGISTRY": "collectivites.csv",
        "COLUMNS": "200",  # tables on one line each
    }


def pipeline(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command's result, its output with plain spaces (:func:`plain`)."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=300,
        env=env(workdir),
    )
    done.stdout, done.stderr = plain(done.stdout), plain(done.stderr)
    return done


@pytest.fixture
def project(workdir: Path) -> Path:
    """The approved 10 July 2025 version; Ablain-Saint-Nazaire at 1 994 inhabitants."""
    approve(workdir / "pipeline.sqlite3", V2025)
    (workdir / "collectivites.csv").write_text(
        "code_insee;population;type_population;millesime_population\n62001;1994;totale;2022\n",
        encoding="utf-8",
    )
    return workdir


def test_issue_one_order_then_list_show_and_export(project):
    done = pipeline(
        project, "devis", "emettre", "62001", "--service", "Messagerie compte 5 Go : 3",
        "--service", "Nom de domaine : 1", "--service", "Licence antivirus : 2",
        "--date", DAY, "--par", "Marie Dupont",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"n° FN5962-{YEAR}-0001 (" in done.stdout and "99,60 € TTC par an" in done.stdout
    assert f"n° CDG62-{YEAR}-0001 (" in done.stdout and "200,00 € TTC par an" in done.stdout
    folder = project / "output" / "devis" / str(YEAR)
    assert {p.name for p in folder.iterdir()} == {
        f"FN5962-{YEAR}-0001-ablain-saint-nazaire.docx",
        f"CDG62-{YEAR}-0001-ablain-saint-nazaire.docx",
    }
    assert "Devis émis : 2 ; déjà émis : 0" in done.stdout

    again = pipeline(project, "devis", "emettre", "62001", "--service", "Nom de domaine : 1",
                     "--service", "Messagerie compte 5 Go : 3", "--service",
                     "Licence antivirus : 2", "--date", DAY)  # fmt: skip
    assert again.returncode == 0 and "déjà émis : 2" in again.stdout

    listed = pipeline(project, "devis", "liste", "--emetteur", "cdg")
    assert f"CDG62-{YEAR}-0001" in listed.stdout and "FN5962" not in listed.stdout
    shown = pipeline(project, "devis", "voir", f"fn5962-{YEAR}-1")
    assert shown.returncode == 0 and "Marie Dupont : créé" in shown.stdout
    assert "3 × 16,80 € = 50,40 € TTC" in shown.stdout

    exported = pipeline(project, "devis", "export", "--sortie", "registre.csv")
    assert exported.returncode == 0, exported.stderr
    assert f"FN5962-{YEAR}-0001" in (project / "registre.csv").read_text(encoding="utf-8-sig")


def test_an_order_sheet_with_bad_rows(project):
    (project / "commandes.csv").write_text(
        "code;service;quantite\n"
        "62001;Messagerie compte 5 Go;3\n"
        "62002;Licence;2\n"
        "62003;Nom de domaine;zéro\n"
        "62004;Nom de domaine;1\n",
        encoding="utf-8",
    )
    done = pipeline(project, "devis", "emettre", "--commande", "commandes.csv", "--date", DAY)
    assert done.returncode == 2
    errors = [x for x in done.stderr.splitlines() if x.startswith("Erreur")]
    assert errors == [
        "Erreur : commandes.csv, ligne 3, colonne « service » : service ambigu : « Licence » "
        "désigne plusieurs lignes (« Antivirus — Licence » ; « Gestionnaire de mots de passe "
        "— Licence ») : précisez-le",
        "Erreur : commandes.csv, ligne 4, colonne « quantite » : quantité invalide : « zéro » "
        "(un nombre entier positif, ex. 3)",
    ]
    assert "Devis émis : 4 ; déjà émis : 0 ; commandes écartées : 2." in done.stdout
    with Store(project / "pipeline.sqlite3") as store:
        assert {d.collectivity_code for d in store.devis.listing()} == {"62001", "62004"}


def test_a_city_priced_accepted_then_its_convention(project):
    done = pipeline(project, "devis", "emettre", "62041", "--date", DAY, "--par", "Marie")
    assert done.returncode == 0, done.stderr
    assert f"à chiffrer : devis n° CDG62-{YEAR}-0001, ligne 1" in done.stderr
    assert not (project / "output" / "devis").exists()

    refused = pipeline(project, "devis", "accepter", f"CDG62-{YEAR}-0001", "--date", DAY)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"Erreur : le devis n° CDG62-{YEAR}-0001 est à chiffrer : impossible de l'accepter"
    )
    bad = pipeline(project, "devis", "chiffrer", f"CDG62-{YEAR}-0001", "--montant", "beaucoup",
                   "--motif", "x")  # fmt: skip
    assert bad.returncode == 2 and "montant invalide : « beaucoup »" in bad.stderr

    priced = pipeline(project, "devis", "chiffrer", f"CDG62-{YEAR}-0001", "--montant", "4 200,00 €",
                      "--motif", "43 496 habitants : barème", "--par", "Paul")  # fmt: skip
    assert priced.returncode == 0, priced.stderr
    assert "(émis, 4 200,00 € TTC par an)" in priced.stdout
    text = docx_text(project / "output" / "devis" / str(YEAR) / f"CDG62-{YEAR}-0001-arras.docx")
    assert "quatre mille deux cents euros TTC" in text and "43 496 habitants : barème" in text

    accepted = pipeline(project, "devis", "accepter", f"CDG62-{YEAR}-0001", "--date", DAY)
    assert accepted.returncode == 0 and f"accepté le {long_date(TODAY)}" in accepted.stdout
    generated = pipeline(project, "generate", "62041", "--date", DAY)
    assert generated.returncode == 0, generated.stderr
    convention = project / "output" / "2025-07-10-v1" / "62041-arras" / "convention-tripartite.docx"
    text = plain(" ".join(p.text for p in Document(convention).paragraphs))
    assert "s'élève à 4 200 € (quatre mille deux cents euros)" in text


def test_errors_are_one_french_line(project):
    for args, code, message in (
        (("devis", "emettre", "62001", "--commande", "x.csv"), 2, "l'un ou l'autre"),
        (("devis", "emettre", "62001", "--service", "Nom de domaine"), 2, "service mal écrit"),
        (("devis", "emettre", "62001", "--date", "2020-01-01"), 1, "aucune version tarifaire"),
        (("devis", "voir", f"CDG62-{YEAR}-0099"), 1, f"devis inconnu : « CDG62-{YEAR}-0099 »"),
        (("devis", "refuser", f"CDG62-{YEAR}-0001", "--motif", "x"), 1, "devis inconnu"),
        (("devis", "liste", "--statut", "perdu"), 2, "statut inconnu"),
        (("devis", "emettre", "--commande", "absent.csv"), 2, "absent.csv : bon de commande"),
    ):
        done = pipeline(project, *args)
        assert done.returncode == code, (args, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_two_commands_at_once_never_share_a_number(project):
    for side, codes in (("a", range(1, 21)), ("b", range(21, 41))):
        rows = "".join(f"620{n:02d};Nom de domaine;1\n" for n in codes)
        (project / f"{side}.csv").write_text("code;service;quantite\n" + rows, encoding="utf-8")
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "pipeline", "devis", "emettre", "--commande", f"{side}.csv",
             "--date", DAY],
            cwd=project, env=env(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for side in ("a", "b")
    ]  # fmt: skip
    for process in running:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode in (0, 2), stderr  # a code missing from the registry is fine
        assert "Traceback" not in stderr
    with Store(project / "pipeline.sqlite3") as store:
        found = store.devis.listing()
    numbers = [d.number for d in found]
    assert len(numbers) == len(set(numbers)) > 40
    for prefix in ("FN5962", "CDG62"):
        ranks = sorted(int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(prefix))
        assert ranks == list(range(1, len(ranks) + 1))
    assert os.path.isdir(project / "output" / "devis" / str(YEAR))
