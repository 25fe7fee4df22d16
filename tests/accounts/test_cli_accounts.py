"""``pipeline compte``: create, list, disable, enable, change the password."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pipeline.accounts import Accounts
from pipeline.cli import register
from pipeline.cli.app import app

register()


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def test_create_list_disable_enable(workdir: Path):
    made = invoke(
        "compte", "creer", "mdupont", "--nom", "Marie Dupont", "--role", "juriste",
        "--mot-de-passe-stdin", input="une phrase de passe\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "Compte « mdupont » créé pour Marie Dupont, rôle juriste." in made.output
    listed = invoke("compte", "liste")
    assert (
        "mdupont" in listed.output and "Marie Dupont" in listed.output and "actif" in listed.output
    )
    assert invoke("compte", "desactiver", "mdupont").exit_code == 0
    assert "désactivé" in invoke("compte", "liste").output
    assert invoke("compte", "reactiver", "mdupont").exit_code == 0
    changed = invoke(
        "compte", "mot-de-passe", "mdupont", "--mot-de-passe-stdin", input="nouvelle phrase\n"
    )
    assert changed.exit_code == 0
    with Accounts(workdir / "pipeline.sqlite3") as accounts:
        assert accounts.authenticate("mdupont", "nouvelle phrase").name == "Marie Dupont"


def test_refusals_and_their_exit_codes(workdir: Path):
    short = invoke(
        "compte", "creer", "x1", "--role", "juriste", "--mot-de-passe-stdin", input="court\n"
    )
    assert short.exit_code == 1 and "mot de passe trop court" in short.output
    role = invoke("compte", "creer", "x1", "--role", "chef", "--mot-de-passe-stdin", input="a" * 12)
    assert role.exit_code == 2 and "rôle inconnu : « chef »" in role.output
    unknown = invoke("compte", "desactiver", "personne")
    assert unknown.exit_code == 1 and "aucun compte « personne »" in unknown.output
    assert "Aucun compte" in invoke("compte", "liste").output


def test_the_help_is_in_french_with_an_example(workdir: Path):
    shown = invoke("compte", "creer", "--help")
    assert shown.exit_code == 0
    assert "Exemple : pipeline compte creer mdupont" in shown.output
