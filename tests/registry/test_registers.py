"""Public registers read in their published CSV formats (files in ``files/``, written in
those formats): the Répertoire national des élus (maires, conseillers communautaires)
and the Annuaire de l'administration of Service-public.fr (CSV export)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pipeline.errors import RegistryError
from pipeline.registry import load_registry
from pipeline.registry.registers import (
    DIRECTORY,
    MAYORS,
    PRESIDENTS,
    import_register,
    load_registers,
    read_register,
)

FILES = Path(__file__).resolve().parent / "files"
MAYORS_CSV = FILES / "elus-maires.csv"
COUNCILLORS_CSV = FILES / "elus-conseillers-communautaires-epci.csv"
DIRECTORY_CSV = FILES / "annuaire-administration.csv"
DAY = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def known():
    return load_registry().known()


def test_mayors_of_the_registry_communes_only(known):
    register = read_register(MAYORS_CSV, known, date=DAY)
    assert register.kind == MAYORS and register.rows == 5
    assert set(register.elected) == {"62001", "62041", "62489", "62765"}  # not Lille
    arras = register.elected["62041"]
    assert (arras.title, arras.first_name, arras.last_name, arras.role) == (
        "Mme",
        "Hélène",
        "MODÈLE",
        "Maire",
    )
    assert arras.since == dt.date(2026, 3, 27)
    assert register.date == DAY and register.date_given


def test_presidents_of_epci_only(known):
    register = read_register(COUNCILLORS_CSV, known, date=DAY)
    assert register.kind == PRESIDENTS
    assert set(register.elected) == {"200033579", "200018083"}
    arras = register.elected["200033579"]
    assert (arras.title, arras.name, arras.role) == ("Mme", "Claire PRÉSIDENTE-TEST", "Présidente")
    assert register.elected["200018083"].role == "Président"


def test_directory_keeps_main_mairies_epci_and_the_cdg(known):
    register = read_register(DIRECTORY_CSV, known, date=DAY)
    assert register.kind == DIRECTORY
    assert set(register.offices) == {"mairie:62001", "mairie:62041", "epci:200033579", "cdg:62"}
    mairie = register.offices["mairie:62001"]  # not the « mairie déléguée »
    assert mairie.address == "1 place de l'Église, 62153 Ablain-Saint-Nazaire"
    assert mairie.email == "mairie@ablain-exemple.fr"
    assert mairie.updated == dt.date(2026, 2, 12)
    # the street address, not the postal one (« Cedex »)
    assert (
        register.offices["mairie:62041"].address == "Hôtel de ville, Place des Héros, 62000 Arras"
    )


def test_older_files_with_three_digit_commune_codes(tmp_path, known):
    text = (
        MAYORS_CSV.read_text(encoding="utf-8").replace(";62001;", ";1;").replace(";62041;", ";41;")
    )
    path = tmp_path / "maires-ancien.csv"
    path.write_text(text, encoding="cp1252", errors="replace")
    register = read_register(path, known)
    assert {"62001", "62041"} <= set(register.elected)
    assert not register.date_given  # the file's own date


def test_import_then_load_then_fill_the_registry(tmp_path, known):
    folder = tmp_path / "registres"
    for path in (MAYORS_CSV, COUNCILLORS_CSV, DIRECTORY_CSV):
        import_register(path, folder, known, date=DAY)
    assert sorted(p.name for p in folder.iterdir()) == [
        "annuaire.json",
        "maires.json",
        "presidents-epci.json",
    ]
    registers = load_registers(folder)
    registry = load_registry(None, registers)
    commune = registry.find("62001")
    assert (commune.representative_title, commune.representative_name) == (
        "M.",
        "Jean-Marc EXEMPLE",
    )
    assert commune.representative_source.label.startswith("Répertoire national des élus")
    assert commune.representative_source.date == DAY
    assert commune.address == "1 place de l'Église, 62153 Ablain-Saint-Nazaire"
    assert commune.address_source.date_kind == "fiche mise à jour le"
    assert commune.address_source.date == dt.date(2026, 2, 12)
    epci = registry.find("200033579")
    assert epci.representative_role == "Présidente"
    assert epci.address.startswith("146 rue Saint-Aubert")
    assert registry.find("62002").representative_name is None  # not in the files


def test_the_staff_file_has_the_last_word(tmp_path, known):
    folder = tmp_path / "registres"
    import_register(MAYORS_CSV, folder, known, date=DAY)
    overlay = tmp_path / "collectivites.csv"
    overlay.write_text("code_insee;nom_representant\n62001;Autre Personne\n", encoding="utf-8")
    commune = load_registry(overlay, folder).find("62001")
    assert commune.representative_name == "Autre Personne"
    assert "collectivites.csv" in commune.representative_source.label


def test_warnings_for_missing_old_and_pre_election_registers(tmp_path, known):
    folder = tmp_path / "registres"
    import_register(MAYORS_CSV, folder, known, date=dt.date(2026, 1, 15))
    import_register(DIRECTORY_CSV, folder, known, date=dt.date(2025, 1, 15))
    warnings = load_registers(folder).warnings(
        on=dt.date(2026, 10, 1), elections=dt.date(2026, 3, 22), max_age_days=180
    )
    assert any("(maires)" in w and "antérieur aux élections municipales du 22 mars 2026" in w
               for w in warnings)  # fmt: skip
    assert any("présidents d'EPCI" in w and "non importé" in w for w in warnings)
    assert any("Annuaire" in w and "plus de 180 jours" in w for w in warnings)
    assert load_registers(None).warnings(on=DAY, elections=None, max_age_days=180)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("a;b;c\n1;2;3\n", "registre non reconnu"),
        ("", "fichier vide"),
    ],
)
def test_unknown_or_empty_files_are_refused(tmp_path, known, content, words):
    path = tmp_path / "autre.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=words) as caught:
        read_register(path, known)
    assert caught.value.exit_code == 2 and str(caught.value).startswith("autre.csv")


def test_a_file_without_any_row_of_the_registry_is_refused(tmp_path, known):
    path = tmp_path / "elus-maires-nord.csv"
    lines = MAYORS_CSV.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[-1]]) + "\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="aucune ligne"):
        import_register(path, tmp_path / "registres", known)
    assert not (tmp_path / "registres").exists()


def test_missing_and_not_csv(tmp_path, known):
    with pytest.raises(RegistryError, match="introuvable"):
        read_register(tmp_path / "absent.csv", known)
    other = tmp_path / "elus.xlsx"
    shutil.copy(MAYORS_CSV, other)
    with pytest.raises(RegistryError, match="CSV attendu"):
        read_register(other, known)


def test_a_damaged_imported_register_says_to_import_again(tmp_path):
    folder = tmp_path / "registres"
    folder.mkdir()
    (folder / "maires.json").write_text("{pas du json", encoding="utf-8")
    with pytest.raises(RegistryError, match="importez-le de nouveau"):
        load_registers(folder)
