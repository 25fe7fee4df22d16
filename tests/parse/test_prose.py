"""Prices written in running text and in bullet lists (pipeline/parse/prose.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.models import Severity, TaxBasis
from pipeline.parse.layout import Line, group_lines
from pipeline.parse.prose import ProseResult, prices_from_text
from pipeline.read import read_document
from pipeline.read.document import Word
from tests.conftest import CORPUS

REAL = CORPUS / "real"


def lines(*texts: str, top: float = 100.0) -> list[Line]:
    """One line per text, 14 points apart, six points a character."""
    out = []
    for row, text in enumerate(texts):
        x, words = 60.0, []
        for token in text.split():
            y = top + 14 * row
            words.append(Word(token, x, y, x + 6 * len(token), y + 10, 10))
            x += 6 * len(token) + 3
        out.append(Line(tuple(words)))
    return out


def read(*texts: str, page: int = 4) -> ProseResult:
    return prices_from_text([(page, lines(*texts))])


def found(result: ProseResult) -> list[tuple[str, Decimal | None, str]]:
    return [(s.label, s.amount, s.unit) for s in result.services]


# --- Wordings that set a price ------------------------------------------------------


def test_a_tariff_set_per_meal_in_a_sentence() -> None:
    result = read("Le conseil municipal fixe le tarif à 3,40 € par repas.")
    assert found(result) == [("Repas", Decimal("3.40"), "par repas")]
    line = result.services[0]
    assert line.origin == "text" and line.page == 4
    assert line.amount_text == "3,40 €"
    assert line.tax_basis is TaxBasis.TTC


def test_the_label_comes_from_what_the_tariff_is_of() -> None:
    result = read("Le conseil fixe le tarif du repas de la cantine à 3,40 € par repas.")
    assert found(result) == [("Repas de la cantine", Decimal("3.40"), "par repas")]


def test_a_colon_earlier_in_the_sentence_is_not_a_label() -> None:
    result = read("Le conseil décide : il fixe le tarif à 3,40 € par repas.")
    assert found(result) == [("Repas", Decimal("3.40"), "par repas")]


def test_a_tax_per_stere_with_its_tax_basis() -> None:
    result = read("- Fixe la taxe d’affouage à 62 € TTC le stère, tarif unique en bord de chemin.")
    assert found(result) == [("Taxe d’affouage", Decimal("62.00"), "stère")]
    assert result.services[0].amount_text == "62 € TTC"


def test_a_price_before_tax_per_square_metre_and_year() -> None:
    result = read(
        "- fixe le tarif des locaux de stockage à 60 € HT/m²/an à compter du 1er janvier ;"
    )
    assert found(result) == [("Locaux de stockage", Decimal("60.00"), "m²/an")]
    assert result.services[0].tax_basis is TaxBasis.HT


def test_who_the_price_is_for_when_written_after_it() -> None:
    result = read("- fixe le tarif à 0,30 € HT/kwh pour les consommations électriques ;")
    assert found(result) == [("Consommations électriques", Decimal("0.30"), "kwh")]


def test_a_sentence_wrapped_over_two_lines_is_boxed_on_both() -> None:
    page = lines(
        "Après en avoir délibéré, le conseil municipal fixe le droit de place du marché hebdo",
        "à 1.500 € par an.",
    )
    result = prices_from_text([(2, page)])
    assert found(result) == [("Droit de place du marché hebdo", Decimal("1500.00"), "par an")]
    line = result.services[0]
    assert line.bbox == (60.0, 100.0, page[0].x1, 124.0)
    amount_words = [w for w in page[1].words if w.text in {"1.500", "€"}]
    assert line.amount_bbox == (amount_words[0].x0, 114.0, amount_words[1].x1, 124.0)


def test_a_bulleted_list_of_prices_after_its_lead_in() -> None:
    result = read(
        "Les tarifs de la cantine sont fixés comme suit :",
        "- Enfant : 2,50 €",
        "- repas adulte : 5,20 € ;",
    )
    assert found(result) == [
        ("Enfant", Decimal("2.50"), ""),
        ("Repas adulte", Decimal("5.20"), ""),
    ]


def test_a_list_item_takes_its_unit_from_the_lead_in() -> None:
    result = read(
        "Le conseil fixe comme suit le prix du m3 d’eau facturé aux abonnés :",
        "• Taxe sur la consommation d’eau potable : 0.40 € + 2.56 %",
        "• Prélèvement sur la ressource en eau : 0.08 € inchangé",
    )
    assert found(result) == [
        ("Taxe sur la consommation d’eau potable", Decimal("0.40"), "m3"),
        ("Prélèvement sur la ressource en eau", Decimal("0.08"), "m3"),
    ]


def test_a_list_item_reading_ceux_takes_the_noun_of_its_lead_in() -> None:
    result = read(
        "Il propose d’appliquer les tarifs suivants pour les enfants :",
        "- 3.40€ pour ceux qui déjeunent de manière régulière",
    )
    assert found(result) == [("Enfants qui déjeunent de manière régulière", Decimal("3.40"), "")]


def test_several_prices_in_one_sentence() -> None:
    result = read("Le tarif est fixé à 3,40 € pour les enfants et 5,20 € pour les adultes.")
    assert found(result) == [
        ("Enfants", Decimal("3.40"), ""),
        ("Adultes", Decimal("5.20"), ""),
    ]


def test_what_is_priced_and_for_whom_make_a_label_and_a_condition() -> None:
    result = read(
        "Le tarif général pour la restauration scolaire est de 3.38 € pour un enfant en "
        "maternelle et 3.69 € pour un enfant en élémentaire."
    )
    assert [(s.label, s.conditions, s.amount) for s in result.services] == [
        ("Restauration scolaire", ["Enfant en maternelle"], Decimal("3.38")),
        ("Restauration scolaire", ["Enfant en élémentaire"], Decimal("3.69")),
    ]
    assert "« Restauration scolaire — Enfant en maternelle » 3,38" in result.findings[0].message


def test_a_list_item_is_named_by_what_precedes_its_price() -> None:
    result = read(
        "Elle a mis en place des tarifs complémentaires :",
        "- Forfait 7 jours à 50€ : en vente uniquement à l’accueil du parking ;",
        "- PASS 1 mois à 150€ : sans engagement de durée.",
    )
    assert found(result) == [
        ("Forfait 7 jours", Decimal("50.00"), ""),
        ("PASS 1 mois", Decimal("150.00"), ""),
    ]


def test_a_worked_example_is_not_a_tariff() -> None:
    result = read(
        "Exemple de calcul : pour un revenu de 2 200 €, le tarif horaire est de 1.10 € (0.05% x "
        "2 200€)."
    )
    assert result.services == []


def test_an_amount_after_a_price_that_names_nothing_is_left_out() -> None:
    result = read("Le conseil fixe le tarif à 3,40 € par repas, soit 340 € pour cent repas.")
    assert found(result) == [("Repas", Decimal("3.40"), "par repas")]
    result = read("Le conseil fixe le tarif à 3,40 € par repas et 1,10 € (gouter).")
    assert found(result) == [("Repas", Decimal("3.40"), "par repas")]


def test_a_price_to_the_tenth_of_a_cent_is_rounded_and_said_so() -> None:
    result = read(
        "Le conseil fixe comme suit le prix du m3 :",
        "• Performance des réseaux d’eau potable : 0.052€ -21.21%",
    )
    assert found(result) == [("Performance des réseaux d’eau potable", Decimal("0.05"), "m3")]
    codes = [f.code for f in result.findings]
    assert codes == ["text.price_to_confirm", "text.price_rounded"]
    assert "« 0.052€ »" in result.findings[1].message


# --- Every line is to be confirmed ------------------------------------------------------


def test_each_price_comes_with_a_warning_to_confirm_it() -> None:
    result = read("Le conseil fixe le tarif du repas enfant à 3,40 € par repas.")
    [finding] = result.findings
    assert finding.severity is Severity.WARNING
    assert finding.code == "text.price_to_confirm"
    assert finding.message == (
        "Tarif lu dans le texte, à confirmer : « Repas enfant » 3,40\u00a0€ par repas (page 4)."
    )
    assert finding.page == 4 and finding.bbox == result.services[0].bbox


def test_the_pages_given_are_not_changed() -> None:
    page = lines("Le conseil fixe le tarif à 3,40 € par repas.")
    pages = [(1, page)]
    before = [(number, list(content)) for number, content in pages]
    prices_from_text(pages)
    assert [(number, list(content)) for number, content in pages] == before


def test_the_page_number_is_the_one_given() -> None:
    result = prices_from_text(
        [
            (1, lines("Ordre du jour.")),
            (7, lines("Le conseil fixe la redevance d’occupation à 12 € par jour.")),
        ]
    )
    assert [(s.page, s.label) for s in result.services] == [(7, "Redevance d’occupation")]


# --- Recalled prices are not the new tariff -------------------------------------------


def test_a_recalled_price_then_the_new_one() -> None:
    result = read(
        "Pour rappel, les tarifs actuels sont de 3,20 € par repas.",
        "Le conseil fixe le tarif à 3,40 € par repas.",
    )
    assert found(result) == [("Repas", Decimal("3.40"), "par repas")]


@pytest.mark.parametrize(
    "text",
    [
        "Les tarifs étaient de 3,20 € par repas.",
        "Le tarif appliqué jusqu’à présent est de 3,20 € par repas.",
        "Le tarif précédemment fixé était de 3,20 € par repas.",
        "Pour rappel, les tarifs actuels sont de 3,20 € pour les enfants et 5,10 € pour les "
        "adultes.",
    ],
)
def test_recalled_prices_alone_give_nothing(text: str) -> None:
    assert read(text).services == []


def test_from_old_to_new_keeps_the_new() -> None:
    result = read("Le tarif du repas passe de 3,20 € à 3,40 € à la rentrée.")
    assert found(result) == [("Repas", Decimal("3.40"), "")]


def test_instead_of_keeps_the_new() -> None:
    result = read("Le prix du repas est porté à 3,40 € au lieu de 3,20 €.")
    assert [s.amount for s in result.services] == [Decimal("3.40")]


def test_a_list_recalled_then_a_list_proposed() -> None:
    result = read(
        "Monsieur le Maire rappelle les tarifs de la cantine en 2019/2020",
        "- 3.30€ pour les enfants qui déjeunent de manière régulière",
        "- 5.70 € pour les repas des adultes",
        "Il indique que le prix de revient est à l’étude.",
        "1) Il propose d’appliquer les tarifs suivants pour les enfants :",
        "- 3.40€ pour les enfants qui déjeunent de manière régulière",
    )
    assert found(result) == [("Enfants qui déjeunent de manière régulière", Decimal("3.40"), "")]


def test_a_recital_restated_by_the_decision_is_kept_once() -> None:
    result = read(
        "Considérant qu’il est proposé de fixer le prix à 60 € HT/m²/an pour les locaux ;",
        "Le Conseil communautaire, après en avoir délibéré à l’unanimité :",
        "- fixe le tarif des locaux à 60 € HT/m²/an à compter du 1er janvier 2022 ;",
    )
    assert [(s.label, s.bbox[1]) for s in result.services] == [("Locaux", 128.0)]


def test_a_recital_whose_unit_a_scan_misread_is_still_the_decision_s_price() -> None:
    """Roannais's minutes scanned at 150 dpi: « HT/m²/an » read « HT/m?/an » in the recital
    and « HT/m’/an » in the decision; the recital was kept as a second price."""
    result = read(
        "Considérant qu’il est proposé de fixer le prix à 60 € HT/m?/an pour les locaux ;",
        "Le Conseil communautaire, après en avoir délibéré à l’unanimité :",
        "- fixe le tarif des locaux à 60 € HT/m’/an à compter du 1er janvier 2022 ;",
    )
    assert [s.label for s in result.services] == ["Locaux"]


def test_a_recital_for_another_unit_is_not_the_decision_s_price() -> None:
    result = read(
        "Considérant qu’il est proposé de fixer le prix à 60 € HT par jour pour les salles ;",
        "Le Conseil communautaire, après en avoir délibéré à l’unanimité :",
        "- fixe le tarif des locaux à 60 € HT/m²/an à compter du 1er janvier 2022 ;",
    )
    assert len(result.services) == 2


def test_a_cited_deliberation_is_not_read() -> None:
    assert read("Vu la délibération du 3 mars fixant le tarif à 3,20 € par repas ;").services == []


# --- Amounts that are not prices ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le conseil fixe le montant total de la subvention à 1 500 €.",
        "Le conseil vote des crédits de 38 500 € pour fixer les tarifs.",
        "Il attribue une subvention de 1 500 € au titre de la participation des familles.",
        "Impayés sur les redevances d’assainissement pour un montant total de 25 627,21 € HT.",
        "Les dépenses liées à la redevance s’élèvent à 4 000 €.",
        "Le conseil fixe la rémunération de l’agent à 1 800 € par mois.",
        "Le virement au chapitre 011 article 6231 fixe à 200 € la dotation.",
        "Le tarif augmente de 2,56 % ; la taxe d’aménagement est inscrite (15 k€).",
        "Le prix de vente est fixé à 55,00 € net/m², soit 84 700,00 € au total.",
        "Le conseil fixe le tarif à compter du 1er janvier 2026.",
        "L’association sollicite une aide de 2500€ pour ses activités.",
        "Il indique qu’un bail est en cours d’un loyer annuel de 1680 euros H.T.",
    ],
)
def test_amounts_that_are_not_prices(text: str) -> None:
    assert read(text).services == []


def test_budget_transfers_in_a_list_are_not_prices() -> None:
    result = read(
        "Le Maire a procédé aux virements de crédits suivants :",
        "- Décision modificative 1 :",
        "• dépenses fonctionnement chapitre 011 article 6061 : - 100€",
        "• dépenses fonctionnement chapitre 67 article 673 : +100€",
    )
    assert result.services == [] and result.findings == []


def test_a_list_without_a_price_cue_gives_nothing() -> None:
    result = read(
        "Les calculs effectués s’établissent comme suit :",
        "Artères en aérien : 55.44 € du km linéaire",
    )
    assert result.services == []


def test_a_signed_amount_is_a_change_not_a_price() -> None:
    result = read(
        "Les tarifs sont fixés comme suit :",
        "• Enfant : +0,10 €",
        "• Adulte : 5,20 €",
    )
    assert found(result) == [("Adulte", Decimal("5.20"), "")]


# --- The real deliberations (whole documents, all pages) ----------------------------------


def _real(name: str) -> ProseResult:
    document = read_document(REAL / name)
    return prices_from_text([(page.number, group_lines(page.words)) for page in document.pages])


def _rows(result: ProseResult) -> list[tuple[int, str, Decimal | None, str, TaxBasis]]:
    return [(s.page, s.label, s.amount, s.unit, s.tax_basis) for s in result.services]


@pytest.fixture(scope="module")
def friesen() -> ProseResult:
    return _real("friesen_2025-12-09_pv.pdf")


@pytest.fixture(scope="module")
def preuilly() -> ProseResult:
    return _real("preuilly_2020-07-23_pv.pdf")


@pytest.fixture(scope="module")
def roannais() -> ProseResult:
    return _real("roannais_2021-10-28_pv.pdf")


def test_friesen_water_charges_and_the_stere_price(friesen: ProseResult) -> None:
    assert _rows(friesen) == [
        (
            3,
            "Taxe sur la consommation d’eau potable (Rhin-Meuse)",
            Decimal("0.40"),
            "m3",
            TaxBasis.TTC,
        ),
        (
            3,
            "Prélèvement sur la ressource en Eau (Rhin-Meuse)",
            Decimal("0.08"),
            "m3",
            TaxBasis.TTC,
        ),
        (
            3,
            "Performance des réseaux d’eau potable (Rhin-Meuse)",
            Decimal("0.05"),
            "m3",
            TaxBasis.TTC,
        ),
        (3, "Taxe d’affouage", Decimal("62.00"), "stère", TaxBasis.TTC),
    ]


def test_friesen_budget_transfers_are_not_read(friesen: ProseResult) -> None:
    amounts = {s.amount for s in friesen.services}
    assert not amounts & {Decimal(v) for v in ("100", "550", "341", "48.80", "536")}


def test_preuilly_only_the_new_canteen_prices(preuilly: ProseResult) -> None:
    assert _rows(preuilly) == [
        (4, "Enfants qui déjeunent de manière régulière", Decimal("3.40"), "", TaxBasis.TTC),
        (
            4,
            "Enfants qui prennent leur repas occasionnellement",
            Decimal("3.50"),
            "",
            TaxBasis.TTC,
        ),
        (4, "Repas adultes", Decimal("5.80"), "", TaxBasis.TTC),
    ]
    assert [s.amount_text for s in preuilly.services] == ["3.40€", "3.50€", "5.80€"]
    assert all(s.origin == "text" for s in preuilly.services)


def test_preuilly_recalled_prices_are_not_read(preuilly: ProseResult) -> None:
    amounts = [s.amount for s in preuilly.services]
    assert Decimal("3.30") not in amounts and Decimal("5.70") not in amounts


def test_roannais_the_two_tariffs_and_no_budget_amount(roannais: ProseResult) -> None:
    assert _rows(roannais) == [
        (
            39,
            "Locaux à usage de stockage du centre des entreprises",
            Decimal("60.00"),
            "m²/an",
            TaxBasis.HT,
        ),
        (
            39,
            "Consommations électriques des entreprises liées par une convention ou un bail au "
            "Numériparc en cas d’usage des prises extérieures",
            Decimal("0.30"),
            "kwh",
            TaxBasis.HT,
        ),
    ]


def test_roannais_findings_point_at_the_decision_lines(roannais: ProseResult) -> None:
    assert [(f.code, f.page) for f in roannais.findings] == [
        ("text.price_to_confirm", 39),
        ("text.price_to_confirm", 39),
    ]
    first = roannais.services[0]
    assert first.amount_text == "60 € HT"
    assert first.amount_bbox is not None and first.bbox is not None
    assert first.bbox[1] <= first.amount_bbox[1] and first.amount_bbox[3] <= first.bbox[3]
