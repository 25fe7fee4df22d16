"""The version commands, end to end on the corpus: run, approve, tariffs, diff, history."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import register
from pipeline.cli.app import app, err, out
from tests.conftest import CORPUS

register()

OLD = "2025-07-10_annexe2_tarifs.pdf"
NEW = "2026-03-19_annexe2_actualisation.pdf"
BROKEN = ("broken_truncated.pdf", "broken_password.pdf", "broken_not_a_pdf.pdf")


@pytest.fixture
def cli(workdir: Path):
    """Invoke a command in the work folder, with wide consoles (no wrapped cells)."""
    runner = CliRunner()
    widths = (out.width, err.width)
    out.width = err.width = 220

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    yield invoke
    out.width, err.width = widths


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def corpus_store(cli, workdir: Path):
    for name in (OLD, NEW, *BROKEN):
        shutil.copy(CORPUS / name, workdir / "deliberations" / name)
    return cli


def test_checked_by_scenario(corpus_store, workdir):
    cli = corpus_store
    before = folder_state(workdir / "deliberations")

    first = cli("run")
    assert first.exit_code == 2, first.output  # broken files failed
    assert "version n° 1 en attente" in first.output
    assert "version n° 2 en attente" in first.output
    assert "date d'effet 1er avril 2026 (date indiquée par la délibération)" in first.output
    for name in BROKEN:
        assert f"échec {name} : " in first.output
    assert "Bilan : 2 nouvelles versions en attente, 0 déjà reçu, 3 en échec." in first.output

    second = cli("run")
    assert second.exit_code == 0, second.output
    assert "Bilan : 0 nouvelle version en attente, 5 déjà reçus, 0 en échec." in second.output
    assert folder_state(workdir / "deliberations") == before

    # the 2025 version has a warning (the gap at 3 500 inhabitants): acknowledgement needed
    refused = cli("approve", "1", "--par", "Marie Dupont")
    assert refused.exit_code == 1
    assert "--accepter-avertissements" in refused.output
    assert cli("approve", "1", "--par", "Marie Dupont", "--accepter-avertissements").exit_code == 0
    refused = cli("approve", "2", "--by", "Marie Dupont")
    assert refused.exit_code == 1 and "Page internet" in refused.output
    approved = cli("approve", "2", "--by", "Marie Dupont", "--ack-warnings")
    assert approved.exit_code == 0, approved.output
    assert "s'appliquent à partir du 1er avril 2026" in approved.output
    assert "La version n° 1 reste applicable jusqu'au 31 mars 2026." in approved.output

    may = cli("tariffs", "--date", "2026-05-01")
    assert may.exit_code == 0, may.output
    assert "version n° 2" in may.output and "17,40\u00a0€" in may.output
    assert "1\u202f104,00\u00a0€" in may.output and "Page internet" not in may.output
    march = cli("tariffs", "--date", "25/03/2026")
    assert "version n° 1" in march.output and "16,80\u00a0€" in march.output
    assert "Page internet" in march.output and "14,00\u00a0€" in march.output
    assert "la version n° 2 s'appliquera à partir du 1er avril 2026" in march.output

    changes = cli("diff", "1", "2")
    assert changes.exit_code == 0, changes.output
    rows = {
        line.split("│")[4].strip(): line
        for line in changes.output.splitlines()
        if line.count("│") > 6
    }
    assert "supprimée" in rows["Page internet"]
    assert "ajoutée" in rows["Certificat 3 ans"] and "ajoutée" in rows["Renouvellement"]
    assert "+3,6\u202f%" in rows["Messagerie compte 5 Go"]
    assert "16,80\u00a0€" in rows["Messagerie compte 5 Go"]
    assert "+2,9\u202f%" in rows["Abonnement niveau 2"]
    assert cli("diff", "2").output == changes.output  # against the version it replaces

    history = cli("history")
    assert "remplacée par n° 2" in history.output and "approuvée" in history.output


def test_reject_and_history(corpus_store):
    cli = corpus_store
    cli("run")
    assert cli("reject", "1").exit_code == 2  # the reason is required
    rejected = cli("reject", "1", "--motif", "doublon", "--par", "Paul")
    assert rejected.exit_code == 0 and "rejetée par Paul : doublon" in rejected.output
    again = cli("approve", "1", "--accepter-avertissements")
    assert again.exit_code == 1 and "déjà rejetée" in again.output
    assert "rejetée" in cli("history").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tariffs", "--date", "31/02/2026"), "date invalide : « 31/02/2026 »"),
        (("tariffs", "--date", "demain"), "date invalide"),
        (("approve", "deux"), "numéro de version invalide"),
        (("diff", "1", "x"), "numéro de version invalide"),
    ],
)
def test_bad_arguments_are_one_french_line_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_version_and_empty_store(cli):
    result = cli("approve", "7")
    assert result.exit_code == 1 and "la version n° 7 n'existe pas" in result.output
    assert cli("tariffs", "--date", "2026-05-01").exit_code == 1
    assert "Aucune version enregistrée" in cli("history").output
    assert "Aucun PDF" in cli("run").output


def test_every_command_has_a_french_help_with_an_example(cli):
    for command in ("run", "watch", "tariffs", "approve", "reject", "history", "diff"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Exemple : pipeline " + command in result.output
