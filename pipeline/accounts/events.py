"""The log of what people do in the web application: sign-ins, uploads, generations.

One row per event (when, who, what, details), chained like the decisions of the store
(:mod:`pipeline.store.decisions`): its hash is SHA-256 over the previous event's hash
and its canonical content, so that an event edited, removed or inserted by hand
breaks the chain from that link on. SQLite triggers refuse any ``UPDATE`` or
``DELETE`` of the table. Decisions and corrections are not copied here: the store
keeps them, chained, with who made them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from pipeline.store.connection import now
from pipeline.store.decisions import GENESIS, chain_hash

KINDS = {
    "connexion": "connexion",
    "connexion_refusee": "connexion refusée",
    "deconnexion": "déconnexion",
    "depot": "dépôt de fichiers",
    "generation": "génération de conventions",
    "collectivites": "fichier des collectivités",
    "compte_cree": "compte créé",
    "compte_desactive": "compte désactivé",
    "compte_reactive": "compte réactivé",
    "mot_de_passe": "mot de passe changé",
}
"""Each kind of event with its French words."""


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    actor: str | None
    """The login of the person (None when nobody is signed in)."""
    kind: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def canonical(*, at: str, actor: str | None, kind: str, details: str) -> str:
    return json.dumps(
        {"at": at, "actor": actor, "kind": kind, "details": details},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def append(conn: sqlite3.Connection, kind: str, actor: str | None, details: dict[str, Any]) -> int:
    """Append one event to the chain; call inside a write transaction."""
    at = now()
    text = json.dumps(details, sort_keys=True, ensure_ascii=False, default=str)
    row = conn.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    previous = row[0] if row else GENESIS
    digest = chain_hash(previous, canonical(at=at, actor=actor, kind=kind, details=text))
    cursor = conn.execute(
        "INSERT INTO events (at, actor, kind, details, previous_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (at, actor, kind, text, previous, digest),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def listing(conn: sqlite3.Connection, limit: int = 200) -> list[Event]:
    """The last ``limit`` events, newest first."""
    rows = conn.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [
        Event(
            id=r["id"],
            at=r["at"],
            actor=r["actor"],
            kind=r["kind"],
            details=json.loads(r["details"]),
        )
        for r in rows
    ]


def verify(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """How many events, and the first broken link in French (None when intact)."""
    previous = GENESIS
    rows = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    for row in rows:
        content = canonical(
            at=row["at"], actor=row["actor"], kind=row["kind"], details=row["details"]
        )
        if row["previous_hash"] != previous or chain_hash(previous, content) != row["hash"]:
            return len(rows), f"événement n° {row['id']} du journal : modifié, inséré ou supprimé."
        previous = row["hash"]
    return len(rows), None
