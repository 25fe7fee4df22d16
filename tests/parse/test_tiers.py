import pytest

from pipeline.models import TierKind
from pipeline.parse.tiers import looks_like_tier, parse_tier


@pytest.mark.parametrize(
    ("label", "previous_max", "bounds"),
    [
        ("Moins de 500 habitants", None, (0, 499)),
        ("Moins de 1 000 habitants", 499, (500, 999)),
        ("Moins de 1\u202f000 habitants", 499, (500, 999)),
        ("De 500 à 999 habitants", 499, (500, 999)),
        ("De 3 500 à 4 999 habitants", 3499, (3500, 4999)),
        ("Entre 1 000 et 1 999 habitants", 999, (1000, 1999)),
        ("De 2 000 à moins de 5 000 habitants", 1999, (2000, 4999)),
        ("Plus de 3 500 habitants", 3499, (3501, None)),
        ("Au-delà de 10 000 habitants", 9999, (10001, None)),
        ("5 000 habitants et plus", 4999, (5000, None)),
        ("3 500 habitants et plus", 3499, (3500, None)),
        ("À partir de 5 000 habitants", 4999, (5000, None)),
        ("A partir de 5000 hab.", 4999, (5000, None)),
        ("Jusqu'à 499 habitants", None, (0, 499)),
        ("Communes de moins de 500 habitants", None, (0, 499)),
        # a scan's speck read as a dot glued between the word and the number
        ("Moins de.1 000 habitants", 499, (500, 999)),
        ("De 1.000 à 1.999 habitants", 999, (1000, 1999)),
    ],
)
def test_population_bounds_are_inclusive(label, previous_max, bounds) -> None:
    tier = parse_tier(label, previous_max)
    assert tier is not None
    assert tier.kind is TierKind.COLLECTIVITY
    assert (tier.min_population, tier.max_population) == bounds


@pytest.mark.parametrize("label", ["Établissement public", "Etablissements publics", "CCAS"])
def test_public_establishments_are_a_kind(label: str) -> None:
    tier = parse_tier(label, 3499)
    assert tier is not None
    assert tier.kind is TierKind.PUBLIC_ESTABLISHMENT
    assert tier.min_population is None and tier.max_population is None


def test_other_structures() -> None:
    tier = parse_tier("Autres structures", None)
    assert tier is not None and tier.kind is TierKind.OTHER


@pytest.mark.parametrize(
    "label", ["Messagerie compte 5 Go", "Licence", "NAS 2 disques", "Abonnement niveau 3"]
)
def test_service_labels_are_not_tiers(label: str) -> None:
    assert not looks_like_tier(label)
    assert parse_tier(label, None) is None


@pytest.mark.parametrize("label", ["Moins de 0 habitants", "De 0 à moins de 0 habitants"])
def test_a_tier_ending_below_zero_is_no_tier(label: str) -> None:
    """A 150 dpi scan read « Moins de 500 habitants » as « Moins de 0 habitants »: its
    upper bound, -1, stopped the whole extraction with a validation error."""
    assert parse_tier(label, None) is None


@pytest.mark.parametrize("label", ["000 à 1 999 hab.", "De 0 500 à 999 habitants", "Plus de 0499"])
def test_a_population_with_a_leading_zero_is_no_tier(label: str) -> None:
    """A 150 dpi scan of a coloured heading read « 1 000 à 1 999 hab. » as « 000 à 1 999
    hab. »: taken as starting at 0, the tier overlapped all those before it."""
    assert parse_tier(label, None) is None


def test_zero_alone_is_a_population() -> None:
    assert parse_tier("De 0 à 499 habitants", None).min_population == 0
