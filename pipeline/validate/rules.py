"""Business rules over one extraction; history is :mod:`pipeline.validate.history`'s.

Errors block publication (no tariff table, no sitting date, a vote that did not
adopt, an unreadable amount); warnings ask a person to look (a population no tier
covers, two tiers that overlap, a duplicate line, a zero price not written "Gratuit").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from pipeline.french import money
from pipeline.models import Extraction, Finding, Severity, Tier, TierKind


def check(extraction: Extraction) -> list[Finding]:
    return [
        *_tables(extraction),
        *_sitting(extraction),
        *_tiers(extraction.strata),
        *_duplicates(extraction),
        *_zero_prices(extraction),
        *_vat(extraction),
    ]


def _error(code: str, message: str, page: int | None = None, bbox=None) -> Finding:
    return Finding(severity=Severity.ERROR, code=code, message=message, page=page, bbox=bbox)


def _warning(code: str, message: str, page: int | None = None, bbox=None) -> Finding:
    return Finding(severity=Severity.WARNING, code=code, message=message, page=page, bbox=bbox)


def _tables(extraction: Extraction) -> Iterator[Finding]:
    if not extraction.services and not extraction.strata:
        yield _error(
            "table.missing",
            "Aucun tableau de tarifs trouvé dans la délibération : rien ne peut être publié.",
        )
    elif not extraction.services:
        yield _warning(
            "table.services_missing",
            "Aucun tableau des services trouvé : seuls les tarifs d'accompagnement sont lus.",
        )
    elif not extraction.strata:
        yield _warning(
            "table.strata_missing",
            "Aucun tableau des strates d'accompagnement trouvé : seuls les services sont lus.",
        )


def _sitting(extraction: Extraction) -> Iterator[Finding]:
    sitting = extraction.deliberation
    if sitting.date is None:
        yield _error(
            "sitting.date_missing",
            "Date de séance introuvable (« s'est réuni le … ») : la date d'effet ne peut "
            "pas être établie.",
        )
    if sitting.vote == "rejected":
        yield _error(
            "vote.not_adopted",
            "La délibération n'a pas été adoptée (vote défavorable) : ses tarifs ne "
            "peuvent pas être publiés.",
        )
    elif sitting.vote is None:
        yield _warning(
            "vote.missing",
            "Résultat du vote introuvable (« à l'unanimité », « par N voix pour… ») : "
            "vérifiez que la délibération a été adoptée.",
        )
    if sitting.effective_date and sitting.date and sitting.effective_date < sitting.date:
        yield _warning(
            "sitting.retroactive",
            f"Date d'application ({sitting.effective_date:%d/%m/%Y}) antérieure à la séance "
            f"({sitting.date:%d/%m/%Y}) : un tarif ne s'applique que pour l'avenir.",
        )


def _population(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _tiers(strata: list[Tier]) -> Iterator[Finding]:
    tiers = sorted(
        (t for t in strata if t.kind is TierKind.COLLECTIVITY),
        key=lambda t: (t.min_population or 0, t.max_population or 10**9),
    )
    if not tiers:
        return
    expected: int | None = 0
    previous: Tier | None = None
    for tier in tiers:
        low = tier.min_population or 0
        if expected is not None and low > expected:
            if low - expected == 1:
                what = f"une population de {_population(expected)} habitants exactement"
            else:
                what = (
                    f"les populations de {_population(expected)} à {_population(low - 1)} habitants"
                )
            after = f" (entre « {previous.label} » et « {tier.label} »)" if previous else ""
            yield _warning(
                "tiers.gap",
                f"Aucune strate ne couvre {what}{after} : une collectivité de cette taille "
                "n'aurait pas de tarif. À trancher par une personne.",
                tier.page,
                tier.bbox,
            )
        elif previous is not None and (expected is None or low < expected):
            yield _warning(
                "tiers.overlap",
                f"Les strates « {previous.label} » et « {tier.label} » se chevauchent : "
                f"une même population relèverait des deux.",
                tier.page,
                tier.bbox,
            )
        if expected is not None:
            top = tier.max_population
            expected = None if top is None else max(expected, top + 1)
        previous = tier
    if expected is not None and previous is not None:
        yield _warning(
            "tiers.open_end",
            f"Aucune strate au-delà de {_population(expected - 1)} habitants : les "
            "collectivités plus peuplées n'ont pas de tarif.",
            previous.page,
            previous.bbox,
        )


def _duplicates(extraction: Extraction) -> Iterator[Finding]:
    def identity(line):
        return (line.category, line.group, line.label.casefold(), tuple(line.conditions), line.unit)

    keys = Counter(identity(s) for s in extraction.services)
    for line in extraction.services:
        key = identity(line)
        if keys[key] > 1:
            keys[key] = 0
            yield _warning(
                "line.duplicate",
                f"Ligne en double : « {line.full_label} » ({line.unit}) apparaît plusieurs fois.",
                line.page,
                line.bbox,
            )
    tiers = Counter((t.kind, t.min_population, t.max_population) for t in extraction.strata)
    for tier in extraction.strata:
        key = (tier.kind, tier.min_population, tier.max_population)
        if tiers[key] > 1:
            tiers[key] = 0
            yield _warning(
                "tiers.duplicate",
                f"Strate en double : « {tier.label} ».",
                tier.page,
                tier.bbox,
            )


def _zero_prices(extraction: Extraction) -> Iterator[Finding]:
    for line in extraction.services:
        if line.amount is not None and line.amount == 0 and not line.free:
            yield _warning(
                "amount.zero",
                f"Tarif nul pour « {line.label} » sans la mention « Gratuit » : "
                "vérifiez qu'il ne manque pas un montant.",
                line.page,
                line.amount_bbox or line.bbox,
            )
    for tier in extraction.strata:
        if tier.amount is not None and tier.amount == 0:
            yield _warning(
                "amount.zero",
                f"Tarif d'accompagnement nul pour « {tier.label} ».",
                tier.page,
                tier.amount_bbox or tier.bbox,
            )


VAT_RATES = (Decimal("0.20"), Decimal("0.10"), Decimal("0.055"), Decimal("0.021"), Decimal("0"))
"""The French VAT rates a TTC price may add to its HT price."""


def _vat(extraction: Extraction) -> Iterator[Finding]:
    """An HT and a TTC price given side by side must differ by a VAT rate."""
    for line in extraction.services:
        if line.amount is None or line.amount_ht is None:
            continue
        if any(
            abs(line.amount_ht * (1 + rate) - line.amount) <= Decimal("0.01") for rate in VAT_RATES
        ):
            continue
        yield _warning(
            "amount.vat_mismatch",
            f"Tarifs HT et TTC incohérents pour « {line.label} » : {money(line.amount_ht)} HT "
            f"et {money(line.amount)} TTC ne diffèrent d'aucun taux de TVA (20 %, 10 %, "
            "5,5 %, 2,1 %) : vérifiez les deux colonnes.",
            line.page,
            line.amount_bbox or line.bbox,
        )
