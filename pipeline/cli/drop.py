"""`pipeline run` and `pipeline watch`: the drop folder, once or as files arrive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

import typer
from rich.text import Text

from pipeline import french
from pipeline.cli.app import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, app, fail, line, out, settings
from pipeline.cli.progress import ReadingBar
from pipeline.errors import PipelineError
from pipeline.run import FileOutcome, Outcome
from pipeline.store import FileStatus


def describe(outcome: FileOutcome) -> Text:
    name = outcome.path.name
    if outcome.outcome is Outcome.STORED and outcome.version is not None:
        version = outcome.version
        errors = len(version.extraction.errors)
        warnings = len(version.extraction.warnings)
        again = " (reprise après interruption)" if outcome.retried else ""
        return line(
            ("nouvelle version", "green"),
            f" {name} → version n° {version.id} en attente{again}, "
            f"date d'effet {_day(version.effective_date)} "
            f"({french.EFFECTIVE_SOURCE[version.effective_date_source]}) ; "
            f"{french.plural(errors, 'erreur')}, {french.plural(warnings, 'avertissement')}",
        )
    if outcome.outcome is Outcome.COPY and outcome.finding is not None:
        return line(("même délibération", "yellow"), f" {name} : {outcome.finding.message}")
    if outcome.outcome is Outcome.SEEN and outcome.received is not None:
        received = outcome.received
        same = f" (même contenu que « {received.name} »)" if received.name != name else ""
        if received.status is FileStatus.FAILED:
            reason = (received.reason or "").removeprefix(f"{received.name} : ")
            return line(("déjà reçu", "dim"), f" {name}{same} : en échec, {reason}")
        status = french.STATUS[outcome.version.status] if outcome.version else "traité"
        if received.copy:
            return line(
                ("déjà reçu", "dim"),
                f" {name}{same} : copie de la version n° {received.version_id} ({status})",
            )
        return line(
            ("déjà reçu", "dim"),
            f" {name}{same} : version n° {received.version_id} ({status})",
        )
    if outcome.outcome is Outcome.BUSY:
        return line(("en cours", "dim"), f" {name} : traité en ce moment par un autre passage")
    if outcome.outcome is Outcome.FAILED:
        return line(("échec", "bold red"), f" {outcome.reason}")
    return line(("ignoré", "yellow"), f" {name} : {outcome.reason}")


def show_outcome(outcome: FileOutcome) -> None:
    out.print(describe(outcome), soft_wrap=True)


def outcome_shower(bar: ReadingBar) -> Callable[[FileOutcome], None]:
    """Show each outcome once the reading bar of its file is gone."""

    def show(outcome: FileOutcome) -> None:
        bar.finish()
        show_outcome(outcome)

    return show


@app.command("run")
def run_command(
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--reessayer-echecs",
            "--retry-failed",
            help="traite à nouveau les fichiers déjà en échec (après une mise à jour)",
        ),
    ] = False,
) -> None:
    """Traite chaque nouveau PDF du dossier de dépôt et l'enregistre comme version en attente.

    Exemple : pipeline run

    Un fichier déjà reçu (même empreinte SHA-256) n'est pas traité à nouveau ; un
    fichier en échec est enregistré avec son motif sans arrêter les autres. Les
    fichiers déposés ne sont jamais déplacés, modifiés ni supprimés.

    Codes de sortie : 0 si tout va bien ; 1 si une nouvelle version a des erreurs
    bloquantes ; 2 si un fichier n'a pas pu être lu.
    """
    from pipeline.run import run

    try:
        with ReadingBar() as bar:
            outcomes = run(
                settings(),
                retry_failed=retry_failed,
                on_outcome=outcome_shower(bar),
                progress=bar,
            )
    except PipelineError as error:
        fail(error)
    stored = [o for o in outcomes if o.outcome is Outcome.STORED]
    failed = [o for o in outcomes if o.outcome in (Outcome.FAILED, Outcome.SKIPPED)]
    seen = [o for o in outcomes if o.outcome in (Outcome.SEEN, Outcome.BUSY)]
    copies = [o for o in outcomes if o.outcome is Outcome.COPY]
    if not outcomes:
        out.print("Aucun PDF dans le dossier de dépôt.")
    else:
        out.print(
            f"Bilan : {len(stored)} nouvelle{'s' if len(stored) > 1 else ''} "
            f"version{'s' if len(stored) > 1 else ''} en attente, "
            f"{len(seen)} déjà reçu{'s' if len(seen) > 1 else ''}, "
            + (
                f"{french.plural(len(copies), 'copie')} d'une version déjà reçue, "
                if copies
                else ""
            )
            + f"{len(failed)} en échec.",
            soft_wrap=True,
        )
    if failed:
        raise typer.Exit(EXIT_INPUT)
    if any(o.version is not None and o.version.extraction.errors for o in stored):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


@app.command("watch")
def watch_command(
    settle: Annotated[
        float,
        typer.Option(
            "--attente",
            "--settle",
            min=0.0,
            help="secondes sans changement de taille avant de lire un fichier",
        ),
    ] = 2.0,
) -> None:
    """Surveille le dossier de dépôt et traite chaque PDF dès qu'il est complètement écrit.

    Exemple : pipeline watch

    Même traitement que « pipeline run », au fil des dépôts. Arrêt : Ctrl+C.
    """
    from pipeline.watch import watch

    folder = settings().deliberations_dir
    try:
        with ReadingBar() as bar:
            watch(
                settings(),
                on_outcome=outcome_shower(bar),
                settle=settle,
                on_ready=lambda: out.print(f"Surveillance de {folder} (Ctrl+C pour arrêter)."),
                progress=bar,
            )
    except PipelineError as error:
        fail(error)
    except KeyboardInterrupt:
        out.print("Surveillance arrêtée.")


# --- tariffs in force ---------------------------------------------------------------------


def _day(value: dt.date | None) -> str:
    return french.long_date(value) if value is not None else "inconnue"
