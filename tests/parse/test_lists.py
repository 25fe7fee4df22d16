from decimal import Decimal

from pipeline.models import TierKind
from pipeline.parse.layout import Line
from pipeline.parse.lists import tiers_from_text
from pipeline.read.document import Word


def lines(*texts: str) -> list[Line]:
    out = []
    for row, text in enumerate(texts):
        x, words = 60.0, []
        for token in text.split():
            words.append(Word(token, x, 100 + 14 * row, x + 6 * len(token), 110 + 14 * row, 10))
            x += 6 * len(token) + 3
        out.append(Line(tuple(words)))
    return out


def test_a_bulleted_list_of_tiers_with_a_wrapped_item() -> None:
    page = lines(
        "La participation annuelle est fixée comme suit :",
        "- Moins de 500 habitants : 50 € par collectivité et par an ;",
        "- De 500 à 1 999 habitants : 120,00 € par collectivité",
        "et par an ;",
        "- 2 000 habitants et plus : Sur devis ;",
        "- Établissement public : Sur devis.",
        "Le Président propose :",
        "- d'arrêter les tarifs ;",
    )
    tiers = tiers_from_text({3: page})
    assert [(t.min_population, t.max_population) for t in tiers] == [
        (0, 499),
        (500, 1999),
        (2000, None),
        (None, None),
    ]
    assert tiers[1].amount == Decimal("120.00")
    assert tiers[1].unit == "par collectivité et par an"
    assert tiers[2].on_quote and tiers[3].kind is TierKind.PUBLIC_ESTABLISHMENT
    assert all(t.page == 3 for t in tiers)


def test_a_list_that_is_not_tiers_gives_none() -> None:
    page = lines("- d'arrêter les nouveaux tarifs ;", "- de l'autoriser à signer : oui ;")
    assert tiers_from_text({1: page}) == []
