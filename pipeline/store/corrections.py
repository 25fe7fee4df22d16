"""The corrections of versions: appended in order, chained by their hashes, never changed.

Each correction is one row (version, line or tier and its number, field, old value, new
value, who, when, why). Like the decisions (:mod:`pipeline.store.decisions`), its hash
is SHA-256 over the previous correction's hash and its canonical content, which names
the SHA-256 of the extraction it corrects: a correction edited, removed or inserted by
hand breaks the chain from that link on. SQLite triggers refuse any ``UPDATE`` or
``DELETE`` of the table, so that no program (nor page) can change one by mistake; a
correction is undone by another one.

A decision records the digest of the corrections it decided on
(:func:`digest`), so that a correction added to an approved version is found too.
"""

from __future__ import annotations

import json
import sqlite3

from pipeline.models import Correction, CorrectionTarget
from pipeline.store.decisions import GENESIS, chain_hash, corrections_sha256, extraction_sha256


def canonical(correction: Correction, *, version_id: int, extraction: str) -> str:
    """The correction's content as hashed: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(
        {
            "version_id": version_id,
            "target": correction.target.value,
            "number": correction.number,
            "field": correction.field,
            "old": correction.old,
            "new": correction.new,
            "reason": correction.reason,
            "by": correction.by,
            "at": correction.at,
            "extraction_sha256": extraction,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def _last_hash(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT hash FROM corrections ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def append(conn: sqlite3.Connection, version_id: int, correction: Correction) -> Correction:
    """Append one correction to the chain; returns it with its id. Call in a transaction."""
    extraction = extraction_sha256(conn, version_id)
    previous = _last_hash(conn)
    digest = chain_hash(
        previous, canonical(correction, version_id=version_id, extraction=extraction)
    )
    cursor = conn.execute(
        "INSERT INTO corrections (version_id, target, number, field, old_value, new_value, "
        "reason, corrected_by, corrected_at, extraction_sha256, previous_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version_id,
            correction.target.value,
            correction.number,
            correction.field,
            correction.old,
            correction.new,
            correction.reason,
            correction.by,
            correction.at,
            extraction,
            previous,
            digest,
        ),
    )
    assert cursor.lastrowid is not None
    return correction.model_copy(update={"id": cursor.lastrowid})


def _correction(row: sqlite3.Row) -> Correction:
    return Correction(
        id=row["id"],
        target=CorrectionTarget(row["target"]),
        number=row["number"],
        field=row["field"],
        old=row["old_value"],
        new=row["new_value"],
        reason=row["reason"],
        by=row["corrected_by"],
        at=row["corrected_at"],
    )


def listing(conn: sqlite3.Connection, version_id: int) -> list[Correction]:
    """A version's corrections, in the order they were made."""
    rows = conn.execute(
        "SELECT * FROM corrections WHERE version_id = ? ORDER BY id", (version_id,)
    ).fetchall()
    return [_correction(row) for row in rows]


def digest(conn: sqlite3.Connection, version_id: int) -> str | None:
    """SHA-256 over the hashes of a version's corrections in order; None without any."""
    return corrections_sha256(conn, version_id)


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COUNT(*) FROM corrections").fetchone()[0]


def verify(conn: sqlite3.Connection) -> tuple[int, str | None, int | None]:
    """(corrections checked, the first broken link in French or None, its id)."""
    rows = conn.execute("SELECT * FROM corrections ORDER BY id").fetchall()
    previous = GENESIS
    for row in rows:
        what = f"correction n° {row['id']} (version n° {row['version_id']})"
        if row["previous_hash"] != previous:
            return (
                len(rows),
                f"{what} : elle ne suit pas la correction précédente "
                "(une correction a été supprimée, insérée ou modifiée).",
                row["id"],
            )
        try:
            correction = _correction(row)
        except ValueError:
            return len(rows), f"{what} : son contenu a été modifié après coup.", row["id"]
        content = canonical(
            correction, version_id=row["version_id"], extraction=row["extraction_sha256"]
        )
        if chain_hash(previous, content) != row["hash"]:
            return len(rows), f"{what} : son contenu a été modifié après coup.", row["id"]
        if extraction_sha256(conn, row["version_id"]) != row["extraction_sha256"]:
            return (
                len(rows),
                f"{what} : l'extraction corrigée a été modifiée après la correction.",
                row["id"],
            )
        previous = row["hash"]
    return len(rows), None, None
