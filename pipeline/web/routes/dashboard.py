"""Tableau de bord: the tariffs in force and the next ones, the versions waiting for a
decision (findings as they stand now), the last files received, the generation runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pipeline import versions
from pipeline.accounts import Role
from pipeline.generate import read_manifest
from pipeline.models import VersionStatus
from pipeline.settings import Settings
from pipeline.web import data
from pipeline.web.auth import requires
from pipeline.web.pages import render

RECENT_FILES = 12
RECENT_RUNS = 8


@dataclass(frozen=True)
class GenerationRun:
    """A version's output folder: what its manifest says, and when it was last written."""

    label: str
    folder: Path
    written: str
    counts: dict[str, int]


def generation_runs(output_dir: Path) -> list[GenerationRun]:
    """The output folders that hold a generation's ``manifest.csv``, newest first."""
    found = []
    if not Path(output_dir).is_dir():
        return []
    for folder in Path(output_dir).iterdir():
        manifest = folder / "manifest.csv"
        if not manifest.is_file():
            continue
        rows = read_manifest(manifest)
        stamp = dt.datetime.fromtimestamp(manifest.stat().st_mtime, dt.UTC)
        found.append(
            GenerationRun(
                label=folder.name,
                folder=folder,
                written=stamp.isoformat(timespec="seconds"),
                counts=dict(Counter(row.get("statut", "") for row in rows.values())),
            )
        )
    return sorted(found, key=lambda run: run.written, reverse=True)[:RECENT_RUNS]


def _dashboard(settings: Settings) -> dict:
    store = data.store(settings)
    today = dt.date.today()
    every = store.versions()
    files = sorted(store.files(), key=lambda f: (f.received_at, f.sha256), reverse=True)
    return {
        "today": today,
        "tariffs": versions.tariffs_at(store, today),
        "pending": [v for v in every if v.status is VersionStatus.PENDING],
        "count": len(every),
        "files": files[:RECENT_FILES],
        "runs": generation_runs(settings.output_dir),
    }


@requires(Role.LECTURE)
async def dashboard(request: Request) -> Response:
    context = await run_in_threadpool(_dashboard, request.app.state.settings)
    context["jobs"] = request.app.state.jobs.recent("generation")[:5]
    context["title"] = "Tableau de bord"
    return render(request, "dashboard.html", context, nav="accueil")


routes = [Route("/", dashboard, methods=["GET"], name="dashboard")]
