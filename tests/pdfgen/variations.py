"""The named deliberation variations: each one changes the layout or wording in one way.

A variation is a deliberation (what it says, hence its truth), a layout (how it looks)
and an engine: ``reportlab`` draws the PDF directly, ``word`` writes a DOCX with
python-docx that LibreOffice converts, as the staff's Word exports are made.
Prices move from one variation to the next so that no parser can learn them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from tests.pdfgen.layout import Layout, members
from tests.pdfgen.pending import PENDING
from tests.pdfgen.spec import (
    Category,
    Deliberation,
    Group,
    Line,
    Sitting,
    Tier,
    Vote,
    counted_vote,
    french_date,
    ttc_of,
)

D = Decimal
TITLE = (
    "CONVENTION TRIPARTITE AVEC LE SYNDICAT MIXTE NORD PAS-DE-CALAIS – LA FIBRE "
    "NUMERIQUE 59-62 ET LES COLLECTIVITES TERRITORIALES",
    "- ACTUALISATION DES TARIFS DE L'ANNEXE 2 -",
)
PER_YEAR = "Par compte et par an"
PER_SEAT = "Par poste et par an"


@dataclass(frozen=True)
class Variation:
    name: str
    what: str
    deliberation: Deliberation
    layout: Layout
    engine: Literal["reportlab", "word"] = "reportlab"


def price(ttc: str, shift: Decimal) -> dict:
    """HT and TTC (20 % VAT) of a base TTC price moved by ``shift`` HT euros."""
    ht = (D(ttc) / D("1.2")).quantize(D("0.01")) + shift
    return {"ttc": ttc_of(ht), "ht": ht}


def catalogue(shift: Decimal = Decimal(0)) -> tuple[Category, ...]:
    """A made-up catalogue of the syndicat mixte's services, prices moved by ``shift``."""

    def line(label: str, ttc: str, unit: str, **kw) -> Line:
        return Line(label, unit, **price(ttc, shift), **kw)

    return (
        Category(
            "Présence en ligne",
            (
                Group(
                    "Messagerie",
                    (
                        line("Boîte aux lettres 10 Go", "18.60", PER_YEAR),
                        line("Boîte aux lettres illimitée", "25.20", PER_YEAR),
                    ),
                ),
                Group(
                    None,
                    (
                        line("Nom de domaine", "14.40", "Par nom de domaine et par an"),
                        line("Hébergement de site internet", "96.00", "Par site et par an"),
                    ),
                ),
            ),
        ),
        Category(
            "Sécurité",
            (
                Group(
                    "Sauvegarde 100 Go + Partage de fichiers 10 Go",
                    (
                        line("Mise en service niveau 1", "126.00", "Par compte"),
                        line("Mise en service niveau 2", "234.00", "Par compte"),
                        line("Abonnement niveau 1", "462.00", PER_YEAR),
                        line("Abonnement niveau 2", "618.00", PER_YEAR),
                        line("Boîtier NAS 4 disques", "1188.00", "Par unité"),
                        line("Go de stockage supplémentaire", "10.80", "Par an"),
                    ),
                ),
                Group("Antivirus", (line("Licence", "19.20", PER_SEAT),)),
                Group(
                    "Coffre-fort de mots de passe",
                    (line("Licence", "39.60", PER_SEAT),),
                ),
            ),
        ),
    )


def tiers_below(amounts: tuple[int, ...] = (60, 110, 160, 210, 360)) -> tuple[Tier, ...]:
    """'Moins de N habitants' tiers, then 'Plus de 3 500' and the établissement public
    both on quote (one merged cell), as in the reference deliberation."""
    bounds = ((0, 499, 500), (500, 999, 1000), (1000, 1499, 1500), (1500, 1999, 2000))
    out = [
        Tier(f"Moins de {top:,} habitants".replace(",", " "), low, high, D(a))
        for (low, high, top), a in zip(bounds, amounts[:4], strict=True)
    ]
    out.append(Tier("Moins de 3 500 habitants", 2000, 3499, D(amounts[4])))
    out.append(Tier("Plus de 3 500 habitants", 3501, None, on_quote=True))
    out.append(
        Tier(
            "Établissement public",
            None,
            None,
            on_quote=True,
            kind="public_establishment",
            unit="Par établissement public et par an",
            footnote="1",
        )
    )
    return tuple(out)


def sitting(seed: int, present: int = 17, absent: int = 9, **kw) -> Sitting:
    names = members(present + absent, seed)
    defaults = {
        "date": dt.date(2025, 11, 13),
        "present": names[:present],
        "absent": names[present:],
        "references": (("2021/49", dt.date(2021, 11, 23)), ("2025/31", dt.date(2025, 7, 10))),
    }
    return Sitting(**{**defaults, **kw})


def base(seed: int, **kw) -> Deliberation:
    shift = D(seed % 7) * D("0.50")
    defaults = {
        "title": TITLE,
        "sitting": sitting(seed),
        "categories": catalogue(shift),
        "tiers": tiers_below(),
    }
    return Deliberation(**{**defaults, **kw})


# --- variations of the catalogue ------------------------------------------------------


def long_catalogue() -> tuple[Category, ...]:
    """Enough lines (50) for the services table to run over the next page."""
    groups = []
    for g, name in enumerate(("Téléphonie IP", "Visioconférence", "Parapheur électronique")):
        lines = tuple(
            Line(
                f"{name.split()[0]} option {i + 1}",
                PER_YEAR if i % 2 else "Par utilisateur et par mois",
                ttc=ttc_of(D(12 + 7 * i + 3 * g) + D("0.25") * g),
            )
            for i in range(16)
        )
        groups.append(Group(name, lines))
    return (*catalogue(D("1.00")), Category("Outils collaboratifs", tuple(groups)))


def multiline_catalogue() -> tuple[Category, ...]:
    return (
        Category(
            "Présence en ligne",
            (
                Group(
                    "Messagerie collaborative hébergée en France avec agenda partagé",
                    (
                        Line(
                            "Boîte aux lettres 50 Go avec archivage légal et agenda partagé "
                            "entre les services",
                            "Par compte et par an, facturé au prorata à compter du mois "
                            "d'activation",
                            ttc=D("27.60"),
                        ),
                        Line(
                            "Alias supplémentaire",
                            "Par alias",
                            ttc=D("3.60"),
                        ),
                    ),
                ),
            ),
        ),
        Category(
            "Sécurité",
            (
                Group(
                    "Sauvegarde externalisée",
                    (
                        Line(
                            "Go de stockage supplémentaire au-delà du volume inclus dans "
                            "l'abonnement",
                            "Par an et dans la limite de 500 Go – au-delà, devis sous réserve "
                            "de faisabilité technique",
                            ttc=D("9.90"),
                        ),
                        Line(
                            "Restauration complète d'un poste de travail",
                            "Par intervention",
                            ttc=D("144.00"),
                        ),
                    ),
                ),
            ),
        ),
    )


def quoted_catalogue() -> tuple[Category, ...]:
    """Two groups whose last lines are "Sur devis" in one merged cell."""
    cats = catalogue(D("2.00"))
    extra = Group(
        "Prestations sur mesure",
        (
            Line("Audit de sécurité", "Par collectivité", on_quote=True),
            Line("Accompagnement RGPD", "Par collectivité", on_quote=True),
            Line("Migration de messagerie", "Par compte", on_quote=True),
        ),
    )
    return (*cats[:-1], replace(cats[-1], groups=(*cats[-1].groups, extra)))


def footnoted_catalogue(marker_after_digit: bool) -> tuple[Category, ...]:
    """Footnote markers on labels; with ``marker_after_digit`` one follows a label ending
    in a digit ("Abonnement niveau 2" + raised "1"), so only its size tells it apart."""
    cats = catalogue(D("1.50"))
    security = cats[1]
    backup = security.groups[0]
    target = "Abonnement niveau 2" if marker_after_digit else "Boîtier NAS 4 disques"
    lines = tuple(
        replace(line, footnote="1") if line.label == target else line for line in backup.lines
    )
    groups = (replace(backup, lines=lines), *security.groups[1:])
    return (cats[0], replace(security, groups=groups))


def formats_catalogue() -> tuple[Category, ...]:
    nbsp, nnbsp = "\u00a0", "\u202f"
    return (
        Category(
            "Dématérialisation",
            (
                Group(
                    "Certificat électronique RGS**",
                    (
                        Line("Certificat 3 ans", "Par certificat", ttc=D("1104.00")),
                        Line(
                            "Certificat 3 ans avec jeton",
                            "Par certificat",
                            ttc=D("2208.00"),
                            written=f"2{nbsp}208,00{nbsp}€",
                        ),
                        Line(
                            "Renouvellement",
                            "Par certificat",
                            ttc=D("552.00"),
                            written=f"552,00{nnbsp}€",
                        ),
                    ),
                ),
                Group(
                    "Parapheur électronique",
                    (
                        Line("Mise en service", "Par collectivité", free=True, written="Gratuit"),
                        Line("Abonnement", PER_YEAR, ttc=D("12"), written="12 €"),
                        Line(
                            "Signature supplémentaire",
                            "Par lot de 100",
                            ttc=D("16.80"),
                            written="16,80 euros",
                        ),
                        Line(
                            "Archivage à valeur probante",
                            "Par Go et par an",
                            ttc=D("10450.00"),
                            written=f"10{nnbsp}450{nbsp}€",
                        ),
                    ),
                ),
            ),
        ),
    )


# --- variations of the tiers ----------------------------------------------------------

PUBLIC = {"kind": "public_establishment", "unit": "Par établissement public et par an"}

TIERS_DE_A = (
    Tier("Moins de 500 habitants", 0, 499, D(55)),
    Tier("De 500 à 999 habitants", 500, 999, D(95)),
    Tier("De 1 000 à 2 499 habitants", 1000, 2499, D(175)),
    Tier("De 2 500 à 4 999 habitants", 2500, 4999, D(290)),
    Tier("5 000 habitants et plus", 5000, None, D(480)),
    Tier("Établissement public", None, None, D(150), **PUBLIC),
)
TIERS_ENTRE = (
    Tier("Moins de 1 000 habitants", 0, 999, D(80)),
    Tier("Entre 1 000 et 1 999 habitants", 1000, 1999, D(140)),
    Tier("Entre 2 000 et 4 999 habitants", 2000, 4999, D(260)),
    Tier("À partir de 5 000 habitants", 5000, None, on_quote=True),
    Tier("Établissement public", None, None, on_quote=True, **PUBLIC),
)
TIERS_PLUS_DE = (
    Tier("Moins de 2 000 habitants", 0, 1999, D(120)),
    Tier("De 2 000 à 9 999 habitants", 2000, 9999, D(240)),
    Tier("Plus de 10 000 habitants", 10001, None, D(1250)),
    Tier("Établissement public", None, None, on_quote=True, **PUBLIC),
)


# --- the variations -------------------------------------------------------------------


def variations() -> list[Variation]:
    """The variations the extraction reads right (the regression tests)."""
    return [v for v in all_variations() if v.name not in PENDING]


def all_variations() -> list[Variation]:
    """Every variation, those the extraction does not read yet too (``pending``)."""
    v = base_variations() + real_life_variations()
    names = [x.name for x in v]
    assert len(names) == len(set(names))
    assert PENDING <= set(names), PENDING - set(names)
    return v


def base_variations() -> list[Variation]:
    ht_ttc = {"HT": "Tarif HT", "TTC": "Tarif TTC"}
    v = [
        Variation(
            "grid_letter_helvetica",
            "fully ruled tables like the samples: shaded spanning headings, merged "
            "'Sur devis', raised footnote marker, US letter, Helvetica 10",
            base(1),
            Layout(page="letter"),
        ),
        Variation(
            "horizontal_rules_times",
            "tables ruled only horizontally (no vertical lines), Times, unshaded headings",
            base(2),
            Layout(font="Times", rules="horizontal", shaded_headings=False),
        ),
        Variation(
            "grid_unshaded_headings",
            "ruled tables whose category and group rows are not shaded",
            base(3),
            Layout(shaded_headings=False),
        ),
        Variation(
            "columns_unit_service_price",
            "columns in the order Unité | Service | Tarif",
            base(4),
            Layout(columns=("unit", "label", "price")),
        ),
        Variation(
            "columns_price_first",
            "columns in the order Tarif | Désignation | Unité, other header words",
            base(5),
            Layout(
                columns=("price", "label", "unit"),
                label_header="Désignation",
                price_headers={"TTC": "Tarif TTC"},
                unit_header="Unité",
                tier_headers=("Strate de population", "Montant", "Unité"),
                widths={"label": 0.45, "price": 0.17, "unit": 0.38},
            ),
        ),
        Variation(
            "ht_and_ttc_columns",
            "both 'Tarif HT' and 'Tarif TTC' columns: the amount is the TTC one",
            base(6, price_columns=("HT", "TTC")),
            Layout(
                price_headers=ht_ttc,
                widths={"label": 0.38, "price": 0.28, "unit": 0.34},
            ),
        ),
        Variation(
            "ht_only_column",
            "a single 'Prix HT' column: tax basis HT",
            base(7, price_columns=("HT",)),
            Layout(price_headers={"HT": "Prix HT"}),
        ),
        Variation(
            "multiline_cells",
            "long labels, group names and units wrapping over several lines in their cell",
            base(8, categories=multiline_catalogue()),
            Layout(font_size=11, widths={"label": 0.4, "price": 0.16, "unit": 0.44}),
        ),
        Variation(
            "footnote_unicode",
            "footnote markers written as the character ¹ after labels, DejaVu font",
            base(9, categories=footnoted_catalogue(False), service_footnote="Hors frais de port"),
            Layout(font="DejaVu", footnote_style="unicode"),
        ),
        Variation(
            "footnote_raised_after_digit",
            "a small raised '1' right after a label ending in a digit ('Abonnement niveau 2')",
            base(10, categories=footnoted_catalogue(True), service_footnote="Engagement 3 ans"),
            Layout(thousands="\u00a0"),
        ),
        Variation(
            "merged_quote_services",
            "three service lines sharing one merged 'Sur devis' cell",
            base(11, categories=quoted_catalogue()),
            Layout(font="DejaVu"),
        ),
        Variation(
            "page_break_repeated_header",
            "a 60-line services table over two pages, its header row repeated",
            base(12, categories=long_catalogue()),
            Layout(font="DejaVu", page_numbers=True),
        ),
        Variation(
            "amount_formats",
            "amounts '1 104,00 €' (U+202F), '2 208,00 €' (U+00A0), '12 €', "
            "'16,80 euros', 'Gratuit', '10 450 €'",
            base(13, categories=formats_catalogue()),
            Layout(font="DejaVu"),
        ),
        Variation(
            "tiers_de_a_et_plus",
            "tiers 'De N à M habitants', 'N habitants et plus', priced établissement public",
            base(14, tiers=TIERS_DE_A, tier_footnote=None),
            Layout(thousands="\u00a0"),
        ),
        Variation(
            "tiers_entre_a_partir_de",
            "tiers 'Entre N et M habitants', 'À partir de N habitants', quotes not merged",
            base(15, tiers=TIERS_ENTRE, tier_footnote=None),
            Layout(font="Times", merge_quotes=False),
        ),
        Variation(
            "tiers_plus_de_priced",
            "a priced 'Plus de 10 000 habitants' tier over 1 000 €",
            base(16, tiers=TIERS_PLUS_DE, tier_footnote=None),
            Layout(font="DejaVu"),
        ),
        Variation(
            "a4_wide_margins_large_font",
            "A4 page, 85 pt margins, 12 pt text",
            base(17),
            Layout(page="A4", margins=(85, 85, 70, 70), font_size=12, font="DejaVu"),
        ),
        Variation(
            "small_font_narrow_margins",
            "A4 page, 28 pt margins, 8 pt Times",
            base(18),
            Layout(page="A4", margins=(28, 28, 40, 40), font_size=8, font="Times"),
        ),
        Variation(
            "annex_after_signature",
            "the tables in an annex after the President's signature",
            base(19),
            Layout(annex=True, font="DejaVu"),
        ),
        Variation(
            "majority_vote_effective_date",
            "'Par 15 voix pour, 2 voix contre et 1 abstention' (18 present) and "
            "'à compter du 1er janvier 2026'",
            base(
                20,
                sitting=sitting(
                    20,
                    present=18,
                    absent=11,
                    vote=counted_vote(15, 2, 1),
                    effective_date=dt.date(2026, 1, 1),
                    effective_wording="à compter du {date}",
                    date=dt.date(2025, 12, 4),
                    hour="14 heures",
                ),
            ),
            Layout(font="DejaVu"),
        ),
        # --- Word exports through LibreOffice --------------------------------------
        Variation(
            "word_grid",
            "a Word export like the samples: ruled table, shaded headings, merged "
            "'Sur devis', superscript footnote",
            base(21),
            Layout(),
            engine="word",
        ),
        Variation(
            "word_horizontal_rules",
            "a Word export with horizontal rules only and unshaded headings",
            base(22, tiers=TIERS_DE_A, tier_footnote=None),
            Layout(rules="horizontal", shaded_headings=False, font="Times"),
            engine="word",
        ),
        Variation(
            "word_ht_ttc_reordered",
            "a Word export: Unité | Service | Tarif HT | Tarif TTC",
            base(23, price_columns=("HT", "TTC"), tiers=TIERS_ENTRE, tier_footnote=None),
            Layout(
                columns=("unit", "label", "price"),
                price_headers=ht_ttc,
                widths={"label": 0.38, "price": 0.28, "unit": 0.34},
            ),
            engine="word",
        ),
        Variation(
            "word_long_table_annex",
            "a Word export: long table over two pages with its header repeated, in an annex",
            base(
                24,
                categories=long_catalogue(),
                sitting=sitting(24, present=18, absent=4, vote=counted_vote(15, 2, 1)),
            ),
            Layout(annex=True, page_numbers=True),
            engine="word",
        ),
        Variation(
            "word_multiline_footnote",
            "a Word export: wrapping cells and a superscript marker after a digit",
            base(
                25,
                categories=(*multiline_catalogue()[:1], *footnoted_catalogue(True)[1:]),
                service_footnote="Engagement 3 ans",
            ),
            Layout(widths={"label": 0.4, "price": 0.16, "unit": 0.44}),
            engine="word",
        ),
    ]
    return v


def by_name(name: str) -> Variation:
    return next(v for v in all_variations() if v.name == name)
