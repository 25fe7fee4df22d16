"""Accounts: a login, a name shown on decisions, a role, an Argon2id password hash."""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.accounts import events
from pipeline.errors import PipelineError
from pipeline.store.connection import now, transaction
from pipeline.store.schema import StoreFile

MIN_PASSWORD_LENGTH = 10
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")


class AccountError(PipelineError):
    """An account operation refused: unknown login, login taken, weak password (exit 1)."""


class SignInRefused(AccountError):
    """Wrong login or password, or a disabled account: one message for all, on purpose."""


class Role(StrEnum):
    """What a person may do; each role may do what the lower ones do."""

    LECTURE = "lecture"
    """Read every page, download documents."""
    JURISTE = "juriste"
    """Drop deliberations, correct values, generate conventions, upload the registry file."""
    APPROBATEUR = "approbateur"
    """Approve or reject a version."""
    ADMINISTRATEUR = "administrateur"
    """Read the log of the web application."""

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


ROLE_WORDS = {
    Role.LECTURE: "consulter les pages et télécharger les documents",
    Role.JURISTE: "déposer, corriger, générer les conventions",
    Role.APPROBATEUR: "approuver ou rejeter une version",
    Role.ADMINISTRATEUR: "consulter le journal",
}


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    name: str
    """The person's name, as decisions and corrections record it (« Marie Dupont »)."""
    role: Role
    active: bool
    created_at: str
    changed_at: str
    """Changed with the password or the state: a session opened before is no longer valid."""

    def may(self, needed: Role) -> bool:
        return self.active and self.role.allows(needed)


_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash checked when the login is unknown, so that answering takes as long; made
    on the first sign-in, not when every command imports this module."""
    return _HASHER.hash("pas un vrai mot de passe, pour le temps de réponse")


def _account(row: sqlite3.Row) -> Account:
    return Account(
        id=row["id"],
        login=row["login"],
        name=row["name"],
        role=Role(row["role"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
        changed_at=row["changed_at"],
    )


def normal_login(login: str) -> str:
    """A login as stored: lower case, no accents (« M.Dupont » → « m.dupont »)."""
    plain = unicodedata.normalize("NFKD", login.strip().lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"mot de passe trop court : au moins {MIN_PASSWORD_LENGTH} caractères "
            "(une phrase de quelques mots convient)."
        )
    if password.strip() != password:
        raise AccountError("le mot de passe ne peut ni commencer ni finir par une espace.")


class Accounts(StoreFile):
    """The accounts and the log of one store file (``Settings.db``); a context manager."""

    # --- reading ---------------------------------------------------------------------------

    def get(self, login: str) -> Account | None:
        row = self._conn.execute(
            "SELECT * FROM accounts WHERE login = ?", (normal_login(login),)
        ).fetchone()
        return _account(row) if row else None

    def by_id(self, account_id: int) -> Account | None:
        row = self._conn.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return _account(row) if row else None

    def all(self) -> list[Account]:
        return [_account(r) for r in self._conn.execute("SELECT * FROM accounts ORDER BY login")]

    def any_active(self) -> bool:
        return self._conn.execute("SELECT 1 FROM accounts WHERE active = 1").fetchone() is not None

    # --- changing ------------------------------------------------------------------------------

    def create(
        self, login: str, name: str, role: Role, password: str, *, by: str | None = None
    ) -> Account:
        """A new active account; raises AccountError for a login taken or malformed, a
        name missing or a password too short."""
        key = normal_login(login)
        if not LOGIN_PATTERN.fullmatch(key):
            raise AccountError(
                f"identifiant invalide : « {login} » (2 à 40 lettres sans accent, chiffres, "
                "points, tirets ; exemple : mdupont)."
            )
        name = " ".join(name.split())
        if not name:
            raise AccountError("le nom de la personne est obligatoire (exemple : Marie Dupont).")
        check_password(password)
        digest = _HASHER.hash(password)
        stamp = now()
        try:
            with transaction(self._conn) as conn:
                cursor = conn.execute(
                    "INSERT INTO accounts (login, name, role, password_hash, active, created_at, "
                    "changed_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                    (key, name, role.value, digest, stamp, stamp),
                )
                events.append(conn, "compte_cree", by, {"compte": key, "role": role.value})
        except sqlite3.IntegrityError:
            raise AccountError(f"l'identifiant « {key} » existe déjà.") from None
        assert cursor.lastrowid is not None
        account = self.by_id(cursor.lastrowid)
        assert account is not None
        return account

    def _existing(self, login: str) -> Account:
        account = self.get(login)
        if account is None:
            raise AccountError(f"aucun compte « {normal_login(login)} ».")
        return account

    def set_active(self, login: str, active: bool, *, by: str | None = None) -> Account:
        account = self._existing(login)
        with transaction(self._conn) as conn:
            conn.execute(
                "UPDATE accounts SET active = ?, changed_at = ? WHERE id = ?",
                (int(active), now(), account.id),
            )
            kind = "compte_reactive" if active else "compte_desactive"
            events.append(conn, kind, by, {"compte": account.login})
        changed = self.by_id(account.id)
        assert changed is not None
        return changed

    def set_password(self, login: str, password: str, *, by: str | None = None) -> Account:
        account = self._existing(login)
        check_password(password)
        with transaction(self._conn) as conn:
            conn.execute(
                "UPDATE accounts SET password_hash = ?, changed_at = ? WHERE id = ?",
                (_HASHER.hash(password), now(), account.id),
            )
            events.append(conn, "mot_de_passe", by, {"compte": account.login})
        changed = self.by_id(account.id)
        assert changed is not None
        return changed

    def authenticate(self, login: str, password: str) -> Account:
        """The active account with this login and password; raises SignInRefused
        (the same message whatever was wrong, after the same work)."""
        row = self._conn.execute(
            "SELECT * FROM accounts WHERE login = ?", (normal_login(login),)
        ).fetchone()
        digest = row["password_hash"] if row else _dummy_hash()
        try:
            _HASHER.verify(digest, password)
            good = row is not None
        except (VerificationError, InvalidHashError):
            good = False
        if not good or not row["active"]:
            self.log("connexion_refusee", None, {"identifiant": normal_login(login)[:40]})
            raise SignInRefused("identifiant ou mot de passe incorrect, ou compte désactivé.")
        if _HASHER.check_needs_rehash(digest):
            with transaction(self._conn) as conn:
                conn.execute(
                    "UPDATE accounts SET password_hash = ? WHERE id = ?",
                    (_HASHER.hash(password), row["id"]),
                )
        account = _account(row)
        self.log("connexion", account.login, {})
        return account

    # --- the log ---------------------------------------------------------------------------

    def log(self, kind: str, actor: str | None, details: dict[str, Any]) -> None:
        with transaction(self._conn) as conn:
            events.append(conn, kind, actor, details)

    def events(self, limit: int = 200) -> list[events.Event]:
        return events.listing(self._conn, limit)

    def verify_events(self) -> tuple[int, str | None]:
        return events.verify(self._conn)
