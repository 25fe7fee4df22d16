"""The application factory: routes, middleware, error pages, the job thread."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.accounts import Accounts
from pipeline.errors import PipelineError, VersionNotFound
from pipeline.settings import Settings, get_settings
from pipeline.web.auth import Throttle
from pipeline.web.jobs import Jobs
from pipeline.web.pages import error_page
from pipeline.web.routes import all_routes
from pipeline.web.secret import load_or_create, secret_path
from pipeline.web.settings import WebSettings

log = logging.getLogger(__name__)

SESSION_COOKIE = "pipeline_session"

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


class Guard:
    """Security headers on every response; a request body over the limit refused (413)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            response = Response(
                "Envoi trop volumineux : découpez-le en plusieurs envois.",
                status_code=413,
                media_type="text/plain; charset=utf-8",
            )
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, "Envoi trop volumineux.")
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, limited, with_headers)


def _static_audit(name: str, media: str) -> Route:
    """The audit report's own CSS and script, served to the review page as files."""
    body = resources.files("pipeline.audit").joinpath("templates", name).read_bytes()

    async def endpoint(request: Request) -> Response:
        return Response(body, media_type=media, headers={"cache-control": "max-age=3600"})

    return Route(f"/static/audit/{name}", endpoint, name=f"audit-{name}")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    titles = {404: "Page introuvable", 405: "Méthode refusée", 413: "Envoi trop volumineux"}
    title = titles.get(error.status_code, "Requête refusée")
    message = error.detail if error.status_code != 404 else "Cette page n'existe pas."
    if error.status_code == 405:
        message = "Cette adresse ne s'utilise pas ainsi."
    return error_page(request, error.status_code, title, str(message))


async def _library_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PipelineError)
    if isinstance(error, VersionNotFound):
        return error_page(request, 404, "Version introuvable", str(error))
    status = 400 if error.exit_code == 2 else 409
    return error_page(request, status, "Opération refusée", str(error))


async def _internal_error(request: Request, error: Exception) -> Response:
    log.exception("erreur interne sur %s", request.url.path, exc_info=error)
    return error_page(
        request,
        500,
        "Erreur interne",
        f"Erreur inattendue ({type(error).__name__}). Le détail est dans le journal "
        ".cache/pipeline.log ; signalez-la.",
    )


def create_app(settings: Settings | None = None, web: WebSettings | None = None) -> Starlette:
    """The web application on the store and folders of ``settings``."""
    settings = settings or get_settings()
    web = web or WebSettings()
    secret = load_or_create(secret_path(settings.db, web.secret_file))
    jobs = Jobs()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        jobs.stop()

    routes = [
        *all_routes(),
        _static_audit("audit.css", "text/css"),
        _static_audit("audit.js", "text/javascript"),
        Mount("/static", StaticFiles(packages=[("pipeline.web", "static")]), name="static"),
    ]
    middleware = [
        Middleware(Guard, max_bytes=web.max_upload_mb * 1024 * 1024),
        Middleware(
            SessionMiddleware,
            secret_key=secret,
            session_cookie=SESSION_COOKIE,
            max_age=int(web.session_hours * 3600),
            same_site="strict",
            https_only=web.https,
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            HTTPException: _http_error,
            PipelineError: _library_error,
            Exception: _internal_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.web = web
    app.state.jobs = jobs
    app.state.throttle = Throttle(web.sign_in_attempts)
    Accounts(settings.db).close()  # the store migrated before the first request
    return app
