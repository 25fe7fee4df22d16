"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pipeline.accounts import SignInRefused
from pipeline.accounts.accounts import normal_login
from pipeline.web import data
from pipeline.web.auth import current_account, requires, sign_in
from pipeline.web.pages import flash, render


def _next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _no_account(settings) -> bool:
    return not data.accounts(settings).any_active()


@requires(None)
async def sign_in_page(request: Request) -> Response:
    settings = request.app.state.settings
    if await run_in_threadpool(current_account, request) is not None:
        return RedirectResponse(_next(request.query_params.get("suivant")), status_code=303)
    empty = await run_in_threadpool(_no_account, settings)
    return render(
        request,
        "sign_in.html",
        {
            "title": "Connexion",
            "target": _next(request.query_params.get("suivant")),
            "no_account": empty,
            "error": "",
            "login": "",
        },
    )


@requires(None)
async def sign_in_action(request: Request) -> Response:
    settings = request.app.state.settings
    throttle = request.app.state.throttle
    form = await request.form()
    login = str(form.get("identifiant", ""))[:100]
    password = str(form.get("mot_de_passe", ""))[:1000]
    target = _next(str(form.get("suivant", "")))
    key = normal_login(login)
    wait = throttle.waiting(key)
    error = ""
    if wait:
        error = f"Trop d'essais manqués pour cet identifiant : réessayez dans {int(wait) + 1} s."
    else:
        try:
            account = await run_in_threadpool(_authenticate, settings, login, password)
        except SignInRefused:
            throttle.failed(key)
            error = "Identifiant ou mot de passe incorrect, ou compte désactivé."
        else:
            throttle.succeeded(key)
            sign_in(request, account)
            flash(request, f"Bonjour {account.name}.")
            return RedirectResponse(target, status_code=303)
    return render(
        request,
        "sign_in.html",
        {
            "title": "Connexion",
            "target": target,
            "no_account": False,
            "error": error,
            "login": login,
        },
        status=401,
    )


def _authenticate(settings, login: str, password: str):
    return data.accounts(settings).authenticate(login, password)


def _log(settings, kind: str, login: str) -> None:
    data.accounts(settings).log(kind, login, {})


@requires(None)
async def sign_out(request: Request) -> Response:
    settings = request.app.state.settings
    account = await run_in_threadpool(current_account, request)
    if account is not None:
        await run_in_threadpool(_log, settings, "deconnexion", account.login)
    request.session.clear()
    flash(request, "Vous êtes déconnecté.")
    return RedirectResponse("/connexion", status_code=303)


routes = [
    Route("/connexion", sign_in_page, methods=["GET"], name="sign-in"),
    Route("/connexion", sign_in_action, methods=["POST"], name="sign-in-action"),
    Route("/deconnexion", sign_out, methods=["POST"], name="sign-out"),
]
