"""The staff's file when it is broken or hostile: encodings, malformed CSV, absurd
populations, huge cells, formula-like names (pipeline/registry/overlay.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.errors import RegistryError
from pipeline.registry import load_registry
from pipeline.registry.overlay import CELL_CHARS, read_overlay

HEADER = "code_insee;nom;type;population;adresse\n"
ROWS = "62001;Ablain-Saint-Nazaire;commune;;\n62990;Écoivres-lès-Bourg;commune;1500;Rue Hélène\n"


def write(tmp_path: Path, data: bytes, name: str = "collectivites.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path) -> RegistryError:
    with pytest.raises(RegistryError) as caught:
        read_overlay(path)
    error = caught.value
    assert error.exit_code == 2
    assert str(error).startswith(path.name)
    assert "\n" not in str(error)
    return error


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252"], ids=["utf8", "utf8_bom", "windows"]
)
def test_utf8_with_or_without_bom_and_windows_are_read(tmp_path, encoding):
    rows = read_overlay(write(tmp_path, (HEADER + ROWS).encode(encoding)))
    assert [r.name for r in rows] == ["Ablain-Saint-Nazaire", "Écoivres-lès-Bourg"]
    assert rows[1].address == "Rue Hélène"
    assert rows[0].insee_code == "62001"  # the BOM is not part of the first header


def test_a_mac_file_is_refused_naming_the_file(tmp_path):
    error = refused(write(tmp_path, (HEADER + ROWS).encode("mac_roman")))
    assert "encodage non reconnu" in str(error)


def test_a_mac_file_with_undecodable_windows_bytes_is_refused(tmp_path):
    # « ç » and « è » in MacRoman are bytes that Windows-1252 does not define
    text = HEADER + "62990;Françoise-lès-Bourg;commune;1500;Rue Hélène\n"
    error = refused(write(tmp_path, text.encode("mac_roman")))
    assert "encodage non reconnu" in str(error)


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 40, b"PK\x03\x04" + bytes(range(1, 32)) * 50, "a;b\n".encode("utf-16")],
    ids=["bytes", "zip_like", "utf16"],
)
def test_a_binary_file_is_refused_naming_the_file(tmp_path, data):
    error = refused(write(tmp_path, data))
    assert "fichier binaire" in str(error) or "encodage non reconnu" in str(error)


def test_an_unterminated_quote_that_merges_rows_is_refused_with_its_row(tmp_path):
    text = (
        HEADER
        + '62001;"Ablain;commune;;\n62990;Écoivres;commune;1500;"\n62002;Achicourt;commune;;\n'
    )
    error = refused(write(tmp_path, text.encode()))
    assert error.row == 2 and "guillemet non fermé" in str(error)
    assert "ligne 2" in str(error)


def test_an_unterminated_quote_to_the_end_of_the_file_is_refused(tmp_path):
    text = HEADER + '62001;Ablain;commune;;\n62990;"Écoivres;commune;1500;\n62002;A;commune;;\n'
    error = refused(write(tmp_path, text.encode()))
    assert error.row == 3 and "fin du fichier" in str(error)


def test_a_quoted_address_on_two_lines_is_still_read(tmp_path):
    text = HEADER + '62990;Écoivres;commune;1500;"Mairie\n1 rue Haute"\n'
    (row,) = read_overlay(write(tmp_path, text.encode()))
    assert row.address == "Mairie\n1 rue Haute"


@pytest.mark.parametrize("population", ["100000000", "1e30", "-5", "10" * 40])
def test_populations_out_of_bounds_are_refused_with_row_and_column(tmp_path, population):
    text = HEADER + f"62001;Ablain;commune;;\n62990;Écoivres;commune;{population};\n"
    error = refused(write(tmp_path, text.encode()))
    assert (error.row, error.column) == (3, "population")
    assert "ligne 3, colonne « population »" in str(error)


def test_the_largest_population_below_the_limit_is_read(tmp_path):
    text = HEADER + "62990;Écoivres;commune;99999999;\n"
    assert read_overlay(write(tmp_path, text.encode()))[0].population == 99_999_999


def test_a_population_from_a_spreadsheet_float_is_bounded_too(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code_insee", "nom", "type", "population"])
    sheet.append(["62990", "Écoivres", "commune", 1e30])
    book.save(tmp_path / "c.xlsx")
    error = refused(tmp_path / "c.xlsx")
    assert (error.row, error.column) == (2, "population")


def test_a_population_of_zero_is_questioned_naming_the_row(tmp_path):
    text = HEADER + "62001;Ablain;commune;;\n62990;Écoivres;commune;0;\n"
    path = write(tmp_path, text.encode())
    rows = read_overlay(path)
    assert rows[1].population == 0 and rows[0].warnings == ()
    (warning,) = rows[1].warnings
    assert warning.startswith("collectivites.csv, ligne 3, colonne « population » : ")
    assert "0 habitant" in warning
    assert load_registry(path).warnings == [warning]


@pytest.mark.parametrize("size", [CELL_CHARS + 1, 200_000])
def test_a_huge_cell_is_refused_with_row_and_column(tmp_path, size):
    text = HEADER + f"62990;Écoivres;commune;1500;{'x' * size}\n"
    error = refused(write(tmp_path, text.encode()))
    assert error.row == 2 and "case trop longue" in str(error)


def test_a_huge_cell_in_a_workbook_is_refused(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code_insee", "nom", "type", "adresse"])
    sheet.append(["62990", "Écoivres", "commune", "x" * (CELL_CHARS + 1)])
    book.save(tmp_path / "c.xlsx")
    error = refused(tmp_path / "c.xlsx")
    assert (error.row, error.column) == (2, "adresse")


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x";"clic")', "+33 1", "-Lens", "@SUM(A1)"])
def test_a_name_like_a_formula_is_kept_as_plain_text(tmp_path, name):
    text = HEADER.replace(";", ",") + f'62990,"{name.replace(chr(34), chr(34) * 2)}",commune,1,\n'
    (row,) = read_overlay(write(tmp_path, text.encode()))
    assert row.name == name
