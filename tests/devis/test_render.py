"""The devis as a Word document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipeline.devis import render
from pipeline.devis.models import Devis, Event, EventKind, Issuer, Line, LineKind, Periodicity
from pipeline.errors import DevisError
from tests.conftest import ROOT
from tests.devis.helpers import docx_rows, docx_text, euros


def details() -> dict:
    from pipeline.devis.issue import details as snapshot
    from pipeline.devis.issue import shared_details
    from pipeline.parties import load_parties
    from pipeline.registry import place
    from pipeline.registry.populations import rule_of
    from tests.devis.helpers import SMALL
    from tests.render.helpers import version_2025

    version = version_2025()
    placement = place(SMALL, version.extraction.strata, on=dt.date(2025, 9, 1))
    parties = load_parties()
    return snapshot(placement, parties, rule_of(version), shared_details(version, parties))


def devis(lines: list[Line], *, issued: bool = True) -> Devis:
    events = [Event(kind=EventKind.CREATED, at="2025-09-01T08:00:00+00:00", by="Marie")]
    if issued:
        events.append(Event(kind=EventKind.ISSUED, at="2025-09-01T08:00:00+00:00", by="Marie"))
    return Devis(
        id=1,
        number="FN5962-2025-0042",
        issuer=Issuer.SYNDICAT,
        order="abc",
        collectivity_code="62990",
        collectivity_name="Petite-Commune",
        version_id=1,
        dated=dt.date(2025, 9, 1),
        valid_until=dt.date(2025, 11, 30),
        created_by="Marie",
        created_at="2025-09-01T08:00:00+00:00",
        lines=lines,
        events=events,
        details=details(),
    )


def service(number: int, label: str, price: str | None, ht: str | None, quantity: int,
            periodicity: Periodicity = Periodicity.YEARLY) -> Line:  # fmt: skip
    return Line(
        number=number,
        kind=LineKind.SERVICE,
        key=[None, None, label],
        label=label,
        unit="Par compte et par an",
        periodicity=periodicity,
        quantity=quantity,
        unit_price=Decimal(price) if price else None,
        unit_price_ht=Decimal(ht) if ht else None,
        basis="TTC",
        on_quote=price is None,
    )


@pytest.fixture
def templates():
    return render.load_templates(ROOT / "templates")


def test_ht_and_the_vat_rate_when_the_version_has_both(tmp_path, templates):
    one = devis(
        [
            service(1, "Messagerie compte 5 Go", "16.80", "14.00", 3),
            service(2, "Mise en service", "120.00", "100.00", 1, Periodicity.ONE_OFF),
        ]
    )
    path = render.write(one, templates[Issuer.SYNDICAT], tmp_path)
    rows = {r[0]: r for r in docx_rows(path)}
    assert euros(rows["Total de la première année HT"][1]) == Decimal("142.00")
    assert euros(rows["TVA de la première année (20 %)"][1]) == Decimal("28.40")
    assert euros(rows["Total des années suivantes, par an, HT"][1]) == Decimal("42.00")
    assert "cent soixante-dix euros et quarante centimes TTC" in docx_text(path)


def test_without_ht_no_ht_rows(tmp_path, templates):
    path = render.write(
        devis([service(1, "Nom de domaine", "15.60", None, 1)]),
        templates[Issuer.SYNDICAT],
        tmp_path,
    )
    text = docx_text(path)
    assert "HT" not in text and "TVA" not in text
    assert "Montants payés une fois" not in text  # no one-off line: no such table


def test_a_document_is_never_written_over(tmp_path, templates):
    one = devis([service(1, "Nom de domaine", "15.60", None, 1)])
    path = render.write(one, templates[Issuer.SYNDICAT], tmp_path)
    assert path == tmp_path / "devis" / "2025" / "FN5962-2025-0042-petite-commune.docx"
    path.write_bytes(b"issued and sent")
    assert render.write(one, templates[Issuer.SYNDICAT], tmp_path) == path
    assert path.read_bytes() == b"issued and sent"


def test_a_devis_waiting_for_a_price_is_not_written(tmp_path, templates):
    waiting = devis([service(1, "Stockage", None, None, 140)], issued=False)
    with pytest.raises(DevisError, match="à chiffrer"):
        render.write(waiting, templates[Issuer.SYNDICAT], tmp_path)
    assert not (tmp_path / "devis").exists()


def test_a_priced_line_says_who_justified_it(tmp_path, templates):
    priced = Event(
        kind=EventKind.PRICED, at="2025-09-02T08:00:00+00:00", by="Paul", line=1,
        amount=Decimal("15.00"), reason="40 Go au-delà de 100 Go, faisabilité confirmée",
    )  # fmt: skip
    line = service(1, "Go de stockage", None, None, 140).model_copy(
        update={"priced": priced, "note": "140 Go : au-delà de la limite de 100 Go"}
    )
    path = render.write(devis([line]), templates[Issuer.SYNDICAT], tmp_path)
    text = docx_text(path)
    assert "faisabilité confirmée" in text and "au-delà de la limite de 100 Go" in text
    assert euros({r[0]: r for r in docx_rows(path)}["Total annuel"][-1]) == Decimal("2100")
