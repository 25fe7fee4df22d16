from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from pipeline.corrections import LINE, Edit, effective, prepare
from pipeline.export import csv_text, write_csv, write_xlsx
from pipeline.models import (
    Deliberation,
    EffectiveDateSource,
    Extraction,
    ServiceLine,
    Source,
    TariffVersion,
    TaxBasis,
    Tier,
    TierKind,
    VersionStatus,
)


def _line(label: str, amount: str | None, **extra) -> ServiceLine:
    values = {
        "category": "Sécurité",
        "group": "Antivirus",
        "unit": "Par poste et par an",
        "page": 2,
        **extra,
    }
    return ServiceLine(label=label, amount=Decimal(amount) if amount else None, **values)


@pytest.fixture
def extraction() -> Extraction:
    return Extraction(
        source=Source(
            file="delib.pdf", sha256=hashlib.sha256(b"delib").hexdigest(), pages=3, ocr=True
        ),
        deliberation=Deliberation(
            date=dt.date(2025, 7, 10), assembly="Conseil d'Administration", vote="unanimity"
        ),
        services=[
            _line("Licence", "16.80"),
            _line("NAS 4 disques", "1234.50", amount_ht=Decimal("1028.75")),
            _line("Étude", None, on_quote=True, group=None),
            _line("=SOMME(A1:A9)", "0", free=True, tax_basis=TaxBasis.HT),
        ],
        strata=[
            Tier(
                label="Moins de 500 habitants",
                max_population=499,
                amount=Decimal("50"),
                unit="Par collectivité et par an",
                page=3,
            ),
            Tier(label="Plus de 3 500 habitants", min_population=3501, on_quote=True, page=3),
            Tier(
                label="Établissement public",
                kind=TierKind.PUBLIC_ESTABLISHMENT,
                amount=Decimal("80"),
                page=3,
            ),
        ],
    )


def _decimal(text: str) -> Decimal | None:
    return Decimal(text.replace(",", ".")) if text else None


def test_csv_opens_in_french_excel(extraction: Extraction, tmp_path: Path) -> None:
    path = write_csv(extraction, tmp_path / "export.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    services = [row for row in rows if row["Type"] == "Service"]
    tiers = [row for row in rows if row["Type"] == "Strate"]
    assert len(services) == 4 and len(tiers) == 3
    assert [_decimal(row["Tarif"]) for row in services] == [
        line.amount for line in extraction.services
    ]
    assert services[1]["Tarif"] == "1234,50"  # a number for the spreadsheet: no space, no €
    assert _decimal(services[1]["Tarif HT"]) == Decimal("1028.75")
    assert services[2]["Sur devis"] == "oui" and services[2]["Tarif"] == ""
    assert services[0]["Délibération du"] == "10/07/2025"
    assert [_decimal(row["Tarif"]) for row in tiers] == [t.amount for t in extraction.strata]
    assert tiers[0]["Population max (incluse)"] == "499"
    assert tiers[1]["Population min (incluse)"] == "3501"
    assert tiers[2]["Type de strate"] == "Établissement public"


def test_csv_never_starts_a_formula(extraction: Extraction) -> None:
    text = csv_text(extraction)
    assert ";'=SOMME(A1:A9);" in text
    assert ";=SOMME" not in text


def _version(extraction: Extraction) -> TariffVersion:
    return TariffVersion(
        id=4,
        status=VersionStatus.APPROVED,
        effective_date=dt.date(2025, 7, 10),
        effective_date_source=EffectiveDateSource.SITTING,
        extraction=extraction,
        created_at="2025-07-11T09:00:00",
    )


def test_xlsx_has_real_numbers_in_euros(extraction: Extraction, tmp_path: Path) -> None:
    path = write_xlsx(extraction, tmp_path / "export.xlsx", version=_version(extraction))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Services", "Strates", "Source"]
    sheet = book["Services"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Rubrique", "Sous-rubrique", "Libellé", "Tarif"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width > 20
    price = header.index("Tarif") + 1
    amounts = []
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=price)
        if cell.value is not None:
            assert cell.data_type == "n" and "€" in cell.number_format
            amounts.append(Decimal(str(cell.value)).quantize(Decimal("0.01")))
        else:
            amounts.append(None)
    assert amounts == [line.amount for line in extraction.services]
    formula = sheet.cell(row=5, column=header.index("Libellé") + 1)
    assert formula.value == "=SOMME(A1:A9)" and formula.data_type == "s"

    strata = book["Strates"]
    header = [cell.value for cell in strata[1]]
    assert strata.freeze_panes == "A2"
    fees = [strata.cell(row=r, column=header.index("Tarif") + 1).value for r in (2, 3, 4)]
    assert [Decimal(str(f)) if f is not None else None for f in fees] == [
        Decimal("50"),
        None,
        Decimal("80"),
    ]
    assert strata.cell(row=2, column=header.index("Population max (incluse)") + 1).value == 499

    source = {row[0].value: row[1].value for row in book["Source"].iter_rows(min_row=2)}
    assert source["Empreinte SHA-256"] == extraction.source.sha256
    assert source["Lu par OCR"] == "oui"
    assert source["Date de la séance"].date() == dt.date(2025, 7, 10)
    assert source["Statut de la version"] == "approuvée"
    assert source["Version"] == 4


def test_exports_are_written_atomically(extraction: Extraction, tmp_path: Path) -> None:
    write_csv(extraction, tmp_path / "a.csv")
    write_xlsx(extraction, tmp_path / "a.xlsx")
    write_xlsx(extraction, tmp_path / "a.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "a.xlsx"]


def _corrected(extraction: Extraction) -> TariffVersion:
    """The version with the price of « Licence » corrected and a line added."""
    made = prepare(
        extraction,
        [],
        [
            Edit.set(LINE, "price", "18.00", 1),
            Edit.add(LINE, label="Audit", price="90.00", unit="Par audit", category="Sécurité"),
        ],
        by="Marie Dupont",
        reason="mal lu",
        at="2025-07-11T08:00:00+00:00",
    )
    values = effective(extraction, made)
    return _version(values.extraction).model_copy(
        update={
            "status": VersionStatus.PENDING,
            "corrections": made,
            "line_numbers": values.line_numbers,
        }
    )


def test_csv_says_which_values_were_corrected(extraction: Extraction) -> None:
    version = _corrected(extraction)
    rows = list(
        csv.DictReader(io.StringIO(csv_text(version.extraction, version=version)), delimiter=";")
    )
    by_label = {row["Libellé"]: row for row in rows}
    assert by_label["Licence"]["Tarif"] == "18,00"
    assert by_label["Licence"]["Correction"] == (
        "tarif : 16,80\u00a0€ → 18,00\u00a0€ (Marie Dupont, 11 juillet 2025 à 10 h 00 : mal lu)"
    )
    assert by_label["Audit"]["Correction"].startswith("ajoutée (Marie Dupont")
    assert by_label["Étude"]["Correction"] == ""
    assert csv_text(extraction).splitlines()[0].endswith(";Correction")


def test_xlsx_lists_the_corrections(extraction: Extraction, tmp_path: Path) -> None:
    version = _corrected(extraction)
    book = openpyxl.load_workbook(
        write_xlsx(version.extraction, tmp_path / "c.xlsx", version=version)
    )
    assert book.sheetnames == ["Services", "Strates", "Source", "Corrections"]
    services = book["Services"]
    header = [cell.value for cell in services[1]]
    note = services.cell(row=2, column=header.index("Correction") + 1).value
    assert note.startswith("tarif : 16,80\u00a0€ → 18,00\u00a0€")
    sheet = book["Corrections"]
    assert [cell.value for cell in sheet[1]] == ["N°", "Valeur", "Correction", "Par", "Le", "Motif"]
    assert [cell.value for cell in sheet[2]][:4] == [
        1,
        "ligne 1",
        "ligne 1, tarif : 16,80\u00a0€ → 18,00\u00a0€",
        "Marie Dupont",
    ]
    source = {row[0].value: row[1].value for row in book["Source"].iter_rows(min_row=2)}
    assert source["Corrections"] == 2
