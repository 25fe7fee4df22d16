"""Opening, migrating and checking the store file."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.errors import StoreError
from pipeline.store import LATEST, Store
from pipeline.store.schema import MIGRATIONS, migrate


def test_a_new_file_is_created_at_the_latest_schema(tmp_path):
    path = tmp_path / "sub" / "tarifs.sqlite3"
    with Store(path) as store:
        assert store.check() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST == len(MIGRATIONS)


def test_an_older_file_is_upgraded_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute(
        "INSERT INTO files (sha256, name, size, content, received_at, status) "
        "VALUES (?, 'a.pdf', 3, x'010203', '2025-07-11T08:00:00+00:00', 'failed')",
        ("a" * 64,),
    )
    conn.close()
    with Store(path) as store:
        assert store.file_bytes("a" * 64) == b"\x01\x02\x03"
        assert store.documents() == []  # the table of step 2 exists
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_reopening_does_not_migrate_again(tmp_path):
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    Store(path).close()
    with Store(path) as store:
        assert store.check() == []


def test_a_file_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="plus récente"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="endommagée"):
        Store(path)
