"""Journal: what was decided, corrected, signed in, dropped and generated — read only.

Decisions and corrections come from the store (chained there); the rest from the
accounts' log. No page writes to any of them but by the actions themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pipeline import french
from pipeline.accounts import Role
from pipeline.corrections import describe
from pipeline.models import VersionStatus
from pipeline.settings import Settings
from pipeline.web import data
from pipeline.web.auth import requires
from pipeline.web.pages import render

SHOWN = 300


@dataclass(frozen=True)
class Entry:
    at: str
    who: str
    what: str
    detail: str
    link: str | None = None


def _journal(settings: Settings) -> dict:
    store = data.store(settings)
    accounts = data.accounts(settings)
    entries: list[Entry] = []
    for version in store.versions():
        link = f"/versions/{version.id}"
        for correction in version.corrections:
            entries.append(
                Entry(
                    correction.at,
                    correction.by,
                    f"correction de la version n° {version.id}",
                    f"{describe(correction)} — motif : {correction.reason}",
                    link,
                )
            )
        if version.decided_at and version.status is not VersionStatus.PENDING:
            status = "rejet" if version.status is VersionStatus.REJECTED else "approbation"
            entries.append(
                Entry(
                    version.decided_at,
                    version.decided_by or "",
                    f"{status} de la version n° {version.id}",
                    version.reason or "",
                    link,
                )
            )
    names = {a.login: a.name for a in accounts.all()}
    for event in accounts.events(SHOWN):
        detail = "; ".join(
            f"{key} : {', '.join(map(str, value)) if isinstance(value, list) else value}"
            for key, value in event.details.items()
        )
        who = names.get(event.actor or "", event.actor or "—")
        entries.append(Entry(event.at, who, event.label, detail))
    entries.sort(key=lambda e: e.at, reverse=True)
    chains = store.verify_decisions()
    events_count, events_broken = accounts.verify_events()
    return {
        "entries": entries[:SHOWN],
        "chains": chains,
        "events_count": events_count,
        "events_broken": events_broken,
        "accounts": accounts.all(),
        "timestamp": french.timestamp,
    }


@requires(Role.ADMINISTRATEUR)
async def journal(request: Request) -> Response:
    context = await run_in_threadpool(_journal, request.app.state.settings)
    context["title"] = "Journal"
    return render(request, "journal.html", context, nav="journal")


routes = [Route("/journal", journal, methods=["GET"], name="journal")]
