"""``pipeline corriger``: correct a value of a pending version, with a reason.

The command builds the edits from its options and calls :func:`pipeline.versions.correct`;
without any change asked, it lists the version's lines and tiers with their numbers and
the corrections made so far.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline import versions as library
from pipeline.cli.app import app, err, fail, out, parse_date, parse_version, usage_error
from pipeline.cli.versions import (
    SEVERITY,
    french_date,
    open_store,
    services_table,
    show_refreshed,
    tiers_table,
    who,
)
from pipeline.corrections import (
    LINE,
    NOTHING,
    SITTING,
    TIER,
    Edit,
    date_value,
    describe,
    parse_population,
    parse_price,
    signed,
    text_value,
)
from pipeline.errors import PipelineError
from pipeline.models import Severity, TariffVersion, VersionStatus

EXAMPLE = 'pipeline corriger 2 --ligne 3 --montant 12,50 --motif "montant mal lu (1 250 €)"'


def _date(text: str | None) -> str | None:
    """A date option: « 01/04/2026 », « 2026-04-01 », or « aucune » to clear it."""
    if text is None or text.strip().casefold() in NOTHING:
        return None
    return date_value(parse_date(text))


def _price(montant: str | None, sur_devis: bool) -> str | None:
    if montant is not None and sur_devis:
        usage_error("--montant et --sur-devis s'excluent : choisissez l'un des deux.")
    if sur_devis:
        return "sur devis"
    return parse_price(montant) if montant is not None else None


@app.command("corriger")
def correct_command(
    version: Annotated[str, typer.Argument(help="numéro de la version", show_default=False)],
    ligne: Annotated[
        int | None,
        typer.Option("--ligne", help="numéro de la ligne de service à corriger"),
    ] = None,
    strate: Annotated[
        int | None,
        typer.Option("--strate", "--palier", help="numéro de la strate à corriger"),
    ] = None,
    ajouter_ligne: Annotated[
        str | None,
        typer.Option(
            "--ajouter-ligne",
            help="ajoute une ligne de ce libellé (avec --montant ou --sur-devis, et --unite)",
        ),
    ] = None,
    supprimer_ligne: Annotated[
        int | None,
        typer.Option("--supprimer-ligne", help="numéro de la ligne à supprimer"),
    ] = None,
    libelle: Annotated[str | None, typer.Option("--libelle", help="nouveau libellé")] = None,
    rubrique: Annotated[
        str | None, typer.Option("--rubrique", help="rubrique de la ligne (vide : aucune)")
    ] = None,
    sous_rubrique: Annotated[
        str | None,
        typer.Option("--sous-rubrique", help="sous-rubrique de la ligne (vide : aucune)"),
    ] = None,
    montant: Annotated[
        str | None,
        typer.Option(
            "--montant",
            "--cotisation",
            help="tarif en euros (12,50 ; 1 234,50 € ; gratuit)",
        ),
    ] = None,
    sur_devis: Annotated[bool, typer.Option("--sur-devis", help="tarif « sur devis »")] = False,
    unite: Annotated[str | None, typer.Option("--unite", help="unité de facturation")] = None,
    population_min: Annotated[
        str | None,
        typer.Option("--population-min", help="borne basse incluse de la strate"),
    ] = None,
    population_max: Annotated[
        str | None,
        typer.Option(
            "--population-max", help="borne haute incluse de la strate (« aucune » : sans)"
        ),
    ] = None,
    date_seance: Annotated[
        str | None, typer.Option("--date-seance", help="date de la séance (JJ/MM/AAAA)")
    ] = None,
    date_effet: Annotated[
        str | None,
        typer.Option(
            "--date-effet",
            help="date d'application indiquée par la délibération (« aucune » : sans)",
        ),
    ] = None,
    date_executoire: Annotated[
        str | None,
        typer.Option(
            "--date-executoire",
            help="date à laquelle la délibération est devenue exécutoire (« aucune » : sans)",
        ),
    ] = None,
    motif: Annotated[
        str | None, typer.Option("--motif", help="motif de la correction (obligatoire)")
    ] = None,
    par: Annotated[
        str | None,
        typer.Option(
            "--par", help="nom de la personne qui corrige (utilisateur courant par défaut)"
        ),
    ] = None,
) -> None:
    """Corrige une valeur d'une version en attente : ce qui a été lu reste conservé à côté.

    Exemple : pipeline corriger 2 --ligne 3 --montant 12,50 --motif "montant mal lu"

    Sans option de correction, affiche les lignes et les strates avec leur numéro et
    les corrections déjà faites. Une ligne : --libelle, --rubrique, --sous-rubrique,
    --montant ou --sur-devis, --unite ; une strate : --libelle, --population-min,
    --population-max, --montant (ou --cotisation) ou --sur-devis, --unite ; la séance :
    --date-seance, --date-effet, --date-executoire. --ajouter-ligne « libellé » (avec
    --montant ou --sur-devis et --unite) ; --supprimer-ligne N. Les constats sont
    recalculés sur les valeurs corrigées ; une version approuvée ne se corrige plus.

    Codes de sortie : 0 correction enregistrée (ou liste affichée) ; 1 correction
    refusée (version inconnue ou qui n'est plus en attente, numéro inconnu, valeur
    inchangée ou invalide) ; 2 option mal formée (montant, date, motif manquant…).
    """
    number = parse_version(version)
    try:
        price = (_price(montant, sur_devis),) if montant is not None or sur_devis else ()
        edits = _edits(
            ligne=ligne,
            strate=strate,
            ajouter_ligne=ajouter_ligne,
            supprimer_ligne=supprimer_ligne,
            fields={
                "label": libelle,
                "category": rubrique,
                "group": sous_rubrique,
                "unit": unite,
                "min_population": population_min,
                "max_population": population_max,
            },
            price=price,
            dates={
                "date": date_seance,
                "effective_date": date_effet,
                "enforceable_date": date_executoire,
            },
        )
    except PipelineError as error:  # a value that is not one (InvalidValue): exit 2
        fail(error)
    if not edits:
        if motif is not None:
            usage_error(f"rien à corriger : indiquez quoi corriger (exemple : {EXAMPLE}).")
        _show(number)
        return
    if motif is None or not motif.strip():
        usage_error(f"le motif de la correction est obligatoire (exemple : {EXAMPLE}).")
    try:
        with open_store() as store:
            outcome = library.correct(store, number, edits, by=who(par), reason=motif)
    except PipelineError as error:
        fail(error)
    corrected = outcome.version
    out.print(
        f"Version n° {corrected.id} corrigée par {outcome.corrections[0].by} :", soft_wrap=True
    )
    for correction in outcome.corrections:
        out.print(f"  {describe(correction)}", soft_wrap=True)
    if any(c.target is SITTING for c in outcome.corrections):
        out.print(
            f"Date d'effet : {french_date(corrected.effective_date)} "
            f"({french.EFFECTIVE_SOURCE[corrected.effective_date_source]}).",
            soft_wrap=True,
        )
    extraction = corrected.extraction
    out.print(
        f"Constats recalculés : {french.plural(len(extraction.errors), 'erreur')}, "
        f"{french.plural(len(extraction.warnings), 'avertissement')}.",
        soft_wrap=True,
    )
    for finding in extraction.findings:
        if finding.severity is not Severity.INFO:
            page = f" (page {finding.page})" if finding.page else ""
            out.print(f"  {SEVERITY[finding.severity]}{page} : {finding.message}", soft_wrap=True)
    show_refreshed(outcome.refreshed)


def _edits(
    *,
    ligne: int | None,
    strate: int | None,
    ajouter_ligne: str | None,
    supprimer_ligne: int | None,
    fields: dict[str, str | None],
    price: tuple[str | None, ...],
    dates: dict[str, str | None],
) -> list[Edit]:
    """The edits the options ask for; a usage error for options that do not go together."""
    chosen = [
        name
        for name, value in (
            ("--ligne", ligne),
            ("--strate", strate),
            ("--ajouter-ligne", ajouter_ligne),
            ("--supprimer-ligne", supprimer_ligne),
        )
        if value is not None
    ]
    if len(chosen) > 1:
        usage_error(f"une seule des options {', '.join(chosen)} à la fois.")
    given = {name: value for name, value in fields.items() if value is not None}
    line_only = {"category", "group"} & given.keys()
    tier_only = {"min_population", "max_population"} & given.keys()
    edits: list[Edit] = []
    if supprimer_ligne is not None:
        if given or price:
            usage_error("--supprimer-ligne ne se combine pas avec une valeur à corriger.")
        edits.append(Edit.remove(LINE, supprimer_ligne))
    elif ajouter_ligne is not None:
        if tier_only:
            usage_error("--population-min et --population-max sont pour une strate (--strate).")
        if not price:
            usage_error("la ligne ajoutée demande un tarif : --montant ou --sur-devis.")
        if "unit" not in given:
            usage_error("la ligne ajoutée demande son unité de facturation : --unite.")
        edits.append(
            Edit.add(
                LINE,
                label=ajouter_ligne,
                price=price[0],
                unit=given.get("unit"),
                category=given.get("category"),
                group=given.get("group"),
            )
        )
    elif ligne is not None or strate is not None:
        target = LINE if ligne is not None else TIER
        if target is LINE and tier_only:
            usage_error("--population-min et --population-max sont pour une strate (--strate).")
        if target is TIER and line_only:
            usage_error("--rubrique et --sous-rubrique sont pour une ligne (--ligne).")
        if not given and not price:
            usage_error("indiquez la valeur à corriger (--montant, --libelle, --unite…).")
        for name, value in given.items():
            if name in ("min_population", "max_population"):
                edits.append(Edit.set(target, name, parse_population(value), ligne or strate))
            else:
                edits.append(Edit.set(target, name, text_value(value), ligne or strate))
        if price:
            edits.append(Edit.set(target, "price", price[0], ligne or strate))
    elif given or price:
        usage_error(
            "indiquez la ligne (--ligne N) ou la strate (--strate N) à corriger, "
            "ou --ajouter-ligne."
        )
    for name, text in dates.items():
        if text is not None:
            edits.append(Edit.set(SITTING, name, _date(text)))
    return edits


def _show(number: int) -> None:
    """The version's values with their numbers, and the corrections made so far."""
    try:
        with open_store() as store:
            version = store.version(number)
    except PipelineError as error:
        fail(error)
    sitting = version.extraction.deliberation
    out.print(
        f"Version n° {version.id} ({french.STATUS[version.status]}), délibération du "
        f"{french_date(sitting.date)} ({version.extraction.source.file}), date d'effet "
        f"{french_date(version.effective_date)}.",
        soft_wrap=True,
    )
    if version.extraction.services:
        out.print(services_table(version, numbers=True))
    if version.extraction.strata:
        out.print(tiers_table(version, numbers=True))
    out.print(
        f"Séance : {french_date(sitting.date)} ; date d'application indiquée : "
        f"{french_date(sitting.effective_date) if sitting.effective_date else 'aucune'} ; "
        "exécutoire le : "
        f"{french_date(sitting.enforceable_date) if sitting.enforceable_date else 'inconnu'}.",
        soft_wrap=True,
    )
    _corrections_table(version)
    if version.status is VersionStatus.PENDING:
        out.print(f"Pour corriger : {EXAMPLE}", soft_wrap=True)
    else:
        err.print(
            f"La version n° {version.id} est {french.STATUS[version.status]} : "
            "elle ne se corrige plus.",
            soft_wrap=True,
        )


def _corrections_table(version: TariffVersion) -> None:
    if not version.corrections:
        out.print("Aucune correction.")
        return
    table = Table(title="Corrections", title_justify="left")
    for header in ("N°", "Correction", "Par, le, motif"):
        table.add_column(header)
    for correction in version.corrections:
        table.add_row(str(correction.id), describe(correction), signed(correction))
    out.print(table)
