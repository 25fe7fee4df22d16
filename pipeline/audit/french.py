"""The audit report's French wording: labels of statuses, changes and tiers, prices and
votes as the report words them. The forms themselves come from :mod:`pipeline.french`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline import french
from pipeline.models import (
    TaxBasis,
)

DASH = "—"

STATUS = french.STATUS
EFFECTIVE_SOURCE = french.EFFECTIVE_SOURCE
SEVERITY = {key: label.capitalize() for key, label in french.SEVERITY.items()}
CHANGE = {key: label.capitalize() for key, label in french.CHANGE.items()}
TIER_KIND = {key: label.capitalize() for key, label in french.TIER_KIND.items()}

timestamp = french.timestamp

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
