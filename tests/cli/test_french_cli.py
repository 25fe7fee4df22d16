"""The command line's own words (help, usage errors) are French, on one line."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["templates", "--help"]])
def test_help_is_french(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0
    assert result.stdout.startswith("Utilisation : pipeline")
    assert "Affiche cette aide et quitte." in result.stdout
    assert "Show this message" not in result.stdout
    assert "Usage:" not in result.stdout


def test_no_arguments_shows_the_help() -> None:
    result = run()
    assert result.returncode == 0
    assert "Commandes" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["extract"], "argument manquant : FICHIER.PDF"),
        (["extract", "--foo", "x.pdf"], "option inconnue : --foo"),
        (["nope"], "commande inconnue : « nope »"),
        (["approve"], "argument manquant : VERSION"),
        (["export", "1", "--format", "pdf"], "valeur invalide pour --format : « pdf »"),
    ],
)
def test_usage_errors_are_one_french_line(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Erreur : ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
