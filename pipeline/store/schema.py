"""The store's schema and its migrations.

The schema version is SQLite's ``PRAGMA user_version``: a file at version *n* gets
steps *n+1…* applied in order, each in the opening transaction, so that a newer
program upgrades an older file and a file is never left half-migrated. A file made by
a newer program than this one is refused rather than damaged.

Money is stored as decimal text ("17.40"), dates as ISO text ("2026-04-01"), times
as ISO 8601 UTC text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from pipeline.errors import StoreError
from pipeline.store.connection import connect
from pipeline.store.decisions import backfill
from pipeline.store.devis import MIGRATION as DEVIS_TABLES

Step = str | Callable[[sqlite3.Connection], None]
"""A migration step: an SQL statement, or a function run on the connection."""

MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    # 1: received files, extractions and their findings, tariff versions
    (
        """
        CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            content BLOB NOT NULL,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed')),
            claimed_by TEXT,
            claimed_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            finished_at TEXT,
            reason TEXT
        )
        """,
        """
        CREATE TABLE extractions (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES files(id),
            created_at TEXT NOT NULL,
            data TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            extraction_id INTEGER NOT NULL UNIQUE REFERENCES extractions(id),
            status TEXT NOT NULL
                CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
            effective_date TEXT,
            effective_date_source TEXT NOT NULL,
            sitting_date TEXT,
            created_at TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            reason TEXT,
            warnings_acknowledged INTEGER NOT NULL DEFAULT 0,
            superseded_by INTEGER REFERENCES versions(id)
        )
        """,
        """
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            extraction_id INTEGER NOT NULL REFERENCES extractions(id),
            version_id INTEGER REFERENCES versions(id),
            origin TEXT NOT NULL CHECK (origin IN ('extraction', 'history')),
            severity TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            page INTEGER,
            bbox TEXT
        )
        """,
        """
        CREATE TABLE service_lines (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            position INTEGER NOT NULL,
            category TEXT,
            grp TEXT,
            label TEXT NOT NULL,
            amount TEXT,
            amount_ht TEXT,
            tax_basis TEXT NOT NULL,
            on_quote INTEGER NOT NULL,
            free INTEGER NOT NULL,
            unit TEXT NOT NULL,
            page INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE tiers (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            position INTEGER NOT NULL,
            label TEXT NOT NULL,
            kind TEXT NOT NULL,
            min_population INTEGER,
            max_population INTEGER,
            amount TEXT,
            on_quote INTEGER NOT NULL,
            unit TEXT NOT NULL,
            page INTEGER NOT NULL
        )
        """,
        "CREATE INDEX versions_by_date ON versions (status, effective_date)",
        "CREATE INDEX findings_by_version ON findings (version_id)",
        "CREATE INDEX lines_by_version ON service_lines (version_id)",
        "CREATE INDEX tiers_by_version ON tiers (version_id)",
    ),
    # 2: the documents generated from a version (conventions, annexes, exports)
    (
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            collectivity_code TEXT,
            kind TEXT NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            template_sha256 TEXT,
            created_at TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        )
        """,
        "CREATE INDEX documents_by_version ON documents (version_id)",
    ),
    # 3: every decision (approval, rejection) chained to the one before by its hash
    (
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            status TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            reason TEXT,
            extraction_sha256 TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        "CREATE INDEX decisions_by_version ON decisions (version_id)",
        backfill,  # the decisions taken before: chained oldest first
    ),
    # 4: corrections of a version's values, chained like the decisions and append-only;
    # a decision records the digest of the corrections it decided on
    # (IF NOT EXISTS: a file whose decisions were chained again by step 3 keeps them)
    (
        """
        CREATE TABLE IF NOT EXISTS corrections (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES versions(id),
            target TEXT NOT NULL CHECK (target IN ('line', 'tier', 'sitting')),
            number INTEGER,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            reason TEXT NOT NULL,
            corrected_by TEXT NOT NULL,
            corrected_at TEXT NOT NULL,
            extraction_sha256 TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS corrections_by_version ON corrections (version_id)",
        """
        CREATE TRIGGER IF NOT EXISTS corrections_never_updated BEFORE UPDATE ON corrections
        BEGIN
            SELECT RAISE(ABORT, 'une correction ne se modifie pas : ajoutez-en une autre');
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS corrections_never_deleted BEFORE DELETE ON corrections
        BEGIN
            SELECT RAISE(ABORT, 'une correction ne se supprime pas : ajoutez-en une autre');
        END
        """,
        lambda conn: add_column(conn, "decisions", "corrections_sha256", "TEXT"),
    ),
    # 5: the web application's accounts, and its log of sign-ins, uploads and generations
    # (append-only, chained like the decisions: pipeline.accounts)
    (
        """
        CREATE TABLE IF NOT EXISTS accounts (
            id INTEGER PRIMARY KEY,
            login TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL
                CHECK (role IN ('lecture', 'juriste', 'approbateur', 'administrateur')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT,
            kind TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}',
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        """
        CREATE TRIGGER IF NOT EXISTS events_never_updated BEFORE UPDATE ON events
        BEGIN
            SELECT RAISE(ABORT, 'le journal ne se modifie pas');
        END
        """,
        """
        CREATE TRIGGER IF NOT EXISTS events_never_deleted BEFORE DELETE ON events
        BEGIN
            SELECT RAISE(ABORT, 'le journal ne se supprime pas');
        END
        """,
    ),
    # adhesions: who signed the convention, when, under which annex, which services;
    # and the files recognised as a copy of a deliberation already stored
    (
        """
        CREATE TABLE IF NOT EXISTS adhesions (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            signed_on TEXT NOT NULL,
            annex_sitting TEXT,
            annex_version INTEGER REFERENCES versions(id),
            quote_fee TEXT,
            ended_on TEXT,
            end_reason TEXT,
            source TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (code, signed_on)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS adhesion_services (
            id INTEGER PRIMARY KEY,
            adhesion_id INTEGER NOT NULL REFERENCES adhesions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            grp TEXT,
            label TEXT NOT NULL,
            quantity INTEGER NOT NULL CHECK (quantity > 0)
        )
        """,
        "CREATE INDEX IF NOT EXISTS adhesion_services_by_adhesion "
        "ON adhesion_services (adhesion_id)",
        """
        CREATE TABLE IF NOT EXISTS version_copies (
            id INTEGER PRIMARY KEY,
            extraction_id INTEGER NOT NULL UNIQUE REFERENCES extractions(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            created_at TEXT NOT NULL
        )
        """,
    ),
    # the devis register: devis, their lines, their append-only events, and a sequence of
    # numbers per issuer and year that only goes up (pipeline.store.devis)
    DEVIS_TABLES,
)

LATEST = len(MIGRATIONS)


def add_column(conn: sqlite3.Connection, table: str, column: str, kind: str) -> None:
    """``ALTER TABLE … ADD COLUMN`` unless the column is there already."""
    if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, *, target: int = LATEST, path: object = None) -> int:
    """Bring the file up to ``target`` in one immediate transaction; returns the old version.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = schema_version(conn)
        if current > LATEST:
            raise StoreError(
                f"base créée par une version plus récente du logiciel (schéma {current}, "
                f"celui-ci connaît jusqu'au schéma {LATEST}) : mettez le logiciel à jour.",
                path=path if path is None else str(path),
            )
        for number in range(current + 1, target + 1):
            for step in MIGRATIONS[number - 1]:
                if callable(step):
                    step(conn)
                else:
                    conn.execute(step)
        if target > current:
            conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current


def open_store(path: Path) -> sqlite3.Connection:
    """A connection to the store file at ``path``, migrated to this program's schema; a
    file SQLite cannot read raises :class:`StoreError` naming it."""
    conn = connect(path)
    try:
        migrate(conn, path=path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"base illisible ou endommagée ({exc}).", path=path) from exc
    except BaseException:
        conn.close()
        raise
    return conn


class StoreFile:
    """A store file opened and migrated (:func:`open_store`): what
    :class:`~pipeline.store.Store` and :class:`~pipeline.accounts.Accounts` share; a
    context manager that closes it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn = open_store(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()
