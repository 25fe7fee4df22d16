"""Versions: the list, the review of one (the audit view live, with its corrections),
the decision, and the page images the review shows."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline import french, versions
from pipeline.accounts import Role
from pipeline.audit.view import build_view
from pipeline.corrections import LINE, SITTING, TIER, CorrectionRefused, Edit, describe
from pipeline.errors import ApprovalRefused, InputError, PipelineError
from pipeline.models import CorrectionTarget, VersionStatus
from pipeline.settings import Settings
from pipeline.web import data, forms, images
from pipeline.web.auth import requires
from pipeline.web.pages import error_page, flash, is_htmx, render
from pipeline.web.settings import WebSettings

PAGE_URL = "/pages/{sha256}/{{number}}.{{ext}}"


def _number(request: Request) -> int:
    return int(request.path_params["number"])


# --- the list ------------------------------------------------------------------------------


def _all(settings: Settings) -> list:
    return data.store(settings).versions()


@requires(Role.LECTURE)
async def version_list(request: Request) -> Response:
    every = await run_in_threadpool(_all, request.app.state.settings)
    return render(
        request,
        "versions.html",
        {"title": "Versions des tarifs", "versions": list(reversed(every))},
        nav="versions",
    )


# --- the review ----------------------------------------------------------------------------


def review_context(settings: Settings, web: WebSettings, number: int) -> dict:
    """What the review page shows: the audit view of the version as it stands now."""
    store = data.store(settings)
    seen = versions.review(store, number)
    version = seen.version
    source = version.extraction.source
    url = PAGE_URL.format(sha256=source.sha256)
    pages = images.cached_pages(settings.cache_dir, source.sha256, web.page_resolution, url)
    problem = ""
    if pages is None:
        try:
            pages = images.ensure_pages(
                settings.cache_dir,
                source.sha256,
                store.file_bytes(source.sha256),
                resolution=web.page_resolution,
                rotations=source.rotations,
                url=url,
            )
        except InputError as error:
            pages, problem = [], str(error)
    view = build_view(
        version.extraction, pages, diff=seen.diff, version=version, previous=seen.previous
    )
    return {
        "title": f"Revue de la version n° {version.id}",
        "version": version,
        "view": view,
        "compared": seen.diff is not None,
        "pending": version.status is VersionStatus.PENDING,
        "pages_problem": problem,
    }


@requires(Role.LECTURE)
async def review_page(request: Request) -> Response:
    app = request.app.state
    context = await run_in_threadpool(review_context, app.settings, app.web, _number(request))
    context["editable"] = context["pending"] and request.state.account.may(Role.JURISTE)
    return render(request, "review.html", context, nav="versions", fragment=False)


@requires(Role.LECTURE)
async def page_image(request: Request) -> Response:
    app = request.app.state
    path = images.page_file(
        app.settings.cache_dir,
        request.path_params["sha256"],
        app.web.page_resolution,
        request.path_params["name"],
    )
    if path is None:
        return error_page(request, 404, "Image introuvable", "Cette page n'a pas d'image.")
    media = images.MEDIA[path.suffix.lstrip(".")]
    return FileResponse(
        path, media_type=media, headers={"cache-control": "private, max-age=31536000, immutable"}
    )


# --- corrections ---------------------------------------------------------------------------


def _target(request: Request, values) -> tuple[CorrectionTarget, int | None]:
    """The value a correction is about: ``ligne=3``, ``strate=2`` or ``seance``."""
    for word, target in forms.TARGETS.items():
        if word in values:
            if target is SITTING:
                return target, None
            raw = str(values.get(word, "")).strip()
            if not raw.isdigit():
                raise CorrectionRefused(f"numéro de {word} invalide : « {raw[:20]} ».")
            return target, int(raw)
    raise CorrectionRefused("indiquez la ligne, la strate ou la séance à corriger.")


def _editor(settings: Settings, number: int, target: CorrectionTarget, item: int | None) -> dict:
    version = data.store(settings).version(number)
    return {
        "version": version,
        "target": target,
        "target_word": {LINE: "ligne", TIER: "strate", SITTING: "seance"}[target],
        "item": item,
        "fields": forms.FIELDS[target],
        "values": forms.current(version, target, item),
        "hints": forms.HINTS,
        "corrections": version.corrections_of(target, item),
        "describe": describe,
    }


def _editor_page(request: Request, context: dict, *, error: str = "", status: int = 200):
    context = {
        **context,
        "error": error,
        "title": f"Corriger la version n° {context['version'].id}",
        "reason": context.get("reason", ""),
    }
    return render(request, "correct.html", context, status=status, nav="versions")


@requires(Role.JURISTE)
async def correction_form(request: Request) -> Response:
    number = _number(request)
    target, item = _target(request, request.query_params)
    settings = request.app.state.settings
    try:
        context = await run_in_threadpool(_editor, settings, number, target, item)
    except PipelineError as error:
        return error_page(request, 404, "Valeur introuvable", str(error))
    return _editor_page(request, context)


def _done(request: Request, location: str) -> Response:
    """After a change: htmx loads the page as a whole (without its anchor: the same
    address with another anchor only scrolls); a form's post is redirected."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": location.split("#")[0]})
    return RedirectResponse(location, status_code=303)


def _correct(settings: Settings, number: int, edits: list[Edit], by: str, reason: str):
    return versions.correct(data.store(settings), number, edits, by=by, reason=reason)


async def _apply(request: Request, build, *, anchor: str) -> Response:
    """Record the edits ``build(version, form)`` asks for, or show the form with why not."""
    settings = request.app.state.settings
    number = _number(request)
    form = {key: str(value) for key, value in (await request.form()).items()}
    reason = form.get("motif", "").strip()
    try:
        target, item = _target(request, form)
        context = await run_in_threadpool(_editor, settings, number, target, item)
    except PipelineError as error:
        return error_page(request, 404, "Valeur introuvable", str(error))
    context["values"] = {**context["values"], **{k: form.get(k, "") for k in context["values"]}}
    context["reason"] = reason
    try:
        if not reason:
            raise CorrectionRefused("le motif de la correction est obligatoire.")
        asked = build(context["version"], target, item, form)
        if not asked:
            raise CorrectionRefused("aucune valeur n'a changé : rien à corriger.")
        update = await run_in_threadpool(
            _correct, settings, number, asked, request.state.account.name, reason
        )
    except PipelineError as error:
        return _editor_page(request, context, error=str(error), status=422)
    changes = " ; ".join(describe(c) for c in update.corrections)
    extraction = update.version.extraction
    flash(
        request,
        f"Correction enregistrée : {changes}. Constats recalculés : "
        f"{len(extraction.errors)} erreur(s), {len(extraction.warnings)} avertissement(s).",
    )
    return _done(request, f"/versions/{number}{anchor}")


@requires(Role.JURISTE)
async def correct(request: Request) -> Response:
    return await _apply(request, forms.edits, anchor="#corrections")


@requires(Role.JURISTE)
async def remove(request: Request) -> Response:
    return await _apply(
        request,
        lambda version, target, item, form: [Edit.remove(target, item)],
        anchor="#corrections",
    )


def _addition_context(version, target: CorrectionTarget) -> dict:
    word = "strate" if target is TIER else "ligne"
    return {
        "version": version,
        "target": target,
        "target_word": word,
        "fields": forms.FIELDS[target],
        "values": {name: "" for name, _ in forms.FIELDS[target]},
        "hints": forms.HINTS,
        "error": "",
        "reason": "",
        "title": f"Ajouter une {word} à la version n° {version.id}",
    }


def _version(settings: Settings, number: int):
    return data.store(settings).version(number)


@requires(Role.JURISTE)
async def addition_form(request: Request) -> Response:
    target = TIER if request.query_params.get("cible") == "strate" else LINE
    settings = request.app.state.settings
    version = await run_in_threadpool(_version, settings, _number(request))
    return render(request, "add.html", _addition_context(version, target), nav="versions")


@requires(Role.JURISTE)
async def add(request: Request) -> Response:
    settings = request.app.state.settings
    number = _number(request)
    form = {key: str(value) for key, value in (await request.form()).items()}
    target = TIER if form.get("cible") == "strate" else LINE
    version = await run_in_threadpool(_version, settings, number)
    context = _addition_context(version, target)
    context["values"] = {k: form.get(k, "") for k in context["values"]}
    context["reason"] = reason = form.get("motif", "").strip()
    try:
        if not reason:
            raise CorrectionRefused("le motif de la correction est obligatoire.")
        asked = [forms.addition(target, form)]
        update = await run_in_threadpool(
            _correct, settings, number, asked, request.state.account.name, reason
        )
    except PipelineError as error:
        context["error"] = str(error)
        return render(request, "add.html", context, status=422, nav="versions")
    flash(request, f"Correction enregistrée : {describe(update.corrections[0])}.")
    return _done(request, f"/versions/{number}#corrections")


# --- the decision --------------------------------------------------------------------------


def _decision(settings: Settings, number: int) -> dict:
    seen = versions.review(data.store(settings), number)
    return {
        "title": f"Décision sur la version n° {number}",
        "version": seen.version,
        "previous": seen.previous,
        "diff": seen.diff,
        "four_eyes": settings.four_eyes,
        "describe": describe,
        "error": "",
    }


@requires(Role.LECTURE)
async def decision_page(request: Request) -> Response:
    context = await run_in_threadpool(_decision, request.app.state.settings, _number(request))
    return render(request, "decision.html", context, nav="versions")


async def _decide(request: Request, decide) -> Response:
    settings = request.app.state.settings
    number = _number(request)
    form = await request.form()
    try:
        outcome = await run_in_threadpool(decide, settings, number, form)
    except ApprovalRefused as error:
        context = await run_in_threadpool(_decision, settings, number)
        context["error"] = str(error)
        return render(request, "decision.html", context, status=409, nav="versions")
    version = outcome.version
    if version.status is VersionStatus.REJECTED:
        flash(request, f"Version n° {version.id} rejetée par {version.decided_by}.")
    else:
        flash(
            request,
            f"Version n° {version.id} approuvée par {version.decided_by} ; ses tarifs "
            f"s'appliquent à partir du {_day(version.effective_date)}.",
        )
    return _done(request, f"/versions/{number}/decision")


def _day(value) -> str:
    return french.long_date(value) if value else "—"


@requires(Role.APPROBATEUR)
async def approve(request: Request) -> Response:
    account = request.state.account

    def decide(settings: Settings, number: int, form) -> versions.VersionUpdate:
        seen = str(form.get("corrections", "")).strip()
        return versions.approve(
            data.store(settings),
            number,
            by=account.name,
            acknowledge_warnings=form.get("accepter_avertissements") == "oui",
            seen_corrections=int(seen) if seen.isdigit() else None,
            settings=settings,
        )

    return await _decide(request, decide)


@requires(Role.APPROBATEUR)
async def reject(request: Request) -> Response:
    account = request.state.account

    def decide(settings: Settings, number: int, form) -> versions.VersionUpdate:
        reason = str(form.get("motif", ""))
        return versions.reject(data.store(settings), number, reason=reason, by=account.name)

    return await _decide(request, decide)


routes = [
    Route("/versions", version_list, methods=["GET"], name="versions"),
    Route("/versions/{number:int}", review_page, methods=["GET"], name="review"),
    Route("/versions/{number:int}/corriger", correction_form, methods=["GET"], name="correct-form"),
    Route("/versions/{number:int}/corriger", correct, methods=["POST"], name="correct"),
    Route("/versions/{number:int}/ajouter", addition_form, methods=["GET"], name="add-form"),
    Route("/versions/{number:int}/ajouter", add, methods=["POST"], name="add"),
    Route("/versions/{number:int}/supprimer", remove, methods=["POST"], name="remove"),
    Route("/versions/{number:int}/decision", decision_page, methods=["GET"], name="decision"),
    Route("/versions/{number:int}/approuver", approve, methods=["POST"], name="approve"),
    Route("/versions/{number:int}/rejeter", reject, methods=["POST"], name="reject"),
    Route("/pages/{sha256}/{name}", page_image, methods=["GET"], name="page-image"),
]
