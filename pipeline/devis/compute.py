"""The lines and totals of a devis.

The Syndicat's devis has one line per service ordered, at the price of the version in
force; the CDG's one line, the collectivité's tier fee. A line is « sur devis » when
the version prices it so, when the order goes beyond the limit its unit writes and
the unit says a devis takes over, or when no tier gives the collectivité a fee; a
person then gives its price.

Totals: the yearly lines come back every year; the others (mise en service, purchase,
« la première année ») are paid once. The first year pays both; the following years
the yearly lines only. Amounts are in the prices' basis (TTC in the deliberations),
with the HT and the VAT rate when the version gives both prices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipeline.devis.models import DraftLine, Line, LineKind, Periodicity
from pipeline.devis.order import Ordered
from pipeline.devis.units import read_unit
from pipeline.errors import DevisError
from pipeline.french import integer, money
from pipeline.models import TaxBasis, Tier
from pipeline.registry.tiers import Placement
from pipeline.settings import DevisSettings

ZERO = Decimal("0.00")
ACCOMPANIMENT = "Participation à l'accompagnement"


def service_line(ordered: Ordered) -> DraftLine:
    """The devis line of one ordered service."""
    line, quantity = ordered.line, ordered.item.quantity
    note = ""
    on_quote = line.on_quote or (line.amount is None and not line.free)
    if on_quote:
        note = "prix fixé sur devis par la délibération"
    elif ordered.over_limit:
        on_quote = True
        note = (
            f"{integer(quantity)} {ordered.unit.measure} : au-delà de la limite de "
            f"{ordered.unit.limit_text()}, prix sur devis"
        ).replace("  ", " ")
    price = ZERO if line.free else line.amount
    return DraftLine(
        kind=LineKind.SERVICE,
        key=[line.category, line.group, line.label, *line.conditions],
        category=line.category,
        group=line.group,
        label=line.full_label,
        unit=line.unit,
        periodicity=ordered.unit.periodicity,
        quantity=quantity,
        unit_price=None if on_quote else price,
        unit_price_ht=None if on_quote or line.tax_basis is TaxBasis.HT else line.amount_ht,
        basis=line.tax_basis.value,
        on_quote=on_quote,
        note=note,
    )


def service_lines(ordered: Sequence[Ordered]) -> list[DraftLine]:
    """The Syndicat's lines; raises DevisError when the version mixes TTC and HT prices."""
    lines = [service_line(o) for o in ordered]
    bases = {line.basis for line in lines}
    if len(bases) > 1:
        raise DevisError(
            "la version donne certains de ces services en TTC et d'autres en HT : devis à "
            "établir à la main"
        )
    return lines


def tier_key(tier: Tier | None) -> list[str | None]:
    return ["strate", tier.kind.value, tier.label] if tier else ["strate", None, None]


def accompaniment_line(
    placement: Placement, strata: Sequence[Tier], settings: DevisSettings
) -> DraftLine:
    """The CDG's line: the collectivité's tier fee, « sur devis » when the tier says so
    or when no tier gives one (the reason is the line's note)."""
    tier = placement.tier
    unit = tier.unit if tier else next((t.unit for t in strata if t.unit), "")
    on_quote = tier is None or tier.on_quote or tier.amount is None
    if tier is None:
        label, note = ACCOMPANIMENT, f"{placement.problem or 'aucune strate'} : à chiffrer"
    else:
        label = f"{ACCOMPANIMENT}, strate « {tier.label} »"
        note = f"strate « {tier.label} » : participation sur devis" if on_quote else ""
    return DraftLine(
        kind=LineKind.ACCOMPANIMENT,
        key=tier_key(tier),
        label=label,
        unit=unit or "par an",
        periodicity=read_unit(unit or "par an", settings).periodicity,
        quantity=1,
        unit_price=None if on_quote else tier.amount,  # type: ignore[union-attr]
        basis=settings.accompaniment_basis,
        on_quote=on_quote,
        note=note,
    )


@dataclass(frozen=True)
class Totals:
    """What a complete devis comes to, in its basis (and HT when every line has it)."""

    basis: str
    yearly: Decimal
    one_off: Decimal
    first_year: Decimal
    yearly_ht: Decimal | None = None
    one_off_ht: Decimal | None = None
    first_year_ht: Decimal | None = None
    vat_rate: Decimal | None = None
    """The VAT rate in percent when every line has the same one."""

    @property
    def vat(self) -> Decimal | None:
        """The VAT of the first year (TTC − HT)."""
        if self.first_year_ht is None:
            return None
        return self.first_year - self.first_year_ht


def _rate(ttc: Decimal, ht: Decimal) -> Decimal:
    return ((ttc / ht - 1) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def totals(lines: Sequence[Line]) -> Totals:
    """The totals of complete lines; raises DevisError when a line has no price yet."""
    missing = [line.number for line in lines if line.total is None]
    if missing:
        raise DevisError(
            "devis incomplet : ligne(s) " + ", ".join(map(str, missing)) + " à chiffrer"
        )
    yearly = [line for line in lines if line.periodicity is Periodicity.YEARLY]
    once = [line for line in lines if line.periodicity is not Periodicity.YEARLY]
    sums = {
        name: sum((line.total for line in group), ZERO)  # type: ignore[misc]
        for name, group in (("yearly", yearly), ("one_off", once))
    }
    basis = lines[0].basis if lines else TaxBasis.TTC.value
    found = Totals(
        basis=basis,
        yearly=sums["yearly"],
        one_off=sums["one_off"],
        first_year=sums["yearly"] + sums["one_off"],
    )
    if basis != TaxBasis.TTC.value or not lines or any(line.total_ht is None for line in lines):
        return found
    ht = {
        name: sum((line.total_ht for line in group), ZERO)  # type: ignore[misc]
        for name, group in (("yearly", yearly), ("one_off", once))
    }
    rates = {_rate(line.price, line.price_ht) for line in lines if line.price_ht}  # type: ignore[arg-type]
    return Totals(
        basis=basis,
        yearly=found.yearly,
        one_off=found.one_off,
        first_year=found.first_year,
        yearly_ht=ht["yearly"],
        one_off_ht=ht["one_off"],
        first_year_ht=ht["yearly"] + ht["one_off"],
        vat_rate=rates.pop() if len(rates) == 1 else None,
    )


def describe_line(line: Line) -> str:
    """« 3 × 16,80 € = 50,40 € TTC par an », or « sur devis » until priced."""
    if line.price is None:
        return "sur devis (à chiffrer)"
    return (
        f"{integer(line.quantity)} × {money(line.price)} = {money(line.total)} "  # type: ignore[arg-type]
        f"{line.basis}"
    )
