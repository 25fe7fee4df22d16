"""The adhesions register as the staff keep it: import their spreadsheet, record a
convention that comes back signed, record one that ends, list who adheres on a day.

What the command line and the web application both call::

    with Store(settings.db) as store:
        done = import_register(store, Path("adhesions.xlsx"), registry)
        sign(store, registry, "62001", signed_on=date(2026, 4, 15),
             services=[("Messagerie", "Messagerie compte 5 Go", 3)])
        leave(store, "62001", on=date(2026, 12, 31), reason="résiliation")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.adhesions.model import Adhesion, Subscription
from pipeline.adhesions.register import from_command, read_register
from pipeline.devis.models import Issuer, LineKind, Status
from pipeline.errors import AdhesionError
from pipeline.french import long_date
from pipeline.registry import Registry
from pipeline.store import Store


@dataclass(frozen=True)
class Recorded:
    """What an import or a signature recorded."""

    adhesions: list[Adhesion]
    added: int
    replaced: int
    unchanged: int


def import_register(store: Store, path: Path, registry: Registry) -> Recorded:
    """Read the staff's adhesions file and record it, all of it or nothing (raises
    RegistryError naming the row and column of the first bad cell). Importing the same
    file again changes nothing."""
    adhesions = read_register(path, registry, store.versions())
    return Recorded(adhesions, *store.record_adhesions(adhesions))


def sign(
    store: Store,
    registry: Registry,
    code: str,
    *,
    signed_on: dt.date,
    annex: str | None = None,
    services: Sequence[tuple[str | None, str, int]] = (),
    quote_fee: Decimal | None = None,
) -> Recorded:
    """Record a convention that came back signed on ``signed_on``: its annex (a
    deliberation's date or a version's number; the version in force that day by
    default), the services taken with their quantities, the accompaniment fee agreed by
    quote."""
    adhesion = from_command(
        code,
        registry,
        store.versions(),
        signed_on=signed_on,
        annex=annex,
        services=services,
        quote_fee=quote_fee,
    )
    return Recorded([adhesion], *store.record_adhesions([adhesion]))


def current(store: Store, code: str, on: dt.date) -> Adhesion | None:
    """The collectivité's adhesion on ``on``: the one it signed last by that day (a new
    signature takes the place of the earlier ones), unless it ended before."""
    signed = [a for a in store.adhesions(code) if a.signed_on <= on]
    latest = max(signed, key=lambda a: a.signed_on, default=None)
    return latest if latest is not None and latest.active_on(on) else None


def leave(store: Store, registry: Registry, code: str, *, on: dt.date, reason: str) -> Adhesion:
    """Record that the collectivité's convention ends on ``on`` (its last day); raises
    AdhesionError when it has no adhesion running that day, or no reason is given."""
    item = registry.find(code)
    if not reason.strip():
        raise AdhesionError("le motif de la fin d'adhésion est obligatoire.")
    adhesion = current(store, item.code, on)
    if adhesion is None or adhesion.id is None:
        raise AdhesionError(
            f"{item.name} ({item.code}) n'a pas d'adhésion en cours au {long_date(on)}."
        )
    store.end_adhesion(adhesion.id, on, reason.strip())
    return next(a for a in store.adhesions(item.code) if a.id == adhesion.id)


def active(store: Store, on: dt.date) -> list[Adhesion]:
    """The adhesions running on ``on``, one per collectivité (:func:`current`)."""
    latest: dict[str, Adhesion] = {}
    for adhesion in store.adhesions():
        kept = latest.get(adhesion.code)
        if adhesion.signed_on <= on and (kept is None or adhesion.signed_on > kept.signed_on):
            latest[adhesion.code] = adhesion
    return sorted((a for a in latest.values() if a.active_on(on)), key=lambda a: a.code)


def services_of(store: Store, code: str, on: dt.date) -> tuple[Subscription, ...]:
    """The services the collectivité takes on ``on`` and how many: those of its latest
    Syndicat devis accepted by then (:mod:`pipeline.devis`), or else those of its
    adhesion in the register (none when it has no adhesion running)."""
    adhesion = current(store, code, on)
    if adhesion is None:
        return ()
    ordered = _accepted_services(store, code, on)
    return adhesion.services if ordered is None else ordered


def _accepted_services(store: Store, code: str, on: dt.date) -> tuple[Subscription, ...] | None:
    """The services of the collectivité's latest Syndicat devis accepted by ``on``
    (and not replaced since), or None when it has none."""
    accepted = [
        devis
        for devis in store.devis.listing(code=code, issuer=Issuer.SYNDICAT)
        if devis.accepted is not None
        and devis.accepted.day is not None
        and devis.accepted.day <= on
        and devis.status(on) is Status.ACCEPTED
    ]
    if not accepted:
        return None
    latest = max(accepted, key=lambda devis: (devis.accepted.day, devis.id))
    return tuple(
        Subscription(group=line.group or line.category, label=line.label, quantity=line.quantity)
        for line in latest.lines
        if line.kind is LineKind.SERVICE
    )
