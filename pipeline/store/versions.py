"""Tariff versions: stored pending, then approved or rejected by a person.

A version's history findings (``history.*``) are computed against the reference
version, the approved one with the latest effective date, when it is stored, and
computed again when it is approved (the reference may have changed meanwhile).

Approved versions are never overwritten: when a later one is approved, the earlier
ones become *superseded* (still approved, replaced from the later one's effective
date), so that the prices in force at any past date stay answerable. The version in
force at a date D is the approved or superseded version with the latest effective
date on or before D (ties: the later sitting, then the later version).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal

from pipeline.errors import VersionNotFound
from pipeline.models import (
    EffectiveDateSource,
    Extraction,
    Finding,
    Severity,
    TariffVersion,
    VersionStatus,
)
from pipeline.store import decisions, files
from pipeline.store.connection import now
from pipeline.validate.history import check_against, effective_date

DECIDED = ("approved", "superseded")

STATUS_WORDS = {
    VersionStatus.PENDING: "en attente",
    VersionStatus.APPROVED: "approuvée",
    VersionStatus.REJECTED: "rejetée",
    VersionStatus.SUPERSEDED: "remplacée",
}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _finding(row: sqlite3.Row) -> Finding:
    bbox = json.loads(row["bbox"]) if row["bbox"] else None
    return Finding(
        severity=Severity(row["severity"]),
        code=row["code"],
        message=row["message"],
        page=row["page"],
        bbox=tuple(bbox) if bbox else None,
    )


def _insert_findings(
    conn: sqlite3.Connection,
    findings: list[Finding],
    *,
    extraction_id: int,
    version_id: int | None,
    origin: str,
) -> None:
    conn.executemany(
        "INSERT INTO findings (extraction_id, version_id, origin, severity, code, message, "
        "page, bbox) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                extraction_id,
                version_id,
                origin,
                f.severity.value,
                f.code,
                f.message,
                f.page,
                json.dumps(list(f.bbox)) if f.bbox else None,
            )
            for f in findings
        ],
    )


def load(conn: sqlite3.Connection, version_id: int) -> TariffVersion:
    row = conn.execute(
        "SELECT v.*, e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id "
        "WHERE v.id = ?",
        (version_id,),
    ).fetchone()
    if row is None:
        raise VersionNotFound(f"la version n° {version_id} n'existe pas.")
    return _version(conn, row)


def _version(conn: sqlite3.Connection, row: sqlite3.Row) -> TariffVersion:
    extraction = Extraction.model_validate_json(row["data"])
    history = [
        _finding(r)
        for r in conn.execute(
            "SELECT * FROM findings WHERE version_id = ? AND origin = 'history' ORDER BY id",
            (row["id"],),
        )
    ]
    if history:
        extraction = extraction.model_copy(update={"findings": [*extraction.findings, *history]})
    return TariffVersion(
        id=row["id"],
        status=VersionStatus(row["status"]),
        effective_date=dt.date.fromisoformat(row["effective_date"])
        if row["effective_date"]
        else None,
        effective_date_source=EffectiveDateSource(row["effective_date_source"]),
        extraction=extraction,
        created_at=row["created_at"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        reason=row["reason"],
        warnings_acknowledged=bool(row["warnings_acknowledged"]),
        superseded_by=row["superseded_by"],
    )


def all_versions(conn: sqlite3.Connection) -> list[TariffVersion]:
    rows = conn.execute(
        "SELECT v.*, e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id "
        "ORDER BY v.id"
    ).fetchall()
    return [_version(conn, r) for r in rows]


def _decided_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Approved and superseded versions, oldest first in the order of history."""
    return conn.execute(
        "SELECT id, effective_date, sitting_date FROM versions "
        "WHERE status IN ('approved', 'superseded') AND effective_date IS NOT NULL "
        "ORDER BY effective_date, COALESCE(sitting_date, ''), id"
    ).fetchall()


def _history_key(row: sqlite3.Row) -> tuple[str, str, int]:
    return (row["effective_date"] or "", row["sitting_date"] or "", row["id"])


def in_force(conn: sqlite3.Connection, on: dt.date) -> TariffVersion | None:
    row = conn.execute(
        "SELECT id FROM versions WHERE status IN ('approved', 'superseded') "
        "AND effective_date IS NOT NULL AND effective_date <= ? "
        "ORDER BY effective_date DESC, COALESCE(sitting_date, '') DESC, id DESC LIMIT 1",
        (on.isoformat(),),
    ).fetchone()
    return load(conn, row["id"]) if row else None


def known_units(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT unit FROM service_lines JOIN versions ON versions.id = version_id "
        "WHERE status IN ('approved', 'superseded') "
        "UNION SELECT unit FROM tiers JOIN versions ON versions.id = version_id "
        "WHERE status IN ('approved', 'superseded')"
    ).fetchall()
    return {row[0] for row in rows if row[0]}


def reference(conn: sqlite3.Connection, *, excluding: int | None = None) -> TariffVersion | None:
    """The approved version with the latest effective date: what new versions compare to."""
    rows = [r for r in _decided_rows(conn) if r["id"] != excluding]
    return load(conn, rows[-1]["id"]) if rows else None


def previous_in_force(conn: sqlite3.Connection, version_id: int) -> TariffVersion | None:
    """The approved version that this one follows in history (None for the first)."""
    row = conn.execute(
        "SELECT id, effective_date, sitting_date FROM versions WHERE id = ?", (version_id,)
    ).fetchone()
    if row is None:
        raise VersionNotFound(f"la version n° {version_id} n'existe pas.")
    if row["effective_date"] is None:
        return None
    key = _history_key(row)
    before = [r for r in _decided_rows(conn) if r["id"] != version_id and _history_key(r) < key]
    return load(conn, before[-1]["id"]) if before else None


def add(
    conn: sqlite3.Connection,
    *,
    sha256: str,
    owner: str,
    extraction: Extraction,
    threshold: float | None = None,
) -> int | None:
    """Store a pending version for a claimed file and mark the file done.

    Call inside a write transaction. Returns None (and stores nothing) when ``owner``
    no longer holds the file's claim.
    """
    file_id = files.holds(conn, sha256, owner)
    if file_id is None:
        return None
    stamp = now()
    cursor = conn.execute(
        "INSERT INTO extractions (file_id, created_at, data) VALUES (?, ?, ?)",
        (file_id, stamp, extraction.to_json(indent=None)),
    )
    extraction_id = cursor.lastrowid
    assert extraction_id is not None
    _insert_findings(
        conn, extraction.findings, extraction_id=extraction_id, version_id=None, origin="extraction"
    )
    when, source = effective_date(extraction.deliberation)
    sitting = extraction.deliberation.date
    cursor = conn.execute(
        "INSERT INTO versions (extraction_id, status, effective_date, effective_date_source, "
        "sitting_date, created_at) VALUES (?, 'pending', ?, ?, ?, ?)",
        (
            extraction_id,
            when.isoformat() if when else None,
            source.value,
            sitting.isoformat() if sitting else None,
            stamp,
        ),
    )
    version_id = cursor.lastrowid
    assert version_id is not None
    findings = check_against(reference(conn), extraction, threshold=threshold)
    _insert_findings(
        conn, findings, extraction_id=extraction_id, version_id=version_id, origin="history"
    )
    conn.executemany(
        "INSERT INTO service_lines (version_id, position, category, grp, label, amount, "
        "amount_ht, tax_basis, on_quote, free, unit, page) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                version_id,
                i,
                s.category,
                s.group,
                s.label,
                _text(s.amount),
                _text(s.amount_ht),
                s.tax_basis.value,
                s.on_quote,
                s.free,
                s.unit,
                s.page,
            )
            for i, s in enumerate(extraction.services, start=1)
        ],
    )
    conn.executemany(
        "INSERT INTO tiers (version_id, position, label, kind, min_population, max_population, "
        "amount, on_quote, unit, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                version_id,
                i,
                t.label,
                t.kind.value,
                t.min_population,
                t.max_population,
                _text(t.amount),
                t.on_quote,
                t.unit,
                t.page,
            )
            for i, t in enumerate(extraction.strata, start=1)
        ],
    )
    files.finish(conn, file_id)
    return version_id


def _refresh_history(
    conn: sqlite3.Connection, version_id: int, threshold: float | None
) -> TariffVersion:
    """Recompute a pending version's history findings against today's reference."""
    extraction_id = conn.execute(
        "SELECT extraction_id FROM versions WHERE id = ?", (version_id,)
    ).fetchone()[0]
    data = conn.execute("SELECT data FROM extractions WHERE id = ?", (extraction_id,)).fetchone()
    extraction = Extraction.model_validate_json(data[0])
    findings = check_against(reference(conn, excluding=version_id), extraction, threshold=threshold)
    conn.execute("DELETE FROM findings WHERE version_id = ? AND origin = 'history'", (version_id,))
    _insert_findings(
        conn, findings, extraction_id=extraction_id, version_id=version_id, origin="history"
    )
    return load(conn, version_id)


def _not_pending(version: TariffVersion) -> str:
    word = STATUS_WORDS[version.status]
    who = f" par {version.decided_by}" if version.decided_by else ""
    return (
        f"la version n° {version.id} est déjà {word}{who} : "
        "seule une version en attente peut être décidée."
    )


def approve(
    conn: sqlite3.Connection,
    version_id: int,
    *,
    by: str,
    acknowledge_warnings: bool,
    threshold: float | None = None,
) -> str | None:
    """Approve a pending version; call inside a write transaction.

    Returns the reason for refusing (the caller commits the refreshed findings, then
    raises), or None when approved.
    """
    version = load(conn, version_id)
    if version.status is not VersionStatus.PENDING:
        return _not_pending(version)
    version = _refresh_history(conn, version_id, threshold)
    errors = version.extraction.errors
    if errors:
        plural = "s" if len(errors) > 1 else ""
        return (
            f"la version n° {version_id} a {len(errors)} erreur{plural} bloquante{plural} "
            f"(« {errors[0].message} ») : elle ne peut pas être approuvée."
        )
    warnings = version.extraction.warnings
    if warnings and not acknowledge_warnings:
        plural = "s" if len(warnings) > 1 else ""
        return (
            f"la version n° {version_id} a {len(warnings)} avertissement{plural} : "
            "les approuver demande de les accepter explicitement après examen."
        )
    if not by.strip():
        return "le nom de la personne qui approuve est obligatoire."
    conn.execute(
        "UPDATE versions SET status = 'approved', decided_by = ?, decided_at = ?, "
        "warnings_acknowledged = ? WHERE id = ?",
        (by.strip(), now(), bool(warnings), version_id),
    )
    _restatus(conn)
    decisions.record(conn, version_id)
    return None


def _restatus(conn: sqlite3.Connection) -> None:
    """The last approved version in history is *approved*, the earlier ones *superseded*."""
    rows = _decided_rows(conn)
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        if following is None:
            conn.execute(
                "UPDATE versions SET status = 'approved', superseded_by = NULL WHERE id = ?",
                (row["id"],),
            )
        else:
            conn.execute(
                "UPDATE versions SET status = 'superseded', superseded_by = ? WHERE id = ?",
                (following["id"], row["id"]),
            )


def reject(conn: sqlite3.Connection, version_id: int, *, reason: str, by: str) -> str | None:
    """Reject a pending version; returns the reason for refusing, or None when done."""
    version = load(conn, version_id)
    if version.status is not VersionStatus.PENDING:
        return _not_pending(version)
    if not reason.strip():
        return "le motif du rejet est obligatoire."
    conn.execute(
        "UPDATE versions SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ? "
        "WHERE id = ?",
        (by.strip() or None, now(), reason.strip(), version_id),
    )
    decisions.record(conn, version_id)
    return None
