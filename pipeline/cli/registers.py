"""`pipeline registres` and `pipeline registres importer`: the public registers the staff
download (répertoire national des élus, annuaire de l'administration)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import app, err, fail, line, out, parse_date, settings
from pipeline.errors import PipelineError

registers_app = typer.Typer(
    help="Registres publics : répertoire national des élus, annuaire de l'administration.",
    invoke_without_command=True,
)
app.add_typer(registers_app, name="registres")


@registers_app.callback()
def list_command(context: typer.Context) -> None:
    """Liste les registres importés, leur date et ce qu'il faut vérifier.

    Exemple : pipeline registres

    Codes de sortie : 0 liste affichée ; 2 registre importé illisible ou fichier des
    parties incorrect.
    """
    if context.invoked_subcommand is not None:
        return
    from pipeline.parties import load_parties
    from pipeline.registry.registers import load_registers

    config = settings()
    try:
        registers = load_registers(config.registers_dir)
        parties = load_parties(config.parties)
    except PipelineError as error:
        fail(error)
    for register in registers.files.values():
        out.print(register.describe(), markup=False, soft_wrap=True)
    for warning in registers.warnings(
        on=dt.date.today(),
        elections=parties.registers.last_municipal_elections,
        max_age_days=parties.registers.max_age_days,
    ):
        err.print(line(("attention", "bold yellow"), " ", warning), soft_wrap=True)


@registers_app.command("importer")
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(help="fichiers CSV téléchargés", show_default=False),
    ],
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="date des données (celle que data.gouv.fr donne au fichier) ; par défaut la "
            "date du fichier téléchargé",
        ),
    ] = None,
) -> None:
    """Importe des registres publics téléchargés, au format CSV de leur éditeur.

    Reconnus par leurs colonnes : le répertoire national des élus (fichier des maires,
    fichier des conseillers communautaires, dont les présidents sont retenus) et
    l'annuaire de l'administration de Service-public.fr (export CSV : mairies, EPCI,
    CCAS, centre de gestion). Seules les lignes des collectivités du référentiel sont
    gardées, dans le dossier registres/ (PIPELINE_REGISTERS_DIR) ; un nouvel import du
    même registre remplace le précédent. Les conventions disent de quel fichier et de
    quand viennent le représentant et l'adresse.

    Exemples : pipeline registres importer elus-maires.csv --date 01/10/2026 ;
    pipeline registres importer elus-conseillers-communautaires-epci.csv annuaire.csv

    Codes de sortie : 0 registres importés ; 2 fichier absent, non reconnu ou sans
    ligne du Pas-de-Calais, ou date mal formée.
    """
    from pipeline.registry import load_registry
    from pipeline.registry.registers import import_register

    config = settings()
    day = parse_date(date) if date else None
    try:
        known = load_registry(config.registry).known()
        for path in files:
            register = import_register(path, config.registers_dir, known, date=day)
            out.print(
                f"{path.name} : {register.describe()} → {config.registers_dir}",
                markup=False,
                soft_wrap=True,
            )
    except PipelineError as error:
        fail(error)
