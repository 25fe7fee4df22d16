"""`pipeline adhesions importer|signer|quitter|liste` and `pipeline impact N`: who adheres
to the convention, and what a new tariff version changes for each adherent."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline.adhesions import book
from pipeline.adhesions.impact import AdherentImpact, Impact
from pipeline.cli.app import (
    EXIT_FINDINGS,
    app,
    err,
    fail,
    line,
    out,
    parse_date,
    parse_version,
    settings,
    usage_error,
)
from pipeline.cli.versions import open_store
from pipeline.errors import PipelineError
from pipeline.parse.money import AmountError, parse_amount
from pipeline.registry import Registry, load_registry
from pipeline.store import Store

adhesions_app = typer.Typer(
    help="Registre des adhésions : conventions signées, annexe, services pris, fins.",
    no_args_is_help=True,
)
app.add_typer(adhesions_app, name="adhesions")


def _open() -> tuple[Store, Registry]:
    """The store, as every command opens it, and the registry with the staff's file."""
    config = settings()
    return open_store(), load_registry(config.registry, config.registers_dir)


def _day(value: dt.date | None) -> str:
    return french.long_date(value) if value is not None else "—"


def _services(adhesion) -> str:
    return ", ".join(f"{s.name} × {s.quantity}" for s in adhesion.services) or "accompagnement seul"


@adhesions_app.command("importer")
def import_command(
    path: Annotated[Path, typer.Argument(help="fichier CSV ou XLSX des adhésions")],
) -> None:
    """Importe le registre des adhésions tenu par le service (CSV ou XLSX).

    Exemple : pipeline adhesions importer adhesions.xlsx

    Une ligne par service pris (code_insee ou siren, date_signature, annexe_du,
    sous_rubrique, prestation, quantite, accompagnement_sur_devis, date_fin, motif_fin).
    Tout est enregistré, ou rien : une case incorrecte est nommée par sa ligne et sa
    colonne (code 2). Importer de nouveau le même fichier ne change rien.
    """
    try:
        store, registry = _open()
        with store:
            done = book.import_register(store, path, registry)
    except PipelineError as error:
        fail(error)
    out.print(
        f"{path.name} : {french.plural(len(done.adhesions), 'adhésion')} lue(s) ; "
        f"{done.added} nouvelle(s), {done.replaced} mise(s) à jour, "
        f"{done.unchanged} inchangée(s).",
        soft_wrap=True,
    )


SERVICE = re.compile(r"^(?:(?P<group>[^›>=]+?)\s*[›>]\s*)?(?P<label>[^=]+?)\s*(?:=\s*(?P<q>\S+))?$")


def _service(text: str) -> tuple[str | None, str, int]:
    match = SERVICE.match(text.strip())
    quantity = match["q"] if match else None
    if match is None or (quantity is not None and not quantity.isdigit()) or quantity == "0":
        usage_error(
            f"service mal formé : « {text} » (exemple : « Antivirus › Licence=5 » ou "
            "« Messagerie compte 5 Go=3 »)."
        )
    return match["group"], match["label"], int(quantity or 1)


@adhesions_app.command("signer")
def sign_command(
    code: Annotated[str, typer.Argument(help="code INSEE ou SIREN", show_default=False)],
    on: Annotated[
        str, typer.Option("--date", help="date de signature (JJ/MM/AAAA)", show_default=False)
    ],
    annex: Annotated[
        str | None,
        typer.Option(
            "--annexe",
            help="délibération de l'annexe signée (date) ou numéro de version ; par défaut "
            "la version en vigueur à la date de signature",
        ),
    ] = None,
    services: Annotated[
        list[str] | None,
        typer.Option(
            "--service",
            help="service pris et quantité, ex. « Antivirus › Licence=5 » (répétable)",
        ),
    ] = None,
    quote_fee: Annotated[
        str | None,
        typer.Option(
            "--accompagnement-devis",
            help="participation annuelle convenue sur devis (strate « sur devis »)",
        ),
    ] = None,
) -> None:
    """Enregistre une convention revenue signée : date, annexe, services et quantités.

    Exemple : pipeline adhesions signer 62001 --date 15/04/2026 --service "Antivirus › Licence=5"

    Une convention déjà enregistrée à la même date est remplacée.
    """
    day = parse_date(on)
    fee: Decimal | None = None
    if quote_fee is not None:
        try:
            fee = parse_amount(quote_fee).value
        except AmountError:
            fee = None
        if fee is None:
            usage_error(f"montant invalide : « {quote_fee} » (exemple : 450 ou 450,00 €).")
    taken = [_service(text) for text in services or []]
    try:
        store, registry = _open()
        with store:
            done = book.sign(
                store, registry, code, signed_on=day, annex=annex, services=taken, quote_fee=fee
            )
    except PipelineError as error:
        fail(error)
    adhesion = done.adhesions[0]
    annex_words = f"annexe du {_day(adhesion.annex_sitting)}" if adhesion.annex_sitting else ""
    word = "mise à jour" if done.replaced else "enregistrée" if done.added else "inchangée"
    out.print(
        f"Adhésion de {adhesion.name} ({adhesion.code}) signée le {_day(adhesion.signed_on)} "
        f"{word}{' ; ' + annex_words if annex_words else ''} ; {_services(adhesion)}.",
        soft_wrap=True,
    )


@adhesions_app.command("quitter")
def leave_command(
    code: Annotated[str, typer.Argument(help="code INSEE ou SIREN", show_default=False)],
    on: Annotated[
        str,
        typer.Option(
            "--date", help="dernier jour de la convention (JJ/MM/AAAA)", show_default=False
        ),
    ],
    reason: Annotated[str, typer.Option("--motif", help="motif (obligatoire)", show_default=False)],
) -> None:
    """Enregistre la fin d'une adhésion (résiliation, fusion…) : son dernier jour et son motif.

    Exemple : pipeline adhesions quitter 62016 --date 31/12/2025 --motif "résiliation"

    Code 1 si la collectivité n'a pas d'adhésion en cours à cette date.
    """
    day = parse_date(on)
    try:
        store, registry = _open()
        with store:
            ended = book.leave(store, registry, code, on=day, reason=reason)
    except PipelineError as error:
        fail(error)
    out.print(
        f"Adhésion de {ended.name} ({ended.code}) terminée le {_day(ended.ended_on)} : "
        f"{ended.end_reason}.",
        soft_wrap=True,
    )


@adhesions_app.command("liste")
def list_command(
    on: Annotated[
        str | None, typer.Option("--date", help="date (aujourd'hui par défaut)", show_default=False)
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--toutes", help="aussi les adhésions terminées ou à venir")
    ] = False,
) -> None:
    """Liste les adhérents à une date : signature, annexe, services, fin.

    Exemple : pipeline adhesions liste --date 01/04/2026
    """
    day = parse_date(on) if on else dt.date.today()
    try:
        store, _ = _open()
        with store:
            shown = store.adhesions() if everyone else book.active(store, day)
    except PipelineError as error:
        fail(error)
    if not shown:
        out.print(
            f"Aucune adhésion au {_day(day)} : importez le registre (pipeline adhesions importer)."
        )
        return
    title = "Toutes les adhésions" if everyone else f"Adhérents au {_day(day)}"
    table = Table(title=title, title_justify="left")
    for header in ("Code", "Collectivité", "Signée le", "Annexe du", "Services", "Fin"):
        table.add_column(header)
    for adhesion in shown:
        end = ""
        if adhesion.ended_on:
            end = f"{_day(adhesion.ended_on)} : {adhesion.end_reason}"
        table.add_row(
            adhesion.code,
            adhesion.name,
            _day(adhesion.signed_on),
            _day(adhesion.annex_sitting),
            _services(adhesion),
            end,
        )
    out.print(table)
    out.print(f"{french.plural(len(shown), 'adhésion')}.")


# --- impact ----------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return french.money(value)


def _impact_table(title: str, adherents: list[AdherentImpact]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("Code")
    table.add_column("Collectivité")
    table.add_column("Strate")
    table.add_column("Accompagnement")
    table.add_column("Annuel avant", justify="right", no_wrap=True)
    table.add_column("Annuel après", justify="right", no_wrap=True)
    table.add_column("Écart", justify="right", no_wrap=True)
    table.add_column("Changements")
    for a in adherents:
        tier = a.after.tier.label if a.after.tier else "aucune"
        if a.before.tier is not None and a.before.tier.label != tier:
            tier = f"{a.before.tier.label} → {tier}"
        fee = a.after.words()
        if a.before.words() != fee:
            fee = f"{a.before.words()} → {fee}"
        gap = _money(a.difference)
        if a.percent is not None:
            gap += f" ({french.percent(a.percent)})"
        table.add_row(
            a.collectivity.code,
            a.collectivity.name + ("" if a.complete else " *"),
            tier,
            fee,
            _money(a.yearly_before),
            _money(a.yearly_after),
            gap,
            " ; ".join(a.reasons)
            if a.affected
            else ("annexe déjà signée" if a.already else "aucun"),
        )
    return table


def show_impact(impact: Impact) -> None:
    version, previous = impact.version, impact.previous
    out.print(
        f"Version n° {version.id} ({french.STATUS[version.status]}), applicable au "
        f"{_day(impact.on)}, comparée à la version n° {previous.id} :",
        soft_wrap=True,
    )
    out.print(_impact_table("Adhérents concernés", impact.affected))
    if impact.unaffected:
        out.print(_impact_table("Adhérents non concernés", impact.unaffected))
    if impact.left:
        out.print(
            "Adhésions terminées avant le "
            f"{_day(impact.on)} (non concernées) : "
            + ", ".join(f"{a.name} ({a.code}, {_day(a.ended_on)})" for a in impact.left),
            soft_wrap=True,
        )
    for adhesion in impact.unknown:
        err.print(
            line(
                ("attention", "bold yellow"),
                f" {adhesion.code} {adhesion.name} : collectivité "
                "absente du référentiel, non comptée.",
            ),
            soft_wrap=True,
        )
    totals = impact.totals
    out.print(
        f"Totaux annuels — CDG : {_money(totals.cdg_before)} → {_money(totals.cdg_after)} ; "
        f"Syndicat mixte : {_money(totals.syndicat_before)} → {_money(totals.syndicat_after)}.",
        soft_wrap=True,
    )
    if totals.fees_unknown:
        out.print(
            f"* {french.plural(totals.fees_unknown, 'adhérent')} dont la participation est sur "
            "devis sans montant convenu (comptée 0 €).",
            soft_wrap=True,
        )
    out.print(
        f"{french.plural(len(impact.affected), 'adhérent')} concerné(s), "
        f"{len(impact.unaffected)} non concerné(s), {len(impact.left)} adhésion(s) terminée(s).",
        soft_wrap=True,
    )


@app.command("impact")
def impact_command(
    version: Annotated[str, typer.Argument(help="numéro de la version", show_default=False)],
    export: Annotated[
        Path | None,
        typer.Option("--export", help="écrit l'impact dans un fichier .xlsx ou .csv"),
    ] = None,
    letters: Annotated[
        bool,
        typer.Option(
            "--courriers",
            help="écrit le courrier et la nouvelle annexe 2 de chaque adhérent concerné",
        ),
    ] = False,
    letter_date: Annotated[
        str | None,
        typer.Option("--date-courrier", help="date des courriers (aujourd'hui par défaut)"),
    ] = None,
) -> None:
    """Montre ce qu'une version (en attente ou approuvée) change pour chaque adhérent.

    Exemple : pipeline impact 2 --export impact.xlsx --courriers

    Pour chaque adhérent : strate et participation avant et après, prix des services
    qu'il prend, montant annuel avant et après (en euros et en %) ; les adhérents non
    concernés à part ; totaux pour le CDG et le Syndicat mixte. Avec --courriers, dans
    output/courriers/<version>/ : un courrier (modèle templates/courrier_changement_tarifs.docx)
    et la nouvelle annexe 2 par adhérent concerné, et manifest.csv.
    """
    from pipeline.adhesions.export import write_export
    from pipeline.adhesions.impact import impact as compute

    number = parse_version(version)
    day = parse_date(letter_date) if letter_date else dt.date.today()
    config = settings()
    try:
        store, registry = _open()
        with store:
            found = compute(store, number, registry, config)
        show_impact(found)
        if export is not None:
            written = write_export(found, export)
            out.print(f"Impact écrit dans {written}.", soft_wrap=True)
        if letters:
            _write_letters(found, day)
    except PipelineError as error:
        fail(error)


def _write_letters(found: Impact, day: dt.date) -> None:
    from pipeline.adhesions.letters import Letters, load_templates
    from pipeline.generate import FAILED, GENERATED, NO_TIER, UNCHANGED
    from pipeline.parties import load_parties

    config = settings()
    run = Letters(
        found,
        load_templates(config.templates_dir),
        config.output_dir,
        parties=load_parties(config.parties),
        population_kind=config.population_kind,
        on=day,
    )
    for outcome in run:
        if outcome.status in (FAILED, NO_TIER):
            err.print(
                line(
                    ("échec", "bold red"),
                    f" {outcome.collectivity.code} {outcome.collectivity.name} : {outcome.message}",
                ),
                soft_wrap=True,
            )
    out.print(
        f"Courriers dans {run.folder} : {len(run.having(GENERATED))} écrit(s), "
        f"{len(run.having(UNCHANGED))} inchangé(s), "
        f"{len(run.having(FAILED)) + len(run.having(NO_TIER))} en échec ; manifest.csv.",
        soft_wrap=True,
    )
    if run.having(FAILED) or run.having(NO_TIER):
        raise typer.Exit(EXIT_FINDINGS)
