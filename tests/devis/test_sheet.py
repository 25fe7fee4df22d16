"""Orders read from a CSV or XLSX sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.devis.sheet import read_orders
from pipeline.errors import OrderError


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_one_row_per_service(tmp_path):
    sheet = write_csv(
        tmp_path / "commandes.csv",
        "Code;Nom;Service;Quantité\n"
        "62001;Ablain;Messagerie compte 5 Go;3\n"
        "62001;Ablain;Nom de domaine;1\n"
        "\n"
        "62002;Ablainzevelle;Licence antivirus;2\n",
    )
    reading = read_orders(sheet, most=1000)
    assert not reading.errors
    assert [(o.code, [(i.name, i.quantity, i.row) for i in o.items]) for o in reading.orders] == [
        ("62001", [("Messagerie compte 5 Go", 3, 2), ("Nom de domaine", 1, 3)]),
        ("62002", [("Licence antivirus", 2, 5)]),
    ]


def test_one_row_per_collectivite_in_a_workbook(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code_insee", "nom", "Messagerie compte 5 Go", "Nom de domaine"])
    sheet.append([62001, "Ablain", 3, None])
    sheet.append(["62002", "Ablainzevelle", 1.0, 2])
    sheet.append(["62003", "Achicourt", None, None])
    book.save(tmp_path / "commandes.xlsx")
    reading = read_orders(tmp_path / "commandes.xlsx", most=1000)
    assert not reading.errors
    found = {o.code: [(i.name, i.quantity, i.column) for i in o.items] for o in reading.orders}
    assert found == {
        "62001": [("Messagerie compte 5 Go", 3, "Messagerie compte 5 Go")],
        "62002": [
            ("Messagerie compte 5 Go", 1, "Messagerie compte 5 Go"),
            ("Nom de domaine", 2, "Nom de domaine"),
        ],
        "62003": [],  # the accompaniment alone
    }


def test_a_bad_cell_sets_aside_its_collectivite_only(tmp_path):
    sheet = write_csv(
        tmp_path / "commandes.csv",
        "code;service;quantite\n"
        "62001;Messagerie compte 5 Go;3\n"
        "62002;Nom de domaine;2,5\n"
        "62002;Messagerie compte 5 Go;1\n"
        ";Nom de domaine;1\n"
        "62003;Nom de domaine;\n",
        encoding="cp1252",
    )
    reading = read_orders(sheet, most=1000)
    assert [o.code for o in reading.orders] == ["62001"]
    assert [str(e) for e in reading.errors] == [
        "commandes.csv, ligne 3, colonne « quantite » : quantité invalide : « 2,5 » (un nombre "
        "entier positif, ex. 3)",
        "commandes.csv, ligne 5, colonne « code » : code de la collectivité manquant",
        "commandes.csv, ligne 6, colonne « quantite » : quantité manquante pour « Nom de domaine »",
    ]
    assert all(e.exit_code == 2 for e in reading.errors)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("service;quantite\nNom de domaine;1\n", "il faut une colonne « code »"),
        ("code;service\n62001;Nom de domaine\n", "il faut une colonne « quantite »"),
        ("", "fichier vide"),
    ],
)
def test_a_sheet_that_cannot_be_read(tmp_path, text, message):
    sheet = write_csv(tmp_path / "commandes.csv", text)
    with pytest.raises(OrderError, match=message) as caught:
        read_orders(sheet, most=1000)
    assert caught.value.path == sheet and caught.value.exit_code == 2


def test_a_damaged_or_missing_file(tmp_path):
    (tmp_path / "commandes.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(OrderError, match="classeur illisible"):
        read_orders(tmp_path / "commandes.xlsx", most=10)
    with pytest.raises(OrderError, match="introuvable"):
        read_orders(tmp_path / "absent.csv", most=10)
    (tmp_path / "commandes.ods").write_bytes(b"x")
    with pytest.raises(OrderError, match="CSV ou XLSX"):
        read_orders(tmp_path / "commandes.ods", most=10)
