"""Tariff versions from the command line: tariffs, approve, reject, history, diff.

The commands parse their arguments, call :mod:`pipeline.versions` and show what it
returns; a value corrected (``pipeline corriger``) is shown with a « corrigé » mark.
"""

from __future__ import annotations

import datetime as dt
import getpass
from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline import versions as library
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
from pipeline.corrections import line_corrections, marker, tier_corrections
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
    config = settings()
    return Store(config.db, threshold=config.price_change_warning)


def who(name: str | None) -> str:
    if name and name.strip():
        return name.strip()
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "inconnu"


def services_table(version: TariffVersion, *, numbers: bool = False) -> Table:
    """The service lines; ``numbers``: with each line's number (for ``corriger``). A
    column « Correction » says what was corrected, when something was."""
    table = Table(title="Services du syndicat mixte", title_justify="left")
    marks = [marker(c) for c in line_corrections(version)]
    if numbers:
        table.add_column("N°", justify="right")
    for header in ("Rubrique", "Sous-rubrique", "Prestation"):
        table.add_column(header)
    table.add_column("Tarif", justify="right", no_wrap=True)
    table.add_column("Unité")
    if any(marks):
        table.add_column("Correction")
    for index, line in enumerate(version.extraction.services):
        basis = "" if line.tax_basis.value == "TTC" else f" {line.tax_basis.value}"
        cells = [
            line.category or "",
            line.group or "",
            line.full_label,
            money(line.amount, on_quote=line.on_quote) + basis,
            line.unit,
        ]
        if numbers:
            cells.insert(0, str(version.line_number(index)))
        if any(marks):
            cells.append(marks[index])
        table.add_row(*cells)
    return table


def tiers_table(version: TariffVersion, *, numbers: bool = False) -> Table:
    table = Table(title="Accompagnement du CDG par strate", title_justify="left")
    marks = [marker(c) for c in tier_corrections(version)]
    if numbers:
        table.add_column("N°", justify="right")
    table.add_column("Strate")
    table.add_column("Population", no_wrap=True)
    table.add_column("Tarif", justify="right", no_wrap=True)
    table.add_column("Unité")
    if any(marks):
        table.add_column("Correction")
    for index, tier in enumerate(version.extraction.strata):
        cells = [
            tier.label,
            french.tier_population(tier),
            money(tier.amount, on_quote=tier.on_quote),
            tier.unit,
        ]
        if numbers:
            cells.insert(0, str(version.tier_number(index)))
        if any(marks):
            cells.append(marks[index])
        table.add_row(*cells)
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
            tariffs = library.tariffs_at(store, day)
    except PipelineError as error:
        fail(error)
    version = tariffs.version
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
    if tariffs.following is not None:
        following = tariffs.following
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
    avertissements demande --accepter-avertissements ; avec PIPELINE_FOUR_EYES=1, une
    personne qui a corrigé la version ne peut pas l'approuver. Code de sortie 1 si refusé.
    """
    number = parse_version(version)
    try:
        with open_store() as store:
            try:
                outcome = library.approve(
                    store,
                    number,
                    by=who(by),
                    acknowledge_warnings=acknowledge,
                    settings=settings(),
                )
            except ApprovalRefused as error:
                refused = store.version(number)
                if refused.status is VersionStatus.PENDING:
                    show_findings(refused)
                    warnings = refused.extraction.warnings
                    if warnings and not refused.extraction.errors and not acknowledge:
                        err.print(
                            "Après examen, relancez avec --accepter-avertissements.",
                            soft_wrap=True,
                        )
                fail(error)
    except PipelineError as error:
        fail(error)
    approved, previous = outcome.version, outcome.previous
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
    show_refreshed(outcome.refreshed)


def show_refreshed(paths: list) -> None:
    for path in paths:
        out.print(f"Rapport d'audit mis à jour : {path}", soft_wrap=True)


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
            outcome = library.reject(store, number, reason=reason, by=who(by))
    except PipelineError as error:
        fail(error)
    rejected = outcome.version
    out.print(
        f"Version n° {rejected.id} rejetée par {rejected.decided_by} : {rejected.reason}",
        soft_wrap=True,
    )
    show_refreshed(outcome.refreshed)


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
    corrected = any(version.corrections for version in versions)
    if corrected:
        table.add_column("Corrections")
    for version in versions:
        status = STATUS[version.status]
        if version.superseded_by:
            status += f" par n° {version.superseded_by}"
        decision = ""
        if version.decided_by:
            decision = f"{version.decided_by}, {french.timestamp(version.decided_at)}"
            if version.reason:
                decision += f" : {version.reason}"
        cells = [
            str(version.id),
            status,
            french_date(version.effective_date),
            french_date(version.extraction.deliberation.date),
            version.extraction.source.file,
            f"{french.plural(len(version.extraction.errors), 'erreur')}, "
            f"{french.plural(len(version.extraction.warnings), 'avertissement')}",
            decision,
        ]
        if corrected:
            cells.append(corrections_cell(version))
        table.add_row(*cells)
    out.print(table)


def corrections_cell(version: TariffVersion) -> str:
    """« 2 corrections (Marie Dupont) »: how many, and by whom."""
    if not version.corrections:
        return ""
    people = ", ".join(dict.fromkeys(c.by for c in version.corrections))
    return f"{french.plural(len(version.corrections), 'correction')} ({people})"


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
            compared = library.compare(store, first_id, second_id)
    except PipelineError as error:
        fail(error)
    new, old, changes = compared.version, compared.previous, compared.diff
    if old is None or changes is None:
        err.print(
            f"Aucune version approuvée avant la version n° {new.id} : "
            "précisez les deux versions (ex. pipeline diff 1 2)."
        )
        raise typer.Exit(EXIT_FINDINGS)
    out.print(
        f"De la version n° {old.id} ({french_date(old.effective_date)}) "
        f"à la version n° {new.id} ({french_date(new.effective_date)}) :",
        soft_wrap=True,
    )
    if changes.empty:
        out.print("Aucun changement de tarif.")
        return
    line_marks = _line_marks(old, new, changes.lines)
    tier_marks = _tier_marks(old, new, changes.tiers)
    if changes.lines:
        table = Table(title="Services", title_justify="left")
        for header in ("Changement", "Rubrique", "Sous-rubrique", "Prestation"):
            table.add_column(header)
        for header in ("Ancien tarif", "Nouveau tarif", "Variation"):
            table.add_column(header, justify="right", no_wrap=True)
        if any(line_marks):
            table.add_column("Correction")
        for c, mark in zip(changes.lines, line_marks, strict=True):
            heading = c.category or ""
            if c.old_category and c.old_category != c.category:
                heading = f"{c.category} (ex-{c.old_category})"
            cells = [CHANGE[c.change], heading, c.group or "", c.full_label, *_prices(c)]
            table.add_row(*cells, *([mark] if any(line_marks) else []))
        out.print(table)
    if changes.tiers:
        table = Table(title="Strates de l'accompagnement", title_justify="left")
        table.add_column("Changement")
        table.add_column("Strate")
        for header in ("Ancien tarif", "Nouveau tarif", "Variation"):
            table.add_column(header, justify="right", no_wrap=True)
        if any(tier_marks):
            table.add_column("Correction")
        for t, mark in zip(changes.tiers, tier_marks, strict=True):
            cells = [CHANGE[t.change], t.label, *_prices(t)]
            table.add_row(*cells, *([mark] if any(tier_marks) else []))
        out.print(table)


def _line_marks(old: TariffVersion, new: TariffVersion, changes: list[LineChange]) -> list[str]:
    """For each changed line, what was corrected in the new (else the old) version."""
    marks = {}
    for version in (old, new):  # the new version's marks win
        for line, corrections in zip(
            version.extraction.services, line_corrections(version), strict=True
        ):
            if corrections:
                marks[line.key] = f"n° {version.id} : {marker(corrections)}"
    return [marks.get(change.key, "") for change in changes]


def _tier_marks(old: TariffVersion, new: TariffVersion, changes: list[TierChange]) -> list[str]:
    marks = {}
    for version in (old, new):
        for tier, corrections in zip(
            version.extraction.strata, tier_corrections(version), strict=True
        ):
            if corrections:
                marks[(tier.kind, tier.label)] = f"n° {version.id} : {marker(corrections)}"
    return [marks.get((change.kind, change.label), "") for change in changes]


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
