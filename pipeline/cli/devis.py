"""``pipeline devis``: the devis of the collectivités' orders (issue, list, show, price,
accept, refuse, re-issue, export).

The commands parse their arguments and call :mod:`pipeline.devis` and the register
(:mod:`pipeline.store.devis`); every error is one French line naming the devis, the
file or the row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pipeline import french
from pipeline.cli.app import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    app,
    err,
    fail,
    line,
    out,
    parse_date,
    settings,
    usage_error,
)
from pipeline.cli.versions import open_store, who
from pipeline.devis.compute import describe_line, totals
from pipeline.devis.match import normalise
from pipeline.devis.models import PERIODICITY, STATUS, Devis, Issuer, Status
from pipeline.errors import DevisError, OrderError, PipelineError

devis_app = typer.Typer(
    help="Devis des collectivités : émission, liste, chiffrage, acceptation, export.",
    no_args_is_help=True,
)
app.add_typer(devis_app, name="devis")

WHO = typer.Option("--par", help="nom de la personne qui enregistre (utilisateur courant)")
DATE = typer.Option("--date", help="date du devis, qui choisit la version tarifaire (aujourd'hui)")
PDF = typer.Option("--pdf", help="écrit aussi le PDF de chaque devis (LibreOffice)")
NUMBER = typer.Argument(help="numéro du devis, ex. CDG62-2026-0007", show_default=False)


def _amounts(devis: Devis) -> str:
    """« 99,60 € TTC par an », « 210,00 € TTC la première année, puis 99,60 € par an »."""
    try:
        sums = totals(devis.lines)
    except DevisError:
        return f"{french.plural(len(devis.unpriced), 'ligne')} à chiffrer"
    basis = sums.basis
    if not sums.one_off:
        return f"{french.money(sums.yearly)} {basis} par an"
    if not sums.yearly:
        return f"{french.money(sums.one_off)} {basis} une fois"
    return (
        f"{french.money(sums.first_year)} {basis} la première année, puis "
        f"{french.money(sums.yearly)} {basis} par an"
    )


def _summary(devis: Devis, new: bool = True) -> str:
    state = STATUS[devis.status()] if new else f"déjà émis, {STATUS[devis.status()]}"
    return f"n° {devis.number} ({state}, {_amounts(devis)})"


def _to_price(devis: Devis) -> None:
    for waiting in devis.unpriced:
        err.print(
            line(
                ("à chiffrer", "bold yellow"),
                f" : devis n° {devis.number}, ligne {waiting.number} « {waiting.name} »"
                + (f" ({waiting.note})" if waiting.note else "")
                + f" : pipeline devis chiffrer {devis.number} --ligne {waiting.number} "
                '--montant … --motif "…"',
            ),
            soft_wrap=True,
        )


def _day(date: str | None) -> dt.date:
    return parse_date(date) if date else dt.date.today()


# --- issuing ---------------------------------------------------------------------------


@devis_app.command("emettre")
def issue_command(
    code: Annotated[
        str | None,
        typer.Argument(help="code INSEE ou SIREN de la collectivité", show_default=False),
    ] = None,
    services: Annotated[
        list[str] | None,
        typer.Option(
            "--service",
            help="service commandé et quantité, ex. « Messagerie compte 5 Go : 3 » (répétable)",
            show_default=False,
        ),
    ] = None,
    sheet: Annotated[
        Path | None,
        typer.Option(
            "--commande",
            help="bon de commande CSV ou XLSX (une ou plusieurs collectivités)",
            show_default=False,
        ),
    ] = None,
    date: Annotated[str | None, DATE] = None,
    by: Annotated[str | None, WHO] = None,
    pdf: Annotated[bool, PDF] = False,
) -> None:
    """Émet les deux devis d'une commande : services (Syndicat mixte) et accompagnement (CDG).

    Les prix sont ceux de la version tarifaire en vigueur à la date du devis (--date,
    aujourd'hui par défaut) ; la participation du CDG est celle de la strate de la
    collectivité. Un devis dont une ligne est « sur devis » (strate de plus de 3 500
    habitants, établissement public, stockage au-delà de la limite…) attend son
    montant : pipeline devis chiffrer. Les documents sont écrits dans
    output/devis/<année>/. Relancer la même commande redonne les mêmes devis.

    Exemples : pipeline devis emettre 62001 --service "Messagerie compte 5 Go : 3"
    --service "Nom de domaine : 1" ; pipeline devis emettre --commande commandes.xlsx

    Codes de sortie : 0 devis émis ; 1 refusé (aucune version en vigueur, modèle
    incorrect) ; 2 commande illisible (service inconnu ou ambigu, quantité invalide).
    """
    from pipeline.devis.issue import Issuing
    from pipeline.devis.order import Order, parse_item
    from pipeline.devis.sheet import read_orders

    config, words = settings(), _words()
    if (sheet is None) == (code is None):
        usage_error("indiquez un code de collectivité ou --commande FICHIER, l'un ou l'autre.")
    if sheet is not None and services:
        usage_error("--service va avec un code de collectivité, pas avec --commande.")
    day = _day(date)
    errors: list[OrderError] = []
    try:
        if sheet is not None:
            reading = read_orders(sheet, most=words.max_quantity)
            orders, errors = reading.orders, reading.errors
        else:
            assert code is not None
            items = [parse_item(text, most=words.max_quantity) for text in services or []]
            orders = [Order(code.strip(), items)]
        with open_store() as store:
            run = Issuing(store, config, on=day, by=who(by), settings=words)
            outcomes = [run.order(order) for order in orders]
            run.finish(pdf=pdf)
    except PipelineError as error:
        fail(error)
    _report(outcomes, errors, verbose=len(orders) <= 20)
    failures = [o.error for o in outcomes if o.error is not None] + list(errors)
    if any(e.exit_code == EXIT_INPUT for e in failures):
        raise typer.Exit(EXIT_INPUT)
    if failures or any(o.problems for o in outcomes):
        raise typer.Exit(EXIT_FINDINGS)


def _words():
    from pipeline.settings import get_devis_settings

    return get_devis_settings()


def _report(outcomes, errors: list[OrderError], *, verbose: bool) -> None:
    new = issued_before = 0
    failed = errors + [o.error for o in outcomes if isinstance(o.error, OrderError)]
    others = [o.error for o in outcomes if o.error is not None and o.error not in failed]
    for error in sorted(failed, key=lambda e: e.row or 0) + others:
        err.print(line(("Erreur", "bold red"), f" : {error}"), soft_wrap=True)
    for outcome in outcomes:
        if outcome.error is not None:
            continue
        new += sum(1 for _, fresh in outcome.devis if fresh)
        issued_before += sum(1 for _, fresh in outcome.devis if not fresh)
        if verbose:
            shown = ", ".join(_summary(d, fresh) for d, fresh in outcome.devis)
            out.print(f"{outcome.code} {outcome.name} : {shown}", soft_wrap=True)
            for path in outcome.files:
                out.print(f"  {path}", soft_wrap=True)
        for devis, _ in outcome.devis:
            _to_price(devis)
        for problem in outcome.problems:
            err.print(line(("attention", "bold yellow"), " ", problem), soft_wrap=True)
    refused = len(errors) + sum(1 for o in outcomes if o.error is not None)
    out.print(
        f"Devis émis : {new} ; déjà émis : {issued_before} ; commandes écartées : {refused}.",
        soft_wrap=True,
    )


@devis_app.command("reemettre")
def reissue_command(
    number: Annotated[str, NUMBER],
    date: Annotated[str | None, DATE] = None,
    by: Annotated[str | None, WHO] = None,
    pdf: Annotated[bool, PDF] = False,
) -> None:
    """Émet un nouveau devis (nouveau numéro) à la place d'un devis émis ou à chiffrer.

    Le nouveau devis reprend les services et quantités, aux prix de la version en
    vigueur à sa date (--date, aujourd'hui par défaut) ; l'ancien devient « remplacé »
    et reste dans le registre. Un montant donné à une ligne « sur devis » est repris
    s'il s'agit du même service et de la même quantité.

    Exemple : pipeline devis reemettre FN5962-2026-0004 --date 01/10/2026

    Codes de sortie : 0 devis émis ; 1 refusé (devis accepté, refusé ou déjà remplacé).
    """
    from pipeline.devis.issue import Issuing, reissue

    try:
        with open_store() as store:
            run = Issuing(store, settings(), on=_day(date), by=who(by), settings=_words())
            outcome = reissue(run, number)
            run.finish(pdf=pdf)
    except PipelineError as error:
        fail(error)
    for devis, _ in outcome.devis:
        out.print(
            f"Devis {_summary(devis)} émis à la place du n° {devis.replaces}.", soft_wrap=True
        )
        _to_price(devis)
    for path in outcome.files:
        out.print(f"  {path}", soft_wrap=True)
    for problem in outcome.problems:
        err.print(line(("attention", "bold yellow"), " ", problem), soft_wrap=True)


# --- the register ------------------------------------------------------------------------


@devis_app.command("liste")
def list_command(
    code: Annotated[str | None, typer.Option("--collectivite", help="code INSEE ou SIREN")] = None,
    issuer: Annotated[
        str | None, typer.Option("--emetteur", help="syndicat ou cdg", show_default=False)
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--statut",
            help="à chiffrer, émis, accepté, refusé, expiré ou remplacé",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Liste les devis du registre : numéro, date, collectivité, statut, montants.

    Exemple : pipeline devis liste --statut "à chiffrer"
    """
    wanted_issuer = _issuer(issuer) if issuer else None
    wanted_status = _status(status) if status else None
    try:
        with open_store() as store:
            found = store.devis.listing(code=code.strip() if code else None, issuer=wanted_issuer)
    except PipelineError as error:
        fail(error)
    found = [d for d in found if wanted_status is None or d.status() is wanted_status]
    if not found:
        out.print("Aucun devis.")
        return
    table = Table(title="Registre des devis", title_justify="left")
    for header in ("Numéro", "Date", "Collectivité", "Statut", "Montant"):
        # numbers and dates are never cut: the staff copy them into other commands
        table.add_column(header, no_wrap=header in ("Numéro", "Date"))
    for devis in found:
        state = STATUS[devis.status()]
        if devis.accepted and devis.accepted.day:
            state += f" le {french.short_date(devis.accepted.day)}"
        table.add_row(
            devis.number,
            french.short_date(devis.dated),
            f"{devis.collectivity_code} {devis.collectivity_name}",
            state,
            _amounts(devis),
        )
    out.print(table)


def _issuer(text: str) -> Issuer:
    try:
        return Issuer(text.strip().lower())
    except ValueError:
        usage_error(f"émetteur inconnu : « {text} » (syndicat ou cdg).")


def _status(text: str) -> Status:
    wanted = normalise(text)
    for status, word in STATUS.items():
        if wanted in (normalise(word), normalise(status.value)):
            return status
    usage_error(f"statut inconnu : « {text} » ({', '.join(STATUS.values())}).")


@devis_app.command("voir")
def show_command(
    number: Annotated[str, NUMBER],
    pdf: Annotated[bool, PDF] = False,
) -> None:
    """Montre un devis : lignes, totaux, historique (qui a fait quoi, quand), document.

    Le document d'un devis complet est écrit s'il manque (jamais réécrit).

    Exemple : pipeline devis voir CDG62-2026-0007
    """
    try:
        with open_store() as store:
            devis = store.devis.get(number)
            path = _document(store, devis, pdf=pdf)
    except PipelineError as error:
        fail(error)
    _show(devis)
    if path is not None:
        out.print(f"Document : {path}", soft_wrap=True)


def _document(store, devis: Devis, *, pdf: bool) -> Path | None:
    """The document of a complete devis, written if it is missing (and its PDF)."""
    from pipeline.devis.issue import write_document
    from pipeline.devis.render import load_templates, to_pdf

    if not devis.complete:
        return None
    config = settings()
    path = write_document(store, load_templates(config.templates_dir), config.output_dir, devis)
    if pdf:
        to_pdf([path])
    return path


def _show(devis: Devis) -> None:
    out.print(
        f"Devis n° {devis.number} — {devis.collectivity_code} {devis.collectivity_name} — "
        f"du {french.long_date(devis.dated)}, valable jusqu'au "
        f"{french.long_date(devis.valid_until)} — {STATUS[devis.status()]}",
        soft_wrap=True,
    )
    table = Table(title_justify="left")
    for header in ("N°", "Prestation", "Unité", "Périodicité", "Calcul", "Note"):
        table.add_column(header)
    for item in devis.lines:
        note = item.note
        if item.priced is not None:
            note = "; ".join(filter(None, (note, f"montant : {item.priced.reason}")))
        table.add_row(
            str(item.number),
            item.name,
            item.unit,
            PERIODICITY[item.periodicity],
            describe_line(item),
            note,
        )
    out.print(table)
    out.print(f"Montant : {_amounts(devis)}", soft_wrap=True)
    tarifs = devis.details.get("tarifs", {})
    out.print(
        f"Prix de la délibération {tarifs.get('deliberation', '?')} (version "
        f"{tarifs.get('version', devis.version_id)}).",
        soft_wrap=True,
    )
    if devis.replaces:
        out.print(f"Remplace le devis n° {devis.replaces}.")
    out.print("Historique :")
    for event in devis.events:
        out.print(f"  {french.timestamp(event.at)}, {event.by} : {_event(event)}", soft_wrap=True)


def _event(event) -> str:
    from pipeline.devis.models import EventKind

    if event.kind is EventKind.PRICED:
        return f"ligne {event.line} chiffrée à {french.money(event.amount)} ({event.reason})"
    if event.kind is EventKind.ACCEPTED:
        return f"accepté le {french.long_date(event.day)}"
    if event.kind is EventKind.REFUSED:
        return f"refusé : {event.reason}"
    if event.kind is EventKind.REPLACED:
        return f"remplacé par le devis n° {event.other}"
    return {"cree": "créé", "emis": "émis"}[event.kind.value]


# --- decisions ---------------------------------------------------------------------------


def _amount(text: str) -> Decimal:
    from pipeline.parse.money import AmountError, parse_amount

    try:
        amount = parse_amount(text)
    except AmountError:
        amount = None
    if amount is None or amount.value is None or amount.floor is not None or amount.on_quote:
        usage_error(f"montant invalide : « {text} » (exemples : 4 200 ; 350,00 €).")
    if text.strip().startswith(("-", "\u2212")):
        usage_error(f"montant négatif : « {text} ».")
    return amount.value


@devis_app.command("chiffrer")
def price_command(
    number: Annotated[str, NUMBER],
    amount: Annotated[
        str,
        typer.Option(
            "--montant",
            help="prix unitaire de la ligne (TTC comme le devis), ex. 4 200 ou 350,00 €",
            show_default=False,
        ),
    ],
    reason: Annotated[
        str, typer.Option("--motif", help="justification courte (obligatoire)", show_default=False)
    ],
    line_number: Annotated[
        int | None,
        typer.Option("--ligne", help="numéro de la ligne (si plusieurs sont à chiffrer)"),
    ] = None,
    by: Annotated[str | None, WHO] = None,
    pdf: Annotated[bool, PDF] = False,
) -> None:
    """Donne son montant à une ligne « sur devis », avec sa justification.

    Le montant est le prix unitaire ; la ligne vaut prix × quantité. Quand toutes les
    lignes ont un prix, le devis est émis et son document écrit.

    Exemple : pipeline devis chiffrer CDG62-2026-0007 --montant 4200 --motif "12 000
    habitants : 0,35 € par habitant, barème du CDG"

    Codes de sortie : 0 enregistré ; 1 refusé (ligne déjà chiffrée, devis émis) ;
    2 montant illisible.
    """
    value = _amount(amount)
    try:
        with open_store() as store:
            devis = store.devis.price(
                number, line=line_number, amount=value, reason=reason, by=who(by)
            )
            path = _document(store, devis, pdf=pdf)
    except PipelineError as error:
        fail(error)
    out.print(f"Devis {_summary(devis)}.", soft_wrap=True)
    if path is not None:
        out.print(f"Document : {path}", soft_wrap=True)
    else:
        _to_price(devis)


@devis_app.command("accepter")
def accept_command(
    number: Annotated[str, NUMBER],
    date: Annotated[
        str | None, typer.Option("--date", help="date de l'acceptation (aujourd'hui)")
    ] = None,
    by: Annotated[str | None, WHO] = None,
) -> None:
    """Enregistre l'acceptation d'un devis par la collectivité (pendant sa validité).

    Une fois accepté, le montant d'une ligne « sur devis » (la participation au-delà
    de 3 500 habitants, d'un établissement public…) est celui que la convention et
    l'annexe 2 de la collectivité montrent, à la prochaine génération.

    Exemple : pipeline devis accepter CDG62-2026-0007 --date 15/05/2026
    """
    try:
        with open_store() as store:
            devis = store.devis.accept(number, day=_day(date), by=who(by))
    except PipelineError as error:
        fail(error)
    assert devis.accepted is not None and devis.accepted.day is not None
    out.print(
        f"Devis n° {devis.number} accepté le {french.long_date(devis.accepted.day)} "
        f"({_amounts(devis)}), enregistré par {devis.accepted.by}.",
        soft_wrap=True,
    )


@devis_app.command("refuser")
def refuse_command(
    number: Annotated[str, NUMBER],
    reason: Annotated[
        str, typer.Option("--motif", help="motif du refus (obligatoire)", show_default=False)
    ],
    by: Annotated[str | None, WHO] = None,
) -> None:
    """Enregistre le refus d'un devis (ou son abandon), avec son motif.

    Exemple : pipeline devis refuser FN5962-2026-0004 --motif "commande annulée"
    """
    try:
        with open_store() as store:
            devis = store.devis.refuse(number, reason=reason, by=who(by))
    except PipelineError as error:
        fail(error)
    out.print(f"Devis n° {devis.number} refusé : {reason.strip()}", soft_wrap=True)


@devis_app.command("export")
def export_command(
    form: Annotated[
        str | None,
        typer.Option(
            "--format", help="csv ou xlsx (par défaut : l'extension de --sortie, sinon xlsx)"
        ),
    ] = None,
    target: Annotated[
        Path | None,
        typer.Option("--sortie", help="fichier à écrire (par défaut output/devis/registre.xlsx)"),
    ] = None,
) -> None:
    """Écrit le registre des devis pour le service comptable (CSV ou XLSX).

    Une ligne par devis : numéro, émetteur, dates, collectivité, statut du jour,
    date d'acceptation, totaux (première année, annuel, une fois ; HT et taux de TVA
    quand la version les donne), version et délibération, remplacements, auteurs.

    Exemple : pipeline devis export --format csv --sortie registre-devis.csv
    """
    from pipeline.devis.export import write_register

    kind = (form or (target.suffix.lstrip(".") if target else "xlsx")).lower()
    if kind not in ("csv", "xlsx"):
        usage_error(f"format inconnu : « {form or kind} » (csv ou xlsx).")
    path = target or settings().output_dir / "devis" / f"registre.{kind}"
    path = path.with_suffix(f".{kind}")
    try:
        with open_store() as store:
            found = store.devis.listing()
        write_register(found, path)
    except PipelineError as error:
        fail(error)
    except OSError as error:
        usage_error(f"impossible d'écrire {path} ({error.strerror}).")
    out.print(f"Registre de {len(found)} devis écrit dans {path}", soft_wrap=True)
