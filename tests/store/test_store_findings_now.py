"""Findings that depend on the version in force are computed now, against the version in
force now (issue 12: a pending version kept « 0 avertissement » after another version was
approved, until its own approval revealed its warnings)."""

from __future__ import annotations

import pytest

from pipeline.models import VersionStatus
from pipeline.store import Store
from tests.store.factories import from_truth
from tests.store.test_store_versions import NEW, OLD, add


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3", threshold=0.25) as opened:
        yield opened


def history_codes(version) -> set[str]:
    return {f.code for f in version.extraction.findings if f.code.startswith("history.")}


def test_a_pending_version_is_compared_with_the_version_approved_after_it_arrived(store):
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    assert history_codes(store.version(new)) == {"history.first_version"}
    store.approve(old, by="Marie Dupont", acknowledge_warnings=True)

    pending = store.version(new)
    assert pending.status is VersionStatus.PENDING
    assert {"history.line_removed", "history.tier_removed"} <= history_codes(pending)
    assert "history.first_version" not in history_codes(pending)
    assert len(pending.extraction.warnings) == 2
    listed = {v.id: v for v in store.versions()}
    assert listed[new].extraction.findings == pending.extraction.findings


def test_a_pending_version_is_compared_with_each_newly_approved_version(store):
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    store.approve(old, by="Marie Dupont", acknowledge_warnings=True)
    newer = add(store, from_truth(NEW, name="copie.pdf"), b"%PDF-copie")
    store.approve(new, by="Marie Dupont", acknowledge_warnings=True)
    # the copy is now compared with the 2026 version: same prices, nothing removed
    assert "history.unchanged" in history_codes(store.version(newer))


def test_a_decided_version_keeps_the_findings_it_was_decided_on(store):
    old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
    store.approve(old, by="Marie Dupont", acknowledge_warnings=True)
    store.reject(new, reason="doublon", by="Paul Martin")
    rejected = store.version(new)
    assert {"history.line_removed", "history.tier_removed"} <= history_codes(rejected)
    approved = store.version(old)  # still what it was approved on: not compared with itself
    assert {"history.first_version", "history.sitting_date_used"} == history_codes(approved)


def test_the_threshold_of_the_store_is_used(tmp_path):
    with Store(tmp_path / "s.sqlite3", threshold=0.01) as store:
        old, new = add(store, from_truth(OLD)), add(store, from_truth(NEW))
        store.approve(old, by="Marie Dupont", acknowledge_warnings=True)
        assert "history.price_change" in history_codes(store.version(new))  # +3,6 % > 1 %
