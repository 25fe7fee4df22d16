"""From an order to its two devis, read back from the Word documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.devis.issue import Issuing, reissue
from pipeline.devis.models import Issuer, Status
from pipeline.devis.order import Item, Order
from pipeline.errors import OrderError, TemplateError, VersionNotFound
from pipeline.store import Store
from tests.devis.helpers import (
    BEFORE_2026,
    CITY,
    SMALL,
    V2025,
    V2026,
    approve,
    docx_rows,
    docx_text,
    euros,
    registry,
    settings,
)

ORDER = [("Messagerie compte 5 Go", 3), ("Nom de domaine", 1), ("Licence antivirus", 2)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    approve(tmp_path / "pipeline.sqlite3", V2025, V2026)
    return tmp_path


def issue(project: Path, code: str, items, on: dt.date, by: str = "Marie Dupont"):
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=on, by=by, registry=registry())
        outcome = run.order(Order(code, [Item(n, q) for n, q in items]))
    assert outcome.error is None, outcome.error
    return outcome


def total_row(path: Path, label: str) -> Decimal:
    (row,) = [r for r in docx_rows(path) if r[0].startswith(label)]
    return euros(row[-1])


def test_the_commune_of_1994_inhabitants(project):
    outcome = issue(project, SMALL.code, ORDER, dt.date(2025, 9, 1))
    (syndicat, new_s), (cdg, new_c) = outcome.devis
    assert (syndicat.issuer, cdg.issuer, new_s, new_c) == (Issuer.SYNDICAT, Issuer.CDG, True, True)
    services, accompaniment = outcome.files
    assert services.name == f"{syndicat.number}-petite-commune.docx"

    text = docx_text(services)
    assert total_row(services, "Total annuel") == Decimal("99.60")
    assert total_row(services, "Total de la première année") == Decimal("99.60")
    assert "quatre-vingt-dix-neuf euros et soixante centimes TTC" in text
    assert f"Devis n° {syndicat.number}" in text
    assert f"le devis n° {cdg.number}" in text  # the other devis of the order
    assert "délibération n° 2025/31 du 10 juillet 2025" in text  # the prices' deliberation
    assert "1er septembre 2025" in text and "30 novembre 2025" in text  # date, validity
    lines = {r[0]: r for r in docx_rows(services) if r[0] in ("Messagerie compte 5 Go",
                                                              "Antivirus — Licence")}  # fmt: skip
    assert [euros(lines["Messagerie compte 5 Go"][i]) for i in (2, 4)] == [
        Decimal("16.80"),
        Decimal("50.40"),
    ]
    assert lines["Antivirus — Licence"][3] == "2"

    text = docx_text(accompaniment)
    assert total_row(accompaniment, "Total annuel") == Decimal("200")
    assert "deux cents euros TTC" in text
    assert "Moins de 2 000 habitants" in text
    assert "Centre de Gestion" in text and "Mme Anne Martin" in text


def test_one_off_amounts_stand_apart(project):
    outcome = issue(
        project, SMALL.code, [("Abonnement niveau 1", 1), ("Mise en service niveau 1", 1)],
        dt.date(2025, 9, 1),
    )  # fmt: skip
    path = outcome.files[0]
    assert total_row(path, "Total annuel") == Decimal("441.60")
    assert total_row(path, "Total payé une fois") == Decimal("110.40")
    assert total_row(path, "Total de la première année") == Decimal("552.00")
    assert total_row(path, "Total des années suivantes") == Decimal("441.60")
    assert "puis de quatre cent quarante et un euros et soixante centimes TTC par an" in (
        docx_text(path)
    )


def test_each_devis_takes_the_prices_of_its_date(project):
    before = issue(project, SMALL.code, [("Messagerie compte 5 Go", 1)], BEFORE_2026)
    after = issue(project, SMALL.code, [("Messagerie compte 5 Go", 1)], dt.date(2026, 4, 1))
    assert before.devis[0][0].lines[0].price == Decimal("16.80")
    assert after.devis[0][0].lines[0].price == Decimal("17.40")
    assert before.devis[0][0].version_id == 1 and after.devis[0][0].version_id == 2
    assert "19 mars 2026" in docx_text(after.files[0])
    assert total_row(after.files[0], "Total annuel") == Decimal("17.40")


def test_a_service_the_version_no_longer_has(project):
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=dt.date(2026, 4, 1), by="x", registry=registry())
        outcome = run.order(Order(SMALL.code, [Item("Page internet", 1, row=4)]))
        assert isinstance(outcome.error, OrderError) and outcome.error.row == 4
        assert store.devis.listing() == []  # nothing issued for a bad order


def test_an_unknown_collectivite_is_the_orders_error(project):
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=dt.date(2026, 4, 1), by="x", registry=registry())
        outcome = run.order(Order("99999", [Item("Nom de domaine", 1)], row=7))
    assert "collectivité inconnue" in str(outcome.error) and outcome.error.row == 7


def test_no_version_in_force(project):
    with Store(project / "pipeline.sqlite3") as store, pytest.raises(VersionNotFound):
        Issuing(store, settings(project), on=dt.date(2020, 1, 1), by="x", registry=registry())


def test_a_city_over_3500_waits_for_its_fee(project):
    outcome = issue(project, CITY.code, [("Nom de domaine", 1)], dt.date(2025, 9, 1))
    (syndicat, _), (cdg, _) = outcome.devis
    assert cdg.status(dt.date(2025, 9, 1)) is Status.TO_PRICE
    assert outcome.files == [outcome.files[0]] and syndicat.number in outcome.files[0].name


def test_the_same_order_twice_is_the_same_devis_and_file(project):
    first = issue(project, SMALL.code, ORDER, dt.date(2025, 9, 1))
    written = first.files[0].read_bytes()
    again = issue(project, SMALL.code, ORDER, dt.date(2025, 9, 1))
    assert [d.number for d, _ in again.devis] == [d.number for d, _ in first.devis]
    assert [new for _, new in again.devis] == [False, False]
    assert again.files[0].read_bytes() == written


def test_reissue_gives_a_new_number_and_keeps_the_old_file(project):
    first = issue(project, SMALL.code, ORDER, BEFORE_2026)
    old, old_file = first.devis[0][0], first.files[0]
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(
            store, settings(project), on=dt.date(2026, 4, 2), by="Paul", registry=registry()
        )
        outcome = reissue(run, old.number)
        replaced = store.devis.get(old.number)
    ((new, _),) = outcome.devis
    assert new.number != old.number and new.replaces == old.number
    assert replaced.status() is Status.REPLACED and old_file.is_file()
    text = docx_text(outcome.files[0])
    assert f"annule et remplace le devis n° {old.number}" in text
    assert new.lines[0].price == Decimal("17.40")  # the prices of the new date


def test_a_template_with_an_unknown_variable_refuses_the_batch(project, tmp_path):
    from docx import Document

    from tests.conftest import ROOT

    folder = tmp_path / "modeles"
    folder.mkdir()
    for name in ("devis_syndicat.docx", "devis_cdg.docx"):
        (folder / name).write_bytes((ROOT / "templates" / name).read_bytes())
    document = Document()
    document.add_paragraph("{{ devis.montant_total }}")
    document.save(folder / "devis_cdg.docx")
    config = settings(project).model_copy(update={"templates_dir": folder})
    with Store(project / "pipeline.sqlite3") as store:
        with pytest.raises(TemplateError, match=r"devis\.montant_total"):
            Issuing(store, config, on=dt.date(2025, 9, 1), by="x", registry=registry())
        assert store.devis.listing() == []


@pytest.mark.libreoffice
def test_pdf_on_request(project):
    import pdfplumber

    from tests.conftest import require_tool

    require_tool("libreoffice")
    with Store(project / "pipeline.sqlite3") as store:
        run = Issuing(store, settings(project), on=dt.date(2025, 9, 1), by="x", registry=registry())
        outcome = run.order(Order(SMALL.code, [Item(n, q) for n, q in ORDER]))
        pdfs = run.finish(pdf=True)
    assert pdfs == [path.with_suffix(".pdf") for path in outcome.files]
    with pdfplumber.open(pdfs[0]) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    assert "99,60" in text and outcome.devis[0][0].number in text
