"""The amounts of accepted devis, for the conventions and annex 2 of the collectivité.

Where the tariff version says « sur devis » (the tier over 3 500 inhabitants, the
établissement public, a service priced on quote), a collectivité whose devis for it
was accepted has the accepted amount in its convention and its annex 2 instead. A
devis counts for the version it takes its prices from: a new version of the tariffs
asks for new devis. The tier must be the one the collectivité falls in when the
documents are generated; of several accepted devis, the last accepted wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.devis.models import Devis, Issuer, LineKind
from pipeline.models import ServiceLine, TariffVersion
from pipeline.registry.tiers import Placement


@dataclass(frozen=True)
class Accepted:
    """What a collectivité's accepted devis priced: its tier fee, service lines."""

    fee: Decimal | None = None
    tier: str | None = None
    """The label of the tier the fee is for."""
    lines: dict[tuple, Decimal] = field(default_factory=dict)
    """A service line's key (:attr:`ServiceLine.key`) → its accepted unit price."""


def _line_key(key: Sequence[str | None]) -> tuple:
    category, group, label, *conditions = key
    return (category, group, label, tuple(conditions))


def accepted_prices(devis: Sequence[Devis]) -> dict[str, Accepted]:
    """Per collectivité code, what its accepted devis (in order of acceptance) priced
    on quote."""
    found: dict[str, Accepted] = {}
    for one in devis:
        if one.accepted is None:
            continue
        before = found.get(one.collectivity_code, Accepted())
        fee, tier, lines = before.fee, before.tier, dict(before.lines)
        for line in one.lines:
            if line.priced is None or line.price is None:
                continue
            if one.issuer is Issuer.CDG and line.kind is LineKind.ACCOMPANIMENT:
                fee, tier = line.price, line.key[2]
            elif line.kind is LineKind.SERVICE:
                lines[_line_key(line.key)] = line.price
        found[one.collectivity_code] = Accepted(fee, tier, lines)
    return found


def apply_accepted(
    version: TariffVersion, placement: Placement, accepted: Accepted | None
) -> tuple[TariffVersion, Placement]:
    """The version and placement one collectivité's documents are made from: those given,
    with the amounts of its accepted devis where they said « sur devis »."""
    if accepted is None:
        return version, placement
    extraction = version.extraction
    update: dict[str, object] = {}
    tier = placement.tier
    if (
        tier is not None
        and (tier.on_quote or tier.amount is None)
        and accepted.fee is not None
        and accepted.tier == tier.label
    ):
        priced = tier.model_copy(update={"amount": accepted.fee, "on_quote": False})
        update["strata"] = [priced if t == tier else t for t in extraction.strata]
        placement = dataclasses.replace(placement, tier=priced)
    services = [_priced(line, accepted.lines) for line in extraction.services]
    if any(a is not b for a, b in zip(services, extraction.services, strict=True)):
        update["services"] = services
    if not update:
        return version, placement
    return version.model_copy(
        update={"extraction": extraction.model_copy(update=update)}
    ), placement


def _priced(line: ServiceLine, prices: dict[tuple, Decimal]) -> ServiceLine:
    price = prices.get(line.key)
    if price is None or not line.on_quote:
        return line
    return line.model_copy(update={"amount": price, "on_quote": False})
