"""The staff's adhesions sheet: read, checked against the registry and the annexes,
every bad cell named by its row and column; an import recorded whole or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.adhesions import import_register, leave, services_of, sign
from pipeline.errors import AdhesionError, RegistryError
from pipeline.registry import load_registry
from pipeline.store import Store

HEADER = (
    "code_insee;siren;date_signature;annexe_du;sous_rubrique;prestation;quantite;date_fin;motif_fin"
)


def sheet(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "adhesions.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store(project):
    with Store(project.db) as opened:
        yield opened


@pytest.mark.parametrize(
    ("row", "line", "column", "words"),
    [
        ("62001;;31/02/2026;;;;;;", 2, "date_signature", "date invalide"),
        ("99999;;01/03/2026;;;;;;", 2, "code_insee", "inconnue du référentiel"),
        ("62001;;01/03/2026;;;Licence;2;;", 2, "prestation", "ambiguë"),
        ("62001;;01/03/2026;;;Télévision;1;;", 2, "prestation", "prestation inconnue"),
        ("62001;;01/03/2026;;;Nom de domaine;zéro;;", 2, "quantite", "quantité invalide"),
        ("62001;;01/03/2026;;;;;31/12/2026;", 2, "motif_fin", "sa date et son motif"),
        ("62001;;01/03/2026;7;;;;;", 2, "annexe_du", "version n° 7 inconnue"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(tmp_path, store, row, line, column, words):
    before = store.adhesions()
    with pytest.raises(RegistryError) as caught:
        import_register(store, sheet(tmp_path, "62002;;01/03/2026;;;;;;", row), load_registry())
    error = caught.value
    assert (error.row, error.column) == (line + 1, column)
    assert words in str(error) and "adhesions.csv, ligne" in str(error)
    assert store.adhesions() == before  # nothing recorded


def test_two_rows_of_one_adhesion_must_agree(tmp_path, store):
    path = sheet(
        tmp_path,
        "62001;;01/03/2026;10/07/2025;;Nom de domaine;1;;",
        "62001;;01/03/2026;23/11/2021;Antivirus;Licence;2;;",
    )
    with pytest.raises(RegistryError, match="contredit la ligne 2") as caught:
        import_register(store, path, load_registry())
    assert (caught.value.row, caught.value.column) == (3, "annexe_du")


def test_xlsx_import_names_services_as_the_annex_does(tmp_path, store):
    book = Workbook()
    book.active.append(["Code INSEE", "Date signature", "Sous-rubrique", "Prestation", "Quantité"])
    book.active.append(["62001", dt.datetime(2026, 3, 2), "antivirus", "licence", 4])
    book.active.append(["62001", dt.datetime(2026, 3, 2), None, "nom de domaine", None])
    path = tmp_path / "adhesions.xlsx"
    book.save(path)
    done = import_register(store, path, load_registry())
    (adhesion,) = [a for a in done.adhesions if a.code == "62001"]
    assert [(s.group, s.label, s.quantity) for s in adhesion.services] == [
        ("Antivirus", "Licence", 4),
        ("Présence en ligne", "Nom de domaine", 1),
    ]
    assert adhesion.annex_version == 1 and adhesion.annex_sitting == dt.date(2025, 7, 10)
    assert services_of(store, "62001", dt.date(2026, 4, 1)) == adhesion.services


def test_sign_then_leave(store):
    registry = load_registry()
    sign(store, registry, "62001", signed_on=dt.date(2026, 5, 4), quote_fee=None)
    ended = leave(store, registry, "62001", on=dt.date(2026, 12, 31), reason="résiliation")
    assert ended.ended_on == dt.date(2026, 12, 31)
    assert services_of(store, "62001", dt.date(2027, 1, 2)) == ()
    with pytest.raises(AdhesionError, match="pas d'adhésion en cours"):
        leave(store, registry, "62001", on=dt.date(2027, 2, 1), reason="résiliation")
