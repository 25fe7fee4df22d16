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

from tests.pdfgen.layout import Layout, Palette, members
from tests.pdfgen.pending import PENDING
from tests.pdfgen.spec import (
    BudgetTable,
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
    v = (
        base_variations()
        + real_life_variations()
        + second_round_variations()
        + third_round_variations()
        + fourth_round_variations()
        + coloured_variations()
    )
    names = [x.name for x in v]
    assert len(names) == len(set(names))
    assert set(names) >= PENDING, PENDING - set(names)
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


# --- layouts and wordings met in real deliberations (CDG, syndicats mixtes) ------------

SYNDICAT_DATE = dt.date(2026, 2, 12)


def _with_lines(cats: tuple[Category, ...], changes: dict[str, dict]) -> tuple[Category, ...]:
    """The catalogue with every line of the given labels changed."""
    out = []
    for category in cats:
        groups = []
        for group in category.groups:
            lines = tuple(
                replace(line, **changes[line.label]) if line.label in changes else line
                for line in group.lines
            )
            groups.append(replace(group, lines=lines))
        out.append(replace(category, groups=tuple(groups)))
    return tuple(out)


def upper_catalogue(shift: Decimal) -> tuple[Category, ...]:
    return tuple(replace(c, name=c.name.upper()) for c in catalogue(shift))


def own_category_catalogue() -> tuple[Category, ...]:
    """'Hébergement de site internet' as a priced row drawn like a category, between
    two categories."""
    cats = catalogue(D("0.50"))
    presence = cats[0]
    hosting = Line(
        "Hébergement de site internet",
        "Par site et par an",
        ttc=D("102.00"),
        heading_look=True,
    )
    return (
        replace(presence, groups=presence.groups[:1]),
        Category("", (Group(None, (hosting,)),)),
        cats[1],
    )


def noted_catalogue() -> tuple[Category, ...]:
    return _with_lines(
        catalogue(D("2.50")),
        {
            "Boîtier NAS 4 disques": {"note": "Hors frais de port"},
            "Abonnement niveau 2": {"note": "Engagement de 3 ans"},
            "Nom de domaine": {"note": "Tarif inchangé"},
        },
    )


def written_catalogue(written: dict[str, tuple[str, Decimal | None]]) -> tuple[Category, ...]:
    """The catalogue with some price cells written in another way; the amount as the
    truth gives it (None: on quote)."""
    changes = {}
    for label, (text, amount) in written.items():
        if amount is None:
            changes[label] = {"written": text, "on_quote": True, "ttc": None, "ht": None}
        elif amount == 0:
            changes[label] = {"written": text, "free": True, "ttc": D(0), "ht": D(0)}
        else:
            changes[label] = {"written": text, "ttc": amount}
    return _with_lines(catalogue(D("3.00")), changes)


def syndicat_sitting(seed: int, **kw) -> Sitting:
    """A sitting of the syndicat mixte's Comité Syndical."""
    defaults = {
        "date": SYNDICAT_DATE,
        "assembly": "Comité Syndical",
        "place": "ARRAS",
        "president": "Bertrand PETIT",
        "opening": (
            "Le Comité Syndical, régulièrement convoqué, s'est réuni le "
            f"{french_date(SYNDICAT_DATE)} à 18 heures, au siège du Syndicat Mixte à "
            "ARRAS, sous la présidence de M. Bertrand PETIT, Président."
        ),
        "closing": (
            "Ainsi fait et délibéré en séance,",
            f"À ARRAS, le {french_date(SYNDICAT_DATE)}",
            "Le Président,",
            "Bertrand PETIT",
        ),
    }
    return sitting(seed, **{**defaults, **kw})


def presence_counts(s: Sitting, proxies: int = 2) -> tuple[str, ...]:
    present, absent = len(s.present), len(s.absent)
    return (
        f"Membres en exercice : {present + absent} – Présents : {present} – "
        f"Absents : {absent} – Pouvoirs : {proxies} – Votants : {present + proxies}",
    )


HAB = (
    Tier("Moins de 500 hab.", 0, 499, D(50)),
    Tier("De 500 à 999 hab.", 500, 999, D(100)),
    Tier("De 1 000 à 1 999 hab.", 1000, 1999, D(150)),
    Tier("2 000 hab. et plus", 2000, None, D(300)),
    Tier("Établissement public", None, None, on_quote=True, **PUBLIC),
)
DE_ZERO = (
    Tier("De 0 à 499 habitants", 0, 499, D(45)),
    Tier("De 500 à 1 999 habitants", 500, 1999, D(130)),
    Tier("De 2 000 à 4 999 habitants", 2000, 4999, D(270)),
    Tier("≥ 5 000 habitants", 5000, None, on_quote=True),
    Tier("Établissement public", None, None, D(160), **PUBLIC),
)
LOWER_HAB = (
    Tier("moins de 500 hab", 0, 499, D(65)),
    Tier("moins de 1 000 hab", 500, 999, D(115)),
    Tier("moins de 3 500 hab", 1000, 3499, D(230)),
    Tier("plus de 3 500 hab", 3501, None, on_quote=True),
    Tier("Établissement public", None, None, on_quote=True, **PUBLIC),
)
COMMUNES_DE = (
    Tier("Communes de moins de 500 habitants", 0, 499, D(70)),
    Tier("Communes de 500 à 999 habitants", 500, 999, D(120)),
    Tier("Communes de 1 000 à 3 499 habitants", 1000, 3499, D(240)),
    Tier("Communes de 3 500 habitants et plus", 3500, None, D(400)),
    Tier(
        "CCAS / syndicats",
        None,
        None,
        on_quote=True,
        kind="public_establishment",
        unit="Par établissement et par an",
    ),
)
TWO_COLUMN_TIERS = tuple(replace(t, unit="") for t in TIERS_DE_A)


def real_life_variations() -> list[Variation]:
    wide5 = {"ref": 0.07, "label": 0.38, "price": 0.17, "unit": 0.38}
    noted = {"label": 0.33, "price": 0.15, "unit": 0.3, "note": 0.22}
    rejected = Vote(
        unanimity=False,
        votes_for=5,
        votes_against=12,
        abstentions=None,
        wording="Par 5 voix pour et 12 voix contre,",
    )
    contre = Vote(
        unanimity=False,
        votes_for=12,
        votes_against=3,
        abstentions=2,
        wording="Par 12 voix pour, 3 contre et 2 abstentions,",
    )
    stamp = (
        "Envoyé en préfecture le 16/02/2026",
        "Reçu en préfecture le 16/02/2026",
        "Publié le 17/02/2026",
        "ID : 062-256200540-20260212-DEL2026_07-DE",
    )
    s_counts = syndicat_sitting(44)
    return [
        # --- tables ------------------------------------------------------------------
        Variation(
            "page_break_header_not_repeated",
            "a 60-line services table starting mid-page and going on over the next page "
            "without its header row repeated",
            base(31, categories=long_catalogue()),
            Layout(font="DejaVu", repeat_header=False),
        ),
        Variation(
            "word_page_break_header_not_repeated",
            "a Word export: long services table over two pages, header not repeated",
            base(32, categories=long_catalogue()),
            Layout(repeat_header=False, page_numbers=True),
            engine="word",
        ),
        Variation(
            "two_row_header_ht_ttc",
            "header on two rows: 'Tarif' spanning 'HT | TTC', other header cells spanning "
            "both rows",
            base(33, price_columns=("HT", "TTC")),
            Layout(
                price_group_header="Tarif",
                price_headers={"HT": "HT", "TTC": "TTC"},
                widths={"label": 0.38, "price": 0.26, "unit": 0.36},
            ),
        ),
        Variation(
            "word_two_row_header_ht_ttc",
            "a Word export: 'Tarif' merged over 'HT | TTC', the other header cells merged "
            "over both rows",
            base(34, price_columns=("HT", "TTC")),
            Layout(
                price_group_header="Tarif",
                price_headers={"HT": "HT", "TTC": "TTC"},
                widths={"label": 0.38, "price": 0.26, "unit": 0.36},
            ),
            engine="word",
        ),
        Variation(
            "two_row_header_single_price",
            "'Tarif' in one header cell above 'TTC' in a second header row",
            base(35),
            Layout(price_group_header="Tarif", price_headers={"TTC": "TTC"}),
        ),
        Variation(
            "stacked_header_tarif_ttc",
            "the price header written on two lines in one cell: 'Tarif' / 'TTC'",
            base(36),
            Layout(price_headers={"TTC": "Tarif\nTTC"}, font="DejaVu"),
        ),
        Variation(
            "number_column_first",
            "a first column 'N°' numbering the lines (1, 2, …) before the service label",
            base(37),
            Layout(columns=("ref", "label", "price", "unit"), widths=wide5),
        ),
        Variation(
            "word_reference_column",
            "a Word export with a first column 'Réf.' numbering the lines",
            base(38),
            Layout(columns=("ref", "label", "price", "unit"), widths=wide5, ref_header="Réf."),
            engine="word",
        ),
        Variation(
            "observations_column",
            "an 'Observations' column at the right, filled on a few lines only",
            base(39, categories=noted_catalogue()),
            Layout(columns=("label", "price", "unit", "note"), widths=noted),
        ),
        Variation(
            "uppercase_categories_unshaded",
            "category rows in upper case ('SÉCURITÉ'), bold but not shaded",
            base(40, categories=upper_catalogue(D("1.00"))),
            Layout(shaded_headings=False, font="DejaVu"),
        ),
        Variation(
            "italic_groups",
            "group rows in italics, not bold; unshaded headings",
            base(41),
            Layout(shaded_headings=False, group_italic=True),
        ),
        Variation(
            "service_as_own_category",
            "a priced line drawn like a category row (bold, shaded) between two categories",
            base(42, categories=own_category_catalogue()),
            Layout(),
        ),
        Variation(
            "word_landscape_annex",
            "a Word export whose annex (both tables) is on a landscape page",
            base(43),
            Layout(annex=True, landscape_annex=True),
            engine="word",
        ),
        Variation(
            "word_middle_aligned_padded_cells",
            "a Word export: wrapping cells, every cell of a line centred vertically, wide "
            "cell margins",
            base(44, categories=multiline_catalogue()),
            Layout(
                valign="middle",
                cell_padding=6,
                widths={"label": 0.4, "price": 0.16, "unit": 0.44},
            ),
            engine="word",
        ),
        Variation(
            "middle_aligned_multiline",
            "wrapping cells with every cell of a line centred vertically",
            base(45, categories=multiline_catalogue()),
            Layout(valign="middle", widths={"label": 0.4, "price": 0.16, "unit": 0.44}),
        ),
        Variation(
            "word_calibri",
            "a Word export in 'Calibri' 11 (replaced by LibreOffice's substitute)",
            base(46),
            Layout(font="Calibri", font_size=11),
            engine="word",
        ),
        Variation(
            "narrow_font",
            "Liberation Sans Narrow 9: tight word and column gaps",
            base(47),
            Layout(font="Narrow", font_size=9),
        ),
        # --- amounts -----------------------------------------------------------------
        Variation(
            "amount_ttc_per_year_suffix",
            "price cells '18,60 € TTC/an' and '25,20 € TTC / an'",
            base(
                48,
                categories=written_catalogue(
                    {
                        "Boîte aux lettres 10 Go": ("18,60 € TTC/an", D("18.60")),
                        "Boîte aux lettres illimitée": ("25,20 € TTC / an", D("25.20")),
                    }
                ),
            ),
            Layout(font="DejaVu"),
        ),
        Variation(
            "amount_decimal_point",
            "price cells with a decimal point: '14.40 €', '96.00 €'",
            base(
                49,
                categories=written_catalogue(
                    {
                        "Nom de domaine": ("14.40 €", D("14.40")),
                        "Hébergement de site internet": ("96.00 €", D("96.00")),
                    }
                ),
            ),
            Layout(),
        ),
        Variation(
            "amount_eur_code",
            "price cells 'EUR 19,20' (both licences) and '10,80 EUR'",
            base(
                50,
                categories=written_catalogue(
                    {"Licence": ("EUR 19,20", D("19.20"))}
                    | {"Go de stockage supplémentaire": ("10,80 EUR", D("10.80"))}
                ),
            ),
            Layout(),
        ),
        Variation(
            "amount_ht_with_ttc_in_brackets",
            "a single 'Tarif' column whose cells give both: '105,00 € HT (126,00 € TTC)'",
            base(
                51,
                categories=written_catalogue(
                    {
                        "Mise en service niveau 1": ("105,00 € HT (126,00 € TTC)", D("126.00")),
                        "Mise en service niveau 2": ("195,00 € HT (234,00 € TTC)", D("234.00")),
                    }
                ),
            ),
            Layout(price_headers={"TTC": "Tarif"}, font="DejaVu"),
        ),
        Variation(
            "amount_a_partir_de",
            "a price cell 'À partir de 990 €' (a floor, the price is quoted): on quote",
            base(
                52,
                categories=written_catalogue(
                    {"Boîtier NAS 4 disques": ("À partir de 990 €", None)}
                ),
            ),
            Layout(),
        ),
        Variation(
            "amount_inclus_offert",
            "price cells 'Inclus' and 'Offert': free lines",
            base(
                53,
                categories=written_catalogue(
                    {
                        "Mise en service niveau 1": ("Offert", D(0)),
                        "Go de stockage supplémentaire": ("Inclus", D(0)),
                    }
                ),
            ),
            Layout(),
        ),
        # --- tiers -------------------------------------------------------------------
        Variation(
            "tiers_two_columns",
            "tiers table 'Strate | Tarif' with no unit column, the unit in its title",
            base(54, tiers=TWO_COLUMN_TIERS, tier_footnote=None),
            Layout(
                tier_columns=("label", "price"),
                tier_headers=("Strate", "Tarif", ""),
                tier_title="Accompagnement par le Centre de Gestion (tarif annuel par "
                "collectivité)",
            ),
        ),
        Variation(
            "tiers_hab_abbreviation",
            "tiers 'Moins de 500 hab.', 'De 500 à 999 hab.', '2 000 hab. et plus'",
            base(55, tiers=HAB, tier_footnote=None),
            Layout(font="DejaVu"),
        ),
        Variation(
            "tiers_de_zero_and_symbol",
            "tiers 'De 0 à 499 habitants' … '≥ 5 000 habitants'",
            base(56, tiers=DE_ZERO, tier_footnote=None),
            Layout(font="DejaVu"),
        ),
        Variation(
            "tiers_lower_case_hab",
            "tiers in lower case without a full stop: 'moins de 500 hab', 'plus de 3 500 hab'",
            base(57, tiers=LOWER_HAB, tier_footnote=None),
            Layout(),
        ),
        Variation(
            "tiers_communes_and_ccas",
            "tiers 'Communes de 500 à 999 habitants' … and a last row 'CCAS / syndicats' "
            "'Sur devis'",
            base(58, tiers=COMMUNES_DE, tier_footnote=None),
            Layout(font="DejaVu"),
        ),
        # --- the sitting -------------------------------------------------------------
        Variation(
            "comite_syndical_convoque",
            "'Le Comité Syndical, régulièrement convoqué, s'est réuni le 12 février 2026 "
            "… à ARRAS'",
            base(59, sitting=syndicat_sitting(59)),
            Layout(font="DejaVu"),
        ),
        Variation(
            "presence_as_numbers",
            "'Membres en exercice : 26 – Présents : 17 – Absents : 9 – Pouvoirs : 2 – "
            "Votants : 19' instead of the lists of names",
            base(60, sitting=replace(s_counts, presence=presence_counts(s_counts))),
            Layout(),
        ),
        Variation(
            "vote_adopte_a_l_unanimite",
            "the vote written 'Adopté à l'unanimité.'",
            base(61, sitting=sitting(61, vote=Vote(wording="Adopté à l'unanimité."))),
            Layout(),
        ),
        Variation(
            "vote_contre_without_voix",
            "'Par 12 voix pour, 3 contre et 2 abstentions' (no second 'voix')",
            base(62, sitting=sitting(62, vote=contre)),
            Layout(),
        ),
        Variation(
            "vote_rejected",
            "'Par 5 voix pour et 12 voix contre,' then 'REJETTE les tarifs proposés'",
            base(
                63,
                sitting=sitting(
                    63,
                    vote=rejected,
                    decision="REJETTE les tarifs proposés pour l'annexe 2 de la convention "
                    "tripartite ;",
                ),
            ),
            Layout(),
        ),
        Variation(
            "prefecture_stamp_effective_date",
            "the prefecture's stamp at the top ('Reçu en préfecture le 16/02/2026', "
            "'ID : 062-…') and 'à compter du 1er janvier 2027'",
            base(
                64,
                sitting=syndicat_sitting(
                    64,
                    stamp=stamp,
                    effective_date=dt.date(2027, 1, 1),
                    effective_wording="à compter du {date}",
                ),
            ),
            Layout(font="DejaVu"),
        ),
        Variation(
            "date_in_words_convocation",
            "'L'an deux mille vingt-six, le douze février …' with 'Date de convocation : "
            "5 février 2026' and 'Fait et délibéré les jour, mois et an susdits'",
            base(
                65,
                sitting=syndicat_sitting(
                    65,
                    heading=("Date de convocation : 5 février 2026",),
                    opening=(
                        "L'an deux mille vingt-six, le douze février à dix-huit heures, le "
                        "Comité Syndical, légalement convoqué, s'est réuni au siège du "
                        "Syndicat Mixte à ARRAS, sous la présidence de M. Bertrand PETIT, "
                        "Président."
                    ),
                    closing=(
                        "Fait et délibéré à ARRAS, les jour, mois et an susdits.",
                        "Pour extrait certifié conforme,",
                        "Le Président,",
                        "Bertrand PETIT",
                    ),
                ),
            ),
            Layout(),
        ),
        Variation(
            "seance_du_heading",
            "'EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS – Séance du 12 février 2026', the "
            "opening without a date",
            base(
                66,
                sitting=syndicat_sitting(
                    66,
                    heading=(
                        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU COMITÉ SYNDICAL",
                        "Séance du 12 février 2026",
                    ),
                    opening=(
                        "Le Comité Syndical, régulièrement convoqué le 5 février 2026, s'est "
                        "réuni en séance publique au siège du Syndicat Mixte à ARRAS, sous "
                        "la présidence de M. Bertrand PETIT, Président."
                    ),
                ),
            ),
            Layout(),
        ),
        Variation(
            "own_number_in_heading",
            "the deliberation's own number above the title: 'Délibération n° 2025/58'",
            base(67, sitting=sitting(67, heading=("Délibération n° 2025/58",))),
            Layout(),
        ),
    ]


# --- second round: more wordings and layouts of CDG and syndicat mixte deliberations ---

JULY = dt.date(2025, 7, 10)
CDG_CLOSING = (
    "Ainsi fait et délibéré en séance,",
    f"À BRUAY-LA-BUISSIERE, le {french_date(JULY)}",
    "Le Président,",
    "René HOCQ",
)
ANNEX_STAMP = (
    "Accusé de réception en préfecture",
    "062-256200391-20250710-2025_31-DE",
    "Date de télétransmission : 11/07/2025",
    "Reçu le 15/07/2025",
)
RECEIPT_STAMP = (
    "Envoyé en préfecture le 11/07/2025",
    "Reçu en préfecture le 15/07/2025",
    "ID : 062-256200391-20250710-2025_31-DE",
)
LONG_EXPOSITION = (
    "Par délibération du 23 novembre 2021, le Conseil d'Administration a approuvé la "
    "convention de partenariat avec le Syndicat Mixte afin de proposer aux communes de moins "
    "de 2 000 habitants un pack numérique de base, financé par les crédits REACT EU, "
    "comprenant une messagerie, un nom de domaine, une page internet, une solution de "
    "sauvegarde et de partage de fichiers et un antivirus.",
    "Ce dispositif a rencontré un large succès : plus de trois cents collectivités du "
    "département en bénéficient aujourd'hui. La fin du financement européen conduit le "
    "Syndicat Mixte à proposer ses services de manière unitaire, à un tarif fixé chaque "
    "année par son Comité Syndical, et le Centre de Gestion à facturer son accompagnement "
    "selon la strate de population de la collectivité.",
    "L'accompagnement du Centre de Gestion comprend l'analyse des besoins de la "
    "collectivité, l'aide à la mise en service des outils, la formation des agents à leur "
    "usage, l'assistance de premier niveau et le suivi de la relation avec le Syndicat "
    "Mixte. Il fait l'objet d'une participation annuelle forfaitaire, quel que soit le "
    "nombre de services souscrits par la collectivité.",
    "Les services du Syndicat Mixte sont facturés directement par celui-ci, par titre de "
    "recettes, sur la base des tarifs en vigueur à la date de la commande. Les tarifs "
    "figurant en annexe 2 de la convention tripartite sont actualisés par délibération "
    "du Conseil d'Administration, sans qu'un avenant à la convention soit nécessaire.",
    "Le Comité Syndical du Syndicat Mixte a adopté de nouveaux tarifs pour ses services, "
    "tenant compte de l'évolution des coûts de ses fournisseurs et de l'extension de son "
    "offre à de nouveaux outils, notamment un coffre-fort de mots de passe et un boîtier "
    "de stockage en réseau pour les collectivités qui souhaitent conserver leurs données "
    "sur place.",
    "Il est proposé aux membres du Conseil d'Administration d'actualiser en conséquence "
    "l'annexe 2 de la convention tripartite, et de maintenir la participation annuelle au "
    "titre de l'accompagnement du Centre de Gestion selon les strates de population "
    "rappelées dans cette même annexe.",
) * 2
TIERS_PARTICIPATION = (
    Tier("0 à 499 habitants", 0, 499, D(50)),
    Tier("500 - 999 habitants", 500, 999, D(100)),
    Tier("1 000 à 4 999 habitants", 1000, 4999, D(200)),
    Tier("Au-delà de 5 000 habitants", 5001, None, D(350)),
    Tier("Établissement public", None, None, D(150), **PUBLIC),
)


def cdg_sitting(seed: int, **kw) -> Sitting:
    """The CDG's board on 10 July 2025 (the reference deliberation's sitting)."""
    defaults = {
        "date": JULY,
        "references": (("2021/49", dt.date(2021, 11, 23)),),
        "closing": CDG_CLOSING,
    }
    return sitting(seed, **{**defaults, **kw})


def with_proxies(s: Sitting, proxies: int) -> tuple[str, ...]:
    """'Etaient présents : …', 'Absents excusés ayant donné pouvoir : M. X (pouvoir à
    M. Y) – …', 'Absents excusés : …': the absent members who gave a proxy are absent."""
    given = [
        f"{name} (pouvoir à {s.present[i].split(',')[0]})"
        for i, name in enumerate(s.absent[:proxies])
    ]
    return (
        "Etaient présents : " + " – ".join(s.present) + ".",
        "Absents excusés ayant donné pouvoir : " + " – ".join(given) + ".",
        "Absents excusés : " + " – ".join(s.absent[proxies:]) + ".",
    )


def written_prices(shift: Decimal, written: dict[str, str]) -> tuple[Category, ...]:
    """The catalogue with some price cells written around their own amount ("{}" is
    replaced by the French amount): footnote calls, suffixes."""
    cats = catalogue(shift)
    changes = {}
    for _, _, line in ((c.name, g.name, li) for c in cats for g in c.groups for li in g.lines):
        if line.label in written:
            amount = f"{line.ttc:.2f}".replace(".", ",") + "\u00a0€"
            changes[line.label] = {"written": written[line.label].format(amount)}
    return _with_lines(cats, changes)


def second_round_variations() -> list[Variation]:
    cdg_opening = (
        "Le Conseil d'Administration du Centre de Gestion de la Fonction Publique "
        "Territoriale du Pas-de-Calais s'est réuni le 10/07/2025 à 10h30, salle des réunions "
        "au CENTRE DE GESTION à BRUAY-LA-BUISSIERE, sous la présidence de Monsieur René HOCQ, "
        "Président du CDG 62."
    )
    proxies = cdg_sitting(74)
    counted = cdg_sitting(75, present=18, absent=14)
    receipt = (
        "Envoyé en préfecture le 12/09/2025",
        "Reçu en préfecture le 15/09/2025",
        "Publié le 15/09/2025",
        "ID : 062-256200391-20250710-2025_31-DE",
    )
    no_date_arrete = "ARRETE les tarifs présents dans l'annexe 2 de la convention tripartite ;"
    return [
        # --- the sitting -------------------------------------------------------------
        Variation(
            "sitting_numeric_date_monsieur",
            "'s'est réuni le 10/07/2025 à 10h30 … sous la présidence de Monsieur René HOCQ'",
            base(70, sitting=cdg_sitting(70, opening=cdg_opening)),
            Layout(),
        ),
        Variation(
            "presidente_madame",
            "'sous la présidence de Mme Claire DURAND, Présidente du CDG 62', signed "
            "'La Présidente, Claire DURAND'",
            base(
                71,
                sitting=cdg_sitting(
                    71,
                    president="Claire DURAND",
                    president_civility="Mme",
                    opening=(
                        "Le Conseil d'Administration s'est réuni le Jeudi 10 Juillet 2025 à "
                        "10 heures 30, salle des réunions au CENTRE DE GESTION à "
                        "BRUAY-LA-BUISSIERE, sous la présidence de Mme Claire DURAND, "
                        "Présidente du CDG 62."
                    ),
                    closing=(*CDG_CLOSING[:2], "La Présidente,", "Claire DURAND"),
                ),
            ),
            Layout(),
        ),
        Variation(
            "secretary_before_opening",
            "'Secrétaire de séance : Mme Sylvie LEROY, Maire de HESDIN' above the sitting sentence",
            base(
                72,
                sitting=cdg_sitting(
                    72,
                    secretary_first=True,
                    secretary_line="Secrétaire de séance : Mme Sylvie LEROY, Maire de HESDIN",
                ),
            ),
            Layout(),
        ),
        Variation(
            "convocation_date_before_sitting",
            "'Le Conseil d'Administration, régulièrement convoqué le 1er juillet 2025, "
            "s'est réuni le Jeudi 10 Juillet 2025 …'",
            base(
                73,
                sitting=cdg_sitting(
                    73,
                    opening=(
                        "Le Conseil d'Administration, régulièrement convoqué le 1er juillet "
                        "2025, s'est réuni le Jeudi 10 Juillet 2025 à 10 heures 30, salle des "
                        "réunions au CENTRE DE GESTION à BRUAY-LA-BUISSIERE, sous la "
                        "présidence de M. René HOCQ, Président du CDG 62."
                    ),
                ),
            ),
            Layout(),
        ),
        Variation(
            "absents_with_proxies",
            "'Absents excusés ayant donné pouvoir : M. X (pouvoir à M. Y) – …' (3) then "
            "'Absents excusés : …' (6): 9 absent",
            base(74, sitting=replace(proxies, presence=with_proxies(proxies, 3))),
            Layout(),
        ),
        Variation(
            "presents_sur_en_exercice",
            "'18 membres présents sur 32 en exercice' instead of the lists of names",
            base(
                75,
                sitting=replace(
                    counted,
                    presence=("Le quorum étant atteint : 18 membres présents sur 32 en exercice.",),
                ),
            ),
            Layout(),
        ),
        Variation(
            "effective_entrent_en_vigueur",
            "a last article 'DIT que ces tarifs entrent en vigueur le 1er septembre 2025.'",
            base(
                76,
                sitting=cdg_sitting(
                    76,
                    effective_date=dt.date(2025, 9, 1),
                    decision=no_date_arrete,
                    after_decision=(
                        "DIT que ces tarifs entrent en vigueur le 1er septembre 2025.",
                    ),
                ),
            ),
            Layout(),
        ),
        Variation(
            "effective_a_effet_du",
            "'ARRETE les tarifs … à effet du 1er janvier 2026'",
            base(
                77,
                sitting=cdg_sitting(
                    77,
                    effective_date=dt.date(2026, 1, 1),
                    effective_wording="à effet du {date}",
                ),
            ),
            Layout(),
        ),
        Variation(
            "effective_applicables_a_partir_du",
            "'ARRETE les tarifs …, applicables à partir du 1er octobre 2025'",
            base(
                78,
                sitting=cdg_sitting(
                    78,
                    effective_date=dt.date(2025, 10, 1),
                    effective_wording="applicables à partir du {date}",
                ),
            ),
            Layout(),
        ),
        Variation(
            "stated_date_then_later_receipt",
            "'à compter du 1er septembre 2025' and a prefecture stamp 'Reçu en préfecture le "
            "15/09/2025', 'Publié le 15/09/2025': stated 1 Sept., enforceable 15 Sept.",
            base(
                79,
                sitting=cdg_sitting(
                    79,
                    stamp=receipt,
                    effective_date=dt.date(2025, 9, 1),
                    effective_wording="à compter du {date}",
                    enforceable_date=dt.date(2025, 9, 15),
                ),
            ),
            Layout(font="DejaVu"),
        ),
        Variation(
            "vote_suffrages_exprimes",
            "'Après en avoir délibéré, à l'unanimité des suffrages exprimés,'",
            base(
                97,
                sitting=cdg_sitting(
                    97,
                    vote=Vote(
                        wording="Après en avoir délibéré, à l'unanimité des suffrages exprimés,"
                    ),
                ),
            ),
            Layout(),
        ),
        # --- tables ------------------------------------------------------------------
        Variation(
            "table_per_category",
            "one services table per category, each with its own header row",
            base(80),
            Layout(split_tables=True),
        ),
        Variation(
            "word_table_per_category_titled",
            "a Word export: 'ANNEXE 2 – TARIFS' spanning the first table above its header, "
            "then one table per category",
            base(81),
            Layout(split_tables=True, table_title="ANNEXE 2 – TARIFS"),
            engine="word",
        ),
        Variation(
            "title_row_above_header",
            "a first row 'ANNEXE 2 – TARIFS' spanning the services table above its header",
            base(82),
            Layout(table_title="ANNEXE 2 – TARIFS"),
        ),
        Variation(
            "headers_cout_annuel_periodicite",
            "headers 'Prestations proposées | Coût annuel TTC | Périodicité'",
            base(83),
            Layout(
                label_header="Prestations proposées",
                price_headers={"TTC": "Coût annuel TTC"},
                unit_header="Périodicité",
                tier_headers=("Strate de population", "Coût annuel TTC", "Périodicité"),
            ),
        ),
        Variation(
            "headers_designation_montant_modalites",
            "headers 'Désignation | Montant TTC | Modalités de facturation'",
            base(84),
            Layout(
                label_header="Désignation",
                price_headers={"TTC": "Montant TTC"},
                unit_header="Modalités de facturation",
                tier_headers=("Collectivités", "Montant TTC", "Modalités de facturation"),
            ),
        ),
        Variation(
            "header_prix_unitaire_ttc",
            "price column headed 'Prix unitaire TTC'",
            base(85),
            Layout(
                price_headers={"TTC": "Prix unitaire TTC"},
                tier_headers=("Collectivités", "Prix unitaire TTC", "Unité de facturation"),
            ),
        ),
        Variation(
            "price_footnote_calls",
            "price cells with a footnote call: '18,60 € (1)', '462,00 €*', notes under the table",
            base(
                86,
                categories=written_prices(
                    D("0.00"),
                    {
                        "Boîte aux lettres 10 Go": "{} (1)",
                        "Nom de domaine": "{} (1)",
                        "Abonnement niveau 1": "{}*",
                    },
                ),
                price_footnotes=(
                    "(1) Tarif inchangé par rapport à l'année précédente.",
                    "* Engagement d'une durée minimale de douze mois.",
                ),
            ),
            Layout(),
        ),
        Variation(
            "spacer_rows",
            "an empty row before each category row but the first",
            base(87),
            Layout(spacer_rows=True),
        ),
        Variation(
            "heading_rows_em_dash",
            "category and group rows not merged: the name in the first cell and '—' in "
            "the price cell",
            base(88),
            Layout(heading_price="—"),
        ),
        Variation(
            "heading_rows_hyphen_unshaded",
            "category and group rows not merged, '-' in the price cell, unshaded",
            base(89),
            Layout(heading_price="-", shaded_headings=False),
        ),
        Variation(
            "frame_grey_no_inner_verticals",
            "a light grey outer frame and rules between rows, no inner vertical rule",
            base(90),
            Layout(rules="frame", shaded_headings=False),
        ),
        Variation(
            "word_frame_grey",
            "a Word export with a light grey outer frame and row rules only",
            base(91),
            Layout(rules="frame"),
            engine="word",
        ),
        Variation(
            "rules_as_rectangles",
            "a grid whose rules are thin filled rectangles (as Word's own PDF export draws "
            "them), no stroked line",
            base(92),
            Layout(rules="rects"),
        ),
        # --- tiers -------------------------------------------------------------------
        Variation(
            "tiers_participation_mixed_wordings",
            "tiers table titled 'Participation annuelle au titre de l'accompagnement': "
            "'0 à 499 habitants', '500 - 999 habitants', 'Au-delà de 5 000 habitants', a "
            "priced 'Établissement public'",
            base(93, tiers=TIERS_PARTICIPATION, tier_footnote=None),
            Layout(tier_title="Participation annuelle au titre de l'accompagnement"),
        ),
        Variation(
            "tiers_bulleted_list",
            "the tiers as a bulleted list in the text ('- Moins de 500 habitants : 60,00 € "
            "par collectivité et par an ;'), no tiers table",
            base(94),
            Layout(
                tiers_as_list=True,
                tier_title="La participation annuelle au titre de l'accompagnement du Centre "
                "de Gestion est fixée comme suit",
            ),
        ),
        # --- documents ---------------------------------------------------------------
        Variation(
            "four_pages_annex_after_stamp",
            "a 4-page deliberation: long exposé, signature, the prefecture's stamp "
            "('Accusé de réception en préfecture 062-…-2025_31-DE', 'Reçu le 15/07/2025'), "
            "then the annex with the tables",
            base(
                95,
                sitting=cdg_sitting(95, stamp=ANNEX_STAMP, enforceable_date=dt.date(2025, 7, 15)),
                exposition=LONG_EXPOSITION,
            ),
            Layout(annex=True, stamp_at_end=True, page_numbers=True),
        ),
        Variation(
            "word_four_pages_annex_after_stamp",
            "a Word export: long exposé, signature, the stamp ('Reçu en préfecture le "
            "15/07/2025'), then the annex tables",
            base(
                96,
                sitting=cdg_sitting(96, stamp=RECEIPT_STAMP, enforceable_date=dt.date(2025, 7, 15)),
                exposition=LONG_EXPOSITION,
            ),
            Layout(annex=True, stamp_at_end=True, page_numbers=True, annex_title="ANNEXE 2"),
            engine="word",
        ),
    ]


# --- third round: CDG-like layouts that real documents use -----------------------------


def domain_catalogue() -> tuple[Category, ...]:
    """Domaine | Prestation | Détail: a service without details has its label in the
    Prestation column and its Domaine as truth group."""

    def alone(label: str, ttc: str, unit: str, domain: str) -> Line:
        return Line(label, unit, ttc=D(ttc), truth_group=domain)

    online, paperless = "Présence en ligne", "Dématérialisation"

    return (
        Category(
            "Présence en ligne",
            (
                Group(
                    "Messagerie",
                    (
                        Line("Boîte aux lettres 10 Go", PER_YEAR, ttc=D("19.20")),
                        Line("Boîte aux lettres illimitée", PER_YEAR, ttc=D("26.40")),
                    ),
                ),
                Group(
                    None,
                    (
                        alone("Nom de domaine", "15.00", "Par nom de domaine et par an", online),
                        alone(
                            "Hébergement de site internet", "99.60", "Par site et par an", online
                        ),
                    ),
                ),
            ),
        ),
        Category(
            "Sécurité",
            (
                Group(
                    "Sauvegarde 100 Go",
                    (
                        Line("Mise en service", "Par compte", ttc=D("130.80")),
                        Line("Abonnement", PER_YEAR, ttc=D("468.00")),
                    ),
                ),
                Group("Antivirus", (Line("Licence", PER_SEAT, ttc=D("20.40")),)),
                Group(
                    "Coffre-fort de mots de passe",
                    (Line("Licence", PER_SEAT, ttc=D("40.80")),),
                ),
            ),
        ),
        Category(
            "Dématérialisation",
            (
                Group(
                    None,
                    (
                        alone(
                            "Parapheur électronique",
                            "144.00",
                            "Par collectivité et par an",
                            paperless,
                        ),
                        alone(
                            "Certificat électronique RGS**", "264.00", "Par certificat", paperless
                        ),
                    ),
                ),
            ),
        ),
    )


def unit_in_price_catalogue() -> tuple[Category, ...]:
    """No unit column: the price cell carries the unit after the amount."""

    def line(label: str, written: str, ttc: str, unit: str) -> Line:
        return Line(label, unit, ttc=D(ttc), written=written)

    return (
        Category(
            "Présence en ligne",
            (
                Group(
                    "Messagerie",
                    (
                        line(
                            "Boîte aux lettres 10 Go",
                            "16,80 € par compte et par an",
                            "16.80",
                            "par compte et par an",
                        ),
                        line(
                            "Boîte aux lettres illimitée",
                            "24,00 € par compte et par an",
                            "24.00",
                            "par compte et par an",
                        ),
                    ),
                ),
                Group(
                    None,
                    (
                        line("Nom de domaine", "12 € / an", "12", "an"),
                        line("Hébergement de site internet", "90 € / an", "90", "an"),
                    ),
                ),
            ),
        ),
        Category(
            "Sécurité",
            (
                Group(
                    "Antivirus",
                    (
                        line(
                            "Licence", "18,00 € par poste et par an", "18.00", "par poste et par an"
                        ),
                    ),
                ),
                Group(
                    "Sauvegarde",
                    (
                        line("Mise en service", "120,00 € par compte", "120.00", "par compte"),
                        line("Go supplémentaire", "9,60 € / an", "9.60", "an"),
                    ),
                ),
            ),
        ),
    )


def matrix_catalogue(shift: Decimal = Decimal(0)) -> tuple[Category, ...]:
    """Two prices per service: members of the syndicat mixte, other collectivités (each
    moved by ``shift`` euros)."""

    def line(label: str, unit: str, member: str, other: str) -> Line:
        return Line(label, unit, matrix=(D(member) + shift, D(other) + shift))

    return (
        Category(
            "Présence en ligne",
            (
                Group(
                    None,
                    (
                        line("Boîte aux lettres 10 Go", PER_YEAR, "18.00", "22.80"),
                        line("Nom de domaine", "Par nom de domaine et par an", "13.20", "16.80"),
                        line(
                            "Hébergement de site internet", "Par site et par an", "90.00", "118.80"
                        ),
                    ),
                ),
            ),
        ),
        Category(
            "Sécurité",
            (
                Group(
                    None,
                    (
                        line(
                            "Sauvegarde 100 Go – mise en service", "Par compte", "120.00", "150.00"
                        ),
                        line("Sauvegarde 100 Go – abonnement", PER_YEAR, "450.00", "540.00"),
                        line("Antivirus", PER_SEAT, "18.00", "21.60"),
                    ),
                ),
            ),
        ),
    )


TIERS_STRATE = (
    Tier("Moins de 500 habitants", 0, 499, D(65), unit=""),
    Tier("De 500 à 999 habitants", 500, 999, D(115), unit=""),
    Tier("De 1 000 à 1 999 habitants", 1000, 1999, D(170), unit=""),
    Tier("De 2 000 à 3 499 habitants", 2000, 3499, D(230), unit=""),
    Tier("3 500 habitants et plus", 3500, None, on_quote=True, unit=""),
    Tier("Établissement public", None, None, D(140), kind="public_establishment", unit=""),
)
BUDGET_2026 = BudgetTable(
    "Section de fonctionnement – Dépenses",
    (
        ("011", "6156", "Maintenance des logiciels", D("12500.00")),
        ("011", "6262", "Frais de télécommunications", D("4300.00")),
        ("65", "6558", "Participation au Syndicat Mixte La Fibre Numérique 59-62", D("28500.00")),
    ),
)
DM_EXPENSES = BudgetTable(
    "Section de fonctionnement – Dépenses",
    (
        ("011", "6156", "Maintenance", D("8000.00")),
        ("012", "6411", "Personnel titulaire", D("15000.00")),
        ("65", "6558", "Autres contributions obligatoires", D("2500.00")),
    ),
)
DM_RECEIPTS = BudgetTable(
    "Section de fonctionnement – Recettes",
    (
        ("70", "7066", "Redevances et droits des services à caractère social", D("10500.00")),
        ("74", "7478", "Participations des autres organismes", D("15000.00")),
    ),
)


def third_round_variations() -> list[Variation]:
    domain = {"category": 0.19, "group": 0.2, "label": 0.23, "price": 0.12, "unit": 0.26}
    domain_layout = Layout(
        columns=("category", "group", "label", "price", "unit"),
        widths=domain,
        label_header="Détail",
        price_headers={"TTC": "Tarif TTC"},
        unit_header="Unité",
        tier_columns=("label", "price", "unit"),
        tier_headers=("Strate de population", "Tarif TTC", "Unité"),
    )
    wrapping = _with_lines(
        catalogue(D("1.50")),
        {
            "Boîte aux lettres 10 Go": {
                "unit": "Par compte et par an, au prorata de la mise en service"
            }
        },
    )
    unruled = Layout(
        rules="none",
        shaded_headings=False,
        widths={"label": 0.45, "price": 0.2, "unit": 0.35},
    )
    decision_modificative = Deliberation(
        title=("DECISION MODIFICATIVE N°1 – BUDGET PRINCIPAL 2025",),
        sitting=cdg_sitting(
            111,
            references=(),
            decision="ADOPTE la décision modificative n°1 du budget principal 2025 telle que "
            "présentée ci-dessus ;",
        ),
        categories=(),
        tiers=(),
        tier_footnote=None,
        preamble=(
            "Le Président expose au Conseil d'Administration qu'il convient d'ajuster les "
            "crédits du budget principal 2025 afin de tenir compte des dépenses et des "
            "recettes intervenues depuis le vote du budget primitif.",
        ),
        budget=(DM_EXPENSES, DM_RECEIPTS),
        budget_intro="Les mouvements de crédits proposés sont les suivants :",
        proposal="- d'adopter la décision modificative n°1 du budget principal 2025 ;",
        authorisation="AUTORISE le Président à signer tout document relatif à son exécution.",
    )
    return [
        Variation(
            "no_header_row",
            "un tableau des services sans aucune ligne d'en-tête : les lignes libellé | tarif "
            "| unité d'emblée, les catégories en lignes pleine largeur",
            base(100),
            Layout(services_header=False),
        ),
        Variation(
            "word_no_header_row",
            "un export Word : tableau des services sans ligne d'en-tête",
            base(101),
            Layout(services_header=False),
            engine="word",
        ),
        Variation(
            "header_price_only_empty_first",
            "un en-tête qui ne nomme que la colonne des prix ('Tarif proposé'), première "
            "et dernière cellules d'en-tête vides",
            base(102),
            Layout(label_header="", price_headers={"TTC": "Tarif proposé"}, unit_header=""),
        ),
        Variation(
            "header_price_only_table_named",
            "un en-tête dont la première cellule nomme le tableau ('Pack numérique de "
            "base') et qui ne nomme que la colonne des prix ('TARIFS TTC 2026')",
            base(103),
            Layout(
                label_header="Pack numérique de base",
                price_headers={"TTC": "TARIFS TTC 2026"},
                unit_header="",
            ),
        ),
        Variation(
            "columns_domaine_prestation_detail",
            "colonnes 'Domaine | Prestation | Détail | Tarif TTC | Unité', le Domaine et la "
            "Prestation fusionnés sur leurs lignes, le Détail parfois vide",
            base(104, categories=domain_catalogue()),
            domain_layout,
        ),
        Variation(
            "word_columns_domaine_prestation_detail",
            "un export Word : 'Domaine | Prestation | Détail | Tarif TTC | Unité', cellules "
            "fusionnées verticalement",
            base(105, categories=domain_catalogue()),
            domain_layout,
            engine="word",
        ),
        Variation(
            "category_in_box_above_table",
            "chaque catégorie dans un tableau d'une seule cellule encadrée au-dessus de son "
            "tableau des services, les sous-rubriques en lignes du tableau",
            base(106),
            Layout(category_boxes=True),
        ),
        Variation(
            "unruled_wrapping_unit",
            "un tableau sans aucun filet dont l'unité d'une ligne tient sur deux lignes, "
            "suivie de plusieurs autres lignes",
            base(107, categories=wrapping),
            unruled,
        ),
        Variation(
            "word_unruled_wrapping_unit",
            "un export Word sans aucun filet, une unité sur deux lignes puis d'autres lignes",
            base(108, categories=wrapping),
            unruled,
            engine="word",
        ),
        Variation(
            "unit_in_price_cell",
            "pas de colonne d'unité : '16,80 € par compte et par an', '12 € / an' dans la "
            "cellule du prix",
            base(109, categories=unit_in_price_catalogue()),
            Layout(
                columns=("label", "price"),
                widths={"label": 0.5, "price": 0.5, "unit": 0.38},
                label_header="Prestation",
                price_headers={"TTC": "Tarif TTC"},
                tier_columns=("label", "price", "unit"),
            ),
        ),
        Variation(
            "price_matrix_members_others",
            "une matrice de prix : deux colonnes 'Communes membres | Autres collectivités' "
            "pour chaque service",
            base(
                110,
                categories=matrix_catalogue(),
                matrix_columns=("Communes membres", "Autres collectivités"),
            ),
            Layout(
                table_title="Tarifs annuels TTC",
                widths={"label": 0.36, "price": 0.34, "unit": 0.3},
                label_header="Prestation",
                unit_header="Unité",
            ),
        ),
        Variation(
            "titled_tables_strate_participation",
            "les deux tableaux avec une ligne de titre au-dessus de l'en-tête, celui des "
            "strates n'ayant que 'Strate | Participation annuelle'",
            base(112, tiers=TIERS_STRATE, tier_footnote=None),
            Layout(
                table_title="Services proposés par La Fibre Numérique 59-62",
                tier_title="Participation annuelle au titre de l'accompagnement du Centre de "
                "Gestion (par collectivité)",
                tier_columns=("label", "price"),
                tier_headers=("Strate", "Participation annuelle", ""),
            ),
        ),
        Variation(
            "continued_page_group_first_no_header",
            "un tableau qui continue sur la page suivante sans répéter l'en-tête, une "
            "sous-rubrique ('Antivirus') en première ligne de la nouvelle page",
            base(113, exposition=LONG_EXPOSITION[:4]),
            Layout(repeat_header=False, break_before_group="Antivirus"),
        ),
        Variation(
            "budget_table_beside_tariffs",
            "un tableau budgétaire 'Chapitre | Article | Libellé | Montant' avec sa ligne "
            "Total avant le tableau des tarifs : seuls les tarifs sont lus",
            base(
                114,
                budget=(BUDGET_2026,),
                budget_intro="Les crédits correspondants sont inscrits au budget primitif "
                "2026 du Centre de Gestion comme suit :",
            ),
            Layout(),
        ),
        Variation(
            "decision_modificative_budget_only",
            "une décision modificative qui n'a que des tableaux budgétaires : aucune ligne "
            "de tarif, aucune strate",
            decision_modificative,
            Layout(),
        ),
    ]


# --- fourth round: annexes laid out by another hand --------------------------------------


def _map_lines(cats: tuple[Category, ...], change) -> tuple[Category, ...]:
    """The catalogue with every line replaced by ``change(line)``."""
    return tuple(
        replace(
            c,
            groups=tuple(replace(g, lines=tuple(change(li) for li in g.lines)) for g in c.groups),
        )
        for c in cats
    )


def glued_ht_catalogue() -> tuple[Category, ...]:
    """Every price cell an HT amount glued to its sign and tax: '15,50€HT'."""

    def glued(line: Line) -> Line:
        return replace(line, written=f"{line.ht:.2f}".replace(".", ",") + "€HT")

    return _map_lines(catalogue(D("1.00")), glued)


def numbered_catalogue() -> tuple[Category, ...]:
    """Categories and services numbered as a list: '1. Présence en ligne', '1.1 …'."""
    return (
        Category(
            "1. Présence en ligne",
            (
                Group(
                    None,
                    (
                        Line("1.1 Boîte aux lettres 10 Go", PER_YEAR, ttc=D("19.80")),
                        Line("1.2 Nom de domaine", "Par nom de domaine et par an", ttc=D("15.60")),
                        Line(
                            "1.3 Hébergement de site internet",
                            "Par site et par an",
                            ttc=D("100.80"),
                        ),
                    ),
                ),
            ),
        ),
        Category(
            "2. Sécurité",
            (
                Group(
                    None,
                    (
                        Line("2.1 Sauvegarde 100 Go – mise en service", "Par compte", ttc=D("132")),
                        Line("2.2 Sauvegarde 100 Go – abonnement", PER_YEAR, ttc=D("474.00")),
                        Line("2.3 Antivirus", PER_SEAT, ttc=D("21.00")),
                        Line("2.4 Coffre-fort de mots de passe", PER_SEAT, ttc=D("42.00")),
                    ),
                ),
            ),
        ),
    )


def quantity_catalogue() -> tuple[Category, ...]:
    """A 'Quantité / Unité' column before the price: '1 compte / an', '10 Go / an'."""
    return (
        Category(
            "Présence en ligne",
            (
                Group(
                    "Messagerie",
                    (
                        Line("Boîte aux lettres 10 Go", "1 compte / an", ttc=D("16.80")),
                        Line("Boîte aux lettres illimitée", "1 compte / an", ttc=D("23.40")),
                    ),
                ),
                Group(
                    None,
                    (
                        Line("Nom de domaine", "1 domaine / an", ttc=D("13.20")),
                        Line("Stockage de messagerie supplémentaire", "10 Go / an", ttc=D("9.00")),
                    ),
                ),
            ),
        ),
        Category(
            "Sécurité",
            (
                Group("Antivirus", (Line("Licence", "1 poste / an", ttc=D("18.00")),)),
                Group(
                    "Sauvegarde",
                    (
                        Line("Mise en service", "1 compte", ttc=D("118.80")),
                        Line("Abonnement 100 Go", "1 compte / an", ttc=D("452.40")),
                    ),
                ),
            ),
        ),
    )


def noted_amounts_catalogue() -> tuple[Category, ...]:
    """Observations that carry amounts and percentages of their own."""
    return _with_lines(
        catalogue(D("3.50")),
        {
            "Boîtier NAS 4 disques": {"note": "Frais de livraison de 25,00 € en sus"},
            "Boîte aux lettres illimitée": {"note": "Remise de 10 % au-delà de 20 comptes"},
            "Go de stockage supplémentaire": {"note": "Dans la limite de 500 Go"},
            "Mise en service niveau 1": {"note": "Tarif inchangé depuis 2024"},
        },
    )


TIERS_ACROSS = (
    Tier("Moins de 500 hab.", 0, 499, D(55)),
    Tier("500 à 999 hab.", 500, 999, D(105)),
    Tier("1\u00a0000 à 1\u00a0999 hab.", 1000, 1999, D(155)),
    Tier("2\u00a0000 à 3\u00a0499 hab.", 2000, 3499, D(215)),
    Tier("3\u00a0500 hab. et plus", 3500, None, on_quote=True),
)
TIERS_DGF = (
    Tier("Communes de moins de 1 000 habitants", 0, 999, D(75)),
    Tier("Population DGF comprise entre 1 000 et 4 999 habitants", 1000, 4999, D(185)),
    Tier("Population DGF de 5 000 à 9 999 habitants", 5000, 9999, D(320)),
    Tier("Population DGF supérieure ou égale à 10 000 habitants", 10000, None, on_quote=True),
    Tier("Établissement public", None, None, on_quote=True, **PUBLIC),
)
LETTERHEAD = (
    "Centre de Gestion de la Fonction Publique Territoriale du Pas-de-Calais",
    "Maison des Communes – 62700 BRUAY-LA-BUISSIERE – Tél. 03 21 00 00 00",
    "Syndicat Mixte La Fibre Numérique 59-62",
)


def fourth_round_variations() -> list[Variation]:
    noted = {"label": 0.3, "price": 0.14, "unit": 0.26, "note": 0.3}
    tva = {"HT": "Tarif HT", "TVA": "TVA 20 %", "TTC": "Tarif TTC"}
    no_date_arrete = "ARRETE les tarifs présents dans l'annexe 2 de la convention tripartite ;"
    quantity = Layout(
        columns=("label", "unit", "price"),
        widths={"label": 0.5, "unit": 0.25, "price": 0.25},
        unit_header="Quantité / Unité",
        price_headers={"TTC": "Prix TTC"},
        tier_columns=("label", "price", "unit"),
    )
    applicable = Layout(
        annex=True,
        annex_letterhead=LETTERHEAD,
        annex_title="Annexe 2 – Tarifs applicables au 1er janvier 2027",
    )
    applicable_sitting = {
        "effective_date": dt.date(2027, 1, 1),
        "decision": no_date_arrete,
    }
    return [
        Variation(
            "landscape_two_blocks",
            "l'annexe sur une page paysage, le tableau des services coupé en deux blocs "
            "côte à côte (une catégorie par bloc, chacun avec son en-tête)",
            base(120),
            Layout(annex=True, landscape_annex=True, side_by_side=True),
        ),
        Variation(
            "ht_tva_ttc_columns",
            "trois colonnes de prix 'Tarif HT | TVA 20 % | Tarif TTC' : le montant est le TTC",
            base(121, price_columns=("HT", "TVA", "TTC")),
            Layout(price_headers=tva, widths={"label": 0.36, "price": 0.36, "unit": 0.28}),
        ),
        Variation(
            "word_ht_tva_ttc_columns",
            "un export Word : 'Tarif HT | TVA 20 % | Tarif TTC', le montant est le TTC",
            base(137, price_columns=("HT", "TVA", "TTC")),
            Layout(price_headers=tva, widths={"label": 0.36, "price": 0.36, "unit": 0.28}),
            engine="word",
        ),
        Variation(
            "ht_only_glued_euro_ht",
            "une seule colonne 'Tarif HT' dont les cellules collent le montant, l'euro et "
            "la taxe : '15,50€HT' ; base HT",
            base(122, price_columns=("HT",), categories=glued_ht_catalogue()),
            Layout(price_headers={"HT": "Tarif HT"}),
        ),
        Variation(
            "amount_euro_first_and_slashes",
            "des prix écrits '€ 14,40', '18,60 € / an / compte', '96.00 EUR', "
            "'10,80 € / an' à côté d'une colonne d'unité",
            base(
                123,
                categories=written_catalogue(
                    {
                        "Boîte aux lettres 10 Go": ("18,60 € / an / compte", D("18.60")),
                        "Nom de domaine": ("€ 14,40", D("14.40")),
                        "Hébergement de site internet": ("96.00 EUR", D("96.00")),
                        "Go de stockage supplémentaire": ("10,80 € / an", D("10.80")),
                    }
                ),
            ),
            Layout(),
        ),
        Variation(
            "quantity_unit_column_before_price",
            "une colonne 'Quantité / Unité' avant le prix : 'Licence | 1 poste / an | "
            "18,00 €', '10 Go / an' (l'unité de la ligne)",
            base(124, categories=quantity_catalogue()),
            quantity,
        ),
        Variation(
            "word_quantity_unit_column_before_price",
            "un export Word : 'Service | Quantité / Unité | Prix TTC', '1 compte / an'",
            base(138, categories=quantity_catalogue()),
            quantity,
            engine="word",
        ),
        Variation(
            "zebra_no_rules",
            "des tableaux sans aucun filet, une ligne sur deux grisée (zébrage), "
            "catégories en gras non grisées",
            base(125),
            Layout(rules="none", zebra=True, shaded_headings=False),
        ),
        Variation(
            "tiny_font_dense_rows",
            "un tableau de 60 lignes en corps 7 aux cellules presque sans marge",
            base(126, categories=long_catalogue()),
            Layout(font_size=7, cell_padding=0.5),
        ),
        Variation(
            "large_heading_rows",
            "des lignes de catégorie en corps 14 dans un tableau en corps 10",
            base(127),
            Layout(heading_size=14),
        ),
        Variation(
            "categories_as_bold_text",
            "le nom de chaque catégorie en ligne de texte gras entre des petits tableaux "
            "séparés (ni ligne de tableau, ni cadre)",
            base(128),
            Layout(category_paragraphs=True),
        ),
        Variation(
            "word_categories_as_bold_text",
            "un export Word : chaque catégorie en texte gras au-dessus de son petit tableau",
            base(129),
            Layout(category_paragraphs=True),
            engine="word",
        ),
        Variation(
            "numbered_service_labels",
            "catégories et services numérotés comme une liste ('1. Présence en ligne', "
            "'1.1 Boîte aux lettres 10 Go') : les libellés tels qu'imprimés, numéro compris",
            base(130, categories=numbered_catalogue()),
            Layout(),
        ),
        Variation(
            "observations_with_amounts",
            "une colonne 'Observations' dont certaines cellules portent des montants et des "
            "pourcentages ('Frais de livraison de 25,00 € en sus', 'Remise de 10 %')",
            base(131, categories=noted_amounts_catalogue()),
            Layout(columns=("label", "price", "unit", "note"), widths=noted),
        ),
        Variation(
            "tiers_as_columns",
            "les strates en colonnes : une ligne 'Participation annuelle par collectivité "
            "et par an' sous les en-têtes 'Moins de 500 hab. | 500 à 999 hab. | …'",
            base(
                132,
                tiers=tuple(replace(t, unit="Par collectivité et par an") for t in TIERS_ACROSS),
                tier_footnote=None,
            ),
            Layout(
                tiers_across="Participation annuelle par collectivité et par an",
                tier_headers=("Strate de population", "", ""),
            ),
        ),
        Variation(
            "tiers_population_dgf",
            "des strates 'Communes de moins de 1 000 habitants', 'Population DGF comprise "
            "entre 1 000 et 4 999 habitants', '… supérieure ou égale à 10 000 habitants'",
            base(133, tiers=TIERS_DGF, tier_footnote=None),
            Layout(tier_headers=("Population DGF", "Tarif", "Unité de facturation")),
        ),
        Variation(
            "annex_applicable_date_letterhead",
            "l'annexe sur une nouvelle page sous un en-tête de lettre répété (adresse, "
            "téléphone), titrée « Annexe 2 – Tarifs applicables au 1er janvier 2027 », "
            "seule mention de la date d'effet",
            base(134, sitting=sitting(134, **applicable_sitting)),
            applicable,
        ),
        Variation(
            "word_annex_applicable_date_letterhead",
            "un export Word : en-tête de lettre répété et « Annexe 2 – Tarifs applicables "
            "au 1er janvier 2027 » sur une nouvelle page",
            base(135, sitting=sitting(135, **applicable_sitting)),
            applicable,
            engine="word",
        ),
        Variation(
            "merged_quote_unruled",
            "un tableau sans filet où un seul 'Sur devis' fusionné couvre trois lignes, "
            "centré verticalement sur celle du milieu",
            base(136, categories=quoted_catalogue()),
            Layout(rules="none", shaded_headings=False),
        ),
    ]


# --- fifth round: tables in colour (scans of them: benchmarks/ocr_layouts.py) -----------

LIGHT_BLUE = (0.74, 0.84, 0.93)
"""Word's "Blue, Accent 1, Lighter 60 %" (#BDD7EE)."""
LIGHT_GREEN = (0.77, 0.88, 0.70)
"""Word's "Green, Accent 6, Lighter 60 %" (#C5E0B3)."""
LIGHT_ORANGE = (0.97, 0.80, 0.68)
"""Word's "Orange, Accent 2, Lighter 60 %" (#F8CBAD)."""
BLUE_RULE = (0.18, 0.46, 0.71)
"""Word's "Blue, Accent 1, Darker 25 %" (#2E75B6)."""
GREEN_RULE = (0.33, 0.51, 0.21)
"""Word's "Green, Accent 6, Darker 25 %" (#538135)."""
ORANGE_RULE = (0.77, 0.35, 0.07)
"""Word's "Orange, Accent 2, Darker 25 %" (#C55A11)."""
BLUE_HEADERS = Palette(header=LIGHT_BLUE, heading=LIGHT_GREEN, title=LIGHT_ORANGE, rule=BLUE_RULE)
GREEN_HEADERS = Palette(header=LIGHT_GREEN, heading=LIGHT_ORANGE, title=LIGHT_BLUE, rule=GREEN_RULE)
ORANGE_HEADERS = Palette(
    header=LIGHT_ORANGE, heading=LIGHT_BLUE, title=LIGHT_GREEN, rule=ORANGE_RULE
)


def unit_price_matrix_catalogue() -> tuple[Category, ...]:
    """Three small prices per service (members, EPCI, others): amounts of a few euros
    whose decimal comma a scan can lose ("2,10 €" read "210 €")."""

    def line(label: str, unit: str, *amounts: str) -> Line:
        return Line(label, unit, matrix=tuple(D(a) for a in amounts))

    return (
        Category(
            "Dématérialisation",
            (
                Group(
                    None,
                    (
                        line(
                            "Transmission d'un acte en préfecture",
                            "Par acte",
                            "1.43",
                            "2.10",
                            "3.50",
                        ),
                        line("Signature électronique", "Par signature", "0.90", "1.20", "1.85"),
                        line("Horodatage certifié", "Par jeton", "0.35", "0.48", "0.72"),
                    ),
                ),
            ),
        ),
        Category(
            "Téléphonie",
            (
                Group(
                    None,
                    (
                        line(
                            "Numéro direct supplémentaire",
                            "Par numéro et par mois",
                            "2.10",
                            "2.60",
                            "3.40",
                        ),
                        line("Appels vers les mobiles", "Par minute", "0.12", "0.15", "0.19"),
                        line("Standard vocal", "Par mois", "12.50", "15.00", "18.75"),
                    ),
                ),
            ),
        ),
    )


def coloured_variations() -> list[Variation]:
    """Coloured versions of ruled tables, price matrices and tiers as columns: header,
    category and title rows filled in light blue, green or orange, coloured rules."""
    matrix = Layout(
        table_title="Tarifs annuels TTC",
        widths={"label": 0.36, "price": 0.34, "unit": 0.3},
        label_header="Prestation",
        unit_header="Unité",
    )
    return [
        Variation(
            "coloured_grid_headings",
            "des tableaux quadrillés en bleu, l'en-tête sur fond bleu clair, les catégories "
            "sur fond vert clair",
            base(140),
            Layout(palette=BLUE_HEADERS),
        ),
        Variation(
            "coloured_price_matrix",
            "une matrice de prix en couleur 'Communes membres | Autres collectivités' : "
            "titre sur fond bleu clair, en-tête vert, catégories orange, filets verts",
            base(
                141,
                categories=matrix_catalogue(D("0.60")),
                matrix_columns=("Communes membres", "Autres collectivités"),
            ),
            replace(matrix, palette=GREEN_HEADERS),
        ),
        Variation(
            "coloured_matrix_small_amounts",
            "une matrice de prix unitaires en trois colonnes 'Communes membres | EPCI "
            "membres | Autres collectivités' (1,43 €, 2,10 €…), en-tête orange, filets orange",
            base(
                142,
                categories=unit_price_matrix_catalogue(),
                matrix_columns=("Communes membres", "EPCI membres", "Autres collectivités"),
            ),
            replace(
                matrix,
                table_title="Tarifs unitaires TTC",
                widths={"label": 0.34, "price": 0.42, "unit": 0.24},
                palette=ORANGE_HEADERS,
            ),
        ),
        Variation(
            "coloured_tiers_as_columns",
            "les strates en colonnes sur fond orange, filets orange : une ligne "
            "'Participation annuelle' sous 'Moins de 500 hab. | 500 à 999 hab. | …'",
            base(
                143,
                tiers=tuple(
                    replace(
                        t,
                        unit="Par collectivité et par an",
                        amount=None if t.amount is None else t.amount + 10,
                    )
                    for t in TIERS_ACROSS
                ),
                tier_footnote=None,
            ),
            Layout(
                tiers_across="Participation annuelle par collectivité et par an",
                tier_headers=("Strate de population", "", ""),
                palette=ORANGE_HEADERS,
            ),
        ),
    ]
