"""Corrections in the store: kept beside what was read, in an append-only chain, and
applied whenever a version is loaded."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

from pipeline.corrections import LINE, SITTING, TIER, CorrectionRefused, Edit
from pipeline.errors import ApprovalRefused, VersionNotFound
from pipeline.models import Correction, CorrectionTarget, Severity
from pipeline.store import Store
from pipeline.store.corrections import canonical
from pipeline.store.decisions import chain_hash, extraction_sha256
from pipeline.store.schema import MIGRATIONS, migrate
from tests.store.factories import finding, from_truth, line, make_extraction, tier
from tests.store.test_store_decisions import tamper
from tests.store.test_store_versions import NEW, OLD, add


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3", threshold=0.25) as opened:
        yield opened


def price(number: int, value: str) -> Edit:
    return Edit.set(LINE, "price", value, number)


def stored_extraction(path, version_id: int) -> str:
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id WHERE v.id = ?",
        (version_id,),
    ).fetchone()
    conn.close()
    return row[0]


def test_a_correction_is_kept_beside_what_was_read(store):
    version_id = add(store, from_truth(NEW))
    read = stored_extraction(store.path, version_id)
    (made,) = store.correct(version_id, [price(3, "16.50")], by="Marie Dupont", reason="mal lu")
    assert stored_extraction(store.path, version_id) == read
    version = store.version(version_id)
    assert version.extraction.services[2].amount == Decimal("16.50")
    assert version.corrections == [made] == store.corrections(version_id)
    assert (made.field, made.old, made.new, made.by, made.reason) == (
        "price",
        "16.20",
        "16.50",
        "Marie Dupont",
        "mal lu",
    )
    assert made.at.endswith("+00:00")


def test_a_misread_amount_corrected_no_longer_blocks_the_approval(store):
    cell = (280.0, 150.0, 380.0, 168.0)
    misread = line("Licence", None, unit="Par poste et par an").model_copy(
        update={"amount_bbox": cell, "amount_text": "4Z,O5 €"}
    )
    unreadable = finding(Severity.ERROR, "amount.unreadable", "Montant illisible.").model_copy(
        update={"page": 1, "bbox": cell}
    )
    version_id = add(store, make_extraction(services=[misread], findings=[unreadable]))
    with pytest.raises(ApprovalRefused, match="erreur bloquante"):
        store.approve(version_id, by="Paul Martin")
    store.correct(version_id, [price(1, "42.05")], by="Marie Dupont", reason="lu sur la page")
    version = store.version(version_id)
    assert version.extraction.services[0].amount == Decimal("42.05")
    assert not version.extraction.errors
    approved = store.approve(version_id, by="Paul Martin", acknowledge_warnings=True)
    assert approved.extraction.services[0].amount == Decimal("42.05")


def test_a_corrected_price_is_compared_with_the_version_in_force(store):
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    store.approve(old, by="Marie Dupont", acknowledge_warnings=True)
    before = {f.code for f in store.version(new).extraction.warnings}
    assert "history.price_change" not in before
    store.correct(new, [price(1, "174.00")], by="Marie Dupont", reason="test")
    warnings = store.version(new).extraction.warnings
    assert any(f.code == "history.price_change" and "174,00" in f.message for f in warnings)
    store.correct(new, [price(1, "17.40")], by="Marie Dupont", reason="retour à la lecture")
    assert "history.price_change" not in {f.code for f in store.version(new).extraction.warnings}


def test_the_effective_date_follows_a_corrected_date(store):
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    store.approve(old, by="Marie Dupont", acknowledge_warnings=True)
    store.correct(
        new,
        [Edit.set(SITTING, "effective_date", "2026-05-01")],
        by="Marie Dupont",
        reason="date mal lue",
    )
    version = store.version(new)
    assert version.effective_date == dt.date(2026, 5, 1)
    assert version.extraction.deliberation.effective_date == dt.date(2026, 5, 1)
    store.approve(new, by="Paul Martin", acknowledge_warnings=True)
    assert store.in_force(dt.date(2026, 4, 15)).id == old
    assert store.in_force(dt.date(2026, 5, 1)).id == new


def test_all_the_corrections_asked_or_none(store):
    version_id = add(store, from_truth(NEW))
    with pytest.raises(CorrectionRefused, match="pas de strate n° 40"):
        store.correct(
            version_id,
            [price(1, "1.00"), Edit.set(TIER, "price", "1.00", 40)],
            by="Marie Dupont",
            reason="test",
        )
    assert store.corrections(version_id) == []
    assert store.version(version_id).extraction.services[0].amount == Decimal("17.40")


def test_only_a_pending_version_can_be_corrected(store):
    first, second = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    store.approve(first, by="Marie Dupont", acknowledge_warnings=True)
    store.reject(second, reason="doublon", by="Paul Martin")
    with pytest.raises(
        CorrectionRefused, match="approuvée par Marie Dupont : une version approuvée"
    ):
        store.correct(first, [price(1, "1.00")], by="Marie Dupont", reason="test")
    with pytest.raises(CorrectionRefused, match="rejetée par Paul Martin : seule une version en"):
        store.correct(second, [price(1, "1.00")], by="Marie Dupont", reason="test")
    with pytest.raises(VersionNotFound):
        store.correct(42, [price(1, "1.00")], by="Marie Dupont", reason="test")


def test_four_eyes_refuses_the_person_who_corrected(store):
    version_id = add(store, make_extraction())
    store.correct(version_id, [price(1, "17.00")], by="Marie Dupont", reason="test")
    with pytest.raises(ApprovalRefused, match="corrigée par Marie Dupont : une autre personne"):
        store.approve(version_id, by="  marie   DUPONT", four_eyes=True, acknowledge_warnings=True)
    assert store.approve(version_id, by="Paul Martin", four_eyes=True, acknowledge_warnings=True)


def test_without_four_eyes_the_person_who_corrected_may_approve(store):
    version_id = add(store, make_extraction())
    store.correct(version_id, [price(1, "17.00")], by="Marie Dupont", reason="test")
    approved = store.approve(version_id, by="Marie Dupont", acknowledge_warnings=True)
    assert approved.extraction.services[0].amount == Decimal("17.00")


def test_an_approval_after_a_correction_not_seen_is_refused(store):
    version_id = add(store, make_extraction())
    store.correct(version_id, [price(1, "17.00")], by="Marie Dupont", reason="test")
    with pytest.raises(ApprovalRefused, match="corrigée depuis votre examen"):
        store.approve(version_id, by="Paul Martin", seen_corrections=0, acknowledge_warnings=True)
    assert store.approve(
        version_id, by="Paul Martin", seen_corrections=1, acknowledge_warnings=True
    )


def test_corrections_are_never_updated_nor_deleted(store):
    version_id = add(store, make_extraction())
    store.correct(version_id, [price(1, "17.00")], by="Marie Dupont", reason="test")
    for statement in (
        "UPDATE corrections SET new_value = '1.00'",
        "DELETE FROM corrections",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="ne se"):
            tamper(store.path, statement)
    assert store.verify_decisions().intact


def test_a_correction_edited_behind_the_triggers_breaks_the_chain(store):
    version_id = add(store, make_extraction())
    store.correct(version_id, [price(1, "17.00")], by="Marie Dupont", reason="test")
    store.correct(version_id, [price(1, "18.00")], by="Marie Dupont", reason="encore")
    tamper(store.path, "DROP TRIGGER corrections_never_updated")
    tamper(store.path, "UPDATE corrections SET new_value = '1.00' WHERE id = 1")
    report = store.verify_decisions()
    assert not report.intact and report.link == 1
    assert "correction n° 1 (version n° 1) : son contenu a été modifié" in report.broken


def test_a_correction_added_to_an_approved_version_is_found(store):
    version_id = add(store, make_extraction())
    store.approve(version_id, by="Paul Martin")
    # a well-chained correction written by hand after the approval
    extraction = extraction_sha256(sqlite3.connect(store.path), version_id)
    forged = Correction(
        id=1,
        target=CorrectionTarget.LINE,
        number=1,
        field="price",
        old="16.80",
        new="1.68",
        reason="x",
        by="X",
        at="2026-01-01T00:00:00+00:00",
    )
    content = canonical(forged, version_id=version_id, extraction=extraction)
    tamper(
        store.path,
        "INSERT INTO corrections (version_id, target, number, field, old_value, new_value, "
        "reason, corrected_by, corrected_at, extraction_sha256, previous_hash, hash) "
        "VALUES (?, 'line', 1, 'price', '16.80', '1.68', 'x', 'X', ?, ?, ?, ?)",
        version_id,
        forged.at,
        extraction,
        "0" * 64,
        chain_hash("0" * 64, content),
    )
    report = store.verify_decisions()
    assert not report.intact
    assert "les corrections de la version ont changé après la décision" in report.broken


def test_the_chain_counts_the_corrections(store):
    version_id = add(store, make_extraction())
    store.correct(
        version_id,
        [price(1, "17.00"), Edit.add(LINE, label="Audit", price="90.00", unit="Par audit")],
        by="Marie Dupont",
        reason="test",
    )
    store.approve(version_id, by="Paul Martin", acknowledge_warnings=True)
    report = store.verify_decisions()
    assert report.intact and report.decisions == 1 and report.corrections == 2


def test_units_of_an_approved_version_are_its_corrected_ones(store):
    version_id = add(store, make_extraction())
    store.correct(
        version_id,
        [Edit.set(LINE, "unit", "Par compte et par mois", 1)],
        by="Marie Dupont",
        reason="unité mal lue",
    )
    store.approve(version_id, by="Paul Martin", acknowledge_warnings=True)
    assert store.known_units() == {"Par compte et par mois"}


def test_a_file_at_schema_3_gets_the_corrections_and_keeps_its_decisions(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=len(MIGRATIONS) - 1)
    conn.close()
    with Store(path) as store:  # fill the file, then bring it back to schema 3
        version_id = add(store, make_extraction(name="old.pdf"))
        store.approve(version_id, by="Marie Dupont")
    tamper(path, "DROP TABLE corrections")
    tamper(path, "PRAGMA user_version = 3")
    with Store(path) as store:
        assert store.verify_decisions().intact
        assert store.corrections(version_id) == []


def test_a_tier_can_be_corrected_and_removed(store):
    strata = [tier("Moins de 500", "50", None, 499), tier("Plus de 500", "80", 500, None)]
    version_id = add(store, make_extraction(strata=strata))
    store.correct(
        version_id,
        [Edit.set(TIER, "price", "sur devis", 2), Edit.remove(TIER, 1)],
        by="Marie Dupont",
        reason="test",
    )
    version = store.version(version_id)
    assert [t.label for t in version.extraction.strata] == ["Plus de 500"]
    assert version.extraction.strata[0].on_quote and version.tier_numbers == [2]
