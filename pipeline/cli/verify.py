"""``pipeline verifier``: whether the chained record of decisions is intact."""

from __future__ import annotations

import typer

from pipeline.cli.app import EXIT_FINDINGS, app, err, fail, line, out, settings
from pipeline.errors import PipelineError
from pipeline.store import Store


@app.command("verifier")
def verify_command() -> None:
    """Vérifie que les décisions (approbations, rejets) n'ont pas été modifiées dans la base.

    Chaque décision est enregistrée avec une empreinte chaînée à la précédente :
    une décision ou une version modifiée directement dans la base rompt la chaîne.
    Code de sortie 0 si la chaîne est intacte, 1 si elle est rompue (le premier
    maillon rompu est nommé).

    Exemple : pipeline verifier
    """
    try:
        with Store(settings().db) as store:
            report = store.verify_decisions()
    except PipelineError as error:
        fail(error)
    plural = "s" if report.decisions > 1 else ""
    if report.intact:
        out.print(
            f"Chaîne des décisions intacte : {report.decisions} décision{plural} vérifiée{plural}.",
            soft_wrap=True,
        )
        return
    err.print(
        line(("Chaîne des décisions rompue", "bold red"), f" : {report.broken}"),
        soft_wrap=True,
    )
    raise typer.Exit(EXIT_FINDINGS)
