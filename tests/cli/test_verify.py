"""``pipeline verifier``: exit 0 and a count when the chain of decisions is intact, exit 1
and the first broken link when an approval was edited directly in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import register
from pipeline.cli.app import app
from pipeline.settings import get_settings
from pipeline.store import Store
from tests.store.test_store_decisions import add

register()


@pytest.fixture
def db(workdir: Path) -> Path:
    path = get_settings().db
    with Store(path) as store:
        first, second, _ = (add(store, f"d{n}.pdf") for n in range(3))
        store.approve(first, by="Marie Dupont")
        store.reject(second, reason="doublon", by="Paul Martin")
    return path


def run(*args: str):
    return CliRunner().invoke(app, ["verifier", *args])


def test_an_intact_chain_exits_0(db):
    result = run()
    assert result.exit_code == 0, result.output
    assert "Chaîne des décisions intacte : 2 décisions vérifiées." in result.output


def test_an_approval_edited_in_the_database_exits_1_naming_the_version(db):
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE versions SET status = 'approved', decided_by = 'X' WHERE id = 3")
    conn.close()
    result = run()
    assert result.exit_code == 1, result.output
    assert "Chaîne des décisions rompue : version n° 3" in result.output
    assert "Traceback" not in result.output


def test_a_decision_edited_in_the_database_names_the_first_broken_link(db):
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE decisions SET decided_by = 'X' WHERE id = 1")
        conn.execute("UPDATE versions SET decided_by = 'X' WHERE id = 1")
    conn.close()
    result = run()
    assert result.exit_code == 1, result.output
    assert "décision n° 1 (approbation de la version n° 1)" in result.output


def test_the_help_is_in_french_with_an_example(workdir):
    result = CliRunner().invoke(app, ["verifier", "--help"])
    assert result.exit_code == 0
    assert "Exemple : pipeline verifier" in result.output
    assert "chaîne" in result.output
