"""Collectivités: search, what each pays under each version, its documents; generation
of one, a selection or all; downloads; the staff's registry file."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline import versions
from pipeline.accounts import Role
from pipeline.errors import PipelineError
from pipeline.generate import slug
from pipeline.models import TariffVersion, VersionStatus
from pipeline.registry import Collectivity, Placement, place
from pipeline.settings import Settings
from pipeline.store import GeneratedDocument
from pipeline.web import data, generation, overlay
from pipeline.web.auth import requires
from pipeline.web.forms import parse_day
from pipeline.web.jobs import Job
from pipeline.web.pages import error_page, flash, render
from pipeline.web.uploads import UploadRefused

MAX_RESULTS = 60
MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}
KIND_WORDS = {
    "convention": "Convention tripartite (Word)",
    "annexe": "Annexe 2 (Word)",
    "convention_pdf": "Convention tripartite (PDF)",
    "annexe_pdf": "Annexe 2 (PDF)",
}


def plain(text: str) -> str:
    """Lower case, no accents, words separated by one space: what searches compare."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def search(collectivities: list[Collectivity], query: str) -> list[Collectivity]:
    """By name (every word, in any order), INSEE code or SIREN (their first digits)."""
    wanted = plain(query)
    if not wanted:
        return []
    digits = wanted.replace(" ", "")
    if digits.isdigit():
        return [
            c
            for c in collectivities
            if any(code and code.startswith(digits) for code in (c.code, c.insee_code, c.siren))
        ]
    words = wanted.split()
    found = [c for c in collectivities if all(w in plain(c.name) for w in words)]
    return sorted(found, key=lambda c: (not plain(c.name).startswith(words[0]), c.name))


@dataclass(frozen=True)
class Row:
    collectivity: Collectivity
    placement: Placement | None


def _placement(settings: Settings, item: Collectivity, version: TariffVersion | None):
    if version is None:
        return None
    return place(
        item,
        version.extraction.strata,
        population_kind=settings.population_kind,
        margin=settings.boundary_margin,
    )


def _search(settings: Settings, query: str) -> dict:
    known = generation.registry(settings)
    in_force = versions.tariffs_at(data.store(settings), dt.date.today()).version
    found = search(list(known), query)
    return {
        "rows": [Row(c, _placement(settings, c, in_force)) for c in found[:MAX_RESULTS]],
        "more": max(0, len(found) - MAX_RESULTS),
        "in_force": in_force,
        "total": len(known),
        "registry_file": generation.registry_path(settings),
        "registry_warnings": known.warnings,
    }


@requires(Role.LECTURE)
async def collectivity_list(request: Request) -> Response:
    query = request.query_params.get("q", "")[:100]
    context = await run_in_threadpool(_search, request.app.state.settings, query)
    context.update(title="Collectivités", query=query, today=dt.date.today())
    return render(request, "collectivities.html", context, nav="collectivites")


def latest_documents(documents: list[GeneratedDocument]) -> list[GeneratedDocument]:
    """The last record of each (version, collectivité, kind): the file as now written."""
    last: dict[tuple, GeneratedDocument] = {}
    for document in documents:
        last[(document.version_id, document.collectivity_code, document.kind)] = document
    return sorted(last.values(), key=lambda d: (-d.version_id, d.kind))


def _detail(settings: Settings, code: str) -> dict:
    known = generation.registry(settings)
    item = known.get(code)
    if item is None:
        return {}
    store = data.store(settings)
    every = [v for v in store.versions() if v.status is not VersionStatus.REJECTED]
    documents = latest_documents([d for d in store.documents() if d.collectivity_code == item.code])
    return {
        "item": item,
        "population": item.population(settings.population_kind),
        "placements": [(v, _placement(settings, item, v)) for v in reversed(every)],
        "documents": documents,
        "versions_with_documents": sorted({d.version_id for d in documents}, reverse=True),
        "kind_words": KIND_WORDS,
        "in_force": versions.tariffs_at(store, dt.date.today()).version,
    }


@requires(Role.LECTURE)
async def collectivity_page(request: Request) -> Response:
    code = request.path_params["code"]
    context = await run_in_threadpool(_detail, request.app.state.settings, code)
    if not context:
        return error_page(
            request, 404, "Collectivité inconnue", f"Aucune collectivité de code « {code[:20]} »."
        )
    context.update(title=context["item"].name, today=dt.date.today())
    return render(request, "collectivity.html", context, nav="collectivites")


# --- generation ------------------------------------------------------------------------------


@requires(Role.JURISTE)
async def generate(request: Request) -> Response:
    settings = request.app.state.settings
    form = await request.form()
    everyone = form.get("tout") == "oui"
    codes = [str(c).strip() for c in form.getlist("code") if str(c).strip()]
    try:
        on = parse_day(str(form.get("date", ""))) or dt.date.today()
    except PipelineError as error:
        return error_page(request, 400, "Date invalide", str(error))
    if not everyone and not codes:
        return error_page(
            request,
            400,
            "Aucune collectivité choisie",
            "Cochez au moins une collectivité, ou choisissez « toutes les collectivités ».",
        )
    pdf = form.get("pdf") == "oui"
    account = request.state.account
    what = "toutes les collectivités" if everyone else f"{len(codes)} collectivité(s)"
    job = Job(kind="generation", title=f"Conventions : {what}", owner=account.login)

    def work(job: Job) -> None:
        generation.generate(settings, job, codes=None if everyone else codes, on=on, pdf=pdf)
        result = job.result
        data.accounts(settings).log(
            "generation",
            account.login,
            {
                "version": result.get("version"),
                "collectivités": "toutes" if everyone else codes,
                "générées": result.get("generated"),
                "inchangées": result.get("unchanged"),
                "sans strate": result.get("no_tier"),
                "en erreur": result.get("failed"),
                "dossier": result.get("folder"),
            },
        )

    request.app.state.jobs.submit(job, work)
    return RedirectResponse(f"/taches/{job.id}", status_code=303)


# --- downloads -------------------------------------------------------------------------------


def _document(settings: Settings, document_id: int) -> GeneratedDocument | None:
    for document in data.store(settings).documents():
        if document.id == document_id:
            return document
    return None


def _intact(document: GeneratedDocument) -> Path | None:
    """The document's file when it is still the one recorded (same SHA-256)."""
    path = Path(document.path)
    if not path.is_file():
        return None
    if hashlib.sha256(path.read_bytes()).hexdigest() != document.sha256:
        return None
    return path


@requires(Role.LECTURE)
async def download(request: Request) -> Response:
    settings = request.app.state.settings
    document = await run_in_threadpool(_document, settings, int(request.path_params["id"]))
    path = await run_in_threadpool(_intact, document) if document else None
    if document is None or path is None or document.collectivity_code is None:
        return error_page(
            request,
            404,
            "Document introuvable",
            "Ce document n'existe pas, ou son fichier a été modifié ou supprimé depuis sa "
            "génération.",
            hint="Générez-le de nouveau depuis la page de la collectivité.",
        )
    name = f"{document.collectivity_code}-{path.name}"
    return FileResponse(
        path, media_type=MEDIA.get(path.suffix, "application/octet-stream"), filename=name
    )


def _archive(settings: Settings, code: str, version_id: int) -> tuple[str, bytes] | None:
    known = generation.registry(settings)
    item = known.get(code)
    if item is None:
        return None
    store = data.store(settings)
    documents = [
        d for d in latest_documents(store.documents(version_id)) if d.collectivity_code == item.code
    ]
    files = [(d, path) for d in documents if (path := _intact(d)) is not None]
    if not files:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for _, path in files:
            archive.write(path, arcname=path.name)
    return f"{item.code}-{slug(item.name)}-version-{version_id}.zip", buffer.getvalue()


@requires(Role.LECTURE)
async def archive(request: Request) -> Response:
    settings = request.app.state.settings
    raw = request.query_params.get("version", "")
    made = None
    if raw.isdigit():
        made = await run_in_threadpool(_archive, settings, request.path_params["code"], int(raw))
    if made is None:
        return error_page(
            request,
            404,
            "Archive introuvable",
            "Aucun document généré de cette collectivité pour cette version.",
        )
    name, body = made
    return Response(
        body,
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# --- the staff's registry file ---------------------------------------------------------------


@requires(Role.LECTURE)
async def registry_page(request: Request) -> Response:
    settings = request.app.state.settings
    return render(
        request,
        "registry.html",
        {
            "title": "Fichier des collectivités",
            "checked": None,
            "installed": None,
            "configured": settings.registry,
            "in_use": generation.registry_path(settings),
        },
        nav="collectivites",
    )


@requires(Role.JURISTE)
async def registry_upload(request: Request) -> Response:
    settings = request.app.state.settings
    form = await request.form()
    sent = form.get("fichier")
    context = {
        "title": "Fichier des collectivités",
        "checked": None,
        "installed": None,
        "configured": settings.registry,
        "in_use": generation.registry_path(settings),
        "refused": "",
    }
    if not isinstance(sent, UploadFile) or not sent.filename:
        context["refused"] = "Choisissez un fichier CSV ou XLSX."
        return render(request, "registry.html", context, status=400, nav="collectivites")
    body = await sent.read()
    try:
        name = overlay.file_name(sent.filename)
    except UploadRefused as error:
        context["refused"] = str(error)
        return render(request, "registry.html", context, status=400, nav="collectivites")
    checked = await run_in_threadpool(overlay.check, name, body)
    context["checked"] = checked
    if not checked.valid:
        return render(request, "registry.html", context, status=422, nav="collectivites")
    try:
        installed = await run_in_threadpool(overlay.install, settings, name, body)
    except UploadRefused as error:
        context["refused"] = str(error)
        return render(request, "registry.html", context, status=400, nav="collectivites")
    account = request.state.account
    await run_in_threadpool(
        lambda: data.accounts(settings).log(
            "collectivites", account.login, {"fichier": name, "lignes": len(checked.rows)}
        )
    )
    flash(request, f"Fichier « {name} » vérifié ({len(checked.rows)} ligne(s)) et en service.")
    context.update(installed=installed, in_use=installed)
    return render(request, "registry.html", context, nav="collectivites")


routes = [
    Route("/collectivites", collectivity_list, methods=["GET"], name="collectivities"),
    Route("/collectivites/fichier", registry_page, methods=["GET"], name="registry"),
    Route("/collectivites/fichier", registry_upload, methods=["POST"], name="registry-upload"),
    Route("/collectivites/{code}", collectivity_page, methods=["GET"], name="collectivity"),
    Route("/collectivites/{code}/archive", archive, methods=["GET"], name="archive"),
    Route("/generer", generate, methods=["POST"], name="generate"),
    Route("/documents/{id:int}", download, methods=["GET"], name="download"),
]
