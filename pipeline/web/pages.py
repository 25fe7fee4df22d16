"""Rendering pages: the Jinja2 environment, what every page gets, error pages.

Every page gets ``account`` (the signed-in person or None), ``csrf`` (the token its
forms carry), ``flashes`` (messages left by the previous request), ``nav`` (the
section it belongs to) and ``fr`` (the French forms of :mod:`pipeline.french`).
A request from htmx (``HX-Request``) gets the page's ``fragment`` block alone when
the template has one.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from pipeline import french
from pipeline.accounts import Role
from pipeline.audit import french as audit_french
from pipeline.registry.models import KIND_LABELS, CollectivityKind
from pipeline.web import forms

CSRF_FIELD = "csrf"
"""The name of the hidden field of every form that carries the CSRF token."""

environment = Environment(
    loader=PackageLoader("pipeline.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals.update(
    fr=french,
    audit_fr=audit_french,
    forms=forms,
    Role=Role,
    KIND_LABELS=KIND_LABELS,
    KIND_SHORT={
        CollectivityKind.COMMUNE: "commune",
        CollectivityKind.EPCI: "EPCI",
        CollectivityKind.CCAS: "CCAS",
        CollectivityKind.SYNDICAT: "syndicat",
        CollectivityKind.PUBLIC_ESTABLISHMENT: "établissement public",
    },
)
environment.filters["timestamp"] = lambda value: french.timestamp(value) or "—"
environment.filters["without_name"] = lambda reason, name: (reason or "").removeprefix(f"{name} : ")
environment.filters["long_date"] = lambda value: french.long_date(value) if value else "—"
environment.filters["plural"] = lambda count, word: french.plural(count, word)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def flash(request: Request, text: str, kind: str = "succes") -> None:
    """A message shown on the next page rendered for this session."""
    request.session.setdefault("flashes", []).append([kind, text])


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    nav: str = "",
    fragment: bool | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The template ``name`` with ``context`` and what every page gets."""
    from pipeline.web.auth import csrf_token

    values = {
        "request": request,
        "account": getattr(request.state, "account", None),
        "csrf": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "flashes": request.session.pop("flashes", []),
        "nav": nav,
        "title": "",
        **(context or {}),
    }
    template = environment.get_template(name)
    partial = is_htmx(request) if fragment is None else fragment
    if partial and "fragment" in template.blocks:
        context_object = template.new_context(values)
        html = "".join(template.blocks["fragment"](context_object))
    else:
        html = template.render(values)
    return HTMLResponse(html, status_code=status, headers=headers)


def error_page(
    request: Request, status: int, title: str, message: str, *, hint: str = ""
) -> HTMLResponse:
    """A page (or, for htmx, a fragment) saying in French what went wrong."""
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "hint": hint, "status": status},
        status=status,
    )
