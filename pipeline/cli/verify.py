"""``pipeline verifier``: whether the chained record of decisions is intact."""

from __future__ import annotations

import typer

from pipeline.cli.app import EXIT_FINDINGS, app, err, fail, line, out, settings
from pipeline.errors import PipelineError
from pipeline.store import Store


@app.command("verifier")
def verify_command() -> None:
    """Vérifie que les décisions et les corrections n'ont pas été modifiées dans la base.

    Chaque décision (approbation, rejet) et chaque correction est enregistrée avec une
    empreinte chaînée à la précédente : une décision, une correction ou une version
    modifiée directement dans la base rompt la chaîne. Code de sortie 0 si les chaînes
    sont intactes, 1 si l'une est rompue (le premier maillon rompu est nommé).

    Exemple : pipeline verifier
    """
    try:
        with Store(settings().db) as store:
            report = store.verify_decisions()
    except PipelineError as error:
        fail(error)
    plural = "s" if report.decisions > 1 else ""
    if report.intact:
        checked = f"{report.decisions} décision{plural} vérifiée{plural}"
        if report.corrections:
            plural = "s" if report.corrections > 1 else ""
            checked += f", {report.corrections} correction{plural} vérifiée{plural}"
        out.print(f"Chaîne des décisions intacte : {checked}.", soft_wrap=True)
        return
    err.print(
        line(("Chaîne des décisions rompue", "bold red"), f" : {report.broken}"),
        soft_wrap=True,
    )
    raise typer.Exit(EXIT_FINDINGS)
