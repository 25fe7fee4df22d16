"""The chained record of decisions: every approval and rejection, each with a hash.

A decision's hash is SHA-256 over the previous decision's hash and the decision's
canonical content (version id, status, who, when, reason, the SHA-256 of the
extraction decided on and, when the version was corrected, the digest of its
corrections), so that a decision edited, removed or inserted by hand in the database
breaks the chain from that link on. :func:`verify` also compares each version's
recorded status with its last decision, so that an approval written directly into the
``versions`` table is told from a real one, and the corrections of each decided version
with the digest its decision recorded (:mod:`pipeline.store.corrections`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

GENESIS = "0" * 64
"""The "previous hash" of the first decision."""

DECIDED_STATUSES = ("approved", "rejected")


def canonical(
    *,
    version_id: int,
    status: str,
    decided_by: str | None,
    decided_at: str | None,
    reason: str | None,
    extraction_sha256: str,
    corrections_sha256: str | None = None,
) -> str:
    """The decision's content as hashed: sorted keys, no spaces, UTF-8 kept.

    ``corrections_sha256`` is hashed only when the version was corrected, so that the
    decisions taken before corrections existed keep their hashes.
    """
    content: dict[str, object] = {
        "version_id": version_id,
        "status": status,
        "decided_by": decided_by,
        "decided_at": decided_at,
        "reason": reason,
        "extraction_sha256": extraction_sha256,
    }
    if corrections_sha256 is not None:
        content["corrections_sha256"] = corrections_sha256
    return json.dumps(
        content,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def chain_hash(previous: str, content: str) -> str:
    return hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()


def extraction_sha256(conn: sqlite3.Connection, version_id: int) -> str:
    """The SHA-256 of the stored extraction (its JSON text) of a version."""
    row = conn.execute(
        "SELECT e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id WHERE v.id = ?",
        (version_id,),
    ).fetchone()
    return hashlib.sha256((row[0] if row else "").encode()).hexdigest()


def corrections_sha256(conn: sqlite3.Connection, version_id: int) -> str | None:
    """SHA-256 over the hashes of a version's corrections in order; None without any."""
    hashes = [
        row[0]
        for row in conn.execute(
            "SELECT hash FROM corrections WHERE version_id = ? ORDER BY id", (version_id,)
        )
    ]
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest() if hashes else None


def _last_hash(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT hash FROM decisions ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def record(conn: sqlite3.Connection, version_id: int, *, corrections: bool = True) -> None:
    """Chain the decision just written on ``version_id``; call in the same transaction.

    ``corrections=False`` for a file whose schema has no corrections yet (migration 3).
    """
    row = conn.execute(
        "SELECT status, decided_by, decided_at, reason FROM versions WHERE id = ?",
        (version_id,),
    ).fetchone()
    status, decided_by, decided_at, reason = tuple(row)
    fields = {
        "version_id": version_id,
        "status": "approved" if status == "superseded" else status,
        "decided_by": decided_by,
        "decided_at": decided_at,
        "reason": reason,
        "extraction_sha256": extraction_sha256(conn, version_id),
    }
    if corrections:
        fields["corrections_sha256"] = corrections_sha256(conn, version_id)
    previous = _last_hash(conn)
    columns = ", ".join([*fields, "previous_hash", "hash"])
    conn.execute(
        f"INSERT INTO decisions ({columns}) VALUES ({', '.join('?' * (len(fields) + 2))})",
        (*fields.values(), previous, chain_hash(previous, canonical(**fields))),
    )


def backfill(conn: sqlite3.Connection) -> None:
    """Chain the decisions taken before the chain existed (migration 3), oldest first."""
    rows = conn.execute(
        "SELECT id FROM versions WHERE status IN ('approved', 'superseded', 'rejected') "
        "ORDER BY COALESCE(decided_at, ''), id"
    ).fetchall()
    for row in rows:
        record(conn, row[0], corrections=False)


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of :func:`verify`: ``broken`` says (in French) the first broken link."""

    decisions: int
    broken: str | None = None
    link: int | None = None
    """The id of the first broken decision (None when intact or when a version is)."""
    corrections: int = 0
    """How many corrections were checked (:mod:`pipeline.store.corrections`)."""

    @property
    def intact(self) -> bool:
        return self.broken is None


_STATUS_WORDS = {"approved": "approbation", "rejected": "rejet"}


def verify(conn: sqlite3.Connection) -> ChainReport:
    """Check every link of the chain, then every version against its last decision."""
    rows = conn.execute("SELECT * FROM decisions ORDER BY id").fetchall()
    previous = GENESIS
    last: dict[int, sqlite3.Row] = {}
    for row in rows:
        what = (
            f"décision n° {row['id']} ({_STATUS_WORDS.get(row['status'], row['status'])} "
            f"de la version n° {row['version_id']})"
        )
        if row["previous_hash"] != previous:
            return ChainReport(
                len(rows),
                f"{what} : elle ne suit pas la décision précédente "
                "(une décision a été supprimée, insérée ou modifiée).",
                row["id"],
            )
        content = canonical(
            version_id=row["version_id"],
            status=row["status"],
            decided_by=row["decided_by"],
            decided_at=row["decided_at"],
            reason=row["reason"],
            extraction_sha256=row["extraction_sha256"],
            corrections_sha256=row["corrections_sha256"],
        )
        if row["status"] not in DECIDED_STATUSES or chain_hash(previous, content) != row["hash"]:
            return ChainReport(
                len(rows), f"{what} : son contenu a été modifié après coup.", row["id"]
            )
        if extraction_sha256(conn, row["version_id"]) != row["extraction_sha256"]:
            return ChainReport(
                len(rows),
                f"{what} : l'extraction décidée a été modifiée après la décision.",
                row["id"],
            )
        if corrections_sha256(conn, row["version_id"]) != row["corrections_sha256"]:
            return ChainReport(
                len(rows),
                f"{what} : les corrections de la version ont changé après la décision.",
                row["id"],
            )
        previous = row["hash"]
        last[row["version_id"]] = row
    broken = _unrecorded(conn, last)
    return ChainReport(len(rows), broken)


def _unrecorded(conn: sqlite3.Connection, last: dict[int, sqlite3.Row]) -> str | None:
    """The first version whose status, author, date or reason is not its last decision's."""
    for version in conn.execute(
        "SELECT id, status, decided_by, decided_at, reason FROM versions ORDER BY id"
    ):
        decision = last.get(version["id"])
        status = "approved" if version["status"] == "superseded" else version["status"]
        if decision is None:
            if status != "pending" or version["decided_by"] or version["decided_at"]:
                return (
                    f"version n° {version['id']} : marquée « {version['status']} » "
                    "sans décision enregistrée (modifiée directement dans la base)."
                )
            continue
        keys = ("decided_by", "decided_at", "reason")
        if (status, *(version[k] for k in keys)) != (
            decision["status"],
            *(decision[k] for k in keys),
        ):
            return (
                f"version n° {version['id']} : son état ne correspond plus à sa décision "
                f"n° {decision['id']} (modifiée directement dans la base)."
            )
    return None
