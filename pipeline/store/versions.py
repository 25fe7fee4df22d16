"""Tariff versions: stored pending, corrected, then approved or rejected by a person.

A version is loaded with its *effective* values: what was read, with the corrections
made since applied in order and validated again (:mod:`pipeline.corrections`).

Its history findings (``history.*``: price changes beyond the threshold, lines or tiers
removed, an older deliberation…) depend on the version in force. For a pending version
they are computed each time it is loaded, against the reference version as it is now
(the approved one with the latest effective date); when it is approved or rejected,
those its decision was taken on are kept with it.

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

from pipeline.corrections import (
    CorrectionRefused,
    Edit,
    corrected_values,
    effective,
    prepare,
)
from pipeline.errors import VersionNotFound
from pipeline.models import (
    Correction,
    EffectiveDateSource,
    Extraction,
    Finding,
    Severity,
    TariffVersion,
    VersionStatus,
)
from pipeline.store import corrections as stored_corrections
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


def load(
    conn: sqlite3.Connection, version_id: int, *, threshold: float | None = None
) -> TariffVersion:
    """A version with its effective values and its findings as they stand now.

    ``threshold``: the price change beyond which a pending version gets a warning
    (``Settings.price_change_warning`` when None).
    """
    return _compose(conn, _row(conn, version_id), threshold)[0]


def _row(conn: sqlite3.Connection, version_id: int) -> sqlite3.Row:
    row = conn.execute(
        "SELECT v.*, e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id "
        "WHERE v.id = ?",
        (version_id,),
    ).fetchone()
    if row is None:
        raise VersionNotFound(f"la version n° {version_id} n'existe pas.")
    return row


def _compose(
    conn: sqlite3.Connection, row: sqlite3.Row, threshold: float | None
) -> tuple[TariffVersion, list[Finding]]:
    """The version of a row, and its history findings (computed now when pending)."""
    version_id = row["id"]
    status = VersionStatus(row["status"])
    read = Extraction.model_validate_json(row["data"])
    corrections = stored_corrections.listing(conn, version_id)
    units = known_units(conn, excluding=version_id) if corrections else ()
    values = effective(read, corrections, known_units=units)
    extraction = values.extraction
    if status is VersionStatus.PENDING:
        in_force = reference(conn, excluding=version_id)
        history = check_against(in_force, extraction, threshold=threshold)
    else:
        history = _stored_history(conn, version_id)
    if history:
        extraction = extraction.model_copy(update={"findings": [*extraction.findings, *history]})
    version = TariffVersion(
        id=version_id,
        status=status,
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
        corrections=corrections,
        line_numbers=values.line_numbers,
        tier_numbers=values.tier_numbers,
    )
    return version, history


def _stored_history(conn: sqlite3.Connection, version_id: int) -> list[Finding]:
    """The history findings a decided version was decided on."""
    return [
        _finding(r)
        for r in conn.execute(
            "SELECT * FROM findings WHERE version_id = ? AND origin = 'history' ORDER BY id",
            (version_id,),
        )
    ]


def all_versions(
    conn: sqlite3.Connection, *, threshold: float | None = None
) -> list[TariffVersion]:
    rows = conn.execute(
        "SELECT v.*, e.data FROM versions v JOIN extractions e ON e.id = v.extraction_id "
        "ORDER BY v.id"
    ).fetchall()
    return [_compose(conn, r, threshold)[0] for r in rows]


def statuses(conn: sqlite3.Connection) -> dict[int, tuple[VersionStatus, int | None, int | None]]:
    """Each version's status, the version superseding it and the one it follows in
    history (:func:`previous_in_force`), without loading any values."""
    decided = _decided_rows(conn)
    states = {}
    for row in conn.execute("SELECT * FROM versions"):
        key = _history_key(row)
        before = [
            r["id"]
            for r in decided
            if row["effective_date"] is not None and r["id"] != row["id"] and _history_key(r) < key
        ]
        states[row["id"]] = (
            VersionStatus(row["status"]),
            row["superseded_by"],
            before[-1] if before else None,
        )
    return states


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


def known_units(conn: sqlite3.Connection, *, excluding: int | None = None) -> set[str]:
    """The billing units of the approved versions' effective values (``excluding`` one)."""
    decided = "status IN ('approved', 'superseded') AND versions.id IS NOT ?"
    uncorrected = f"{decided} AND versions.id NOT IN (SELECT version_id FROM corrections)"
    rows = conn.execute(
        f"SELECT unit FROM service_lines JOIN versions ON versions.id = version_id "
        f"WHERE {uncorrected} "
        f"UNION SELECT unit FROM tiers JOIN versions ON versions.id = version_id "
        f"WHERE {uncorrected}",
        (excluding, excluding),
    ).fetchall()
    units = {row[0] for row in rows if row[0]}
    corrected = conn.execute(
        f"SELECT versions.id, data FROM versions JOIN extractions e ON e.id = extraction_id "
        f"WHERE {decided} AND versions.id IN (SELECT version_id FROM corrections)",
        (excluding,),
    ).fetchall()
    for row in corrected:
        values = corrected_values(
            Extraction.model_validate_json(row["data"]),
            stored_corrections.listing(conn, row["id"]),
        )
        units |= {item.unit for item in (*values.services, *values.strata) if item.unit}
    return units


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


def _insert_extraction(
    conn: sqlite3.Connection, file_id: int, extraction: Extraction, stamp: str
) -> int:
    """Store what was read from a received file, with its findings; returns its id."""
    cursor = conn.execute(
        "INSERT INTO extractions (file_id, created_at, data) VALUES (?, ?, ?)",
        (file_id, stamp, extraction.to_json(indent=None)),
    )
    extraction_id = cursor.lastrowid
    assert extraction_id is not None
    _insert_findings(
        conn, extraction.findings, extraction_id=extraction_id, version_id=None, origin="extraction"
    )
    return extraction_id


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
    extraction_id = _insert_extraction(conn, file_id, extraction, stamp)
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


def add_copy(
    conn: sqlite3.Connection, *, sha256: str, owner: str, extraction: Extraction, version_id: int
) -> bool:
    """Store a claimed file's extraction as a copy of the stored version ``version_id``
    (the same deliberation in another file) and mark the file done: no version is made.

    Call inside a write transaction. False (nothing stored) when ``owner`` no longer
    holds the file's claim.
    """
    file_id = files.holds(conn, sha256, owner)
    if file_id is None:
        return False
    _row(conn, version_id)  # raises VersionNotFound
    stamp = now()
    extraction_id = _insert_extraction(conn, file_id, extraction, stamp)
    conn.execute(
        "INSERT INTO version_copies (extraction_id, version_id, created_at) VALUES (?, ?, ?)",
        (extraction_id, version_id, stamp),
    )
    files.finish(conn, file_id)
    return True


def _keep_history(conn: sqlite3.Connection, version_id: int, history: list[Finding]) -> None:
    """Keep the history findings a decision is taken on (replacing the earlier ones)."""
    extraction_id = conn.execute(
        "SELECT extraction_id FROM versions WHERE id = ?", (version_id,)
    ).fetchone()[0]
    conn.execute("DELETE FROM findings WHERE version_id = ? AND origin = 'history'", (version_id,))
    _insert_findings(
        conn, history, extraction_id=extraction_id, version_id=version_id, origin="history"
    )


def _same_person(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


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
    four_eyes: bool = False,
    seen_corrections: int | None = None,
) -> str | None:
    """Approve a pending version; call inside a write transaction.

    Returns the reason for refusing (the caller commits the history findings computed
    now, then raises), or None when approved. ``four_eyes``: a person who corrected the
    version cannot approve it. ``seen_corrections``: the number of corrections the person
    saw when reviewing it; approval is refused if others were made since.
    """
    version, history = _compose(conn, _row(conn, version_id), threshold)
    if version.status is not VersionStatus.PENDING:
        return _not_pending(version)
    _keep_history(conn, version_id, history)
    errors = version.extraction.errors
    if errors:
        plural = "s" if len(errors) > 1 else ""
        return (
            f"la version n° {version_id} a {len(errors)} erreur{plural} bloquante{plural} "
            f"(« {errors[0].message} ») : elle ne peut pas être approuvée."
        )
    if seen_corrections is not None and seen_corrections != len(version.corrections):
        return (
            f"la version n° {version_id} a été corrigée depuis votre examen "
            f"({len(version.corrections)} correction(s), contre {seen_corrections}) : "
            "examinez-la de nouveau avant de l'approuver."
        )
    correctors = [c.by for c in version.corrections if _same_person(c.by, by)]
    if four_eyes and correctors:
        return (
            f"la version n° {version_id} a été corrigée par {correctors[0]} : une autre "
            "personne doit l'approuver (principe des quatre yeux, réglage "
            "PIPELINE_FOUR_EYES)."
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


def reject(
    conn: sqlite3.Connection,
    version_id: int,
    *,
    reason: str,
    by: str,
    threshold: float | None = None,
) -> str | None:
    """Reject a pending version; returns the reason for refusing, or None when done."""
    version, history = _compose(conn, _row(conn, version_id), threshold)
    if version.status is not VersionStatus.PENDING:
        return _not_pending(version)
    if not reason.strip():
        return "le motif du rejet est obligatoire."
    _keep_history(conn, version_id, history)
    conn.execute(
        "UPDATE versions SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ? "
        "WHERE id = ?",
        (by.strip() or None, now(), reason.strip(), version_id),
    )
    decisions.record(conn, version_id)
    return None


# --- corrections ----------------------------------------------------------------------------


def _not_correctable(version_id: int, status: VersionStatus, decided_by: str | None) -> str:
    who = f" par {decided_by}" if decided_by else ""
    if status in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED):
        return (
            f"la version n° {version_id} est {STATUS_WORDS[status]}{who} : une version "
            "approuvée ne se corrige plus, ses tarifs restent tels qu'approuvés."
        )
    return (
        f"la version n° {version_id} est {STATUS_WORDS[status]}{who} : seule une version "
        "en attente peut être corrigée."
    )


def correct(
    conn: sqlite3.Connection,
    version_id: int,
    edits: list[Edit],
    *,
    by: str,
    reason: str,
) -> list[Correction]:
    """Record the corrections ``edits`` make on a pending version; call in a transaction.

    Raises :class:`~pipeline.corrections.CorrectionRefused` (nothing is recorded) when
    the version is not pending or a correction cannot be made.
    """
    row = _row(conn, version_id)
    status = VersionStatus(row["status"])
    if status is not VersionStatus.PENDING:
        raise CorrectionRefused(_not_correctable(version_id, status, row["decided_by"]))
    read = Extraction.model_validate_json(row["data"])
    existing = stored_corrections.listing(conn, version_id)
    made = prepare(read, existing, edits, by=by, reason=reason, at=now())
    stored = [stored_corrections.append(conn, version_id, c) for c in made]
    values = corrected_values(read, [*existing, *stored])
    when, source = effective_date(values.deliberation)
    sitting = values.deliberation.date
    conn.execute(
        "UPDATE versions SET effective_date = ?, effective_date_source = ?, sitting_date = ? "
        "WHERE id = ?",
        (
            when.isoformat() if when else None,
            source.value,
            sitting.isoformat() if sitting else None,
            version_id,
        ),
    )
    return stored
