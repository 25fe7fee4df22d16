"""Versions in the store: pending, approved, rejected, superseded, in force at a date."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from pipeline.errors import ApprovalRefused, VersionNotFound
from pipeline.models import EffectiveDateSource, Extraction, Severity, VersionStatus
from pipeline.store import Store, new_owner
from tests.store.factories import finding, from_truth, line, make_extraction

OLD = "2025-07-10_annexe2_tarifs"
NEW = "2026-03-19_annexe2_actualisation"


def add(store: Store, extraction: Extraction, content: bytes | None = None) -> int:
    """Claim then store an extraction, as a run does."""
    data = content or extraction.source.file.encode() + b"%PDF-"
    sha = hashlib.sha256(data).hexdigest()
    owner = new_owner()
    store.claim_file(sha256=sha, name=extraction.source.file, content=data, owner=owner)
    version_id = store.add_version(sha256=sha, owner=owner, extraction=extraction, threshold=0.25)
    assert version_id is not None
    return version_id


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_a_stored_version_reads_back_equal_and_pending(store):
    extraction = from_truth(NEW)
    version = store.version(add(store, extraction))
    assert version.status is VersionStatus.PENDING
    assert version.effective_date == dt.date(2026, 4, 1)
    assert version.effective_date_source is EffectiveDateSource.STATED
    assert version.extraction.services == extraction.services
    assert version.extraction.strata == extraction.strata
    assert version.extraction.services[0].amount == Decimal("17.40")
    assert [f.code for f in version.extraction.findings] == ["history.first_version"]


def test_unknown_version(store):
    with pytest.raises(VersionNotFound, match="n° 42"):
        store.version(42)
    with pytest.raises(VersionNotFound):
        store.approve(42, by="Marie")


def test_corpus_history_in_force_at_dates(store):
    v2025 = add(store, from_truth(OLD))
    v2026 = add(store, from_truth(NEW))
    store.approve(v2025, by="Marie Dupont")
    refused = pytest.raises(ApprovalRefused, match="avertissement")
    with refused:
        store.approve(v2026, by="Marie Dupont")
    # the refusal kept the refreshed findings: now compared with the 2025 version
    codes = {f.code for f in store.version(v2026).extraction.warnings}
    assert {"history.line_removed", "history.tier_removed"} <= codes
    approved = store.approve(v2026, by="Marie Dupont", acknowledge_warnings=True)
    assert approved.warnings_acknowledged and approved.decided_by == "Marie Dupont"

    assert store.in_force(dt.date(2026, 5, 1)).id == v2026
    assert store.in_force(dt.date(2026, 3, 25)).id == v2025  # after the sitting, before 1 April
    assert store.in_force(dt.date(2026, 4, 1)).id == v2026
    assert store.in_force(dt.date(2025, 7, 10)).id == v2025
    assert store.in_force(dt.date(2025, 7, 9)) is None
    old = store.version(v2025)
    assert old.status is VersionStatus.SUPERSEDED and old.superseded_by == v2026
    assert store.version(v2026).status is VersionStatus.APPROVED
    assert store.previous_in_force(v2026).id == v2025
    assert store.previous_in_force(v2025) is None


def test_approving_an_older_deliberation_after_a_newer_one(store):
    v2026 = add(store, from_truth(NEW))
    store.approve(v2026, by="Marie")
    v2025 = add(store, from_truth(OLD))
    older = [f for f in store.version(v2025).extraction.warnings if "older" in f.code]
    assert older, "an older deliberation is flagged"
    store.approve(v2025, by="Marie", acknowledge_warnings=True)
    assert store.version(v2025).status is VersionStatus.SUPERSEDED
    assert store.version(v2026).status is VersionStatus.APPROVED
    assert store.in_force(dt.date(2026, 1, 1)).id == v2025
    assert store.in_force(dt.date(2026, 6, 1)).id == v2026


def test_errors_block_approval(store):
    broken = make_extraction(findings=[finding(Severity.ERROR, message="Aucun tableau de tarifs.")])
    version_id = add(store, broken)
    with pytest.raises(ApprovalRefused, match="erreur bloquante"):
        store.approve(version_id, by="Marie", acknowledge_warnings=True)
    assert store.version(version_id).status is VersionStatus.PENDING
    assert store.in_force(dt.date(2030, 1, 1)) is None


def test_only_pending_versions_are_decided(store):
    version_id = add(store, make_extraction())
    store.approve(version_id, by="Marie")
    with pytest.raises(ApprovalRefused, match="déjà approuvée par Marie"):
        store.approve(version_id, by="Paul")
    with pytest.raises(ApprovalRefused, match="déjà approuvée"):
        store.reject(version_id, reason="erreur", by="Paul")


def test_reject_needs_a_reason_and_keeps_it(store):
    version_id = add(store, make_extraction())
    with pytest.raises(ApprovalRefused, match="motif"):
        store.reject(version_id, reason="  ", by="Paul")
    rejected = store.reject(version_id, reason="Doublon de la 2025/31", by="Paul")
    assert rejected.status is VersionStatus.REJECTED
    assert rejected.reason == "Doublon de la 2025/31" and rejected.decided_by == "Paul"
    assert store.in_force(dt.date(2030, 1, 1)) is None


def test_price_change_warning_and_acknowledgement(store):
    first = add(store, make_extraction(name="a.pdf", services=[line("Nom de domaine", "10.00")]))
    store.approve(first, by="Marie")
    second = add(
        store,
        make_extraction(
            name="b.pdf", sitting=dt.date(2026, 1, 5), services=[line("Nom de domaine", "20.00")]
        ),
    )
    (warning,) = store.version(second).extraction.warnings
    assert warning.code == "history.price_change"
    with pytest.raises(ApprovalRefused):
        store.approve(second, by="Marie")
    assert store.approve(second, by="Marie", acknowledge_warnings=True).warnings_acknowledged


def test_same_effective_date_the_later_sitting_wins(store):
    a = add(
        store,
        make_extraction(name="a.pdf", sitting=dt.date(2026, 1, 5), stated=dt.date(2026, 4, 1)),
    )
    b = add(
        store,
        make_extraction(
            name="b.pdf",
            sitting=dt.date(2026, 2, 5),
            stated=dt.date(2026, 4, 1),
            services=[line("Messagerie compte 5 Go", "16.90", group="Messagerie")],
        ),
    )
    store.approve(b, by="Marie")
    store.approve(a, by="Marie", acknowledge_warnings=True)
    assert store.in_force(dt.date(2026, 4, 1)).id == b
    assert store.version(a).status is VersionStatus.SUPERSEDED


def test_versions_lists_all_in_order(store):
    ids = [add(store, make_extraction(name=f"{i}.pdf")) for i in range(3)]
    assert [v.id for v in store.versions()] == ids


def test_reference_is_the_latest_approved(store):
    assert store.reference() is None
    a = add(store, from_truth(OLD))
    store.approve(a, by="Marie")
    assert store.reference().id == a


def test_known_units_are_those_of_approved_versions(store):
    assert store.known_units() == set()
    version_id = add(store, from_truth("2025-07-10_annexe2_tarifs"))
    assert store.known_units() == set(), "a pending version teaches nothing"
    store.approve(version_id, by="test", acknowledge_warnings=True)
    version = store.version(version_id)
    expected = {s.unit for s in version.extraction.services} | {
        t.unit for t in version.extraction.strata
    }
    assert store.known_units() == expected
    assert "Par compte et par an" in expected
