"""Accounts: roles, Argon2 hashes, disabling, the chained log no one edits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.accounts import AccountError, Accounts, Role, SignInRefused


@pytest.fixture
def accounts(tmp_path: Path):
    with Accounts(tmp_path / "pipeline.sqlite3") as opened:
        yield opened


def test_roles_are_ordered():
    assert Role.ADMINISTRATEUR.allows(Role.APPROBATEUR)
    assert Role.APPROBATEUR.allows(Role.JURISTE) and Role.JURISTE.allows(Role.LECTURE)
    assert not Role.LECTURE.allows(Role.JURISTE) and not Role.JURISTE.allows(Role.APPROBATEUR)


def test_an_account_is_created_and_signs_in(accounts, tmp_path):
    made = accounts.create("M.Dupont", "Marie  Dupont", Role.JURISTE, "une phrase de passe")
    assert (made.login, made.name, made.role, made.active) == (
        "m.dupont",
        "Marie Dupont",
        Role.JURISTE,
        True,
    )
    assert accounts.authenticate("m.dupont", "une phrase de passe").id == made.id
    stored = (
        sqlite3.connect(tmp_path / "pipeline.sqlite3")
        .execute("SELECT password_hash FROM accounts")
        .fetchone()[0]
    )
    assert stored.startswith("$argon2id$") and "phrase" not in stored


@pytest.mark.parametrize(
    ("login", "name", "password", "message"),
    [
        ("a", "A", "assez longue phrase", "identifiant invalide"),
        ("avec espace", "A", "assez longue phrase", "identifiant invalide"),
        ("bon", " ", "assez longue phrase", "le nom de la personne est obligatoire"),
        ("bon", "Bon", "court", "mot de passe trop court"),
        ("bon", "Bon", " espace devant ok", "ni commencer ni finir par une espace"),
    ],
)
def test_bad_accounts_are_refused_in_french(accounts, login, name, password, message):
    with pytest.raises(AccountError, match=message):
        accounts.create(login, name, Role.LECTURE, password)


def test_a_login_is_taken_once(accounts):
    accounts.create("paul", "Paul", Role.LECTURE, "assez longue phrase")
    with pytest.raises(AccountError, match="existe déjà"):
        accounts.create("Paul", "Paul bis", Role.LECTURE, "assez longue phrase")


def test_wrong_password_unknown_login_and_disabled_account_say_the_same(accounts):
    accounts.create("paul", "Paul", Role.LECTURE, "assez longue phrase")
    messages = set()
    for login, password in (("paul", "mauvaise phrase"), ("personne", "assez longue phrase")):
        with pytest.raises(SignInRefused) as refused:
            accounts.authenticate(login, password)
        messages.add(str(refused.value))
    accounts.set_active("paul", False)
    with pytest.raises(SignInRefused) as refused:
        accounts.authenticate("paul", "assez longue phrase")
    messages.add(str(refused.value))
    assert len(messages) == 1
    assert not accounts.any_active()
    assert accounts.set_active("paul", True).active


def test_a_new_password_changes_the_account_stamp(accounts):
    made = accounts.create("paul", "Paul", Role.LECTURE, "assez longue phrase")
    changed = accounts.set_password("paul", "une autre longue phrase")
    assert changed.changed_at >= made.changed_at
    accounts.authenticate("paul", "une autre longue phrase")
    with pytest.raises(AccountError, match="aucun compte"):
        accounts.set_password("inconnu", "une autre longue phrase")


def test_the_log_is_chained_and_cannot_be_changed(accounts, tmp_path):
    accounts.create("paul", "Paul", Role.LECTURE, "assez longue phrase")
    accounts.authenticate("paul", "assez longue phrase")
    accounts.log("depot", "paul", {"fichiers": ["a.pdf"]})
    assert [e.kind for e in accounts.events()] == ["depot", "connexion", "compte_cree"]
    assert accounts.verify_events() == (3, None)
    conn = sqlite3.connect(tmp_path / "pipeline.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="le journal ne se modifie pas"):
        conn.execute("UPDATE events SET actor = 'autre'")
    with pytest.raises(sqlite3.DatabaseError, match="le journal ne se supprime pas"):
        conn.execute("DELETE FROM events")
    conn.execute("DROP TRIGGER events_never_updated")
    conn.execute("UPDATE events SET actor = 'autre' WHERE id = 2")
    conn.commit()
    count, broken = accounts.verify_events()
    assert count == 3 and broken == "événement n° 2 du journal : modifié, inséré ou supprimé."
