"""The chained record of decisions (pipeline/store/decisions.py): every approval and
rejection hashed to the one before, and any change made directly in the database found."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from pipeline.store import Store, new_owner
from pipeline.store.decisions import GENESIS, canonical, chain_hash
from pipeline.store.schema import MIGRATIONS, migrate
from tests.store.factories import make_extraction


def add(store: Store, name: str) -> int:
    data = f"%PDF-{name}".encode()
    sha = hashlib.sha256(data).hexdigest()
    owner = new_owner()
    store.claim_file(sha256=sha, name=name, content=data, owner=owner)
    version_id = store.add_version(sha256=sha, owner=owner, extraction=make_extraction(name=name))
    assert version_id is not None
    return version_id


@pytest.fixture
def decided(tmp_path):
    """A store with an approval, a rejection and a pending version."""
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        first, second, third = (add(store, f"d{n}.pdf") for n in range(3))
        store.approve(first, by="Marie Dupont")
        store.reject(second, reason="doublon", by="Paul Martin")
        yield store, path, (first, second, third)


def tamper(path, statement: str, *args: object) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(statement, args)
    conn.close()


def test_each_decision_is_chained_to_the_one_before(decided):
    store, path, (first, second, _) = decided
    report = store.verify_decisions()
    assert report.intact and report.decisions == 2 and report.broken is None
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT version_id, status, decided_by, reason, previous_hash, hash, "
        "extraction_sha256, decided_at FROM decisions ORDER BY id"
    ).fetchall()
    data = conn.execute(
        "SELECT e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id WHERE v.id = ?",
        (first,),
    ).fetchone()[0]
    conn.close()
    assert [r[:4] for r in rows] == [
        (first, "approved", "Marie Dupont", None),
        (second, "rejected", "Paul Martin", "doublon"),
    ]
    assert rows[0][4] == GENESIS and rows[1][4] == rows[0][5]
    assert rows[0][6] == hashlib.sha256(data.encode()).hexdigest()
    content = canonical(
        version_id=first,
        status="approved",
        decided_by="Marie Dupont",
        decided_at=rows[0][7],
        reason=None,
        extraction_sha256=rows[0][6],
    )
    assert rows[0][5] == hashlib.sha256(f"{GENESIS}\n{content}".encode()).hexdigest()
    assert chain_hash(GENESIS, content) == rows[0][5]


def test_an_approval_written_directly_in_the_versions_table_is_found(decided):
    store, path, (_, _, pending) = decided
    tamper(
        path,
        "UPDATE versions SET status = 'approved', decided_by = 'X', decided_at = ? WHERE id = ?",
        "2026-01-01T00:00:00+00:00",
        pending,
    )
    report = store.verify_decisions()
    assert not report.intact
    assert f"version n° {pending}" in report.broken
    assert "sans décision enregistrée" in report.broken


def test_the_author_of_an_approval_changed_in_the_versions_table_is_found(decided):
    store, path, (first, _, _) = decided
    tamper(path, "UPDATE versions SET decided_by = 'Quelqu''un' WHERE id = ?", first)
    report = store.verify_decisions()
    assert not report.intact and f"version n° {first}" in report.broken


def test_a_decision_edited_consistently_in_both_tables_breaks_its_hash(decided):
    store, path, (first, _, _) = decided
    tamper(path, "UPDATE versions SET decided_by = 'Autre' WHERE id = ?", first)
    tamper(path, "UPDATE decisions SET decided_by = 'Autre' WHERE version_id = ?", first)
    report = store.verify_decisions()
    assert not report.intact and report.link == 1
    assert "décision n° 1 (approbation de la version" in report.broken
    assert "modifié" in report.broken


def test_a_rejection_turned_into_an_approval_is_found(decided):
    store, path, (_, second, _) = decided
    tamper(path, "UPDATE versions SET status = 'approved', reason = NULL WHERE id = ?", second)
    tamper(
        path,
        "UPDATE decisions SET status = 'approved', reason = NULL WHERE version_id = ?",
        second,
    )
    report = store.verify_decisions()
    assert not report.intact and report.link == 2


def test_a_removed_decision_breaks_the_link_after_it(decided):
    store, path, _ = decided
    tamper(path, "DELETE FROM decisions WHERE id = 1")
    report = store.verify_decisions()
    assert not report.intact and report.link == 2
    assert "ne suit pas" in report.broken


def test_prices_changed_after_the_approval_are_found(decided):
    store, path, (first, _, _) = decided
    tamper(
        path,
        "UPDATE extractions SET data = replace(data, '16.80', '1.68') "
        "WHERE id = (SELECT extraction_id FROM versions WHERE id = ?)",
        first,
    )
    report = store.verify_decisions()
    assert not report.intact and report.link == 1
    assert "extraction décidée a été modifiée" in report.broken


def test_a_later_approval_superseding_an_earlier_one_keeps_the_chain_intact(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        first, second = add(store, "a.pdf"), add(store, "b.pdf")
        store.approve(first, by="Marie")
        store.approve(second, by="Marie", acknowledge_warnings=True)
        assert store.verify_decisions().intact


def test_decisions_taken_before_the_chain_are_chained_by_the_migration(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=len(MIGRATIONS) - 1)
    conn.close()
    with Store(path) as store:  # only to fill the old file, then undo the chain
        first, second = add(store, "a.pdf"), add(store, "b.pdf")
        store.approve(first, by="Marie")
        store.reject(second, reason="erreur", by="Paul")
    tamper(path, "DELETE FROM decisions")
    tamper(path, "PRAGMA user_version = 2")
    tamper(path, "DROP TABLE decisions")
    with Store(path) as store:
        report = store.verify_decisions()
    assert report.intact and report.decisions == 2
