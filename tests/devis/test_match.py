"""Which line of the version a service named in an order is."""

from __future__ import annotations

import pytest

from pipeline.devis.match import Matcher, NoMatch, normalise
from tests.render.helpers import version_2025
from tests.store.factories import line

LINES = version_2025().extraction.services


def found(name: str) -> tuple[str | None, str]:
    chosen = LINES[Matcher(LINES, ratio=0.85, margin=0.05, near=0.6).find(name)]
    return chosen.group, chosen.label


def test_normalise():
    assert normalise("  Go de stockage  Supplémentaire ") == "go de stockage supplementaire"
    assert normalise("Œuvre – « sœur »") == "oeuvre soeur"


@pytest.mark.parametrize(
    ("name", "group", "label"),
    [
        ("Messagerie compte 5 Go", "Messagerie", "Messagerie compte 5 Go"),
        ("MESSAGERIE COMPTE 5 GO", "Messagerie", "Messagerie compte 5 Go"),
        ("Nom de domaine", None, "Nom de domaine"),
        ("Licence antivirus", "Antivirus", "Licence"),
        ("Antivirus – licence", "Antivirus", "Licence"),
        ("licences gestionnaire de mots de passe", "Gestionnaire de mots de passe", "Licence"),
        ("stockage supplementaire", "Sauvegarde 60 Go + Partage de fichiers 5 Go",
         "Go de stockage Supplémentaire"),
        ("Messagrie compte illimité", "Messagerie", "Messagerie compte illimité"),
    ],
)  # fmt: skip
def test_names_that_designate_one_line(name, group, label):
    assert found(name) == (group, label)


def test_an_ambiguous_name_names_its_candidates():
    with pytest.raises(NoMatch) as caught:
        found("Licence")
    message = str(caught.value)
    assert "ambigu" in message
    assert "« Antivirus — Licence »" in message
    assert "« Gestionnaire de mots de passe — Licence »" in message


def test_a_misspelling_close_to_two_lines_is_ambiguous():
    with pytest.raises(NoMatch, match="ambigu"):
        found("Abonnement niveau")


def test_an_unknown_name():
    with pytest.raises(NoMatch, match="service inconnu : « Hébergement de site »"):
        found("Hébergement de site")


def test_an_empty_name():
    with pytest.raises(NoMatch, match="service vide"):
        found("  – ")


def test_the_closeness_is_a_setting():
    lines = [line("Messagerie compte 5 Go", "16.80"), line("Nom de domaine", "15.60")]
    lenient = Matcher(lines, ratio=0.5, margin=0.05, near=0.3)
    strict = Matcher(lines, ratio=0.99, margin=0.05, near=0.3)
    assert lenient.find("Mesagerie compt") == 0
    with pytest.raises(NoMatch, match="les plus proches : « Messagerie compte 5 Go »"):
        strict.find("Mesagerie compt")
