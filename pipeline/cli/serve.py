"""``pipeline serve``: the web application, on this machine's address by default.

The command checks what it is asked, then hands the application of
:func:`pipeline.web.create_app` to uvicorn. It refuses to listen on an address other
than this machine's (127.0.0.1, localhost, ::1) while no account exists: the pages
would be open to anyone who can reach the server.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from pipeline.cli.app import EXIT_FINDINGS, app, err, fail, out, settings
from pipeline.errors import PipelineError


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[] ")).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
    hote: Annotated[
        str | None,
        typer.Option(
            "--hote",
            "--host",
            help="adresse d'écoute (par défaut 127.0.0.1 : cette machine seulement)",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="port d'écoute (par défaut 8000)"),
    ] = None,
) -> None:
    """Lance l'interface web : tableau de bord, dépôt, revue et correction, décision,
    conventions.

    Exemple : pipeline serve, puis ouvrir http://127.0.0.1:8000/ dans le navigateur.

    Les comptes se créent avec « pipeline compte creer ». Sur une autre adresse que
    celle de cette machine (--hote 0.0.0.0), le serveur refuse de démarrer tant
    qu'aucun compte n'existe. Arrêt : Ctrl+C. Code de sortie 1 si le démarrage est
    refusé.
    """
    import uvicorn

    from pipeline.accounts import Accounts
    from pipeline.web import WebSettings, create_app

    config = settings()
    overrides = {k: v for k, v in (("host", hote), ("port", port)) if v is not None}
    try:
        web = WebSettings(**overrides)
        with Accounts(config.db) as accounts:
            has_accounts = accounts.any_active()
        if not is_loopback(web.host) and not has_accounts:
            err.print(
                f"Erreur : aucun compte actif, le serveur ne s'ouvre pas sur {web.host} "
                "(seulement sur 127.0.0.1). Créez d'abord un compte : pipeline compte creer "
                "IDENTIFIANT --role administrateur",
                soft_wrap=True,
            )
            raise typer.Exit(EXIT_FINDINGS)
        application = create_app(config, web)
    except PipelineError as error:
        fail(error)
    shown = f"[{web.host}]" if ":" in web.host else web.host
    out.print(f"Interface web : http://{shown}:{web.port}/ (Ctrl+C pour arrêter)", soft_wrap=True)
    if not has_accounts:
        out.print(
            "Aucun compte : créez-en un avec pipeline compte creer IDENTIFIANT --role "
            "administrateur",
            soft_wrap=True,
        )
    try:
        uvicorn.run(
            application,
            host=web.host,
            port=web.port,
            log_level="warning",
            access_log=False,
            server_header=False,
        )
    except OSError as error:  # the port is taken, the address is not this machine's
        err.print(f"Erreur : impossible d'écouter sur {web.host}:{web.port} ({error.strerror}).")
        raise typer.Exit(EXIT_FINDINGS) from None
    out.print("Interface web arrêtée.")
