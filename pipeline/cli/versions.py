"""Tariff versions from the command line: run, watch, tariffs, approve, reject, history, diff."""

from __future__ import annotations

import datetime as dt
import getpass
from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline.cli.app import (
    EXIT_FINDINGS,
    app,
    err,
    fail,
    out,
    parse_date,
    parse_version,
    settings,
)
from pipeline.errors import ApprovalRefused, PipelineError
from pipeline.models import (
    Change,
    LineChange,
    Severity,
    TariffVersion,
    TierChange,
    VersionStatus,
)
from pipeline.store import Store
from pipeline.validate.history import diff as tariff_diff

STATUS = french.STATUS
SOURCE = french.EFFECTIVE_SOURCE
CHANGE = french.CHANGE
SEVERITY = french.SEVERITY


# --- French forms ----------------------------------------------------------------------


def french_date(value: dt.date | None) -> str:
    return french.long_date(value) if value is not None else "date inconnue"


def money(value: Decimal | None, *, on_quote: bool = False) -> str:
    if on_quote:
        return "sur devis"
    return french.money(value) if value is not None else "—"


def percent(value: Decimal | None) -> str:
    return french.percent(value) if value is not None else "—"


# --- arguments ----------------------------------------------------------------------------


def open_store() -> Store:
    return Store(settings().db)


def who(name: str | None) -> str:
    if name and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "inconnu"


def services_table(version: TariffVersion) -> Table:
    table = Table(title="Services du syndicat mixte", title_justify="left")
    for header in ("Rubrique", "Sous-rubrique", "Prestation"):
        table.add_column(header)
    table.add_column("Tarif", justify="right", no_wrap=True)
    table.add_column("Unité")
    for line in version.extraction.services:
        basis = "" if line.tax_basis.value == "TTC" else f" {line.tax_basis.value}"
        table.add_row(
            line.category or "",
            line.group or "",
            line.full_label,
            money(line.amount, on_quote=line.on_quote) + basis,
            line.unit,
        )
    return table


def tiers_table(version: TariffVersion) -> Table:
    table = Table(title="Accompagnement du CDG par strate", title_justify="left")
    table.add_column("Strate")
    table.add_column("Population", no_wrap=True)
    table.add_column("Tarif", justify="right", no_wrap=True)
    table.add_column("Unité")
    for tier in version.extraction.strata:
        table.add_row(
            tier.label,
            french.tier_population(tier),
            money(tier.amount, on_quote=tier.on_quote),
            tier.unit,
        )
    return table


@app.command("tariffs")
def tariffs_command(
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="date à laquelle les tarifs s'appliquent (2026-05-01 ou 01/05/2026) ; "
            "aujourd'hui par défaut",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Affiche les tarifs approuvés en vigueur à une date.

    Exemple : pipeline tariffs --date 01/05/2026

    Code de sortie 1 si aucune version approuvée ne s'applique à cette date.
    """
    day = parse_date(on) if on else dt.date.today()
    try:
        with open_store() as store:
            version = store.in_force(day)
            later = [
                v
                for v in store.versions()
                if v.status in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)
                and v.effective_date is not None
                and v.effective_date > day
            ]
    except PipelineError as error:
        fail(error)
    if version is None:
        err.print(f"Aucun tarif approuvé en vigueur au {french_date(day)}.")
        raise typer.Exit(EXIT_FINDINGS)
    sitting = version.extraction.deliberation.date
    out.print(
        f"Tarifs en vigueur au {french_date(day)} : version n° {version.id}, "
        f"délibération du {french_date(sitting)} ({version.extraction.source.file}), "
        f"applicable depuis le {french_date(version.effective_date)}.",
        soft_wrap=True,
    )
    if version.extraction.services:
        out.print(services_table(version))
    if version.extraction.strata:
        out.print(tiers_table(version))
    if later:
        following = min(later, key=lambda v: (v.effective_date, v.id))
        out.print(
            f"À noter : la version n° {following.id} s'appliquera à partir du "
            f"{french_date(following.effective_date)}.",
            soft_wrap=True,
        )


# --- decisions ------------------------------------------------------------------------------


def show_findings(version: TariffVersion) -> None:
    for finding in version.extraction.findings:
        if finding.severity is Severity.INFO:
            continue
        page = f" (page {finding.page})" if finding.page else ""
        err.print(f"  {SEVERITY[finding.severity]}{page} : {finding.message}", soft_wrap=True)


@app.command("approve")
def approve_command(
    version: Annotated[str, typer.Argument(help="numéro de la version", show_default=False)],
    by: Annotated[
        str | None,
        typer.Option(
            "--par", "--by", help="nom de la personne qui approuve (utilisateur courant par défaut)"
        ),
    ] = None,
    acknowledge: Annotated[
        bool,
        typer.Option(
            "--accepter-avertissements",
            "--ack-warnings",
            help="approuve malgré les avertissements, après les avoir examinés",
        ),
    ] = False,
) -> None:
    """Approuve une version en attente : ses tarifs s'appliqueront à partir de sa date d'effet.

    Exemple : pipeline approve 2 --par "Marie Dupont" --accepter-avertissements

    Une version avec des erreurs ne peut pas être approuvée ; une version avec des
    avertissements demande --accepter-avertissements. Code de sortie 1 si refusé.
    """
    number = parse_version(version)
    try:
        with open_store() as store:
            try:
                approved = store.approve(
                    number,
                    by=who(by),
                    acknowledge_warnings=acknowledge,
                    threshold=settings().price_change_warning,
                )
            except ApprovalRefused as error:
                refused = store.version(number)
                if refused.status is VersionStatus.PENDING:
                    show_findings(refused)
                    if refused.extraction.warnings and not refused.extraction.errors:
                        err.print(
                            "Après examen, relancez avec --accepter-avertissements.",
                            soft_wrap=True,
                        )
                fail(error)
            previous = store.previous_in_force(number)
    except PipelineError as error:
        fail(error)
    out.print(
        f"Version n° {approved.id} approuvée par {approved.decided_by} ; ses tarifs "
        f"s'appliquent à partir du {french_date(approved.effective_date)}.",
        soft_wrap=True,
    )
    if previous is not None and approved.effective_date is not None:
        last_day = approved.effective_date - dt.timedelta(days=1)
        out.print(
            f"La version n° {previous.id} reste applicable jusqu'au {french_date(last_day)}.",
            soft_wrap=True,
        )
    if approved.status is VersionStatus.SUPERSEDED:
        out.print(
            f"Elle est déjà remplacée par la version n° {approved.superseded_by} "
            "(date d'effet plus récente).",
            soft_wrap=True,
        )


@app.command("reject")
def reject_command(
    version: Annotated[str, typer.Argument(help="numéro de la version", show_default=False)],
    reason: Annotated[
        str,
        typer.Option(
            "--motif", "--reason", help="motif du rejet (obligatoire)", show_default=False
        ),
    ],
    by: Annotated[
        str | None,
        typer.Option(
            "--par", "--by", help="nom de la personne qui rejette (utilisateur courant par défaut)"
        ),
    ] = None,
) -> None:
    """Rejette une version en attente, avec son motif ; elle ne sera jamais appliquée.

    Exemple : pipeline reject 3 --motif "doublon de la délibération 2025/31"
    """
    number = parse_version(version)
    try:
        with open_store() as store:
            rejected = store.reject(number, reason=reason, by=who(by))
    except PipelineError as error:
        fail(error)
    out.print(
        f"Version n° {rejected.id} rejetée par {rejected.decided_by} : {rejected.reason}",
        soft_wrap=True,
    )


# --- history and diff -----------------------------------------------------------------------


@app.command("history")
def history_command() -> None:
    """Liste les versions de tarifs : statut, date d'effet, séance, fichier, décision.

    Exemple : pipeline history
    """
    try:
        with open_store() as store:
            versions = store.versions()
    except PipelineError as error:
        fail(error)
    if not versions:
        out.print("Aucune version enregistrée : déposez une délibération puis lancez pipeline run.")
        return
    table = Table(title="Versions des tarifs", title_justify="left")
    table.add_column("N°", justify="right")
    table.add_column("Statut")
    table.add_column("Date d'effet")
    table.add_column("Séance")
    table.add_column("Fichier")
    table.add_column("Constats")
    table.add_column("Décision")
    for version in versions:
        status = STATUS[version.status]
        if version.superseded_by:
            status += f" par n° {version.superseded_by}"
        decision = ""
        if version.decided_by:
            decision = f"{version.decided_by}, {french.timestamp(version.decided_at)}"
            if version.reason:
                decision += f" : {version.reason}"
        table.add_row(
            str(version.id),
            status,
            french_date(version.effective_date),
            french_date(version.extraction.deliberation.date),
            version.extraction.source.file,
            f"{french.plural(len(version.extraction.errors), 'erreur')}, "
            f"{french.plural(len(version.extraction.warnings), 'avertissement')}",
            decision,
        )
    out.print(table)


@app.command("diff")
def diff_command(
    first: Annotated[str, typer.Argument(help="version de départ", show_default=False)],
    second: Annotated[
        str | None,
        typer.Argument(
            help="version d'arrivée ; sans elle, la première est comparée à la version "
            "approuvée qu'elle remplace",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Montre ce qui change entre deux versions : lignes ajoutées, supprimées, modifiées.

    Exemple : pipeline diff 1 2
    """
    first_id = parse_version(first)
    second_id = parse_version(second) if second is not None else None
    try:
        with open_store() as store:
            if second_id is None:
                new = store.version(first_id)
                old = store.previous_in_force(new.id)
                if old is None:
                    err.print(
                        f"Aucune version approuvée avant la version n° {new.id} : "
                        "précisez les deux versions (ex. pipeline diff 1 2)."
                    )
                    raise typer.Exit(EXIT_FINDINGS)
            else:
                old = store.version(first_id)
                new = store.version(second_id)
    except PipelineError as error:
        fail(error)
    changes = tariff_diff(old.extraction, new.extraction)
    out.print(
        f"De la version n° {old.id} ({french_date(old.effective_date)}) "
        f"à la version n° {new.id} ({french_date(new.effective_date)}) :",
        soft_wrap=True,
    )
    if changes.empty:
        out.print("Aucun changement de tarif.")
        return
    if changes.lines:
        table = Table(title="Services", title_justify="left")
        for header in ("Changement", "Rubrique", "Sous-rubrique", "Prestation"):
            table.add_column(header)
        for header in ("Ancien tarif", "Nouveau tarif", "Variation"):
            table.add_column(header, justify="right", no_wrap=True)
        for c in changes.lines:
            heading = c.category or ""
            if c.old_category and c.old_category != c.category:
                heading = f"{c.category} (ex-{c.old_category})"
            table.add_row(
                CHANGE[c.change],
                heading,
                c.group or "",
                c.full_label,
                *_prices(c),
            )
        out.print(table)
    if changes.tiers:
        table = Table(title="Strates de l'accompagnement", title_justify="left")
        table.add_column("Changement")
        table.add_column("Strate")
        for header in ("Ancien tarif", "Nouveau tarif", "Variation"):
            table.add_column(header, justify="right", no_wrap=True)
        for t in changes.tiers:
            table.add_row(
                CHANGE[t.change],
                t.label,
                *_prices(t),
            )
        out.print(table)


def _prices(change: LineChange | TierChange) -> tuple[str, str, str]:
    """Old price, new price and variation, each shown only where the change has one."""
    return (
        money(change.old_amount, on_quote=change.old_on_quote)
        if change.change is not Change.ADDED
        else "",
        money(change.new_amount, on_quote=change.new_on_quote)
        if change.change is not Change.REMOVED
        else "",
        percent(change.percent) if change.change is Change.CHANGED else "",
    )
