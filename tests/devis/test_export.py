"""The devis register for the accounting office."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from pipeline.devis.export import COLUMNS, write_register
from pipeline.devis.issue import Issuing
from pipeline.devis.order import Item, Order
from pipeline.store import Store
from tests.devis.helpers import CITY, SMALL, V2025, approve, registry, settings

DAY = dt.date(2025, 9, 1)


def register(tmp_path: Path):
    approve(tmp_path / "pipeline.sqlite3", V2025)
    with Store(tmp_path / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(tmp_path), on=DAY, by="Marie", registry=registry())
        run.order(Order(SMALL.code, [Item("Messagerie compte 5 Go", 3), Item("NAS 2 disques", 1)]))
        (_, (cdg, _)) = run.order(Order(CITY.code, [Item("Nom de domaine", 1)])).devis
        store.devis.accept("FN5962-2025-0001", day=DAY, by="Paul", today=DAY)
        store.devis.refuse(cdg.number, reason='=HYPERLINK("x")', by="Paul")
        return store.devis.listing()


def test_csv_for_a_french_spreadsheet(tmp_path):
    found = register(tmp_path)
    path = write_register(found, tmp_path / "registre.csv", today=DAY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [c.header for c in COLUMNS]
    by_number = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    first = by_number["FN5962-2025-0001"]
    assert first["Statut"] == "accepté" and first["Date d'acceptation"] == "01/09/2025"
    assert first["Total annuel"] == "50,40" and first["Total payé une fois"] == "759,00"
    assert first["Total première année"] == "809,40"
    assert first["Émis par"] == "Marie" and first["Décision enregistrée par"] == "Paul"
    refused = by_number["CDG62-2025-0002"]
    assert refused["Statut"] == "refusé" and refused["Lignes à chiffrer"] == "1"
    assert refused["Motif du refus"].startswith("'=")  # never a formula
    assert by_number["CDG62-2025-0001"]["Statut"] == "émis"


def test_xlsx_with_numbers_and_the_status_of_the_day(tmp_path):
    found = register(tmp_path)
    later = DAY + dt.timedelta(days=91)
    path = write_register(found, tmp_path / "registre.xlsx", today=later)
    sheet = load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert Decimal(str(rows["FN5962-2025-0001"]["Total première année"])) == Decimal("809.4")
    assert rows["FN5962-2025-0001"]["Date"] == dt.datetime(2025, 9, 1)
    assert rows["CDG62-2025-0001"]["Statut"] == "expiré"  # issued, past its validity
    assert rows["FN5962-2025-0001"]["Statut"] == "accepté"
