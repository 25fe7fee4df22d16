"""The warnings of a pending version are computed against the version in force when it
is shown or decided: two pending versions, one approved, the other's warnings change."""

from __future__ import annotations

import datetime as dt

from pipeline.store import Store
from tests.store.factories import line, make_extraction


def add(store: Store, name: str, extraction) -> int:
    import hashlib

    sha = hashlib.sha256(name.encode()).hexdigest()
    store.claim_file(sha256=sha, name=name, content=name.encode(), owner="test")
    version = store.add_version(sha256=sha, owner="test", extraction=extraction)
    assert version is not None
    return version


def test_warnings_of_a_pending_version_follow_the_approved_one(tmp_path):
    with Store(tmp_path / "db.sqlite3", threshold=0.25) as store:
        first = add(
            store, "a.pdf", make_extraction(name="a.pdf", services=[line("Messagerie", "10.00")])
        )
        cheap = make_extraction(
            name="b.pdf", sitting=dt.date(2026, 3, 19), services=[line("Messagerie", "20.00")]
        )
        second = add(store, "b.pdf", cheap)
        codes = {f.code for f in store.version(second).extraction.findings}
        assert "history.first_version" in codes and "history.price_change" not in codes
        store.approve(first, by="Paul Martin", acknowledge_warnings=True)
        codes = {f.code for f in store.version(second).extraction.findings}
        assert "history.price_change" in codes and "history.first_version" not in codes
