"""`pipeline adhesions …` and `pipeline impact N`, as the staff type them."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import register
from pipeline.cli.app import app, err, out
from tests.adhesions import conftest as adhesions
from tests.adhesions.conftest import REGISTER

register()

corpus_store = adhesions.corpus_store
project = adhesions.project


@pytest.fixture
def cli(project):
    runner = CliRunner()
    widths = (out.width, err.width)
    out.width = err.width = 240

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    yield invoke
    out.width, err.width = widths


def test_import_twice_changes_nothing(cli):
    result = cli("adhesions", "importer", str(REGISTER))
    assert result.exit_code == 0, result.output
    assert "40 adhésions lue(s) ; 0 nouvelle(s), 0 mise(s) à jour, 40 inchangée(s)" in result.output


def test_a_bad_row_is_one_french_line_with_exit_2(cli, tmp_path):
    bad = tmp_path / "adhesions.csv"
    bad.write_text("code_insee;date_signature\n62001;le 3 mars\n", encoding="utf-8")
    result = cli("adhesions", "importer", str(bad))
    assert result.exit_code == 2
    assert "adhesions.csv, ligne 2, colonne « date_signature » : date invalide" in result.output
    assert "Traceback" not in result.output


def test_sign_leave_and_list(cli):
    result = cli(
        "adhesions", "signer", "62001", "--date", "15/04/2026", "--service", "Antivirus › Licence=5"
    )
    assert result.exit_code == 0, result.output
    assert "Antivirus › Licence × 5" in result.output
    result = cli("adhesions", "quitter", "62001", "--date", "31/12/2026", "--motif", "résiliation")
    assert result.exit_code == 0 and "terminée le 31 décembre 2026" in result.output
    result = cli("adhesions", "quitter", "62001", "--date", "01/02/2027", "--motif", "x")
    assert result.exit_code == 1 and "pas d'adhésion en cours" in result.output
    listed = cli("adhesions", "liste", "--date", "01/05/2026")
    assert "Ablain-Saint-Nazaire" in listed.output and "Airon-Saint-Vaast" not in listed.output


def test_impact_shows_exports_and_writes_the_letters(cli, project, tmp_path):
    target = tmp_path / "impact.xlsx"
    result = cli(
        "impact", "2", "--export", str(target), "--courriers", "--date-courrier", "25/03/2026"
    )
    assert result.exit_code == 0, result.output
    assert "Adhérents concernés" in result.output and "Adhérents non concernés" in result.output
    assert "Airon-Saint-Vaast (62016, 31 décembre 2025)" in result.output
    assert "Totaux annuels — CDG" in result.output
    assert load_workbook(target).sheetnames[0] == "Concernées"
    folder = project.output_dir / "courriers"
    (version_folder,) = list(folder.iterdir())
    assert (version_folder / "manifest.csv").is_file()
    again = cli("impact", "2", "--courriers", "--date-courrier", "25/03/2026")
    assert " 0 écrit(s)" in again.output


def test_impact_of_an_unknown_version_or_a_bad_export(cli, tmp_path):
    assert cli("impact", "9").exit_code == 1
    result = cli("impact", "2", "--export", str(tmp_path / "impact.ods"))
    assert result.exit_code == 2 and "format d'export inconnu" in result.output
