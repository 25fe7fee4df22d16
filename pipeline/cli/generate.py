"""`pipeline generate` and `pipeline templates check|variables`: conventions and their templates."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline.cli.app import EXIT_INPUT, app, err, fail, line, out, parse_date, settings
from pipeline.errors import PipelineError, VersionNotFound
from pipeline.models import TariffVersion
from pipeline.settings import Settings

if TYPE_CHECKING:
    from pipeline.generate import Generation

templates_app = typer.Typer(
    help="Modèles Word : vérification et liste des variables.", no_args_is_help=True
)
app.add_typer(templates_app, name="templates")


def _version_in_force(config: Settings, on: dt.date) -> TariffVersion:
    from pipeline.store import Store
    from pipeline.versions import in_force

    with Store(config.db, threshold=config.price_change_warning) as store:
        return in_force(store, on)


def _versions(config: Settings) -> list[TariffVersion]:
    """Every version of the store (for the report: one that takes effect soon)."""
    from pipeline.store import Store

    with Store(config.db, threshold=config.price_change_warning) as store:
        return store.versions()


def _optional_version(config: Settings, on: dt.date) -> TariffVersion | None:
    if not config.db.exists():
        return None
    try:
        return _version_in_force(config, on)
    except VersionNotFound:
        return None


@templates_app.command("check")
def check_command(
    date: Annotated[
        str | None,
        typer.Option("--date", help="date de la version en vigueur (par défaut aujourd'hui)"),
    ] = None,
) -> None:
    """Vérifie les modèles Word : variables connues et rendu pour chaque strate.

    Chaque variable d'un modèle (corps, en-têtes, pieds de page, boucles) doit exister
    dans le contexte documenté (« pipeline templates variables ») ; chaque modèle est
    rendu pour une collectivité de chaque strate de la version en vigueur (ou d'une
    version d'exemple si la base n'en a pas).

    Exemple : pipeline templates check

    Codes de sortie : 0 modèles corrects ; 1 modèle incorrect.
    """
    from pipeline.parties import load_parties
    from pipeline.render.check import check_templates

    config = settings()
    try:
        version = _optional_version(config, (parse_date(date) if date else dt.date.today()))
        loaded = check_templates(config.templates_dir, version, load_parties(config.parties))
    except PipelineError as error:
        fail(error)
    where = f"version {version.id}" if version else "version d'exemple"
    for template in loaded:
        out.print(f"{template.path.name} : correct ({where})")


@templates_app.command("variables")
def variables_command() -> None:
    """Liste les variables que les modèles Word peuvent utiliser, avec leur description.

    Les valeurs du CDG et du Syndicat mixte (cdg.*, syndicat.*) sont celles du fichier
    des parties (parametres/parties.toml, ou PIPELINE_PARTIES).

    Exemple : pipeline templates variables

    Codes de sortie : 0 liste affichée ; 2 fichier des parties incorrect.
    """
    from pipeline.parties import load_parties
    from pipeline.render.variables import describe

    try:
        parties = load_parties(settings().parties)
    except PipelineError as error:
        fail(error)
    out.print(describe(parties), markup=False, soft_wrap=True)


@app.command("generate")
def generate_command(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="codes INSEE ou SIREN des collectivités", show_default=False),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="toutes les collectivités")] = False,
    date: Annotated[
        str | None,
        typer.Option("--date", help="date de la version en vigueur (par défaut aujourd'hui)"),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="produit aussi les PDF (LibreOffice)")] = False,
) -> None:
    """Écrit la convention tripartite et l'annexe 2 de chaque collectivité.

    Dans output/<version>/<code>-<nom>/ : convention-tripartite.docx et
    annexe-2-tarifs.docx (et leurs PDF avec --pdf), plus manifest.csv et rapport.txt.
    Les documents sont ceux de la date demandée (--date, aujourd'hui par défaut) : les
    tarifs et le millésime des populations légales en vigueur ce jour-là. Le rapport
    donne la strate de chaque collectivité, avec le chiffre de population, son type et
    son millésime, et ce qu'il faut vérifier avant l'envoi. Une collectivité qu'aucune
    strate ne couvre est signalée et n'a pas de convention. Relancée sans changement,
    la commande ne réécrit rien.

    Exemples : pipeline generate 62001 ; pipeline generate --all --pdf ;
    pipeline generate --all --date 2026-04-01

    Codes de sortie : 0 documents à jour ; 1 modèle incorrect, aucune version en
    vigueur, ou une collectivité sans convention ; 2 fichier des collectivités, des
    parties ou d'un registre incorrect.
    """
    from pipeline.generate import FAILED, NO_TIER
    from pipeline.store import Store
    from pipeline.versions import prepare_generation

    if not codes and not all_:
        err.print("Erreur : indiquez des codes de collectivités ou --all.")
        raise typer.Exit(EXIT_INPUT)
    config = settings()
    try:
        on = parse_date(date) if date else dt.date.today()
        with Store(config.db, threshold=config.price_change_warning) as store:
            run, registry = prepare_generation(
                store, config, codes=None if all_ else list(codes or []), on=on, pdf=pdf
            )
        for warning in registry.warnings:
            err.print(line(("attention", "bold yellow"), " ", warning))
        columns = (
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("Conventions", total=len(run))
            for _ in run:
                progress.advance(task)
        _record(config, run)
    except PipelineError as error:
        fail(error)

    report = run.report
    out.print(report.text().rstrip(), markup=False, soft_wrap=True)
    out.print(f"Dossier : {report.folder}", markup=False, soft_wrap=True)
    if report.having(NO_TIER) or report.having(FAILED):
        raise typer.Exit(1)


def _record(config: Settings, run: Generation) -> None:
    """Remember the newly written documents in the store."""
    from pipeline.generate import GENERATED
    from pipeline.store import Store
    from pipeline.versions import record_generation

    if run.report.having(GENERATED):
        with Store(config.db) as store:
            record_generation(store, run)


from pipeline.cli import registers as _registers  # noqa: E402, F401  (registers its commands)
