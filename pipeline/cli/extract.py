"""`pipeline extract`: what the pipeline reads from deliberation PDFs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline.cli.app import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    app,
    err,
    error_line,
    line,
    out,
    settings,
)
from pipeline.cli.progress import ReadingBar
from pipeline.errors import InputError
from pipeline.extract import extract_isolated
from pipeline.french import money as french_money
from pipeline.french import short_date, tier_population
from pipeline.models import Extraction, Severity

_SEVERITY = {
    Severity.ERROR: ("ERREUR", "bold red"),
    Severity.WARNING: ("AVERTISSEMENT", "yellow"),
    Severity.INFO: ("INFO", "cyan"),
}


@app.command("extract")
def extract_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="un ou plusieurs PDF de délibération", show_default=False, metavar="FICHIER.pdf..."
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON du contrat d'export sur la sortie standard")
    ] = False,
) -> None:
    """Lit une ou plusieurs délibérations et affiche ce qui en a été extrait.

    Exemple : pipeline extract deliberations/2025-07-10_annexe2_tarifs.pdf

    Codes de sortie : 0 sans erreur ; 1 si une délibération a des constats
    bloquants ; 2 si un fichier est illisible (absent, pas un PDF, endommagé,
    protégé par mot de passe). Un fichier illisible n'arrête pas les suivants.
    """
    config = settings()
    code = EXIT_OK
    results: list[dict] = []
    for path in files:
        try:
            with ReadingBar() as bar:  # gone before anything is printed
                extraction = extract_isolated(path, settings=config, progress=bar)
        except InputError as error:
            err.print(error_line(error), soft_wrap=True)
            code = max(code, EXIT_INPUT)
            continue
        if extraction.errors:
            code = max(code, EXIT_FINDINGS)
        if as_json:
            results.append(extraction.model_dump(mode="json"))
        else:
            show(extraction)
    if as_json and results:
        payload = results[0] if len(files) == 1 else results
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    raise typer.Exit(code)


def money(value: Decimal | None, *, on_quote: bool = False, free: bool = False) -> str:
    if on_quote:
        return "sur devis"
    if value is None:
        return "—"
    text = french_money(value)
    return f"{text} (gratuit)" if free else text


def show(extraction: Extraction) -> None:
    source = extraction.source
    sitting = extraction.deliberation
    out.rule(line((source.file, "bold"), " (OCR)" if source.ocr else ""))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    day = short_date(sitting.date) if sitting.date else "non trouvée"
    vote = french.VOTE.get(sitting.vote or "", "non trouvé")
    if sitting.votes_for is not None:
        vote += (
            f" ({sitting.votes_for} pour, {sitting.votes_against or 0} contre, "
            f"{sitting.abstentions or 0} abstention(s))"
        )
    rows = [
        ("Objet", sitting.title),
        ("Séance", f"{sitting.assembly or '?'} du {day}"),
        ("Autorité", sitting.authority),
        ("Lieu", sitting.place),
        ("Président", sitting.president),
        ("Présents / absents", f"{_n(sitting.present_count)} / {_n(sitting.absent_count)}"),
        ("Vote", vote),
        ("Délibérations visées", ", ".join(sitting.references) or "aucune"),
        (
            "Date d'application",
            sitting.effective_date.strftime("%d/%m/%Y") if sitting.effective_date else None,
        ),
    ]
    for name, value in rows:
        if value:
            facts.add_row(name, str(value))
    out.print(facts)

    if extraction.services:
        table = Table(title="Services", title_justify="left", show_lines=False)
        for column in ("Rubrique", "Sous-rubrique", "Libellé", "Tarif", "Unité", "Page"):
            table.add_column(column, justify="right" if column in ("Tarif", "Page") else "left")
        for service in extraction.services:
            table.add_row(
                service.category or "",
                service.group or "",
                service.full_label,
                money(service.amount, on_quote=service.on_quote, free=service.free)
                + (f" {service.tax_basis}" if service.tax_basis != "TTC" else ""),
                service.unit,
                str(service.page),
            )
        out.print(table)
    if extraction.strata:
        table = Table(title="Accompagnement par strate", title_justify="left")
        for column in ("Strate", "Population", "Tarif", "Unité", "Page"):
            table.add_column(column, justify="right" if column in ("Tarif", "Page") else "left")
        for tier in extraction.strata:
            table.add_row(
                tier.label,
                tier_population(tier),
                money(tier.amount, on_quote=tier.on_quote),
                tier.unit,
                str(tier.page),
            )
        out.print(table)
    if extraction.findings:
        out.print(line(("Constats", "bold")))
        for finding in extraction.findings:
            page = f" (page {finding.page})" if finding.page else ""
            out.print(
                line(
                    "  ",
                    _SEVERITY[finding.severity],
                    f" {finding.message}{page} ",
                    (finding.code, "dim"),
                )
            )
    else:
        out.print(line(("Aucun constat.", "green")))
    out.print()


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)
