"""What a new tariff version changes for each adherent.

For a version N (pending or approved) and the approved version it follows, each
adhesion still running on N's effective date is placed in the tiers of both (the
population in force on that date), and each service it takes (:func:`services_of`) is
found in both. An adherent is *affected* when its accompaniment fee or the price of
a service it takes changes, or a service it takes is no longer offered (a new tier
label with the same fee alone does not affect it); one that already signed N's annex
is not. Its yearly amount is the CDG's fee plus the
yearly services' prices × quantities (one-off prices apart). Adhesions ended before
N's effective date are left out and listed as such.

A deliberation that sets only part of the annex is completed with the version it
follows (:func:`pipeline.versions.whole`) before anything is compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.adhesions.book import services_of
from pipeline.adhesions.model import Adhesion, Subscription
from pipeline.adhesions.services import is_yearly, line_of
from pipeline.devis.accepted import accepted_prices, apply_accepted
from pipeline.errors import AdhesionError
from pipeline.french import long_date, money
from pipeline.models import ServiceLine, TariffVersion, Tier, VersionStatus
from pipeline.registry import Collectivity, Placement, Registry, place
from pipeline.registry.populations import Fallback, rule_of
from pipeline.settings import Settings
from pipeline.store import Store
from pipeline.validate.history import percent_change
from pipeline.versions import whole

ZERO = Decimal("0.00")


def _price(line: ServiceLine | None) -> str:
    if line is None:
        return "non proposée"
    if line.on_quote or line.amount is None:
        return "sur devis"
    return money(line.amount)


@dataclass(frozen=True)
class ServiceChange:
    """A service an adherent takes, in the version before and in the new one."""

    taken: Subscription
    before: ServiceLine | None
    after: ServiceLine | None

    @property
    def yearly(self) -> bool:
        line = self.after or self.before
        return line is not None and is_yearly(line.unit)

    @property
    def changed(self) -> bool:
        if self.before is None or self.after is None:
            return self.before is not self.after
        old, new = self.before, self.after
        return (old.amount, old.on_quote, old.free, old.unit) != (
            new.amount,
            new.on_quote,
            new.free,
            new.unit,
        )

    @property
    def status(self) -> str:
        """« modifiée », « supprimée », « nouvelle » or « inchangée » (French)."""
        if self.after is None:
            return "supprimée"
        if self.before is None:
            return "nouvelle"
        return "modifiée" if self.changed else "inchangée"

    def _amount(self, line: ServiceLine | None) -> Decimal | None:
        if line is None or line.amount is None or line.on_quote or not self.yearly:
            return None
        return line.amount * self.taken.quantity

    @property
    def amount_before(self) -> Decimal | None:
        """The yearly amount before (price × quantity); None for a one-off price."""
        return self._amount(self.before)

    @property
    def amount_after(self) -> Decimal | None:
        return self._amount(self.after)

    @property
    def percent(self) -> Decimal | None:
        old = self.before.amount if self.before else None
        new = self.after.amount if self.after else None
        return percent_change(old, new)

    def sentence(self) -> str:
        """What changes, in French: « Antivirus › Licence : 16,80 € → 17,40 € »."""
        if self.after is None:
            return f"« {self.taken.name} » n'est plus proposée (était {_price(self.before)})"
        if self.before is None:
            return f"« {self.taken.name} » : {_price(self.after)}"
        unit = ""
        if self.before.unit != self.after.unit:
            unit = f" ; unité « {self.before.unit} » → « {self.after.unit} »"
        return f"« {self.taken.name} » : {_price(self.before)} → {_price(self.after)}{unit}"


@dataclass(frozen=True)
class Fee:
    """The CDG's accompaniment for an adherent in one version."""

    placement: Placement
    amount: Decimal | None
    """None: on quote with no fee agreed, or no tier."""

    @property
    def tier(self) -> Tier | None:
        return self.placement.tier

    def words(self) -> str:
        """« 350 € », « sur devis (450 € convenus) », « sur devis », « aucune strate »."""
        tier = self.tier
        if tier is None:
            return "aucune strate"
        if tier.on_quote or tier.amount is None:
            if self.amount is None:
                return "sur devis"
            return f"sur devis ({money(self.amount, drop_zero_cents=True)} convenus)"
        return money(tier.amount, drop_zero_cents=True)


def _fee(placement: Placement, adhesion: Adhesion) -> Fee:
    tier = placement.tier
    if tier is None:
        return Fee(placement, None)
    if tier.on_quote or tier.amount is None:
        return Fee(placement, adhesion.quote_fee)
    return Fee(placement, tier.amount)


@dataclass(frozen=True)
class AdherentImpact:
    """One adherent: its fee and services before and after, and whether it is affected."""

    adhesion: Adhesion
    collectivity: Collectivity
    before: Fee
    after: Fee
    services: tuple[ServiceChange, ...]
    already: bool = False
    """It signed the new version's annex: nothing to notify."""

    @property
    def reasons(self) -> list[str]:
        """What changes for it, in French (empty: nothing)."""
        found = []
        old, new = (t.label if t else "aucune" for t in (self.before.tier, self.after.tier))
        if old != new:
            found.append(f"strate « {old} » → « {new} »")
        if self.before.words() != self.after.words():
            found.append(f"accompagnement : {self.before.words()} → {self.after.words()}")
        found += [s.sentence() for s in self.services if s.changed]
        return found

    @property
    def fee_changed(self) -> bool:
        """Its accompaniment fee changes (a new tier with the same fee does not)."""
        return self.before.words() != self.after.words()

    @property
    def affected(self) -> bool:
        """Its fee or a service it takes changes (and it has not signed the new annex)."""
        return not self.already and (self.fee_changed or any(s.changed for s in self.services))

    @property
    def services_before(self) -> Decimal:
        """The yearly services of the Syndicat, before."""
        return sum((s.amount_before or ZERO for s in self.services), ZERO)

    @property
    def services_after(self) -> Decimal:
        return sum((s.amount_after or ZERO for s in self.services), ZERO)

    @property
    def yearly_before(self) -> Decimal:
        """Fee + yearly services before (a fee on quote not agreed counts for nothing:
        see :attr:`complete`)."""
        return (self.before.amount or ZERO) + self.services_before

    @property
    def yearly_after(self) -> Decimal:
        return (self.after.amount or ZERO) + self.services_after

    @property
    def complete(self) -> bool:
        """Both fees known (none on quote without an agreed fee, none without tier)."""
        return self.before.amount is not None and self.after.amount is not None

    @property
    def difference(self) -> Decimal:
        return self.yearly_after - self.yearly_before

    @property
    def percent(self) -> Decimal | None:
        """The change in %; None when a fee is unknown (the amounts are not comparable)."""
        if not self.complete:
            return None
        return percent_change(self.yearly_before, self.yearly_after)


@dataclass(frozen=True)
class Totals:
    """The yearly amounts of every adherent still running, for the CDG and the Syndicat."""

    cdg_before: Decimal
    cdg_after: Decimal
    syndicat_before: Decimal
    syndicat_after: Decimal
    fees_unknown: int
    """Adherents whose fee is on quote with nothing agreed, or who have no tier."""


@dataclass
class Impact:
    """A version's impact on the adherents."""

    version: TariffVersion
    """The new version, its values completed when it sets only part of the annex."""
    previous: TariffVersion
    on: dt.date
    """Its effective date: the adherents and populations are those of that day."""
    adherents: list[AdherentImpact] = field(default_factory=list)
    left: list[Adhesion] = field(default_factory=list)
    """Adhesions ended before ``on``: not concerned."""
    unknown: list[Adhesion] = field(default_factory=list)
    """Adhesions whose collectivité the registry does not know."""

    @property
    def affected(self) -> list[AdherentImpact]:
        return [a for a in self.adherents if a.affected]

    @property
    def unaffected(self) -> list[AdherentImpact]:
        return [a for a in self.adherents if not a.affected]

    @property
    def totals(self) -> Totals:
        return Totals(
            cdg_before=sum((a.before.amount or ZERO for a in self.adherents), ZERO),
            cdg_after=sum((a.after.amount or ZERO for a in self.adherents), ZERO),
            syndicat_before=sum((a.services_before for a in self.adherents), ZERO),
            syndicat_after=sum((a.services_after for a in self.adherents), ZERO),
            fees_unknown=sum(not a.complete for a in self.adherents),
        )


def compared_versions(store: Store, version_id: int) -> tuple[TariffVersion, TariffVersion]:
    """The version (its values completed when it is partial) and the approved one it
    follows; raises AdhesionError when there is nothing to compare."""
    version = store.version(version_id)
    if version.status is VersionStatus.REJECTED:
        raise AdhesionError(f"la version n° {version_id} est rejetée : elle ne s'appliquera pas.")
    if version.effective_date is None:
        raise AdhesionError(f"la version n° {version_id} n'a pas de date d'effet.")
    previous = store.previous_in_force(version_id)
    if previous is None:
        raise AdhesionError(
            f"aucune version approuvée avant la version n° {version_id} : rien à comparer "
            f"(première version, en vigueur au {long_date(version.effective_date)})."
        )
    return whole(store, version), whole(store, previous)


def impact(store: Store, version_id: int, registry: Registry, settings: Settings) -> Impact:
    """The impact of version ``version_id`` on every adhesion of the register."""
    version, previous = compared_versions(store, version_id)
    on = version.effective_date
    assert on is not None

    def placed(item: Collectivity, tariff: TariffVersion) -> Placement:
        return place(
            item,
            tariff.extraction.strata,
            population_kind=rule_of(tariff, settings.population_kind).kind,
            margin=settings.boundary_margin,
            on=on,
            fallback=Fallback(settings.population_fallback),
        )

    result = Impact(version, previous, on)
    agreed_before = accepted_prices(store.devis.accepted(previous.id))
    agreed_after = accepted_prices(store.devis.accepted(version.id))
    latest: dict[str, Adhesion] = {}
    for adhesion in store.adhesions():
        kept = latest.get(adhesion.code)
        if kept is None or adhesion.signed_on > kept.signed_on:
            latest[adhesion.code] = adhesion
    for adhesion in latest.values():
        if adhesion.ended_on is not None and adhesion.ended_on < on:
            result.left.append(adhesion)
            continue
        item = registry.get(adhesion.code)
        if item is None:
            result.unknown.append(adhesion)
            continue
        # where a version says « sur devis », the amounts of the accepted devis priced
        # from it (as in the collectivité's convention)
        old, old_place = apply_accepted(
            previous, placed(item, previous), agreed_before.get(adhesion.code)
        )
        new, new_place = apply_accepted(
            version, placed(item, version), agreed_after.get(adhesion.code)
        )
        taken = services_of(store, adhesion.code, max(on, adhesion.signed_on))
        services = tuple(
            ServiceChange(
                s,
                line_of(old.extraction.services, s),
                line_of(new.extraction.services, s),
            )
            for s in taken
        )
        result.adherents.append(
            AdherentImpact(
                adhesion,
                item,
                _fee(old_place, adhesion),
                _fee(new_place, adhesion),
                services,
                already=adhesion.annex_version == version.id,
            )
        )
    result.adherents.sort(key=lambda a: (a.collectivity.name, a.collectivity.code))
    return result
