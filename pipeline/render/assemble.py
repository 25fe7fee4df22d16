"""From a collectivité's placement and the version in force to the templates' context."""

from __future__ import annotations

from decimal import Decimal

from pipeline.french import amount_in_words, integer, long_date, money, of_name
from pipeline.models import ServiceLine, TariffVersion, Tier, TierKind
from pipeline.registry.models import KIND_LABELS, Collectivity, CollectivityKind
from pipeline.registry.tiers import Placement
from pipeline.render.context import (
    Accompagnement,
    Categorie,
    Collectivite,
    Contexte,
    Groupe,
    LigneService,
    Partie,
    Strate,
    Tarifs,
)

BLANK = "…" * 8
"""What the staff fill in by hand when the registry does not know a value."""
HIGHLIGHT = "FFE699"
PLAIN = "FFFFFF"

_EPCI_PREFIXES = {
    "CC ": "Communauté de communes ",
    "CA ": "Communauté d'agglomération ",
    "CU ": "Communauté urbaine ",
}


def version_label(version: TariffVersion) -> str:
    """``2025-07-10-v1``: the deliberation's date (when known) and the store's id."""
    sitting = version.extraction.deliberation.date
    return f"{sitting.isoformat()}-v{version.id}" if sitting else f"v{version.id}"


def _designation(item: Collectivity) -> tuple[str, str]:
    """« La commune d'Ablain-Saint-Nazaire » and the agreement (« e » when feminine)."""
    name = item.name
    if item.kind is CollectivityKind.COMMUNE:
        return f"La commune {of_name(name)}", "e"
    if item.kind is CollectivityKind.EPCI:
        for short, long in _EPCI_PREFIXES.items():
            if name.startswith(short):
                name = long + name[len(short) :]
        feminine = name.lower().startswith(("communauté", "métropole"))
    else:
        feminine = False
    if name.split(" ", 1)[0] in ("Le", "La", "Les") or name.startswith("L'"):
        return name, "e" if name.startswith("La ") else ""
    article = "La " if feminine else "Le "
    if name[:1] in "AEIOUÉÈÊÂÎÔaeiouéè":
        article = "L'"
    return article + name, "e" if feminine else ""


def _representative(item: Collectivity) -> tuple[str, str, str]:
    default = "Maire" if item.kind is CollectivityKind.COMMUNE else "Président"
    role = item.representative_role or default
    name = " ".join(p for p in (item.representative_title, item.representative_name) if p)
    possessive = "sa" if item.representative_title == "Mme" and role != "Maire" else "son"
    if role[:1] in "AEIOUÉaeioué":
        possessive = "son"
    full = f"{possessive} {role}, {name or BLANK}"
    return full, role, name or BLANK


def _population_source(item: Collectivity) -> str:
    source = item.population_source
    if source is None:
        return "source non précisée"
    text = source.label
    if source.vintage:
        text += f", millésime {source.vintage}"
    if source.in_force:
        text += f" en vigueur au 1er janvier {source.in_force}"
    return text


def _collectivite(placement: Placement) -> Collectivite:
    item = placement.collectivity
    designation, agreement = _designation(item)
    representative, role, name = _representative(item)
    return Collectivite(
        nom=item.name,
        designation=designation[0].lower() + designation[1:],
        designation_initiale=designation,
        accord=agreement,
        type=KIND_LABELS[item.kind],
        code_insee=item.insee_code or "",
        siren=item.siren or "",
        adresse=item.address or BLANK,
        courriel=item.email or BLANK,
        representant=representative,
        representant_qualite=role,
        representant_nom=name,
        date_deliberation=long_date(item.deliberation_date) if item.deliberation_date else BLANK,
        population=integer(placement.population) if placement.population is not None else "",
        population_type=placement.population_kind or "",
        population_source=_population_source(item),
    )


def _price(
    amount: Decimal | None, on_quote: bool, free: bool = False, *, drop_zero_cents: bool = False
) -> str:
    """A service price always shows its cents (``14,00 €``) so that a column reads evenly;
    a fee in whole euros may drop them (``200 €``)."""
    if free:
        return "gratuit"
    if on_quote or amount is None:
        return "sur devis"
    return money(amount, drop_zero_cents=drop_zero_cents)


def _categories(lines: list[ServiceLine]) -> list[Categorie]:
    """Lines grouped by category then group, in the order they first appear."""
    tree: dict[str, dict[str, list[LigneService]]] = {}
    for line in lines:
        groups = tree.setdefault(line.category or "", {})
        groups.setdefault(line.group or "", []).append(
            LigneService(
                libelle=line.full_label,
                tarif=_price(line.amount, line.on_quote, line.free),
                base=line.tax_basis.value,
                unite=line.unit,
            )
        )
    return [
        Categorie(
            nom=cat,
            services=_offer([line for line in lines if (line.category or "") == cat]),
            groupes=[Groupe(nom=g, lignes=ls) for g, ls in groups.items()],
        )
        for cat, groups in tree.items()
    ]


def _offer(lines: list[ServiceLine]) -> str:
    """« Messagerie, Nom de domaine, Page internet »: each group once, then each line
    outside a group, in the order of the tariffs."""
    names = dict.fromkeys(line.group or line.label for line in lines)
    return ", ".join(names)


def _strate(tier: Tier, mine: Tier | None) -> Strate:
    applicable = tier == mine
    return Strate(
        libelle=tier.label,
        participation=_price(tier.amount, tier.on_quote, drop_zero_cents=True),
        unite=tier.unit,
        applicable=applicable,
        couleur=HIGHLIGHT if applicable else PLAIN,
        mention="strate applicable" if applicable else "",
    )


def _accompagnement(tier: Tier) -> Accompagnement:
    on_quote = tier.on_quote or tier.amount is None
    return Accompagnement(
        strate=tier.label,
        sur_devis=on_quote,
        par_population=tier.kind is TierKind.COLLECTIVITY,
        montant="" if on_quote else money(tier.amount, drop_zero_cents=True),  # type: ignore[arg-type]
        montant_en_lettres="" if on_quote else amount_in_words(tier.amount),  # type: ignore[arg-type]
        unite=tier.unit,
    )


def _parties(version: TariffVersion) -> tuple[Partie, Partie]:
    president = version.extraction.deliberation.president
    cdg = Partie(
        nom="Centre de Gestion de la Fonction Publique Territoriale du Pas-de-Calais",
        sigle="CDG 62",
        adresse="Bruay-la-Buissière",
        representant=f"son Président, {president or BLANK}",
    )
    syndicat = Partie(
        nom="Syndicat Mixte Nord Pas-de-Calais « La Fibre Numérique 59-62 »",
        sigle="La Fibre Numérique 59-62",
        adresse=BLANK,
        representant=f"son Président, {BLANK}",
    )
    return cdg, syndicat


def tariffs(version: TariffVersion, mine: Tier | None = None) -> Tarifs:
    extraction = version.extraction
    sitting = extraction.deliberation
    return Tarifs(
        version=version_label(version),
        deliberation_date=long_date(sitting.date) if sitting.date else BLANK,
        deliberation_instance=sitting.assembly or "Conseil d'Administration",
        date_effet=long_date(version.effective_date) if version.effective_date else BLANK,
        references=", ".join(sitting.references),
        categories=_categories(extraction.services),
        strates=[_strate(t, mine) for t in extraction.strata],
    )


def assemble(placement: Placement, version: TariffVersion) -> Contexte:
    """The context of one collectivité's documents; its placement must have a tier."""
    if placement.tier is None:
        raise ValueError("a collectivity without a tier gets no documents")
    cdg, syndicat = _parties(version)
    return Contexte(
        collectivite=_collectivite(placement),
        cdg=cdg,
        syndicat=syndicat,
        tarifs=tariffs(version, placement.tier),
        accompagnement=_accompagnement(placement.tier),
    )
