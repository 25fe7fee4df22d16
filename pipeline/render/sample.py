"""A sample tariff version and sample collectivités, to check the templates.

``pipeline templates check`` renders every template for one collectivité of each tier
of the version in force, or of this sample when the store has none yet. The sample
has the shape of the 10 July 2025 deliberation (categories with and without groups,
population tiers with a gap, an établissement public tier), and names with « & »,
« < » and quotes to prove they render as text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pipeline.models import (
    Deliberation,
    EffectiveDateSource,
    Extraction,
    ServiceLine,
    Source,
    TariffVersion,
    Tier,
    TierKind,
    VersionStatus,
)
from pipeline.registry.models import (
    DEFAULT_BASIS,
    Collectivity,
    CollectivityKind,
    PopulationFigure,
    TariffBasis,
)
from pipeline.registry.populations import vintage_in_force


def sample_version() -> TariffVersion:
    def line(category, group, label, amount, unit, on_quote=False):
        return ServiceLine(
            category=category,
            group=group,
            label=label,
            unit=unit,
            page=1,
            amount=Decimal(amount) if amount else None,
            on_quote=on_quote,
        )

    def tier(label, low, high, amount, kind=TierKind.COLLECTIVITY):
        return Tier(
            label=label,
            kind=kind,
            min_population=low,
            max_population=high,
            page=2,
            amount=Decimal(amount) if amount else None,
            on_quote=amount is None,
            unit="Par collectivité et par an",
        )

    extraction = Extraction(
        source=Source(file="exemple.pdf", sha256="0" * 64, pages=2),
        deliberation=Deliberation(
            date=dt.date(2025, 7, 10),
            assembly="Conseil d'Administration",
            president="Prénom NOM",
            references=["2021/49"],
        ),
        services=[
            line(
                "Présence en ligne",
                "Messagerie",
                "Messagerie compte 5 Go",
                "16.80",
                "Par compte et par an",
            ),
            line(
                "Présence en ligne", None, "Nom de domaine", "15.60", "Par nom de domaine et par an"
            ),
            line(
                "Sécurité",
                "Sauvegarde & partage",
                "Mise en service <niveau 1>",
                "110.40",
                "Par compte",
            ),
            line(
                "Sécurité",
                "Antivirus",
                'Licence "poste"',
                None,
                "Par poste et par an",
                on_quote=True,
            ),
        ],
        strata=[
            tier("Moins de 500 habitants", 0, 499, "50"),
            tier("Moins de 1 000 habitants", 500, 999, "80"),
            tier("Moins de 3 500 habitants", 1000, 3499, "1234.56"),
            tier("Plus de 3 500 habitants", 3501, None, None),
            tier("Établissement public", None, None, None, TierKind.PUBLIC_ESTABLISHMENT),
        ],
    )
    return TariffVersion(
        id=0,
        status=VersionStatus.APPROVED,
        effective_date=dt.date(2025, 7, 10),
        effective_date_source=EffectiveDateSource.SITTING,
        extraction=extraction,
        created_at="2025-07-10T00:00:00",
    )


def sample_collectivities(version: TariffVersion, on: dt.date | None = None) -> list[Collectivity]:
    """One collectivité per tier of ``version``: a commune at each population tier's
    lower bound (both figures, of the millésime in force ``on``), an établissement
    public for the others."""
    vintage = vintage_in_force(on or dt.date.today())
    found = []
    for index, tier in enumerate(version.extraction.strata):
        if tier.kind is TierKind.COLLECTIVITY:
            found.append(
                Collectivity(
                    code=f"6{index:04d}",
                    insee_code=f"6{index:04d}",
                    name=f"Saint-Exemple-<{index}> & « L'Autre »",
                    kind=CollectivityKind.COMMUNE,
                    basis=TariffBasis.POPULATION,
                    populations=tuple(
                        PopulationFigure(
                            kind=kind,
                            value=tier.min_population or 0,
                            vintage=vintage,
                            source="exemple",
                        )
                        for kind in ("municipale", "totale")
                    ),
                    representative_title="Mme",
                    representative_name="Anne O'Neil",
                    representative_role="Maire",
                    deliberation_date=dt.date(2026, 3, 1),
                    origin="exemple",
                )
            )
        else:
            found.append(
                Collectivity(
                    code="200000000",
                    siren=None,
                    name='Syndicat "Eaux & Forêts"',
                    kind=CollectivityKind.SYNDICAT,
                    basis=DEFAULT_BASIS[CollectivityKind.SYNDICAT],
                    origin="exemple",
                )
            )
    return found
