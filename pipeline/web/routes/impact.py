"""The impact of a version on the adherents: a read-only page and its export (XLSX, CSV).

The page computes what ``pipeline impact N`` shows (:mod:`pipeline.adhesions.impact`);
the letters are written from the command line (``pipeline impact N --courriers``).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pipeline.accounts import Role
from pipeline.adhesions.export import csv_text, xlsx_bytes
from pipeline.adhesions.impact import Impact, impact
from pipeline.settings import Settings
from pipeline.web import data, generation
from pipeline.web.auth import requires
from pipeline.web.pages import error_page, render

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _impact(settings: Settings, number: int) -> Impact:
    return impact(data.store(settings), number, generation.registry(settings), settings)


@requires(Role.LECTURE)
async def impact_page(request: Request) -> Response:
    number = int(request.path_params["number"])
    found = await run_in_threadpool(_impact, request.app.state.settings, number)
    return render(
        request,
        "impact.html",
        {"title": f"Impact de la version n° {number}", "impact": found},
        nav="versions",
    )


@requires(Role.LECTURE)
async def impact_export(request: Request) -> Response:
    number = int(request.path_params["number"])
    kind = request.path_params["kind"]
    if kind not in MEDIA:
        return error_page(request, 404, "Export inconnu", "Exports possibles : .xlsx ou .csv.")
    found = await run_in_threadpool(_impact, request.app.state.settings, number)
    if kind == "xlsx":
        body = await run_in_threadpool(xlsx_bytes, found)
    else:
        body = ("\ufeff" + csv_text(found)).encode("utf-8")
    return Response(
        body,
        media_type=MEDIA[kind],
        headers={"content-disposition": f'attachment; filename="impact-version-{number}.{kind}"'},
    )


routes = [
    Route("/versions/{number:int}/impact", impact_page, methods=["GET"], name="impact"),
    Route(
        "/versions/{number:int}/impact.{kind:str}",
        impact_export,
        methods=["GET"],
        name="impact-export",
    ),
]
