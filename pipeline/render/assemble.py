"""From a collectivité's placement, the version in force and the parties' settings to the
templates' context."""

from __future__ import annotations

from decimal import Decimal

from pipeline.french import amount_in_words, integer, long_date, money, of_name
from pipeline.models import EffectiveDateSource, ServiceLine, TariffVersion, Tier, TierKind
from pipeline.parties import Parties, Party, load_parties
from pipeline.registry.models import KIND_LABELS, Collectivity, CollectivityKind, RegisterSource
from pipeline.registry.populations import PopulationRule, in_force_from, rule_of
from pipeline.registry.tiers import Placement
from pipeline.render.context import (
    Accompagnement,
    Categorie,
    Collectivite,
    Contexte,
    Document,
    Groupe,
    LigneService,
    Partie,
    Strate,
    Tarifs,
    Visa,
)
from pipeline.render.typography import unbreakable

HIGHLIGHT = "FFE699"
PLAIN = "FFFFFF"

_PREFIXES = {
    "CC ": "Communauté de communes ",
    "CA ": "Communauté d'agglomération ",
    "CU ": "Communauté urbaine ",
    "CCAS ": "Centre communal d'action sociale ",
    "CIAS ": "Centre intercommunal d'action sociale ",
}
_FEMININE = ("communauté", "métropole", "régie", "caisse", "maison")

ASSEMBLIES = {
    CollectivityKind.COMMUNE: "conseil municipal",
    CollectivityKind.EPCI: "conseil communautaire",
    CollectivityKind.CCAS: "conseil d'administration",
    CollectivityKind.SYNDICAT: "comité syndical",
    CollectivityKind.PUBLIC_ESTABLISHMENT: "conseil d'administration",
}
"""The body that authorises the signature, unless the registry says otherwise."""


def version_label(version: TariffVersion) -> str:
    """``2025-07-10-v1``: the deliberation's date (when known) and the store's id."""
    sitting = version.extraction.deliberation.date
    return f"{sitting.isoformat()}-v{version.id}" if sitting else f"v{version.id}"


# --- the collectivité -----------------------------------------------------------------------


def _designation(item: Collectivity) -> tuple[str, str]:
    """« La commune d'Ablain-Saint-Nazaire » and the agreement (« e » when feminine)."""
    name = item.name
    if item.kind is CollectivityKind.COMMUNE:
        return f"La commune {of_name(name)}", "e"
    for short, long in _PREFIXES.items():
        if name.startswith(short):
            name = long + name[len(short) :]
    if name.split(" ", 1)[0] in ("Le", "La", "Les") or name.startswith("L'"):
        return name, "e" if name.startswith("La ") else ""
    feminine = name.lower().startswith(_FEMININE)
    article = "La " if feminine else "Le "
    if name[:1] in "AEIOUÉÈÊÂÎÔaeiouéè":
        article = "L'"
    return article + name, "e" if feminine else ""


def _representative(item: Collectivity, blank: str) -> tuple[str, str, str]:
    default = "Maire" if item.kind is CollectivityKind.COMMUNE else "Président"
    role = _role(item.representative_role or default, item.representative_title)
    name = " ".join(p for p in (item.representative_title, item.representative_name) if p)
    return _possessive(role, item.representative_title) + f", {name or blank}", role, name or blank


_FEMININE_ROLES = {"Président": "Présidente", "Vice-Président": "Vice-Présidente"}


def _role(role: str, title: str | None) -> str:
    """« Présidente » for a « Mme » whose role is written « Président »."""
    return _FEMININE_ROLES.get(role, role) if title == "Mme" else role


def _possessive(role: str, title: str | None) -> str:
    """« son Maire », « sa Présidente », « son Président »."""
    feminine = (role.endswith("e") and role != "Maire") or (title == "Mme" and role != "Maire")
    if role[:1] in "AEIOUÉaeioué":
        feminine = False
    return f"{'sa' if feminine else 'son'} {role}"


def _source(what: str, source: RegisterSource | None) -> str:
    if source is None:
        return f"{what} : non renseigné"
    when = f", {source.date_kind} {long_date(source.date)}" if source.date else ""
    return f"{what} : {source.label}{when}"


def _collectivite(placement: Placement, rule: PopulationRule, blank: str) -> Collectivite:
    item = placement.collectivity
    designation, agreement = _designation(item)
    representative, role, name = _representative(item, blank)
    commune = item.kind is CollectivityKind.COMMUNE
    choice = placement.choice
    figure = choice.figure if choice else None
    return Collectivite(
        nom=item.name,
        designation=designation[0].lower() + designation[1:],
        designation_initiale=designation,
        accord=agreement,
        type=KIND_LABELS[item.kind],
        est_commune=commune,
        appellation="la collectivité" if commune else "l'établissement",
        appellation_initiale="La collectivité" if commune else "L'établissement",
        de_appellation="de la collectivité" if commune else "de l'établissement",
        a_appellation="à la collectivité" if commune else "à l'établissement",
        code_insee=item.insee_code or "",
        siren=item.siren or "",
        adresse=item.address or blank,
        courriel=item.email or blank,
        representant=representative,
        representant_qualite=role,
        representant_nom=name,
        assemblee=item.deliberating_body or ASSEMBLIES[item.kind],
        date_deliberation=long_date(item.deliberation_date) if item.deliberation_date else blank,
        population=integer(figure.value) if figure else "",
        population_type=figure.kind if figure else "",
        population_millesime=str(figure.vintage) if figure and figure.vintage else "",
        population_en_vigueur=long_date(in_force_from(figure.vintage))
        if figure and figure.vintage
        else "",
        population_source=figure.source if figure else "",
        population_regle=rule.reason,
        population_exacte=bool(choice and choice.exact),
        population_note=(choice.note or "") if choice else "",
        sources=" ; ".join(
            (
                _source("représentant", item.representative_source),
                _source("adresse", item.address_source),
            )
        ),
    )


# --- the parties ------------------------------------------------------------------------------


def _deliberation(number: str | None, day: str) -> str:
    """« n° 2025/31 du 10 juillet 2025 », or « du 19 mars 2026 » without a number."""
    return f"n° {number} du {day}" if number else f"du {day}"


def _partie(party: Party, blank: str, authorisation: str) -> Partie:
    name = " ".join(p for p in (party.representative_title, party.representative_name) if p)
    role = _role(party.representative_role or "Président", party.representative_title)
    return Partie(
        nom=party.name,
        sigle=party.short,
        nature=party.nature,
        siren=party.siren or blank,
        adresse=party.address or blank,
        commune=party.town or blank,
        representant=f"{_possessive(role, party.representative_title)}, {name or blank}",
        representant_qualite=role,
        representant_nom=name or blank,
        assemblee=party.assembly,
        habilitation=authorisation,
    )


def parties_alone(parties: Parties) -> tuple[Partie, Partie]:
    """The CDG and the Syndicat as the settings file describes them, before any tariff
    version (for ``pipeline templates variables``)."""
    blank = parties.document.blank
    found = []
    for party in (parties.cdg, parties.syndicat):
        if party.authorisation_date:
            authorisation = _deliberation(
                party.authorisation_number or None, long_date(party.authorisation_date)
            )
        elif party is parties.cdg:
            authorisation = "(délibération tarifaire en vigueur, qui autorise la signature)"
        else:
            authorisation = _deliberation(None, blank)
        found.append(_partie(party, blank, authorisation))
    return found[0], found[1]


def own_number(version: TariffVersion, parties: Parties) -> str | None:
    """The number of the version's deliberation: read in the PDF, else known by its date
    in the parties' settings."""
    sitting = version.extraction.deliberation
    return sitting.number or parties.number_of(sitting.date)


def _parties(version: TariffVersion, parties: Parties) -> tuple[Partie, Partie]:
    blank = parties.document.blank
    cdg, syndicat = parties.cdg, parties.syndicat
    sitting = version.extraction.deliberation
    if cdg.authorisation_date:
        cdg_authorisation = _deliberation(
            cdg.authorisation_number or None, long_date(cdg.authorisation_date)
        )
    else:  # the tariff deliberation « AUTORISE le Président à signer » the conventions
        day = long_date(sitting.date) if sitting.date else blank
        cdg_authorisation = _deliberation(own_number(version, parties), day)
    syndicat_authorisation = _deliberation(
        syndicat.authorisation_number or None,
        long_date(syndicat.authorisation_date) if syndicat.authorisation_date else blank,
    )
    return (
        _partie(cdg, blank, cdg_authorisation),
        _partie(syndicat, blank, syndicat_authorisation),
    )


# --- the tariffs --------------------------------------------------------------------------------


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
        libelle=unbreakable(tier.label),
        renvoi="1" if tier.kind is TierKind.PUBLIC_ESTABLISHMENT else "",
        participation=_price(tier.amount, tier.on_quote, drop_zero_cents=True),
        unite=tier.unit,
        applicable=applicable,
        couleur=HIGHLIGHT if applicable else PLAIN,
        mention="applicable" if applicable else "",
    )


def _accompagnement(tier: Tier) -> Accompagnement:
    on_quote = tier.on_quote or tier.amount is None
    return Accompagnement(
        strate=unbreakable(tier.label),
        sur_devis=on_quote,
        par_population=tier.kind is TierKind.COLLECTIVITY,
        montant="" if on_quote else money(tier.amount, drop_zero_cents=True),  # type: ignore[arg-type]
        montant_en_lettres="" if on_quote else amount_in_words(tier.amount),  # type: ignore[arg-type]
        unite=tier.unit,
    )


def _visas(version: TariffVersion, parties: Parties, own: str | None) -> list[Visa]:
    sitting = version.extraction.deliberation
    assembly = sitting.assembly or parties.cdg.assembly
    found = []
    for reference in sitting.references:
        number = reference.strip()
        if number == own:
            continue
        day = parties.date_of(number)
        when = f" du {long_date(day)}" if day else ""
        found.append(
            Visa(texte=f"la délibération n° {number} du {assembly} du {parties.cdg.short}{when}")
        )
    return found


def _application(version: TariffVersion, blank: str) -> tuple[str, str]:
    """(« à compter du 1er avril 2026 », the annex's title). Without a stated date, the
    tariffs apply once the deliberation is enforceable, not from the sitting."""
    sitting = version.extraction.deliberation
    day = long_date(sitting.date) if sitting.date else blank
    effective = version.effective_date
    if effective is None or version.effective_date_source is EffectiveDateSource.SITTING:
        return (
            "à compter de la date à laquelle cette délibération est devenue exécutoire",
            f"Tarifs arrêtés le {day}",
        )
    when = long_date(effective)
    if version.effective_date_source is EffectiveDateSource.ENFORCEABLE:
        return (
            f"à compter du {when}, date à laquelle la délibération est devenue exécutoire",
            f"Tarifs applicables à compter du {when}",
        )
    return f"à compter du {when}", f"Tarifs applicables à compter du {when}"


TARIFFS_REMEMBERED = 32
"""Tariff tables remembered (:func:`tariffs`): one per version, parties and tier."""

_tariffs: dict[tuple[int, int, int | None], tuple[TariffVersion, Parties, Tarifs]] = {}


def tariffs(version: TariffVersion, parties: Parties, mine: Tier | None = None) -> Tarifs:
    """The tariffs of ``version`` as the documents show them, ``mine`` the tier marked
    applicable. The same for every collectivité of a tier: made once per version,
    parties and tier for a run of hundreds of documents (the objects themselves are the
    key, kept alive with the table, so that a key is never another object's)."""
    strata = version.extraction.strata
    index = next((i for i, tier in enumerate(strata) if tier is mine), None)
    if index is None and mine is not None:
        index = next((i for i, tier in enumerate(strata) if tier == mine), None)
        if index is None:  # a tier of another version: nothing to remember it by
            return _make_tariffs(version, parties, mine)
    key = (id(version), id(parties), index)
    found = _tariffs.get(key)
    if found is not None and found[0] is version and found[1] is parties:
        return found[2]
    if len(_tariffs) >= TARIFFS_REMEMBERED:  # the oldest goes
        del _tariffs[next(iter(_tariffs))]
    made = _make_tariffs(version, parties, mine)
    _tariffs[key] = (version, parties, made)
    return made


def _make_tariffs(version: TariffVersion, parties: Parties, mine: Tier | None) -> Tarifs:
    extraction = version.extraction
    sitting = extraction.deliberation
    blank = parties.document.blank
    own = own_number(version, parties)
    day = long_date(sitting.date) if sitting.date else blank
    application, title = _application(version, blank)
    return Tarifs(
        version=version_label(version),
        deliberation=_deliberation(own, day),
        deliberation_numero=own or blank,
        deliberation_date=day,
        deliberation_instance=sitting.assembly or parties.cdg.assembly,
        date_effet=long_date(version.effective_date) if version.effective_date else blank,
        application=application,
        titre_annexe=title,
        visas=_visas(version, parties, own),
        categories=_categories(extraction.services),
        strates=[_strate(t, mine) for t in extraction.strata],
        renvoi_etablissement=any(
            t.kind is TierKind.PUBLIC_ESTABLISHMENT for t in extraction.strata
        ),
    )


def assemble(
    placement: Placement,
    version: TariffVersion,
    parties: Parties | None = None,
    rule: PopulationRule | None = None,
) -> Contexte:
    """The context of one collectivité's documents; its placement must have a tier.
    ``parties``: the parties' settings (the project's file when None)."""
    if placement.tier is None:
        raise ValueError("a collectivity without a tier gets no documents")
    parties = parties or load_parties()
    blank = parties.document.blank
    cdg, syndicat = _parties(version, parties)
    return Contexte(
        collectivite=_collectivite(placement, rule or rule_of(version), blank),
        cdg=cdg,
        syndicat=syndicat,
        tarifs=tariffs(version, parties, placement.tier),
        accompagnement=_accompagnement(placement.tier),
        document=Document(a_completer=blank),
    )
