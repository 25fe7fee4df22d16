"""The parties' settings file (parametres/parties.toml) and its French errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.errors import PartiesError
from pipeline.parties import SHIPPED, load_parties, read_parties
from pipeline.render.variables import describe


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "parties.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_names_the_parties_and_the_deliberations():
    parties = read_parties(SHIPPED)
    assert parties.cdg.short == "CDG 62"
    assert parties.cdg.representative_name == "René HOCQ"
    assert parties.syndicat.name.startswith("Syndicat Mixte Nord Pas-de-Calais")
    assert parties.number_of(dt.date(2025, 7, 10)) == "2025/31"
    assert parties.date_of("2021/49") == dt.date(2021, 11, 23)
    assert parties.registers.last_municipal_elections == dt.date(2026, 3, 22)
    assert "syndicat.nom_representant" in parties.missing()


def test_the_project_file_is_used_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_parties().path == SHIPPED
    with pytest.raises(PartiesError, match="introuvable"):
        load_parties(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (('siren = ""', 'siren = "123"'), "cdg.siren", "SIREN invalide"),
        (('habilitation_date = ""', 'habilitation_date = "31/02/2025"'), "cdg.habilitation_date",
         "date invalide"),
        (('sigle = "CDG 62"', 'sigle = "CDG 62"\nmaire = "x"'), "cdg.maire", "clé inconnue"),
        (('nom = "Centre', 'nomm = "Centre'), "cdg.nom", "absente"),
    ],
)  # fmt: skip
def test_a_wrong_value_is_named(tmp_path, change, key, words):
    text = SHIPPED.read_text(encoding="utf-8").replace(*change, 1)
    with pytest.raises(PartiesError) as caught:
        read_parties(write(tmp_path, text))
    error = caught.value
    assert error.exit_code == 2 and words in str(error)
    assert str(error).startswith(f"parties.toml, « {key} »") or key == "cdg.nom"


def test_a_syntax_error_names_the_file(tmp_path):
    with pytest.raises(PartiesError, match="syntaxe incorrecte"):
        read_parties(write(tmp_path, "[cdg\nnom = "))


def test_templates_variables_shows_the_values_read():
    text = describe(read_parties(SHIPPED))
    assert (
        "cdg.representant_nom : civilité, prénom et nom, ou pointillés — valeur : « M. René HOCQ »"
        in text
    )
    assert "syndicat.sigle" in text and "La Fibre Numérique 59-62" in text
