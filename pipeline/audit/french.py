"""French forms of what the audit report shows: money, percentages, dates, labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from pipeline.models import (
    Change,
    EffectiveDateSource,
    Severity,
    TaxBasis,
    TierKind,
    VersionStatus,
)

LOCALE = "fr_FR"
NNBSP = "\u202f"
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
    if value is None:
        return DASH
    return format_currency(value, "EUR", locale=LOCALE)


def price(amount: Decimal | None, *, on_quote: bool = False, free: bool = False) -> str:
    """A price as the staff read it: an amount, « Sur devis », « Gratuit » or a dash."""
    if on_quote:
        return "Sur devis"
    if free and not amount:
        return "Gratuit"
    return money(amount)


def integer(value: int) -> str:
    return format_decimal(value, locale=LOCALE)


def percent(value: Decimal | None) -> str:
    """A signed variation already in percent: ``Decimal("12.5")`` → ``+12,5 %``."""
    if value is None:
        return ""
    text = format_decimal(value, format="+#,##0.0;-#,##0.0", locale=LOCALE)
    return f"{text}{NNBSP}%"


def date(value: dt.date | None) -> str:
    """``10 juillet 2025``, ``1er avril 2026``, or a dash."""
    if value is None:
        return DASH
    text = format_date(value, "d MMMM y", locale=LOCALE)
    if value.day == 1:
        text = "1er" + text[1:]
    return text


def bounds(low: int | None, high: int | None) -> str:
    """Inclusive population bounds in words: ``de 500 à 999``, ``à partir de 3 501``."""
    if low in (None, 0) and high is None:
        return "toute population"
    if low in (None, 0):
        return f"jusqu'à {integer(high)}"
    if high is None:
        return f"à partir de {integer(low)}"
    return f"de {integer(low)} à {integer(high)}"


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
