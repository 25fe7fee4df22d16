"""The default registry, the staff's CSV/XLSX overlay, and its French errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.errors import RegistryError
from pipeline.registry import CollectivityKind, TariffBasis, load_registry
from pipeline.registry.overlay import read_overlay

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "templates" / "collectivites_exemple.csv"
HEADER = "code_insee;siren;nom;type;population;date_deliberation;courriel\n"


def write(tmp_path: Path, text: str, name: str = "collectivites.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_registry_has_the_communes_and_epci_of_the_pas_de_calais():
    registry = load_registry()
    kinds = [c.kind for c in registry]
    assert kinds.count(CollectivityKind.COMMUNE) == 887
    assert kinds.count(CollectivityKind.EPCI) == 20
    commune = registry.find("62001")
    assert commune.name == "Ablain-Saint-Nazaire"
    assert commune.figure("municipale", 2023).value == 1994
    assert commune.figure("totale", 2023) is None  # not in the millésime 2023 shipped
    assert commune.figure("totale", 2022).value == 2005
    assert commune.population_source.vintage == 2023  # the latest figure, for display
    assert registry.find("216200014") == commune  # by SIREN too
    epci = registry.find("200018083")
    assert epci.figure("municipale", 2022) and epci.figure("totale", 2022)
    assert epci.population("totale") == (epci.population_totale, "totale")


def test_unknown_code_is_a_registry_error():
    with pytest.raises(RegistryError, match="99999"):
        load_registry().find("99999")


def test_the_example_file_overrides_and_adds():
    registry = load_registry(EXAMPLE)
    commune = registry.find("62001")
    assert commune.representative_name == "Jean Exemple"
    assert commune.deliberation_date == dt.date(2026, 3, 15)
    assert commune.population_municipale == 1994  # untouched
    ccas = registry.find("266200013")
    assert ccas.kind is CollectivityKind.CCAS
    assert ccas.basis is TariffBasis.PUBLIC_ESTABLISHMENT
    assert registry.find("200018083").basis is TariffBasis.POPULATION
    assert len(registry) == 908


def test_population_from_the_staff_file_names_its_source(tmp_path):
    path = write(tmp_path, HEADER + "62001;;;;2100;;\n")
    commune = load_registry(path).find("62001")
    undated = [f for f in commune.populations if f.vintage is None]
    assert [(f.kind, f.value) for f in undated] == [("municipale", 2100)]
    assert "collectivites.csv" in undated[0].source
    assert commune.figure("municipale", 2023).value == 1994  # the shipped figure stays


def test_the_staff_file_gives_a_figure_of_a_vintage_with_its_source(tmp_path):
    path = write(
        tmp_path,
        "code_insee;population;type_population;millesime_population;source_population\n"
        "62001;2031;totale;2023;INSEE, populations légales 2023 (fichier du service)\n",
    )
    commune = load_registry(path).find("62001")
    figure = commune.figure("totale", 2023)
    assert figure.value == 2031 and figure.source.startswith("INSEE")


def test_xlsx_with_excel_types(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Code INSEE", "Nom", "Type", "Population", "Date délibération"])
    sheet.append(["62999", "Nouvelle-Commune", "Commune", 1234.0, dt.datetime(2026, 1, 5)])
    path = tmp_path / "collectivites.xlsx"
    book.save(path)
    item = load_registry(path).find("62999")
    assert item.population_municipale == 1234 and item.figure("municipale").vintage is None
    assert item.deliberation_date == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("62001;;;;mille;;", "population", "population invalide"),
        ("62001;;;;;31/02/2026;", "date_deliberation", "date invalide"),
        ("62001;;;;;;pas-un-courriel", "courriel", "adresse électronique"),
        (";123456789;;;;;", "siren", "clé de contrôle"),
        ("620;;;;;;", "code_insee", "code INSEE"),
        ("62998;;;;;;", "nom", "nom est requis"),
        ("62998;;Truc;musée;;;", "type", "type inconnu"),
    ],
)
def test_bad_rows_name_the_row_and_column(tmp_path, row, column, words):
    path = write(tmp_path, HEADER + "62002;;;;;;\n" + row + "\n")
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    error = caught.value
    assert (error.row, error.column) == (3, column)
    assert words in str(error)
    assert str(error).startswith("collectivites.csv, ligne 3, colonne")


def test_unknown_column_and_duplicates(tmp_path):
    with pytest.raises(RegistryError, match="colonne inconnue") as caught:
        read_overlay(write(tmp_path, "code_insee;maire\n62001;X\n"))
    assert (caught.value.row, caught.value.column) == (1, "maire")
    with pytest.raises(RegistryError, match="ligne 2") as caught:
        read_overlay(write(tmp_path, "code_insee\n62001\n62001\n"))
    assert caught.value.row == 3


def test_missing_file_and_format(tmp_path):
    with pytest.raises(RegistryError, match="introuvable"):
        load_registry(tmp_path / "absent.csv")
    with pytest.raises(RegistryError, match="CSV ou XLSX"):
        load_registry(write(tmp_path, "x", "collectivites.ods"))


def test_windows_csv_with_commas(tmp_path):
    path = tmp_path / "collectivites.csv"
    path.write_bytes("code_insee,nom_representant\r\n62001,Hélène Exemple\r\n".encode("cp1252"))
    assert load_registry(path).find("62001").representative_name == "Hélène Exemple"
