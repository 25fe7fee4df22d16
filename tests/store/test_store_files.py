"""Received files and their claims; generated documents."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from pipeline.errors import StoreError, VersionNotFound
from pipeline.store import ClaimResult, FileStatus, Store, new_owner
from tests.store.factories import make_extraction

DATA = b"%PDF-1.4 contenu"
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened


def claim(store, owner, **kwargs):
    return store.claim_file(sha256=SHA, name="a.pdf", content=DATA, owner=owner, **kwargs)


def test_claim_once_then_seen(store):
    owner = new_owner()
    result, received = claim(store, owner)
    assert result is ClaimResult.CLAIMED and received.status is FileStatus.CLAIMED
    assert store.file_bytes(SHA) == DATA
    store.add_version(sha256=SHA, owner=owner, extraction=make_extraction())
    result, received = claim(store, new_owner())
    assert result is ClaimResult.SEEN and received.status is FileStatus.DONE
    assert received.version_id == 1


def test_a_live_claim_is_busy_for_another_run(store):
    claim(store, new_owner())
    result, _ = claim(store, new_owner())
    assert result is ClaimResult.BUSY


def test_a_dead_process_claim_is_taken_over(store):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    host_owner = new_owner().split(":")
    owner = f"{host_owner[0]}:{dead.stdout.strip()}:deadbeef"
    claim(store, owner)
    result, received = claim(store, new_owner())
    assert result is ClaimResult.CLAIMED and received.attempts == 2
    # the dead run can no longer store anything for it
    assert store.add_version(sha256=SHA, owner=owner, extraction=make_extraction()) is None
    assert not store.fail_file(SHA, owner, "trop tard")


def test_a_released_claim_is_retried(store):
    owner = new_owner()
    claim(store, owner)
    store.release_file(SHA, owner)
    assert claim(store, new_owner())[0] is ClaimResult.CLAIMED


def test_failed_files_are_seen_unless_retried(store):
    owner = new_owner()
    claim(store, owner)
    assert store.fail_file(SHA, owner, "PDF endommagé.")
    result, received = claim(store, new_owner())
    assert result is ClaimResult.SEEN and received.reason == "PDF endommagé."
    result, received = claim(store, new_owner(), retry_failed=True)
    assert result is ClaimResult.CLAIMED and received.reason is None


def test_unknown_file_bytes(store):
    with pytest.raises(StoreError, match="empreinte"):
        store.file_bytes("0" * 64)


def test_documents_are_recorded_per_version(store):
    owner = new_owner()
    claim(store, owner)
    version_id = store.add_version(sha256=SHA, owner=owner, extraction=make_extraction())
    doc = store.record_document(
        version_id,
        "62160",
        "convention",
        "output/62160/convention.docx",
        "b" * 64,
        "c" * 64,
        details={"population": 1234},
    )
    (stored,) = store.documents(version_id)
    assert stored.id == doc and stored.collectivity_code == "62160"
    assert stored.details == {"population": 1234} and stored.template_sha256 == "c" * 64
    assert store.documents(version_id + 1) == []
    with pytest.raises(VersionNotFound):
        store.record_document(99, "62160", "convention", "x.docx", "b" * 64, None)
