"""Received files: claim-then-process, so that a file is processed once whatever happens.

A run *claims* a file (a row with its SHA-256, unique, and a copy of its bytes) before
reading it, and marks it done or failed when it is finished. Another run meeting a
claimed file leaves it alone while its claimer lives; a claim whose process is gone
(killed), or older than :data:`CLAIM_TIMEOUT`, is taken over and the file retried.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import uuid
from dataclasses import dataclass
from enum import StrEnum

from pipeline.errors import StoreError
from pipeline.store.connection import now

CLAIM_TIMEOUT = dt.timedelta(hours=1)
"""A claim older than this is considered abandoned even if its process seems alive."""


class FileStatus(StrEnum):
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"


class ClaimResult(StrEnum):
    CLAIMED = "claimed"
    """This run holds the file now (first time, or a retry)."""
    SEEN = "seen"
    """Already processed (done or failed): nothing to do."""
    BUSY = "busy"
    """Another live run is processing it."""


@dataclass(frozen=True)
class ReceivedFile:
    """A file received in the drop folder, as the store remembers it."""

    sha256: str
    name: str
    size: int
    received_at: str
    status: FileStatus
    attempts: int
    finished_at: str | None
    reason: str | None
    version_id: int | None
    copy: bool = False
    """Recognised as a copy of version ``version_id`` (the same deliberation in another
    file), not a version of its own."""


def new_owner() -> str:
    """An identity for a run: host, process and a random token."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def claim_is_stale(owner: str | None, claimed_at: str | None) -> bool:
    """Whether a claim was abandoned: its process is gone, or it is too old."""
    if not owner or not claimed_at:
        return True
    try:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(claimed_at)
    except ValueError:
        return True
    if age > CLAIM_TIMEOUT:
        return True
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host == socket.gethostname() and pid_text.isdigit():
        pid = int(pid_text)
        return pid != os.getpid() and not _pid_alive(pid)
    return False


_SELECT = """
    SELECT f.*, COALESCE(v.id, c.version_id) AS version_id, c.id IS NOT NULL AS copy
    FROM files f
    LEFT JOIN extractions e ON e.file_id = f.id
    LEFT JOIN versions v ON v.extraction_id = e.id
    LEFT JOIN version_copies c ON c.extraction_id = e.id
"""


def _received(row: sqlite3.Row) -> ReceivedFile:
    return ReceivedFile(
        sha256=row["sha256"],
        name=row["name"],
        size=row["size"],
        received_at=row["received_at"],
        status=FileStatus(row["status"]),
        attempts=row["attempts"],
        finished_at=row["finished_at"],
        reason=row["reason"],
        version_id=row["version_id"],
        copy=bool(row["copy"]),
    )


def get(conn: sqlite3.Connection, sha256: str) -> ReceivedFile | None:
    row = conn.execute(_SELECT + " WHERE f.sha256 = ?", (sha256,)).fetchone()
    return _received(row) if row else None


def all_files(conn: sqlite3.Connection) -> list[ReceivedFile]:
    return [_received(r) for r in conn.execute(_SELECT + " ORDER BY f.id")]


def claim(
    conn: sqlite3.Connection,
    *,
    sha256: str,
    name: str,
    content: bytes,
    owner: str,
    retry_failed: bool = False,
) -> tuple[ClaimResult, ReceivedFile]:
    """Claim a file for ``owner``; call inside a write transaction."""
    row = conn.execute(
        "SELECT status, claimed_by, claimed_at FROM files WHERE sha256 = ?", (sha256,)
    ).fetchone()
    stamp = now()
    if row is None:
        conn.execute(
            "INSERT INTO files (sha256, name, size, content, received_at, status, "
            "claimed_by, claimed_at) VALUES (?, ?, ?, ?, ?, 'claimed', ?, ?)",
            (sha256, name, len(content), content, stamp, owner, stamp),
        )
        result = ClaimResult.CLAIMED
    elif (row["status"] == FileStatus.CLAIMED and claim_is_stale(*row[1:3])) or (
        row["status"] == FileStatus.FAILED and retry_failed
    ):
        conn.execute(
            "UPDATE files SET status = 'claimed', claimed_by = ?, claimed_at = ?, "
            "attempts = attempts + 1, finished_at = NULL, reason = NULL WHERE sha256 = ?",
            (owner, stamp, sha256),
        )
        result = ClaimResult.CLAIMED
    elif row["status"] == FileStatus.CLAIMED:
        result = ClaimResult.BUSY
    else:
        result = ClaimResult.SEEN
    received = get(conn, sha256)
    assert received is not None
    return result, received


def holds(conn: sqlite3.Connection, sha256: str, owner: str) -> int | None:
    """The file's id if ``owner`` still holds its claim, else None."""
    row = conn.execute(
        "SELECT id FROM files WHERE sha256 = ? AND status = 'claimed' AND claimed_by = ?",
        (sha256, owner),
    ).fetchone()
    return row["id"] if row else None


def finish(conn: sqlite3.Connection, file_id: int) -> None:
    conn.execute(
        "UPDATE files SET status = 'done', finished_at = ?, reason = NULL WHERE id = ?",
        (now(), file_id),
    )


def fail(conn: sqlite3.Connection, sha256: str, owner: str, reason: str) -> bool:
    """Record the failure if ``owner`` still holds the claim; returns whether it did."""
    cursor = conn.execute(
        "UPDATE files SET status = 'failed', finished_at = ?, reason = ? "
        "WHERE sha256 = ? AND status = 'claimed' AND claimed_by = ?",
        (now(), reason, sha256, owner),
    )
    return cursor.rowcount == 1


def release(conn: sqlite3.Connection, sha256: str, owner: str) -> None:
    """Give a claim back (interrupted run): the next run will process the file."""
    conn.execute(
        "UPDATE files SET claimed_at = NULL WHERE sha256 = ? AND status = 'claimed' "
        "AND claimed_by = ?",
        (sha256, owner),
    )


def content(conn: sqlite3.Connection, sha256: str) -> bytes:
    row = conn.execute("SELECT content FROM files WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise StoreError(f"aucun fichier reçu n'a l'empreinte {sha256[:12]}….")
    return bytes(row["content"])
