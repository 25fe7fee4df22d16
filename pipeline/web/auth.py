"""Who is signed in, what they may do, and the CSRF token of every form.

The session is a cookie signed with the key of :mod:`.secret` (Starlette's
``SessionMiddleware``: ``HttpOnly``, ``SameSite=Strict``, ``Secure`` over https). It
holds the account's id, the time the account last changed (a password changed or an
account disabled ends the sessions opened before) and the CSRF token.

Every endpoint is wrapped by :func:`requires`: a request that is not a GET or HEAD
must carry the session's CSRF token (hidden field ``csrf``, or the ``X-CSRF-Token``
header that htmx sends), and a page that needs a role refuses the others.
"""

from __future__ import annotations

import functools
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.accounts import Account, Role
from pipeline.web import data
from pipeline.web.pages import CSRF_FIELD, error_page, is_htmx

CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD"})
ROLE_LABELS = {role: role.value for role in Role}

Endpoint = Callable[[Request], Awaitable[Response]]


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def csrf_valid(request: Request) -> bool:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not expected:
        return False
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            form = await request.form(max_files=200, max_fields=500)
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def current_account(request: Request) -> Account | None:
    """The signed-in account, or None (the session is emptied when no longer valid).
    Blocking: call in the thread pool."""
    account_id = request.session.get("account")
    if not isinstance(account_id, int):
        return None
    account = data.accounts(request.app.state.settings).by_id(account_id)
    if account is None or not account.active or account.changed_at != request.session.get("stamp"):
        request.session.clear()
        return None
    return account


def sign_in(request: Request, account: Account) -> None:
    """A new session for ``account`` (a new CSRF token too)."""
    request.session.clear()
    request.session["account"] = account.id
    request.session["stamp"] = account.changed_at
    request.session["csrf"] = secrets.token_urlsafe(32)


def sign_in_needed(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    location = f"/connexion?suivant={quote(target)}"
    if is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": location})
    if request.method in SAFE_METHODS:
        return RedirectResponse(location, status_code=303)
    return error_page(
        request,
        401,
        "Connexion nécessaire",
        "Votre session a expiré ou vous n'êtes pas connecté : rien n'a été enregistré.",
        hint="Connectez-vous, puis recommencez.",
    )


def requires(role: Role | None) -> Callable[[Endpoint], Endpoint]:
    """Wrap an endpoint: the CSRF token checked on every request that changes something,
    and, unless ``role`` is None (the sign-in page), a signed-in person of that role."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            request.state.account = None
            if request.method not in SAFE_METHODS and not await csrf_valid(request):
                return error_page(
                    request,
                    403,
                    "Formulaire refusé",
                    "Le jeton de sécurité du formulaire est absent ou ne correspond pas à "
                    "votre session : rien n'a été enregistré.",
                    hint="Rechargez la page, puis recommencez.",
                )
            if role is not None:
                account = await run_in_threadpool(current_account, request)
                if account is None:
                    return sign_in_needed(request)
                request.state.account = account
                if not account.may(role):
                    return error_page(
                        request,
                        403,
                        "Accès refusé",
                        f"Cette page demande le rôle « {role.value} » ; votre compte a le "
                        f"rôle « {account.role.value} ».",
                        hint="Demandez à un administrateur de changer votre rôle si besoin.",
                    )
            return await endpoint(request)

        guarded.role = role  # type: ignore[attr-defined]
        return guarded

    return decorate


class Throttle:
    """Failed sign-ins per login: after ``attempts`` of them, a minute's wait."""

    WAIT = 60.0

    def __init__(self, attempts: int) -> None:
        self.attempts = attempts
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def waiting(self, login: str) -> float:
        """Seconds left to wait before trying this login again (0: may try)."""
        with self._lock:
            count, since = self._failures.get(login, (0, 0.0))
            if count < self.attempts:
                return 0.0
            left = self.WAIT - (time.monotonic() - since)
            if left <= 0:
                del self._failures[login]
                return 0.0
            return left

    def failed(self, login: str) -> None:
        with self._lock:
            count, _ = self._failures.get(login, (0, 0.0))
            self._failures[login] = (count + 1, time.monotonic())

    def succeeded(self, login: str) -> None:
        with self._lock:
            self._failures.pop(login, None)
