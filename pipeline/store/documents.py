"""Documents generated from a tariff version (conventions, annexes, exports)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import VersionNotFound
from pipeline.store.connection import now


@dataclass(frozen=True)
class GeneratedDocument:
    id: int
    version_id: int
    collectivity_code: str | None
    kind: str
    path: str
    sha256: str
    template_sha256: str | None
    created_at: str
    details: dict[str, Any] = field(default_factory=dict)


def record(
    conn: sqlite3.Connection,
    *,
    version_id: int,
    collectivity_code: str | None,
    kind: str,
    path: str,
    sha256: str,
    template_sha256: str | None,
    details: Mapping[str, Any] | None,
) -> int:
    if conn.execute("SELECT 1 FROM versions WHERE id = ?", (version_id,)).fetchone() is None:
        raise VersionNotFound(f"la version n° {version_id} n'existe pas.")
    cursor = conn.execute(
        "INSERT INTO documents (version_id, collectivity_code, kind, path, sha256, "
        "template_sha256, created_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version_id,
            collectivity_code,
            kind,
            path,
            sha256,
            template_sha256,
            now(),
            json.dumps(dict(details or {}), ensure_ascii=False, default=str),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def listing(conn: sqlite3.Connection, version_id: int | None) -> list[GeneratedDocument]:
    sql = "SELECT * FROM documents"
    params: tuple[int, ...] = ()
    if version_id is not None:
        sql += " WHERE version_id = ?"
        params = (version_id,)
    return [
        GeneratedDocument(
            id=r["id"],
            version_id=r["version_id"],
            collectivity_code=r["collectivity_code"],
            kind=r["kind"],
            path=r["path"],
            sha256=r["sha256"],
            template_sha256=r["template_sha256"],
            created_at=r["created_at"],
            details=json.loads(r["details"]),
        )
        for r in conn.execute(sql + " ORDER BY id", params)
    ]
