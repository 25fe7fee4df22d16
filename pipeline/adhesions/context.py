"""What the notification letter's Word template may use: the convention's context
(:class:`~pipeline.render.context.Contexte`, for the new version) and ``courrier``,
what changes for the adherent. Every field is described for the staff who edit the
template (``pipeline templates variables`` lists those of the convention)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from pydantic import Field

from pipeline.adhesions.impact import AdherentImpact, ServiceChange
from pipeline.french import long_date, money, percent
from pipeline.render.context import Contexte, _Ctx

ONCE = "ponctuel"
"""What the yearly amount columns say of a price paid once."""


class Prestation(_Ctx):
    """Un service que prend la collectivité, avant et après la nouvelle délibération."""

    variable: ClassVar[str] = "prestation"

    libelle: str = Field(description="sous-rubrique et prestation, ex. Antivirus › Licence")
    quantite: str = Field(description="nombre pris, ex. 5")
    unite: str = Field(description="unité de facturation de la nouvelle annexe")
    tarif_avant: str = Field(description="tarif unitaire avant, ex. 16,80 €")
    tarif_apres: str = Field(
        description="tarif unitaire à compter de la date d'application, ou « non proposée »"
    )
    variation: str = Field(description="variation du tarif, ex. +3,6 % ; vide sinon")
    evolution: str = Field(description="modifiée, supprimée, inchangée")
    montant_annuel_avant: str = Field(
        description="tarif × quantité par an, ex. 50,40 € ; « ponctuel » pour un prix payé "
        "une fois (mise en service, matériel)"
    )
    montant_annuel_apres: str = Field(description="le même à compter de la date d'application")


class Courrier(_Ctx):
    """Ce que la nouvelle délibération change pour la collectivité."""

    date: str = Field(description="date du courrier, ex. 25 mars 2026")
    date_application: str = Field(description="date d'application des nouveaux tarifs")
    date_signature: str = Field(description="date de signature de la convention")
    annexe_signee: str = Field(
        description="délibération dont l'annexe 2 a été signée, ex. du 10 juillet 2025, "
        "ou pointillés"
    )
    strate_avant: str = Field(description="strate de la collectivité avant")
    strate_apres: str = Field(description="strate à compter de la date d'application")
    strate_change: bool = Field(description="vrai quand la strate change")
    accompagnement_avant: str = Field(description="participation annuelle au CDG avant")
    accompagnement_apres: str = Field(description="participation annuelle au CDG ensuite")
    accompagnement_change: bool = Field(description="vrai quand la participation change")
    prestations: list[Prestation] = Field(description="les services pris par la collectivité")
    prestations_changent: bool = Field(description="vrai quand un service pris change")
    montant_annuel_avant: str = Field(
        description="participation + services annuels, avant, ex. 1 234,50 €"
    )
    montant_annuel_apres: str = Field(description="le même à compter de la date d'application")
    ecart: str = Field(description="écart annuel signé, ex. +12,60 €")
    ecart_pourcent: str = Field(description="écart en %, ex. +1,2 % ; vide si non calculable")
    montants_complets: bool = Field(
        description="faux quand une participation est sur devis sans montant convenu"
    )


class ContexteCourrier(Contexte):
    """Tout ce que le modèle du courrier peut utiliser : le contexte de la convention
    pour la nouvelle version, et ``courrier``."""

    courrier: Courrier = Field(description="ce qui change pour la collectivité")


def _price(amount: Decimal | None, on_quote: bool) -> str:
    if on_quote:
        return "sur devis"
    return money(amount) if amount is not None else "—"


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + money(value)


def _prestation(change: ServiceChange) -> Prestation:
    before, after = change.before, change.after
    yearly = change.yearly
    return Prestation(
        libelle=change.taken.name,
        quantite=str(change.taken.quantity),
        unite=(after or before).unit if (after or before) else "",
        tarif_avant=_price(before.amount, before.on_quote) if before else "non proposée",
        tarif_apres=_price(after.amount, after.on_quote) if after else "non proposée",
        variation=percent(change.percent) if change.percent is not None and change.changed else "",
        evolution=change.status,
        montant_annuel_avant=money(change.amount_before)
        if change.amount_before is not None
        else (ONCE if not yearly else "—"),
        montant_annuel_apres=money(change.amount_after)
        if change.amount_after is not None
        else (ONCE if not yearly else "—"),
    )


def courrier(adherent: AdherentImpact, *, on: dt.date, applies: dt.date, blank: str) -> Courrier:
    """The letter's own values for ``adherent``, dated ``on``, for tariffs applying on
    ``applies``."""
    old, new = adherent.before.tier, adherent.after.tier
    annex = adherent.adhesion.annex_sitting
    return Courrier(
        date=long_date(on),
        date_application=long_date(applies),
        date_signature=long_date(adherent.adhesion.signed_on),
        annexe_signee=f"du {long_date(annex)}" if annex else blank,
        strate_avant=old.label if old else "aucune",
        strate_apres=new.label if new else "aucune",
        strate_change=(old.label if old else None) != (new.label if new else None),
        accompagnement_avant=adherent.before.words(),
        accompagnement_apres=adherent.after.words(),
        accompagnement_change=adherent.before.words() != adherent.after.words(),
        prestations=[_prestation(s) for s in adherent.services],
        prestations_changent=any(s.changed for s in adherent.services),
        montant_annuel_avant=money(adherent.yearly_before),
        montant_annuel_apres=money(adherent.yearly_after),
        ecart=_signed(adherent.difference),
        ecart_pourcent=percent(adherent.percent) if adherent.percent is not None else "",
        montants_complets=adherent.complete,
    )
