"""The audit report's French wording: labels of statuses, changes and tiers, prices and
votes as the report words them. The forms themselves come from :mod:`pipeline.french`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline import french
from pipeline.models import (
    Change,
    EffectiveDateSource,
    Severity,
    TaxBasis,
    TierKind,
    VersionStatus,
)

DASH = "—"

STATUS = {
    VersionStatus.PENDING: "en attente d'approbation",
    VersionStatus.APPROVED: "approuvée",
    VersionStatus.REJECTED: "rejetée",
    VersionStatus.SUPERSEDED: "remplacée par une version plus récente",
}

EFFECTIVE_SOURCE = {
    EffectiveDateSource.STATED: "date indiquée par la délibération",
    EffectiveDateSource.ENFORCEABLE: "date à laquelle la délibération est devenue exécutoire",
    EffectiveDateSource.SITTING: "date de la séance, faute de date indiquée (par défaut)",
}

SEVERITY = {
    Severity.ERROR: "Erreur",
    Severity.WARNING: "Avertissement",
    Severity.INFO: "Information",
}

CHANGE = {
    Change.ADDED: "Ajout",
    Change.REMOVED: "Suppression",
    Change.CHANGED: "Modification",
}

TIER_KIND = {
    TierKind.COLLECTIVITY: "Collectivité",
    TierKind.PUBLIC_ESTABLISHMENT: "Établissement public",
    TierKind.OTHER: "Autre",
}

TAX_BASIS = {TaxBasis.TTC: "TTC", TaxBasis.HT: "HT"}


def money(value: Decimal | None) -> str:
    """``1 234,56 €`` (narrow no-break space between thousands), or a dash."""
    return french.money(value) if value is not None else DASH


def price(amount: Decimal | None, *, on_quote: bool = False, free: bool = False) -> str:
    """A price as the staff read it: an amount, « Sur devis », « Gratuit » or a dash."""
    if on_quote:
        return "Sur devis"
    if free and not amount:
        return "Gratuit"
    return money(amount)


def percent(value: Decimal | None) -> str:
    """A signed variation already in percent: ``Decimal("12.5")`` → ``+12,5 %``."""
    return french.percent(value) if value is not None else ""


def date(value: dt.date | None) -> str:
    """``10 juillet 2025``, ``1er avril 2026``, or a dash."""
    return french.long_date(value) if value is not None else DASH


bounds = french.population_bounds
"""Inclusive population bounds in words: ``de 500 à 999``, ``à partir de 3 501``."""


def vote(
    kind: str | None, votes_for: int | None, against: int | None, abstentions: int | None
) -> str:
    """The vote as the deliberation states it, in words."""
    counts = []
    if votes_for is not None:
        counts.append(f"{votes_for} pour")
    if against is not None:
        counts.append(f"{against} contre")
    if abstentions is not None:
        counts.append(f"{abstentions} abstention{'s' if abstentions > 1 else ''}")
    detail = f" ({', '.join(counts)})" if counts else ""
    if kind == "unanimity":
        return "à l'unanimité" + detail
    if kind == "majority":
        return "à la majorité" + detail
    if kind == "rejected":
        return "rejetée" + detail
    return detail.strip(" ()") or DASH
