"""``pipeline corriger``: values of a pending version corrected from the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli.test_versions import cli, corpus_store  # noqa: F401  (fixtures)


@pytest.fixture
def pending(corpus_store):  # noqa: F811
    """The corpus read: version 1 (2025) and version 2 (2026), both pending."""
    assert corpus_store("run").exit_code == 2  # the broken files of the corpus
    return corpus_store


def test_without_a_change_the_lines_are_listed_with_their_numbers(pending):
    shown = pending("corriger", "2")
    assert shown.exit_code == 0, shown.output
    assert "Version n° 2 (en attente d'approbation)" in shown.output
    row = next(r for r in shown.output.splitlines() if "Nom de domaine" in r)
    assert row.split("│")[1].strip() == "3" and "16,20\u00a0€" in row
    assert "Aucune correction." in shown.output
    assert "Pour corriger : pipeline corriger 2 --ligne 3 --montant 12,50" in shown.output


def test_a_corrected_amount_is_shown_everywhere_as_corrected(pending, workdir):
    done = pending(
        "corriger", "2", "--ligne", "3", "--montant", "16,50", "--motif", "mal lu", "--par", "Marie"
    )
    assert done.exit_code == 0, done.output
    assert "Version n° 2 corrigée par Marie :" in done.output
    assert "ligne 3, tarif : 16,20\u00a0€ → 16,50\u00a0€" in done.output
    assert "Constats recalculés : 0 erreur" in done.output

    history = pending("history")
    assert "1 correction (Marie)" in history.output
    listed = pending("corriger", "2")
    assert "corrigé (tarif : avant 16,20\u00a0€)" in listed.output
    assert "ligne 3, tarif : 16,20\u00a0€ → 16,50\u00a0€" in listed.output

    assert pending("export", "2", "--format", "csv").exit_code == 0
    text = (workdir / "output/export/version-2.csv").read_text(encoding="utf-8-sig")
    rows = {r["Libellé"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["Nom de domaine"]["Tarif"] == "16,50"
    assert rows["Nom de domaine"]["Correction"].startswith(
        "tarif : 16,20\u00a0€ → 16,50\u00a0€ (Marie"
    )

    approved = pending("approve", "1", "--par", "Paul", "--accepter-avertissements")
    assert approved.exit_code == 0
    changes = pending("diff", "2")
    row = next(r for r in changes.output.splitlines() if "Nom de domaine" in r)
    assert "16,50\u00a0€" in row and "n° 2 : corrigé (tarif : avant 16,20\u00a0€)" in row


def test_a_line_added_then_removed(pending):
    added = pending(
        "corriger", "2", "--ajouter-ligne", "Audit", "--montant", "90", "--unite", "Par audit",
        "--rubrique", "Sécurité", "--sous-rubrique", "Antivirus", "--motif", "oubliée",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "ligne 17 ajoutée : « Audit », 90,00\u00a0€, Par audit" in added.output
    removed = pending("corriger", "2", "--supprimer-ligne", "17", "--motif", "finalement non")
    assert removed.exit_code == 0, removed.output
    again = pending("corriger", "2", "--ligne", "17", "--montant", "1", "--motif", "x")
    assert again.exit_code == 1 and "a été supprimée" in again.output


def test_a_tier_and_the_dates(pending):
    done = pending(
        "corriger", "1", "--palier", "7", "--population-max", "3 500", "--cotisation", "350",
        "--motif", "3 500 inclus", "--par", "Marie",
    )  # fmt: skip
    assert done.exit_code == 1 and "déjà 350,00" in done.output  # all or nothing
    done = pending("corriger", "1", "--strate", "7", "--population-max", "3 500", "--motif", "x")
    assert done.exit_code == 0, done.output
    assert "strate 7, population maximale : 3\u202f499 → 3\u202f500" in done.output
    assert "tiers.gap" not in done.output and "3 500 habitants exactement" not in done.output
    dated = pending("corriger", "1", "--date-effet", "01/09/2025", "--motif", "date oubliée")
    assert dated.exit_code == 0, dated.output
    assert "Date d'effet : 1er septembre 2025 (date indiquée par la délibération)." in dated.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--ligne", "3", "--montant", "12,5x", "--motif", "x"), 2, "tarif invalide : « 12,5x »"),
        (("--ligne", "3", "--montant", "12"), 2, "le motif de la correction est obligatoire"),
        (("--ligne", "3", "--montant", "1", "--sur-devis", "--motif", "x"), 2, "s'excluent"),
        (("--ligne", "3", "--strate", "1", "--montant", "1", "--motif", "x"), 2, "une seule"),
        (("--montant", "12", "--motif", "x"), 2, "indiquez la ligne"),
        (("--ligne", "3", "--population-min", "4", "--motif", "x"), 2, "pour une strate"),
        (("--date-seance", "31/02/2026", "--motif", "x"), 2, "date invalide"),
        (("--ajouter-ligne", "Audit", "--montant", "1", "--motif", "x"), 2, "--unite"),
        (("--ligne", "99", "--montant", "12", "--motif", "x"), 1, "pas de ligne n° 99"),
        (("--ligne", "3", "--montant", "16,20", "--motif", "x"), 1, "déjà 16,20"),
        (("--ligne", "3", "--libelle", "", "--motif", "x"), 1, "ne peut pas être vide"),
    ],
)
def test_exit_codes_and_one_french_line(pending, args, code, message):
    result = pending("corriger", "2", *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_approved_or_unknown_version_is_refused(pending):
    pending("approve", "1", "--par", "Paul", "--accepter-avertissements")
    refused = pending("corriger", "1", "--ligne", "1", "--montant", "1", "--motif", "x")
    assert refused.exit_code == 1
    assert "une version approuvée ne se corrige plus" in refused.output
    assert pending("corriger", "9", "--ligne", "1", "--montant", "1", "--motif", "x").exit_code == 1


def test_four_eyes_asks_another_person_to_approve(pending, monkeypatch):
    monkeypatch.setenv("PIPELINE_FOUR_EYES", "1")
    pending("corriger", "1", "--strate", "7", "--population-max", "3500", "--motif", "x",
            "--par", "Marie Dupont")  # fmt: skip
    refused = pending("approve", "1", "--par", "Marie Dupont", "--accepter-avertissements")
    assert refused.exit_code == 1
    assert "corrigée par Marie Dupont : une autre personne doit l'approuver" in refused.output
    assert "relancez avec --accepter-avertissements" not in refused.output
    approved = pending("approve", "1", "--par", "Paul Martin", "--accepter-avertissements")
    assert approved.exit_code == 0, approved.output


def test_the_help_is_in_french_with_an_example(pending):
    result = pending("corriger", "--help")
    assert result.exit_code == 0
    assert "Exemple : pipeline corriger 2 --ligne 3 --montant 12,50" in result.output
    assert "--supprimer-ligne" in result.output and "Codes de sortie" in result.output


def test_the_chain_of_corrections_is_verified(pending, workdir: Path):
    pending("corriger", "2", "--ligne", "3", "--montant", "16,50", "--motif", "x")
    result = pending("verifier")
    assert result.exit_code == 0
    assert "Chaîne des décisions intacte : 0 décision vérifiée, 1 correction vérifiée." in (
        result.output
    )
