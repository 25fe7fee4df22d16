"""The people who use the web application, their roles, and the log of what they do.

    with Accounts(settings.db) as accounts:
        accounts.create("mdupont", "Marie Dupont", Role.JURISTE, password)
        person = accounts.authenticate("mdupont", password)  # raises SignInRefused

Roles are ordered: ``lecture`` < ``juriste`` < ``approbateur`` < ``administrateur``;
a person may do what their role and every lower one allow. Passwords are kept as
Argon2id hashes (argon2-cffi), never in clear. An account is never deleted (the log
names it): it is disabled, and enabled again.

The log (:mod:`.events`) records sign-ins, uploads and generations, each chained to
the one before by its SHA-256 like the decisions and corrections of the store, and
SQLite refuses to update or delete a row of it.
"""

from pipeline.accounts.accounts import (
    MIN_PASSWORD_LENGTH,
    Account,
    AccountError,
    Accounts,
    Role,
    SignInRefused,
)
from pipeline.accounts.events import Event

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "Account",
    "AccountError",
    "Accounts",
    "Event",
    "Role",
    "SignInRefused",
]
