"""The routes, one module per page; each module's ``routes`` lists its own."""

from __future__ import annotations

from starlette.routing import BaseRoute


def all_routes() -> list[BaseRoute]:
    from pipeline.web.routes import (
        collectivities,
        dashboard,
        impact,
        journal,
        sign_in,
        upload,
        versions,
    )

    return [
        *sign_in.routes,
        *dashboard.routes,
        *upload.routes,
        *impact.routes,
        *versions.routes,
        *collectivities.routes,
        *journal.routes,
    ]
