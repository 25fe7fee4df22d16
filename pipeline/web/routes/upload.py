"""Dépôt: PDFs sent from the page, read in the background as ``pipeline run`` reads them,
with each file's progress shown while it is read; and the page of any background job."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pipeline.accounts import Role
from pipeline.errors import PipelineError
from pipeline.models import TariffVersion
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.web import data, images, uploads
from pipeline.web.auth import requires
from pipeline.web.jobs import Item, Job
from pipeline.web.pages import error_page, render
from pipeline.web.settings import WebSettings

log = logging.getLogger(__name__)


@requires(Role.LECTURE)
async def upload_page(request: Request) -> Response:
    return _page(request)


def _page(request: Request, *, refused: list[str] | None = None, status: int = 200) -> Response:
    return render(
        request,
        "upload.html",
        {
            "title": "Dépôt de délibérations",
            "refused": refused or [],
            "jobs": request.app.state.jobs.recent("depot")[:10],
            "folder": request.app.state.settings.deliberations_dir,
            "max_mb": request.app.state.web.max_upload_mb,
        },
        status=status,
        nav="depot",
        fragment=False,
    )


def _drop_all(settings: Settings, accepted: list[tuple[str, bytes]]) -> list[Path]:
    return [uploads.drop(settings.deliberations_dir, name, body) for name, body in accepted]


def prepare_pages(settings: Settings, web: WebSettings):
    """Render a stored version's page images now, so that its review opens at once."""

    def prepare(store: Store, version: TariffVersion) -> None:
        source = version.extraction.source
        try:
            images.ensure_pages(
                settings.cache_dir,
                source.sha256,
                store.file_bytes(source.sha256),
                resolution=web.page_resolution,
                rotations=source.rotations,
            )
        except (PipelineError, OSError) as error:  # the review will say so itself
            log.warning("images des pages de %s non préparées : %s", source.file, error)

    return prepare


def _work(settings: Settings, web: WebSettings, paths: list[Path], login: str):
    def work(job: Job) -> None:
        uploads.process(settings, paths, job, pages=prepare_pages(settings, web))
        data.accounts(settings).log(
            "depot",
            login,
            {"fichiers": [f"{item.name} : {item.state}, {item.detail}" for item in job.items]},
        )

    return work


@requires(Role.JURISTE)
async def upload(request: Request) -> Response:
    settings, web = request.app.state.settings, request.app.state.web
    form = await request.form()
    sent = [f for f in form.getlist("fichiers") if isinstance(f, UploadFile) and f.filename]
    if not sent:
        return _page(request, refused=["Choisissez au moins un fichier PDF."], status=400)
    accepted: list[tuple[str, bytes]] = []
    refused: list[str] = []
    for part in sent:
        body = await part.read()
        try:
            name = uploads.safe_name(part.filename or "")
            uploads.check_pdf(name, body)
        except uploads.UploadRefused as error:
            refused.append(str(error))
            continue
        accepted.append((name, body))
    if not accepted:
        return _page(request, refused=refused, status=400)
    paths = await run_in_threadpool(_drop_all, settings, accepted)
    account = request.state.account
    job = Job(
        kind="depot",
        title=f"Dépôt de {len(paths)} fichier{'s' if len(paths) > 1 else ''}",
        owner=account.login,
        items=[Item(name=path.name) for path in paths],
        total=len(paths),
        result={"refused": refused},
    )
    request.app.state.jobs.submit(job, _work(settings, web, paths, account.login))
    return RedirectResponse(f"/taches/{job.id}", status_code=303)


@requires(Role.LECTURE)
async def job_page(request: Request) -> Response:
    job = request.app.state.jobs.get(request.path_params["job"])
    if job is None:
        return error_page(
            request,
            404,
            "Tâche introuvable",
            "Cette tâche n'existe pas ou plus (le serveur a peut-être redémarré).",
            hint="Les versions enregistrées restent visibles dans la liste des versions.",
        )
    nav = "depot" if job.kind == "depot" else "collectivites"
    return render(request, "job.html", {"title": job.title, "job": job}, nav=nav)


routes = [
    Route("/depot", upload_page, methods=["GET"], name="upload-page"),
    Route("/depot", upload, methods=["POST"], name="upload"),
    Route("/taches/{job}", job_page, methods=["GET"], name="job"),
]
