"""The adhesions register: signed conventions, their annex, their services, their end.

An adhesion is keyed by its collectivité and its signature date: recording it again
(an import run twice, a convention signed again) replaces what was there, services
included, so that re-runs are idempotent.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from decimal import Decimal

from pipeline.adhesions.model import Adhesion, Subscription
from pipeline.store.connection import now


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _adhesion(conn: sqlite3.Connection, row: sqlite3.Row) -> Adhesion:
    services = tuple(
        Subscription(group=s["grp"], label=s["label"], quantity=s["quantity"])
        for s in conn.execute(
            "SELECT grp, label, quantity FROM adhesion_services WHERE adhesion_id = ? "
            "ORDER BY position",
            (row["id"],),
        )
    )
    signed = _day(row["signed_on"])
    assert signed is not None
    return Adhesion(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        signed_on=signed,
        annex_sitting=_day(row["annex_sitting"]),
        annex_version=row["annex_version"],
        services=services,
        quote_fee=Decimal(row["quote_fee"]) if row["quote_fee"] else None,
        ended_on=_day(row["ended_on"]),
        end_reason=row["end_reason"],
        source=row["source"],
    )


def listing(conn: sqlite3.Connection, code: str | None = None) -> list[Adhesion]:
    """Every adhesion (of one collectivité when ``code``), by code then signature date."""
    sql = "SELECT * FROM adhesions"
    rows = (
        conn.execute(sql + " WHERE code = ? ORDER BY signed_on, id", (code,))
        if code is not None
        else conn.execute(sql + " ORDER BY code, signed_on, id")
    )
    return [_adhesion(conn, row) for row in rows.fetchall()]


def record(conn: sqlite3.Connection, adhesions: Iterable[Adhesion]) -> tuple[int, int, int]:
    """Record adhesions, each replacing the one of the same collectivité and signature
    date; call inside a write transaction. Returns (new, replaced, unchanged)."""
    added = replaced = same = 0
    for adhesion in adhesions:
        row = conn.execute(
            "SELECT * FROM adhesions WHERE code = ? AND signed_on = ?",
            (adhesion.code, adhesion.signed_on.isoformat()),
        ).fetchone()
        if row is not None:
            if _adhesion(conn, row).same_terms(adhesion):
                same += 1
                continue
            conn.execute("DELETE FROM adhesions WHERE id = ?", (row["id"],))
            replaced += 1
        else:
            added += 1
        _insert(conn, adhesion)
    return added, replaced, same


def _insert(conn: sqlite3.Connection, adhesion: Adhesion) -> int:
    cursor = conn.execute(
        "INSERT INTO adhesions (code, name, signed_on, annex_sitting, annex_version, "
        "quote_fee, ended_on, end_reason, source, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            adhesion.code,
            adhesion.name,
            adhesion.signed_on.isoformat(),
            adhesion.annex_sitting.isoformat() if adhesion.annex_sitting else None,
            adhesion.annex_version,
            f"{adhesion.quote_fee:.2f}" if adhesion.quote_fee is not None else None,
            adhesion.ended_on.isoformat() if adhesion.ended_on else None,
            adhesion.end_reason,
            adhesion.source,
            now(),
        ),
    )
    adhesion_id = cursor.lastrowid
    assert adhesion_id is not None
    conn.executemany(
        "INSERT INTO adhesion_services (adhesion_id, position, grp, label, quantity) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (adhesion_id, position, s.group, s.label, s.quantity)
            for position, s in enumerate(adhesion.services, start=1)
        ],
    )
    return adhesion_id


def end(conn: sqlite3.Connection, adhesion_id: int, on: dt.date, reason: str) -> None:
    """Record the end of an adhesion; call inside a write transaction."""
    conn.execute(
        "UPDATE adhesions SET ended_on = ?, end_reason = ? WHERE id = ?",
        (on.isoformat(), reason, adhesion_id),
    )
