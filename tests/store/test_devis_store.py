"""The devis register: numbers, idempotence, append-only history, statuses, concurrency."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.devis.models import (
    Draft,
    DraftLine,
    EventKind,
    Issuer,
    LineKind,
    Periodicity,
    Status,
)
from pipeline.errors import DevisError, DevisNotFound
from pipeline.settings import DevisSettings
from pipeline.store import Store
from pipeline.store.devis import DevisRegister
from tests.devis.helpers import V2025, approve

DAY = dt.date(2025, 9, 1)


def line(price: str | None = "16.80", quantity: int = 3, label: str = "Messagerie") -> DraftLine:
    return DraftLine(
        kind=LineKind.SERVICE,
        key=["Présence en ligne", None, label],
        label=label,
        unit="Par compte et par an",
        periodicity=Periodicity.YEARLY,
        quantity=quantity,
        unit_price=Decimal(price) if price else None,
        basis="TTC",
        on_quote=price is None,
        note="" if price else "sur devis",
    )


def draft(code: str = "62001", issuer: Issuer = Issuer.SYNDICAT, day: dt.date = DAY,
          lines: list[DraftLine] | None = None) -> Draft:  # fmt: skip
    return Draft(
        issuer=issuer,
        collectivity_code=code,
        collectivity_name=f"Commune {code}",
        version_id=1,
        dated=day,
        lines=lines or [line()],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "pipeline.sqlite3"
    approve(path, V2025)
    return path


def test_the_register_is_a_migration_of_the_store(db):
    with Store(db) as store:
        tables = {row[0] for row in store._conn.execute("SELECT name FROM sqlite_master")}
        assert {"devis", "devis_lines", "devis_events", "devis_sequences"} <= tables
        assert store.devis.listing() == []


def test_numbers_run_per_issuer_and_per_year(db):
    with Store(db) as store:
        made = store.devis.issue([draft("62001"), draft("62001", Issuer.CDG)], by="Marie Dupont")
        made += store.devis.issue([draft("62002")], by="Marie Dupont")
        made += store.devis.issue([draft("62003", day=dt.date(2026, 1, 5))], by="Marie Dupont")
    assert [(d.number, new) for d, new in made] == [
        ("FN5962-2025-0001", True),
        ("CDG62-2025-0001", True),
        ("FN5962-2025-0002", True),
        ("FN5962-2026-0001", True),
    ]
    assert made[0][0].order == made[1][0].order != made[2][0].order


def test_prefixes_and_digits_are_settings(db):
    with Store(db) as store:
        register = DevisRegister(store._conn, DevisSettings(prefix_cdg="CG", number_digits=2))
        ((devis, _),) = register.issue([draft(issuer=Issuer.CDG)], by="x")
    assert devis.number == "CG-2025-01"


def test_the_same_order_again_gives_the_same_devis(db):
    with Store(db) as store:
        first = store.devis.issue([draft(), draft(issuer=Issuer.CDG)], by="a")
        again = store.devis.issue([draft(), draft(issuer=Issuer.CDG)], by="b")
        other = store.devis.issue([draft(lines=[line(quantity=4)])], by="c")
    assert [d.number for d, _ in again] == [d.number for d, _ in first]
    assert [new for _, new in again] == [False, False]
    assert other[0][0].number == "FN5962-2025-0002" and other[0][1]


def test_a_refused_devis_is_issued_anew_with_a_new_number(db):
    with Store(db) as store:
        ((first, _),) = store.devis.issue([draft()], by="a")
        store.devis.refuse(first.number, reason="commande annulée", by="b")
        ((second, new),) = store.devis.issue([draft()], by="a")
    assert new and second.number != first.number


def test_lookup_by_number_as_typed(db):
    with Store(db) as store:
        ((devis, _),) = store.devis.issue([draft(issuer=Issuer.CDG)], by="a")
        assert store.devis.get("n° cdg62-2025-1").id == devis.id
        with pytest.raises(DevisNotFound, match="devis inconnu : « CDG62-2025-2 »"):
            store.devis.get("CDG62-2025-2")
        with pytest.raises(DevisNotFound):
            store.devis.get("FN5962-2025-1")


def test_nothing_is_ever_updated_nor_deleted(db):
    with Store(db) as store:
        store.devis.issue([draft()], by="a")
        conn = store._conn
        for statement in (
            "UPDATE devis SET collectivity_name = 'X'",
            "DELETE FROM devis",
            "UPDATE devis_lines SET unit_price = '1.00'",
            "DELETE FROM devis_lines",
            "UPDATE devis_events SET actor = 'X'",
            "DELETE FROM devis_events",
            "UPDATE devis_sequences SET last = 0",
            "DELETE FROM devis_sequences",
        ):
            with pytest.raises(sqlite3.DatabaseError):
                conn.execute(statement)
        assert store.devis.get("FN5962-2025-0001").collectivity_name == "Commune 62001"


def test_a_line_on_quote_is_priced_then_the_devis_is_issued(db):
    with Store(db) as store:
        ((devis, _),) = store.devis.issue(
            [draft(lines=[line(), line(None, 140, "Stockage"), line(None, 1, "Autre")])], by="a"
        )
        assert devis.status() is Status.TO_PRICE and not devis.complete
        with pytest.raises(DevisError, match=r"plusieurs lignes .* \(2, 3\) : précisez --ligne"):
            store.devis.price(devis.number, line=None, amount=Decimal("15"), reason="x", by="b")
        with pytest.raises(DevisError, match="justification"):
            store.devis.price(devis.number, line=2, amount=Decimal("15"), reason=" ", by="b")
        with pytest.raises(DevisError, match="déjà son prix"):
            store.devis.price(devis.number, line=1, amount=Decimal("15"), reason="x", by="b")
        with pytest.raises(DevisError, match="l'accepter"):
            store.devis.accept(devis.number, day=DAY, by="b", today=DAY)
        half = store.devis.price(devis.number, line=2, amount=Decimal("15"), reason="vu", by="b")
        assert half.status() is Status.TO_PRICE
        done = store.devis.price(devis.number, line=None, amount=Decimal("9"), reason="ok", by="c")
    assert done.complete and done.status(DAY) is Status.ISSUED
    assert [line.total for line in done.lines] == [Decimal("50.40"), Decimal("2100"), Decimal("9")]
    assert [(e.kind, e.by) for e in done.events] == [
        (EventKind.CREATED, "a"),
        (EventKind.PRICED, "b"),
        (EventKind.PRICED, "c"),
        (EventKind.ISSUED, "c"),
    ]


def test_acceptance_within_the_validity_only(db):
    with Store(db) as store:
        ((devis, _),) = store.devis.issue([draft()], by="a")
        assert devis.valid_until == DAY + dt.timedelta(days=90)
        late = devis.valid_until + dt.timedelta(days=1)
        assert devis.status(devis.valid_until) is Status.ISSUED
        assert devis.status(late) is Status.EXPIRED
        for day, today, message in (
            (DAY - dt.timedelta(days=1), DAY, "antérieure"),
            (late, late, "plus valable"),
            (DAY + dt.timedelta(days=10), DAY + dt.timedelta(days=5), "future"),
        ):
            with pytest.raises(DevisError, match=message):
                store.devis.accept(devis.number, day=day, by="b", today=today)
        accepted = store.devis.accept(devis.number, day=DAY, by="Paul", today=DAY)
        assert accepted.status(late) is Status.ACCEPTED
        assert (accepted.accepted.day, accepted.accepted.by) == (DAY, "Paul")
        for refused_call in (
            lambda: store.devis.refuse(devis.number, reason="x", by="b"),
            lambda: store.devis.accept(devis.number, day=DAY, by="b", today=DAY),
            lambda: store.devis.replaceable(devis.number),
        ):
            with pytest.raises(DevisError, match="est accepté"):
                refused_call()
        assert [d.number for d in store.devis.accepted(1)] == [devis.number]


def test_replacing_keeps_the_old_devis_and_carries_a_given_price(db):
    with Store(db) as store:
        ((old, _),) = store.devis.issue([draft(lines=[line(None, 140, "Stockage")])], by="a")
        store.devis.price(old.number, line=1, amount=Decimal("15"), reason="faisable", by="b")
        ((new, _),) = store.devis.issue(
            [draft(day=DAY + dt.timedelta(days=100), lines=[line(None, 140, "Stockage")])],
            by="c",
            replaces=store.devis.get(old.number),
        )
        old = store.devis.get(old.number)
        with pytest.raises(DevisError, match="remplacé par le n° FN5962-2025-0002"):
            store.devis.replaceable(old.number)
    assert old.status() is Status.REPLACED and old.replaced_by == new.number
    assert new.replaces == old.number and new.order == old.order
    assert new.complete and new.lines[0].priced.reason == (
        f"repris du devis n° {old.number} : faisable"
    )


def _issue_many(path: str, codes: list[str], start: multiprocessing.synchronize.Barrier) -> None:
    start.wait()
    with Store(Path(path)) as store:
        for code in codes:
            store.devis.issue([draft(code), draft(code, Issuer.CDG)], by=f"process {code}")


def test_two_processes_never_share_a_number(db):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [
        context.Process(
            target=_issue_many,
            args=(str(db), [f"6{side}{n:03d}" for n in range(15)], start),
        )
        for side in ("1", "2")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with Store(db) as store:
        found = store.devis.listing()
    assert len(found) == 60
    for issuer in Issuer:
        numbers = sorted(int(d.number.rsplit("-", 1)[1]) for d in found if d.issuer is issuer)
        assert numbers == list(range(1, 31))
    assert len({d.order for d in found}) == 30  # each order's two devis share one reference
