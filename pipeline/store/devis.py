"""The devis register: devis, their lines, their events, and the numbers' sequences.

A devis is written once and never changed: its status follows from its events
(created, priced, issued, accepted, refused, replaced), which are only ever added, each
with who and when (triggers refuse an update or a deletion). Numbers come from a
sequence per issuer and per year that only goes up, taken inside the ``BEGIN
IMMEDIATE`` transaction that records the devis: two processes issuing at once wait for
each other and never get the same number. Re-issuing gives a new number and marks the
old devis replaced.

Issuing the same order again (same collectivité, date, version, lines and quantities)
gives back the devis already issued, unless it was refused or replaced: re-runs are
idempotent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal

from pipeline.devis.models import (
    STATUS,
    Devis,
    Draft,
    DraftLine,
    Event,
    EventKind,
    Issuer,
    Line,
    Status,
)
from pipeline.devis.numbers import format_number, split_number
from pipeline.errors import DevisError, DevisNotFound
from pipeline.french import long_date
from pipeline.settings import DevisSettings
from pipeline.store.connection import now, transaction


def _never_changed(table: str, what: str) -> tuple[str, str]:
    what = what.replace("'", "''")
    return (
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_never_updated BEFORE UPDATE ON {table}
        BEGIN
            SELECT RAISE(ABORT, '{what} ne se modifie pas');
        END
        """,
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_never_deleted BEFORE DELETE ON {table}
        BEGIN
            SELECT RAISE(ABORT, '{what} ne se supprime pas');
        END
        """,
    )


MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS devis_sequences (
        issuer TEXT NOT NULL,
        year INTEGER NOT NULL,
        last INTEGER NOT NULL CHECK (last > 0),
        PRIMARY KEY (issuer, year)
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS devis_sequences_only_up BEFORE UPDATE ON devis_sequences
    WHEN NEW.last <= OLD.last
    BEGIN
        SELECT RAISE(ABORT, 'un numéro de devis ne se réutilise pas');
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS devis_sequences_never_deleted BEFORE DELETE ON devis_sequences
    BEGIN
        SELECT RAISE(ABORT, 'un numéro de devis ne se réutilise pas');
    END
    """,
    """
    CREATE TABLE IF NOT EXISTS devis (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        issuer TEXT NOT NULL CHECK (issuer IN ('syndicat', 'cdg')),
        year INTEGER NOT NULL,
        rank INTEGER NOT NULL,
        order_ref TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        collectivity_code TEXT NOT NULL,
        collectivity_name TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES versions(id),
        dated TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        replaces INTEGER REFERENCES devis(id),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}',
        UNIQUE (issuer, year, rank)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS devis_lines (
        id INTEGER PRIMARY KEY,
        devis_id INTEGER NOT NULL REFERENCES devis(id),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        line_key TEXT NOT NULL,
        category TEXT,
        grp TEXT,
        label TEXT NOT NULL,
        unit TEXT NOT NULL,
        periodicity TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price TEXT,
        unit_price_ht TEXT,
        basis TEXT NOT NULL,
        on_quote INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        UNIQUE (devis_id, position)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS devis_events (
        id INTEGER PRIMARY KEY,
        devis_id INTEGER NOT NULL REFERENCES devis(id),
        kind TEXT NOT NULL
            CHECK (kind IN ('cree', 'chiffre', 'emis', 'accepte', 'refuse', 'remplace')),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        line INTEGER,
        amount TEXT,
        day TEXT,
        reason TEXT,
        other TEXT
    )
    """,
    "CREATE INDEX IF NOT EXISTS devis_by_collectivity ON devis (collectivity_code)",
    "CREATE INDEX IF NOT EXISTS devis_by_fingerprint ON devis (fingerprint)",
    "CREATE INDEX IF NOT EXISTS devis_by_version ON devis (version_id)",
    "CREATE INDEX IF NOT EXISTS devis_lines_by_devis ON devis_lines (devis_id)",
    "CREATE INDEX IF NOT EXISTS devis_events_by_devis ON devis_events (devis_id)",
    *_never_changed("devis", "un devis"),
    *_never_changed("devis_lines", "une ligne de devis"),
    *_never_changed("devis_events", "l'historique d'un devis"),
)
"""The register's tables, appended to the store's migrations."""


def fingerprint(draft: Draft) -> str:
    """What makes two issues the same devis: issuer, collectivité, date, version, and
    each line's service, quantity and price."""
    payload = {
        "issuer": draft.issuer.value,
        "code": draft.collectivity_code,
        "dated": draft.dated.isoformat(),
        "version": draft.version_id,
        "lines": [
            [line.key, line.quantity, str(line.unit_price), line.on_quote] for line in draft.lines
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def _money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class DevisRegister:
    """The register on the store's connection (``Store.devis``)."""

    def __init__(self, conn: sqlite3.Connection, settings: DevisSettings | None = None):
        self._conn = conn
        self.settings = settings or DevisSettings()

    # --- reading --------------------------------------------------------------------

    def _load(self, where: str, params: Sequence[object] = ()) -> list[Devis]:
        rows = self._conn.execute(f"SELECT * FROM devis WHERE {where} ORDER BY id", params)
        found = {row["id"]: row for row in rows}
        if not found:
            return []
        ids = ",".join(str(i) for i in found)
        numbers = {
            row["id"]: row["number"]
            for row in self._conn.execute(
                f"SELECT d.id, d.number FROM devis d WHERE d.id IN "
                f"(SELECT replaces FROM devis WHERE id IN ({ids}))"
            )
        }
        events: dict[int, list[Event]] = {i: [] for i in found}
        for row in self._conn.execute(
            f"SELECT * FROM devis_events WHERE devis_id IN ({ids}) ORDER BY id"
        ):
            events[row["devis_id"]].append(
                Event(
                    kind=EventKind(row["kind"]),
                    at=row["at"],
                    by=row["actor"],
                    line=row["line"],
                    amount=_money(row["amount"]),
                    day=dt.date.fromisoformat(row["day"]) if row["day"] else None,
                    reason=row["reason"],
                    other=row["other"],
                )
            )
        lines: dict[int, list[Line]] = {i: [] for i in found}
        for row in self._conn.execute(
            f"SELECT * FROM devis_lines WHERE devis_id IN ({ids}) ORDER BY devis_id, position"
        ):
            priced = [
                e
                for e in events[row["devis_id"]]
                if e.kind is EventKind.PRICED and e.line == row["position"]
            ]
            lines[row["devis_id"]].append(
                Line(
                    number=row["position"],
                    kind=row["kind"],
                    key=json.loads(row["line_key"]),
                    category=row["category"],
                    group=row["grp"],
                    label=row["label"],
                    unit=row["unit"],
                    periodicity=row["periodicity"],
                    quantity=row["quantity"],
                    unit_price=_money(row["unit_price"]),
                    unit_price_ht=_money(row["unit_price_ht"]),
                    basis=row["basis"],
                    on_quote=bool(row["on_quote"]),
                    note=row["note"],
                    priced=priced[-1] if priced else None,
                )
            )
        return [
            Devis(
                id=row["id"],
                number=row["number"],
                issuer=Issuer(row["issuer"]),
                order=row["order_ref"],
                collectivity_code=row["collectivity_code"],
                collectivity_name=row["collectivity_name"],
                version_id=row["version_id"],
                dated=dt.date.fromisoformat(row["dated"]),
                valid_until=dt.date.fromisoformat(row["valid_until"]),
                replaces=numbers.get(row["replaces"]) if row["replaces"] else None,
                created_by=row["created_by"],
                created_at=row["created_at"],
                lines=lines[devis_id],
                events=events[devis_id],
                details=json.loads(row["details"]),
            )
            for devis_id, row in found.items()
        ]

    def get(self, number: str) -> Devis:
        """The devis of that number (« CDG62-2026-7 » finds « CDG62-2026-0007 »)."""
        parts = split_number(number)
        if parts is not None:
            prefix, year, rank = parts
            for devis in self._load("year = ? AND rank = ?", (year, rank)):
                if devis.number.rsplit("-", 2)[0] == prefix:
                    return devis
        raise DevisNotFound(f"devis inconnu : « {number.strip()} »")

    def listing(self, *, code: str | None = None, issuer: Issuer | None = None) -> list[Devis]:
        """Every devis, oldest first (one collectivité's, one issuer's)."""
        where, params = ["1 = 1"], []
        if code:
            where.append("collectivity_code = ?")
            params.append(code)
        if issuer:
            where.append("issuer = ?")
            params.append(issuer.value)
        return self._load(" AND ".join(where), params)

    def of_order(self, order: str) -> list[Devis]:
        return self._load("order_ref = ?", (order,))

    def accepted(self, version_id: int) -> list[Devis]:
        """The accepted devis priced from a version, in the order they were accepted."""
        found = self._load(
            "version_id = ? AND id IN (SELECT devis_id FROM devis_events WHERE kind = 'accepte')",
            (version_id,),
        )
        return sorted(found, key=lambda d: (d.accepted.at if d.accepted else "", d.id))

    # --- writing --------------------------------------------------------------------

    def issue(
        self,
        drafts: Iterable[Draft],
        *,
        by: str,
        replaces: Devis | None = None,
    ) -> list[tuple[Devis, bool]]:
        """Record the devis of one order, all or none; each comes back with True when it
        is new, False when the same devis was issued before (and is neither refused nor
        replaced). ``replaces``: the devis the (single) draft replaces."""
        made: list[tuple[int, bool]] = []
        with transaction(self._conn):
            if replaces is not None:  # checked again under the lock
                replaces = self.replaceable(replaces.number)
            found = [
                (draft, print_, None if replaces else self._existing(print_))
                for draft, print_ in ((d, fingerprint(d)) for d in drafts)
            ]
            known = [existing[1] for *_, existing in found if existing]
            order = replaces.order if replaces else (known[0] if known else secrets.token_hex(8))
            for draft, print_, existing in found:
                if existing is not None:
                    made.append((existing[0], False))
                else:
                    made.append((self._insert(draft, print_, order, by, replaces), True))
        if not made:
            return []
        ids = {devis_id: new for devis_id, new in made}
        loaded = {d.id: d for d in self._load(f"id IN ({','.join(map(str, ids))})")}
        return [(loaded[devis_id], new) for devis_id, new in made]

    def _existing(self, print_: str) -> tuple[int, str] | None:
        row = self._conn.execute(
            "SELECT id, order_ref FROM devis WHERE fingerprint = ? AND id NOT IN "
            "(SELECT devis_id FROM devis_events WHERE kind IN ('refuse', 'remplace')) "
            "ORDER BY id DESC LIMIT 1",
            (print_,),
        ).fetchone()
        return (row["id"], row["order_ref"]) if row else None

    def _insert(
        self, draft: Draft, print_: str, order: str, by: str, replaces: Devis | None
    ) -> int:
        conn, year, at = self._conn, draft.dated.year, now()
        rank = conn.execute(
            "INSERT INTO devis_sequences (issuer, year, last) VALUES (?, ?, 1) "
            "ON CONFLICT (issuer, year) DO UPDATE SET last = last + 1 RETURNING last",
            (draft.issuer.value, year),
        ).fetchone()[0]
        number = format_number(draft.issuer, year, rank, self.settings)
        valid_until = draft.dated + dt.timedelta(days=self.settings.validity_days)
        devis_id = conn.execute(
            "INSERT INTO devis (number, issuer, year, rank, order_ref, fingerprint, "
            "collectivity_code, collectivity_name, version_id, dated, valid_until, replaces, "
            "created_by, created_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                draft.issuer.value,
                year,
                rank,
                order,
                print_,
                draft.collectivity_code,
                draft.collectivity_name,
                draft.version_id,
                draft.dated.isoformat(),
                valid_until.isoformat(),
                replaces.id if replaces else None,
                by,
                at,
                json.dumps(draft.details, ensure_ascii=False, sort_keys=True),
            ),
        ).lastrowid
        assert devis_id is not None
        for position, line in enumerate(draft.lines, start=1):
            self._insert_line(devis_id, position, line)
        self._event(devis_id, EventKind.CREATED, by, at=at)
        if replaces is not None:
            self._event(replaces.id, EventKind.REPLACED, by, at=at, other=number)
            self._carry_prices(devis_id, draft.lines, replaces, by, at)
        if self._complete(devis_id):
            self._event(devis_id, EventKind.ISSUED, by, at=at)
        return devis_id

    def _insert_line(self, devis_id: int, position: int, line: DraftLine) -> None:
        self._conn.execute(
            "INSERT INTO devis_lines (devis_id, position, kind, line_key, category, grp, label, "
            "unit, periodicity, quantity, unit_price, unit_price_ht, basis, on_quote, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                devis_id,
                position,
                line.kind.value,
                json.dumps(line.key, ensure_ascii=False),
                line.category,
                line.group,
                line.label,
                line.unit,
                line.periodicity.value,
                line.quantity,
                _text(line.unit_price),
                _text(line.unit_price_ht),
                line.basis,
                int(line.on_quote),
                line.note,
            ),
        )

    def _carry_prices(
        self, devis_id: int, lines: list[DraftLine], old: Devis, by: str, at: str
    ) -> None:
        """A person's price of a line of the replaced devis, for the same service and
        quantity still « sur devis », said to come from there."""
        for position, line in enumerate(lines, start=1):
            if not line.on_quote:
                continue
            for before in old.lines:
                if before.priced and before.key == line.key and before.quantity == line.quantity:
                    self._event(
                        devis_id,
                        EventKind.PRICED,
                        by,
                        at=at,
                        line=position,
                        amount=before.priced.amount,
                        reason=f"repris du devis n° {old.number} : {before.priced.reason}",
                    )

    def _complete(self, devis_id: int) -> bool:
        row = self._conn.execute(
            "SELECT COUNT(*) FROM devis_lines l WHERE l.devis_id = ? AND l.on_quote = 1 AND "
            "NOT EXISTS (SELECT 1 FROM devis_events e WHERE e.devis_id = l.devis_id AND "
            "e.kind = 'chiffre' AND e.line = l.position)",
            (devis_id,),
        ).fetchone()
        return row[0] == 0

    def _event(
        self,
        devis_id: int,
        kind: EventKind,
        by: str,
        *,
        at: str | None = None,
        line: int | None = None,
        amount: Decimal | None = None,
        day: dt.date | None = None,
        reason: str | None = None,
        other: str | None = None,
    ) -> None:
        self._conn.execute(
            "INSERT INTO devis_events (devis_id, kind, at, actor, line, amount, day, reason, "
            "other) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                devis_id,
                kind.value,
                at or now(),
                by,
                line,
                _text(amount),
                day.isoformat() if day else None,
                reason,
                other,
            ),
        )

    def _decided(self, number: str, allowed: Sequence[Status], doing: str) -> Devis:
        """The devis, if its status (regardless of today) allows ``doing``."""
        devis = self.get(number)
        last = devis.decision
        status = Status(last.kind.value) if last is not None else Status.TO_PRICE
        if status not in allowed:
            raise DevisError(
                f"le devis n° {devis.number} est {STATUS[status]} : impossible de {doing}"
                + (f" (remplacé par le n° {devis.replaced_by})" if devis.replaced_by else "")
            )
        return devis

    def price(
        self, number: str, *, line: int | None, amount: Decimal, reason: str, by: str
    ) -> Devis:
        """Give a « sur devis » line its unit price; the devis is issued once every line
        has one. ``line`` may be left out when only one line waits for a price."""
        if not reason.strip():
            raise DevisError("indiquez la justification du montant (--motif)")
        with transaction(self._conn):
            devis = self._decided(number, (Status.TO_PRICE,), "le chiffrer")
            waiting = devis.unpriced
            if line is None:
                if len(waiting) > 1:
                    raise DevisError(
                        f"plusieurs lignes du devis n° {devis.number} sont à chiffrer ("
                        + ", ".join(str(w.number) for w in waiting)
                        + ") : précisez --ligne"
                    )
                line = waiting[0].number
            target = next((w for w in devis.lines if w.number == line), None)
            if target is None:
                raise DevisError(f"le devis n° {devis.number} n'a pas de ligne {line}")
            if target not in waiting:
                raise DevisError(
                    f"la ligne {line} du devis n° {devis.number} a déjà son prix : "
                    "réémettez le devis pour en changer"
                )
            self._event(
                devis.id, EventKind.PRICED, by, line=line, amount=amount, reason=reason.strip()
            )
            if self._complete(devis.id):
                self._event(devis.id, EventKind.ISSUED, by)
        return self.get(devis.number)

    def accept(self, number: str, *, day: dt.date, by: str, today: dt.date | None = None) -> Devis:
        """Record that the collectivité accepted the devis on ``day`` (within its
        validity, not in the future)."""
        with transaction(self._conn):
            devis = self._decided(number, (Status.ISSUED,), "l'accepter")
            if day > (today or dt.date.today()):
                raise DevisError(f"date d'acceptation future : {long_date(day)}")
            if day < devis.dated:
                raise DevisError(
                    f"date d'acceptation ({long_date(day)}) antérieure au devis du "
                    f"{long_date(devis.dated)}"
                )
            if day > devis.valid_until:
                raise DevisError(
                    f"le devis n° {devis.number} n'était plus valable le {long_date(day)} "
                    f"(valable jusqu'au {long_date(devis.valid_until)}) : réémettez-le"
                )
            self._event(devis.id, EventKind.ACCEPTED, by, day=day)
        return self.get(devis.number)

    def refuse(self, number: str, *, reason: str, by: str) -> Devis:
        """Record that the collectivité refused the devis (or that it is abandoned)."""
        if not reason.strip():
            raise DevisError("indiquez le motif du refus (--motif)")
        with transaction(self._conn):
            devis = self._decided(number, (Status.TO_PRICE, Status.ISSUED), "le refuser")
            self._event(devis.id, EventKind.REFUSED, by, reason=reason.strip())
        return self.get(devis.number)

    def replaceable(self, number: str) -> Devis:
        """The devis, if it may be re-issued (neither accepted, refused nor replaced)."""
        return self._decided(number, (Status.TO_PRICE, Status.ISSUED), "le réémettre")
